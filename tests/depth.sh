#!/bin/sh
# depth.sh - gradcheck depth on the command line: the seed story's numbers
# (square under LeCun: q = 3, 27, 2187; float16 overflows at layer 4,
# bfloat16 and float32 at 7, float64 at 10; the unstable fixed point 1/3),
# relu's marginal He regime, JSON that carries the same numbers, the
# simulation agreeing with the prediction, -o, and bad input (one line,
# exit 2, nothing written).  Speaks TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
ERR_PREFIX="depth: "

ok "depth square under LeCun exits 0" run 0 depth square --sigma-w 1 --layers 12
ok "...overflow layers 4 / 7 / 7 / 10" grep -q '^  overflow layer:   float16 4 bfloat16 7 float32 7 float64 10$' "$tmp/out"
ok "...the unstable fixed point 1/3" grep -q 'q\* = 0.33333333333333337 (unstable, slope 2' "$tmp/out"
ok "...q = 3, 27, 2187 in layers 1 to 3" sh -c \
    "grep -q '^      1                3 ' '$tmp/out' && grep -q '^      2               27 ' '$tmp/out' && grep -q '^      3             2187 ' '$tmp/out'"
ok "...regime double-exponential growth" grep -q 'regime: double-exponential growth; gradients exploding' "$tmp/out"

ok "depth relu under He exits 0" run 0 depth relu --sigma-w 1.4142135623730951 --layers 12
ok "...every q is a fixed point, gradients preserved" sh -c \
    "grep -q 'fixed points: every q' '$tmp/out' && grep -q 'regime: marginal; gradients preserved' '$tmp/out'"
ok "...and nothing overflows" grep -q '^  overflow layer:   float16 - bfloat16 - float32 - float64 -$' "$tmp/out"

ok "without --sigma-w both LeCun and He are reported" run 0 depth relu --layers 5
ok "...two entries" sh -c "[ \$(grep -c '^relu  sigma_w' '$tmp/out') -eq 2 ] && grep -q '(LeCun)' '$tmp/out' && grep -q '(He)' '$tmp/out'"

ok "--format json -o FILE exits 0" run 0 depth square --sigma-w 1 --layers 12 --format json -o "$tmp/d.json"
ok "...nothing on standard output" test ! -s "$tmp/out"
if command -v python3 >/dev/null 2>&1; then
    ok "...the JSON carries the overflow layers and fixed points" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["depth"][0]
assert d["activation"] == "square"
assert d["overflow_layer"] == {"float16": 4, "bfloat16": 7, "float32": 7, "float64": 10}, d["overflow_layer"]
fp = [p for p in d["fixed_points"] if not p["stable"]]
assert len(fp) == 1 and abs(fp[0]["q"] - 1/3) < 1e-15, fp
' "$tmp/d.json"
else
    skip "...the JSON carries the overflow layers and fixed points" "python3 not installed"
fi

ok "--simulate agrees: float32 forward inf at layer 7, float16 at 4" \
    run 0 depth square --sigma-w 1 --layers 12 --simulate --width 64
ok "...as printed" grep -q 'first inf/NaN float32 forward 7 .*float16 forward 4 ' "$tmp/out"

ok "an unknown activation exits 2" run 2 depth nosuch -o "$tmp/bad.txt"
ok "...one line naming it" one_line_err "unknown activation 'nosuch'"
ok "...and writes nothing" test ! -e "$tmp/bad.txt"
ok "--sigma-w 0 exits 2" run 2 depth square --sigma-w 0
ok "...one line naming the option" one_line_err "--sigma-w: expected a number"
ok "--layers 10001 exits 2" run 2 depth square --layers 10001
ok "...one line naming the option" one_line_err "--layers: expected an integer from 1 to 10000"
ok "--format xml exits 2" run 2 depth square --format xml
ok "no operand exits 2" run 2 depth
tap_done
