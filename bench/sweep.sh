#!/bin/sh
# bench/sweep.sh - throughput of exhaustive float32 sweeps.
#
# For each activation, an exhaustive float32 sweep runs for SECONDS and is
# then interrupted (SIGINT: the report is still written, marked partial);
# the points it covered over the wall time it took give points per second
# and the projected time of the whole 2^32 sweep.  Prints a Markdown table.
# usage: bench/sweep.sh [SECONDS] [NAME...]   (default 30 s; relu square gelu mish)
set -u
G=${GRADCHECK:-./src/gradcheck}
secs=${1:-30}
[ $# -gt 0 ] && shift
names=${*:-relu square gelu mish}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total=4278190082   # every float32 value but the NaNs, plus one NaN

echo "| activation | points swept | seconds | points/s | projected full sweep | target |"
echo "|---|---|---|---|---|---|"
for n in $names; do
    case $n in relu|square) target="30 s" ;; gelu|mish) target="120 s" ;; *) target="-" ;; esac
    start=$(date +%s.%N)
    timeout -s INT "$secs" "$G" check "$n" --exhaustive --precision float32 \
        --format json -o "$tmp/$n.json" >/dev/null 2>&1
    end=$(date +%s.%N)
    pts=$(sed -n 's/^ *"points": \([0-9]*\),$/\1/p' "$tmp/$n.json" | head -n 1)
    awk -v n="$n" -v p="$pts" -v t0="$start" -v t1="$end" -v tot="$total" -v tg="$target" 'BEGIN {
        el = t1 - t0; r = p / el; full = tot / r;
        printf "| %s | %d | %.1f | %.3g | %.0f s (%.1f min) | %s |\n", n, p, el, r, full, full / 60, tg }'
done
