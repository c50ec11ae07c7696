#!/bin/sh
# gradcheck.sh - the installed gradcheck program on actdemo's plugin, in
# TAP: one line per activation and precision; the wrong gradient is an
# expected failure (XFAIL), so a new failure of the other is a FAIL.
exec "${GRADCHECK:-gradcheck}" check --plugin "${ACTDEMO_PLUGIN:?}" \
    --precision float32,float64 --points 5000 --timeout 60 \
    --format tap --xfail bad_softsign
