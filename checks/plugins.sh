#!/bin/sh
# plugins.sh - C plugins: the example passes; the mutant plugin (wrong
# activations wrapping the built-ins) fails with exit 1; bad plugins are
# refused with one line and exit 2; crashing and hanging activations are
# reported with exit 3, their signal and x, while the others are still
# checked; so are plugins that crash or hang while loading, with one line
# naming the plugin, the phase and the signal or the timeout.  TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
B=${GC_BUILDDIR:-.}

ex=$B/checks/plugins/.libs/example.so
ok "the example plugin passes" run 0 check --plugin "$ex" --points 2000
ok "both example activations were checked" \
    sh -c "grep -q '^plugin_square ' '$tmp/out' && grep -q '^plugin_leaky_relu ' '$tmp/out'"
ok "a name selects within the plugin" run 0 check --plugin "$ex" plugin_square --points 500
ok "...and only that one" sh -c "! grep -q '^plugin_leaky_relu ' '$tmp/out'"

# Every activation is checked in depth by checks/check_mutants; here the
# command line must load it (it resolves gc_builtin_find against the
# libgradcheck the program runs with) and fail it.
mutants_fail() {
    run 1 check --plugin "$B/checks/mutants/.libs/mutants_plugin.so" || return 1
    grep -q '^sigmoid_df32_off  *float32  *fail ' "$tmp/out" \
        || { echo "# no failing float32 row for sigmoid_df32_off:"; head -30 "$tmp/out" | sed 's/^/#   /'; return 1; }
}
ok "the mutant plugin fails (exit 1), sigmoid_df32_off failing in float32" mutants_fail

echo "not a shared object" >"$tmp/fake.so"
ok "a text file is refused with exit 2" run 2 check --plugin "$tmp/fake.so"
ok "...in one line naming it" one_line_err "fake.so: cannot load"
ok "a missing file is refused with exit 2" run 2 check --plugin "$tmp/none.so"
for bad in nosym:"does not export gc_plugin_activations" abi:"ABI version 99" \
           name:"Bad Name" kinks:"not strictly ascending" dup:"duplicate activation name" \
           nopair:"no (f, df) pair"; do
    n=${bad%%:*}; msg=${bad#*:}
    ok "bad plugin ($n) exits 2" run 2 check --plugin "$B/checks/mutants/.libs/bad_$n.so"
    ok "bad plugin ($n): one line saying why" one_line_err "$msg"
done

cr=$B/checks/mutants/.libs/crash_plugin.so
ok "crashing activations give exit 3" \
    run 3 check --plugin "$cr" --precision float32,float64 --points 2000 --timeout 3 -f json -o "$tmp/crash.json"
ok "SIGSEGV reported with the function and x" \
    grep -q "crash_segv (.*) float32: crashed (Segmentation fault) evaluating df32 at x = " "$tmp/err"
ok "abort reported" grep -q "crash_abort (.*) float64: crashed (Aborted) evaluating df64 at x = -" "$tmp/err"
ok "an endless loop is stopped by the timeout" \
    grep -q "crash_loop (.*) float32: timed out after 3 s evaluating f32 at x = " "$tmp/err"
ok "integer division by zero reported" \
    grep -q "crash_intdiv (.*) float32: crashed (Floating point exception) evaluating df32 at x = 1\." "$tmp/err"
ok "the crashing x lies where the plugin crashes (segv: x > 2)" \
    sh -c "sed -n 's/.*crash_segv.*at x = \([^ ]*\) .*/\1/p' '$tmp/err' | awk '{ exit !(\$1 > 2) }'"
ok "the report was still written" test -s "$tmp/crash.json"
ok "the healthy activation was checked in both precisions" \
    sh -c "grep -c '\"activation\": \"fine_square\"' '$tmp/crash.json' | grep -qx 2"
ok "crashes are in the report with verdict crash" grep -q '"verdict": "crash"' "$tmp/crash.json"

# Faults before any evaluation: in a constructor (phase loading) or in
# gc_plugin_activations (phase registration).  relu in the same command is
# still checked.
fault_line() {   # fault_line PATH TEXT: stderr is exactly that one line
    [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qxF "gradcheck: check: $1: $2" "$tmp/err" \
        || { echo "# stderr was:"; head -c 600 "$tmp/err" | sed 's/^/#   /'; return 1; }
}
relu_checked() {
    grep -q '^relu  *float32  *pass ' "$tmp/out" && grep -q '^relu  *float64  *pass ' "$tmp/out" \
        || { echo "# no relu rows:"; head -10 "$tmp/out" | sed 's/^/#   /'; return 1; }
}
for f in ctor_segv:"crashed (Segmentation fault) while loading" \
         ctor_abort:"crashed (Aborted) while loading" \
         ctor_loop:"timed out after 1 s while loading" \
         reg_null:"crashed (Segmentation fault) during registration" \
         reg_loop:"timed out after 1 s during registration"; do
    n=${f%%:*}; msg=${f#*:}
    so=$B/checks/mutants/.libs/fault_$n.so
    ok "plugin faulting in $n: exit 3" run 3 check --plugin "$so" relu --timeout 1 --points 500
    ok "...one line naming it, the phase and the signal or timeout" fault_line "$so" "$msg"
    ok "...relu in the same command checked and reported" relu_checked
done
so=$B/checks/mutants/.libs/fault_ctor_abort.so
ok "a name no loaded source provides, with a plugin that did not load: exit 3" \
    run 3 check --plugin "$so" relu no_such_act --points 500
ok "...a line for the plugin and one for the name" sh -c \
    "[ \$(wc -l <'$tmp/err') -eq 2 ] && grep -qxF \"gradcheck: check: 'no_such_act' not checked: no loaded plugin or built-in provides it ($so did not load)\" '$tmp/err'"
ok "...and relu still checked" relu_checked
ok "the healthy plugin beside the faulty one is checked" \
    run 3 check --plugin "$so" --plugin "$ex" plugin_square --points 500
ok "...plugin_square's rows are there" grep -q '^plugin_square  *float32 ' "$tmp/out"
ok "report: a plugin crashing while loading gives exit 3" \
    run 3 report --plugin "$so" relu --points 500 -p float32 -o "$tmp/rep"
ok "...relu's page and the index are written" test -s "$tmp/rep/relu.md" -a -s "$tmp/rep/index.md"
ok "...and the line says why" grep -qxF "gradcheck: report: $so: crashed (Aborted) while loading" "$tmp/err"

tap_done
