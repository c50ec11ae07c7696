#!/bin/sh
# exports.sh - libgradcheck.so exports exactly what include/gradcheck.h
# declares (src/lib/exports.pl reads the declarations), nothing internal;
# every declared function is defined.  Speaks TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
S=${GC_SRCDIR:-.}
B=${GC_BUILDDIR:-.}
so=$B/.libs/libgradcheck.so
if [ -f "$so" ] && command -v nm >/dev/null 2>&1 && command -v perl >/dev/null 2>&1; then
    perl "$S/src/lib/exports.pl" "$S/include/gradcheck.h" >"$tmp/declared"
    nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort >"$tmp/exported"
    ok "the header declares the run API" grep -qx gc_run_check "$tmp/declared"
    ok "nm -D lists exactly the declared names" sh -c \
        "diff '$tmp/declared' '$tmp/exported' | sed 's/^/# /'; cmp -s '$tmp/declared' '$tmp/exported'"
    ok "no internal symbol (gc_check_run) is exported" sh -c "! grep -qx gc_check_run '$tmp/exported'"
    ok "gc_plugin_activations is for plugins to define, not exported" \
        sh -c "! grep -qx gc_plugin_activations '$tmp/exported'"
else
    skip "exported symbols" "no shared libgradcheck.so, nm or perl"
fi
tap_done
