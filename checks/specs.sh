#!/bin/sh
# specs.sh - .act specs: every spec in checks/specs passes; the seed's
# square as a spec gives the built-in's findings; malformed specs each get
# exit 2 and one line naming file:line:col, and never crash.  TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
ERR_PREFIX="check: "
S=${GC_SRCDIR:-.}/checks/specs

for f in "$S"/*.act; do
    ok "spec $(basename "$f") passes in float32 and float64" run 0 check --spec "$f" --points 4000
done
ok "a spec without df prints its symbolic derivative" \
    sh -c "'$G' check --spec '$S/elu_symbolic.act' --points 500 | grep -q 'checking the symbolic derivative df = where(x > 0, 1, exp(x))'"

# The seed's square: the spec's regions are the built-in's, exactly.
"$G" check square --precision float16,bfloat16,float32,float64 --points 3000 \
    | grep -E '^    overflow' >"$tmp/builtin"
"$G" check --spec "$S/square.act" --precision float16,bfloat16,float32,float64 --points 3000 \
    | grep -E '^    overflow' >"$tmp/spec"
ok "square.act has the built-in square's overflow regions" cmp -s "$tmp/builtin" "$tmp/spec"
ok "...which include the exact float32 edge 2^64" grep -q '1.84467441e+19 (0x1p+64)' "$tmp/spec"

bad() {   # bad NAME EXPECTED-WHERE-AND-MESSAGE (regex); the spec is $tmp/NAME.act
    ok "malformed spec ($1) exits 2" run 2 check --spec "$tmp/$1.act"
    ok "malformed spec ($1): one line with file:line:col" one_line_err ".*$1.act:$2"
}
printf 'name = p\nf = (x + 1\n' >"$tmp/paren.act"; bad paren "2:11: expected ')' to close '(' at 2:5"
printf 'name = p\nf = foo(x)\n' >"$tmp/func.act"; bad func "2:5: unknown function 'foo'"
printf 'name = p\ncolour = red\nf = x\n' >"$tmp/key.act"; bad key "2:1: unknown key 'colour'"
printf 'name = p\ndf = 1\n' >"$tmp/nof.act"; bad nof "[0-9]*:1: missing key 'f'"
printf 'f = 1e + x\n' >"$tmp/exp.act"; bad exp "1:5: malformed number '1e'"
printf '' >"$tmp/empty.act"; bad empty "1:1: empty spec"
printf 'f = x\001\000\377\376garbage\n' >"$tmp/binary.act"; bad binary "1:[0-9]*: NUL byte"
printf 'f = x\nf = x^2\n' >"$tmp/dup.act"; bad dup "2:1: duplicate key 'f'"
printf 'f = x\nkinks = 1, 0\n' >"$tmp/kinks.act"; bad kinks "2:[0-9]*: kinks must be strictly ascending"
printf 'name = Bad\nf = x\n' >"$tmp/name.act"; bad name "1:8: expected a name"
awk 'BEGIN { printf "f = "; for (i = 0; i < 100000; i++) printf "("; printf "x"; for (i = 0; i < 100000; i++) printf ")"; print "" }' >"$tmp/nested.act"
bad nested "1:[0-9]*: "
awk 'BEGIN { printf "f = x"; for (i = 0; i < 200000; i++) printf " + x"; print "" }' >"$tmp/huge.act"
bad huge "1:[0-9]*: expression longer than"
ok "a missing spec file exits 2" run 2 check --spec "$tmp/none.act"
ok "...with one line" one_line_err ".*none.act: cannot read"
ok "inline --f/--df works" run 0 check --f 'x^2' --df '2*x' --name sq --points 500
ok "inline error names the option and column" run 2 check --f 'x^' --points 500
ok "...in one line" one_line_err "--f:1:3: "
ok "derive prints the derivative" sh -c "[ \"\$('$G' derive 'x^2')\" = '2*x' ]"
ok "derive of a malformed expression exits 2" sh -c "'$G' derive 'sin(' 2>/dev/null; [ \$? -eq 2 ]"

tap_done
