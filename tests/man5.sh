#!/bin/sh
# man5.sh - doc/gradcheck.5 is written by hand, so this checks that it
# keeps up with the code: every key of the .act reader (src/lib/spec.c),
# every function, constant and operator of the expression language
# (src/lib/expr.c) and its limits (src/lib/expr.h, src/lib/spec.h), every
# field of struct gc_activation and the ABI version (include/gradcheck.h)
# are in the page, and man renders it without warnings.  Keys, functions,
# constants and fields must each be documented as an item of their own: the
# tag of a .TP paragraph.  Speaks TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
set -f      # the operators * and ^ are words below, not patterns
S=${GC_SRCDIR:-.}
page=$S/doc/gradcheck.5

ok "doc/gradcheck.5 exists" test -f "$page"
[ -f "$page" ] || { tap_done; exit; }
ok "it is a section 5 man page (.TH)" grep -q '^\.TH GRADCHECK 5 ' "$page"

# The page as text: roff's escapes for - ^ ' \ go, and so do font changes.
sed -e 's/\\-/-/g' -e 's/\\(ha/^/g' -e 's/\\(aq/'"'"'/g' -e 's/\\f[BIRP]//g' \
    -e 's/\\e/\\/g' -e 's/\\&//g' "$page" >"$tmp/page.txt"
tr '\n' ' ' <"$tmp/page.txt" >"$tmp/page.flat"    # phrases broken over lines
# The tags of the .TP items: the line after each .TP, without its macro and
# quotes; then every name that starts the tag or follows a ", " in it
# ("sin(a), cos(a)" documents sin and cos).
awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' "$tmp/page.txt" \
    | sed -e 's/^\.[A-Z][A-Z]* *//' -e 's/"//g' \
    | tr ',' '\n' | sed -e 's/^ *//' -e 's/[^a-z0-9_].*//' | grep . | sort -u >"$tmp/tags"
ok "the page has tagged items" test -s "$tmp/tags"
tagged() { grep -qx -- "$1" "$tmp/tags" || { echo "# '$1' is not the tag of a .TP item"; return 1; }; }
in_text() { grep -qF -- "$1" "$tmp/page.flat" || { echo "# '$1' is not in the page"; return 1; }; }

# .act keys: the key_names table of spec.c.
keys=$(sed -n 's/.*key_names\[N_KEYS\] = {\(.*\)};.*/\1/p' "$S/src/lib/spec.c" | tr ',' '\n' | tr -d '" ')
ok "spec.c: the key table was found" test -n "$keys"
for k in $keys; do ok ".act key '$k' is documented" tagged "$k"; done

# Expression functions: the functions[] table of expr.c.
fns=$(sed -n '/^static const struct { const char \*name; enum op op; } functions\[\] = {/,/^};/p' \
          "$S/src/lib/expr.c" | grep -o '{"[a-z0-9_]*", OP_' | sed 's/{"\([a-z0-9_]*\)".*/\1/')
ok "expr.c: the function table was found" test "$(echo "$fns" | wc -w)" -gt 10
for f in $fns; do ok "function '$f' is documented" tagged "$f"; done

# Constants: cname_text[] of expr.c, and the variable x.
consts=$(sed -n 's/.*cname_text\[\] = {NULL, \(.*\)};.*/\1/p' "$S/src/lib/expr.c" | tr ',' '\n' | tr -d '" ')
ok "expr.c: the constant table was found" test -n "$consts"
for c in $consts x; do ok "constant '$c' is documented" tagged "$c"; done

# Operators: the punct[] table of the lexer.
opers=$(sed -n '/static const struct { char text\[3\]; enum tok kind; } punct\[\] = {/,/};/p' \
            "$S/src/lib/expr.c" | grep -o '{"[^"]*", T_' | sed 's/{"\([^"]*\)".*/\1/')
ok "expr.c: the operator table was found" test "$(echo "$opers" | wc -w)" -gt 10
for o in $opers; do ok "operator '$o' is in the page" in_text "$o"; done

# Limits, from the headers, as the page writes them (plain decimal).
limit() { sed -n "s/^#define $1 \(.*\)/\1/p" "$2"; }
for m in GC_EXPR_MAX_LEN GC_EXPR_MAX_DEPTH GC_EXPR_MAX_NODES GC_EXPR_MAX_TREE_DEPTH; do
    v=$(limit "$m" "$S/src/lib/expr.h")
    ok "expr.h: $m = $v is in the page" in_text " $v "
done
for m in GC_SPEC_MAX GC_SPEC_MAX_BYTES; do
    v=$(($(limit "$m" "$S/src/lib/spec.h")))
    ok "spec.h: $m = $v is in the page" in_text " $v "
done

# struct gc_activation: its fields (comments dropped, one declaration per
# ';', the name inside "(*name)" or the last word).
fields=$(sed -n '/^struct gc_activation {/,/^};/p' "$S/include/gradcheck.h" | tr '\n' ' ' \
             | sed -e 's,/\*\([^*]\|\*[^/]\)*\*/,,g' -e 's/^struct gc_activation {//' -e 's/}.*//' \
             | tr ';' '\n' | sed -e 's/.*(\*\([a-z0-9_]*\)).*/\1/' -e 's/.*[ *]\([a-z0-9_]*\) *$/\1/' | grep .)
ok "gradcheck.h: struct gc_activation has fields" test "$(echo "$fields" | wc -w)" -ge 9
for f in $fields; do
    ok "field '$f' is documented" tagged "$f"
    ok "field '$f' is in the page's struct" grep -q "[ *(]$f[);]" "$tmp/page.txt"
done

# The ABI version: every "ABI version N" of the page is GC_ABI_VERSION.
abi=$(limit GC_ABI_VERSION "$S/include/gradcheck.h")
ok "gradcheck.h: GC_ABI_VERSION = $abi" test -n "$abi"
grep -o 'ABI version [0-9][0-9]*' "$tmp/page.flat" | sort -u >"$tmp/abi"
ok "the page states ABI version $abi, and no other" test "$(cat "$tmp/abi")" = "ABI version $abi"
ok "the page names gc_plugin_activations" in_text gc_plugin_activations
ok "the page names GC_ABI_VERSION" in_text GC_ABI_VERSION

# The example the page quotes is the file in checks/specs.
sed -n '/^\.\\" example: square.act/,/^\.fi$/p' "$tmp/page.txt" | sed -n '/^\.nf$/,/^\.fi$/p' | sed '1d;$d' >"$tmp/square"
ok "EXAMPLES quotes checks/specs/square.act as it is" cmp -s "$tmp/square" "$S/checks/specs/square.act"
ok "SEE ALSO gradcheck(1)" grep -q '^\.BR gradcheck (1)' "$page"

if command -v man >/dev/null 2>&1 && man -l "$page" >/dev/null 2>&1; then
    ok "man renders it without warnings" sh -c \
        "MANWIDTH=80 man --warnings -l '$page' 2>&1 >/dev/null | grep -v '^\$' | (! grep .)"
fi
tap_done
