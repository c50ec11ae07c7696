#!/bin/sh
# tap_format.sh - gradcheck check --format tap and --xfail: the stream,
# its exit status (0 once complete, whatever the verdicts), the TODO
# marks, and automake's own tap-driver.sh reading it.  Speaks TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
S=${GC_SRCDIR:-.}
B=${GC_BUILDDIR:-.}

# An activation with a wrong gradient (d/dx x^2 is not x) beside a right one.
wrong="--f x^2 --df x --name wrong"

ok "tap: a failing activation still exits 0" run 0 check square $wrong --points 500 -f tap
ok "tap: the stream starts with the version and the plan" \
    sh -c "head -2 '$tmp/out' | tr '\n' ' ' | grep -qx 'TAP version 13 1..4 '"
ok "tap: one line per activation and precision" \
    sh -c "grep -c '^\(not \)\{0,1\}ok [1-4] - ' '$tmp/out' | grep -qx 4"
ok "tap: the wrong gradient is not ok, with its failing points" \
    grep -q '^not ok 3 - wrong float32: fail, [1-9][0-9]* failing points$' "$tmp/out"
ok "tap: square float32 is ok (warn: it overflows)" \
    grep -q '^ok 1 - square float32: warn$' "$tmp/out"
ok "tap: the diagnostics name the verdict, the worst x in hex, the classes" \
    sh -c "grep -q '^  verdict: fail$' '$tmp/out' && grep -q '^  worst_x_hex: \"-\{0,1\}0x[0-9a-f.]*p[-+][0-9]*\"$' '$tmp/out' \
           && grep -q '^  failing_classes: \[mismatch' '$tmp/out'"
ok "tap: nothing on stderr" test ! -s "$tmp/err"

ok "--xfail: exits 0" run 0 check square $wrong --points 500 -f tap --xfail wrong
ok "--xfail: the expected failure is marked TODO" \
    grep -q '^not ok 3 - wrong float32: fail, .* # TODO expected failure$' "$tmp/out"
ok "--xfail: other activations are not marked" \
    sh -c "! grep -q '^ok 1 .*TODO' '$tmp/out'"
ok "--xfail: a list, and repeated" run 0 check square relu $wrong --points 500 -f tap \
    --xfail wrong,relu --xfail square
ok "--xfail: every line of a list is marked" \
    sh -c "test \$(grep -c '# TODO expected failure$' '$tmp/out') -eq 6"

ok "--xfail with an unknown name exits 2" run 2 check square -f tap --xfail nosuch
ok "--xfail with an unknown name: one line" one_line_err "check: --xfail: 'nosuch' is not"
ok "--xfail with an unknown name: nothing on stdout" test ! -s "$tmp/out"
ok "--xfail with an empty name exits 2" run 2 check square -f tap --xfail square,
ok "--xfail with an empty name: one line" one_line_err "check: --xfail: empty name"
ok "--xfail without --format tap exits 2" run 2 check square --xfail square
ok "--xfail without --format tap: one line" one_line_err "check: --xfail needs --format tap"
ok "--format tap is in --help" sh -c "'$G' check --help | grep -q -- 'tap (TAP version 13'"

# A crash is a not ok line, not an exit status.
cr=$B/checks/mutants/.libs/crash_plugin.so
if [ -f "$cr" ]; then
    ok "tap: a crashing plugin activation still exits 0" \
        run 0 check --plugin "$cr" crash_segv fine_square -p float32 --points 2000 \
        --timeout 10 -f tap
    ok "tap: the crash is a not ok line with what happened" \
        sh -c "grep -q '^not ok 1 - crash_segv float32: crash$' '$tmp/out' \
               && grep -q '^  crash: \"killed by signal' '$tmp/out' \
               && grep -q '^  function: \"df32\"' '$tmp/out'"
    ok "tap: the healthy activation of the plugin is ok" \
        grep -q '^ok 2 - fine_square float32: ' "$tmp/out"
else
    skip "tap: crashing plugin" "crash_plugin.so not built"
fi

# automake's driver: a failure marked --xfail counts as XFAIL, and the
# stream is a PASS of the suite.
drv=$S/build-aux/tap-driver.sh
drive() {   # drive NAME GRADCHECK-ARGS...: through tap-driver.sh, $tmp/NAME.trs
    name=$1; shift
    env AM_TAP_AWK="${AWK:-awk}" sh "$drv" --test-name "$name" --log-file "$tmp/$name.log" \
        --trs-file "$tmp/$name.trs" --color-tests no --enable-hard-errors yes \
        --expect-failure no -- "$G" "$@" >"$tmp/$name.out" 2>&1
}
if [ -f "$drv" ]; then
    ok "tap-driver.sh: reads the stream with the wrong activation as --xfail" \
        drive xf check square $wrong -p float32 --points 500 -f tap --xfail wrong
    ok "tap-driver.sh: global result PASS" grep -q '^:global-test-result: PASS$' "$tmp/xf.trs"
    ok "tap-driver.sh: one XFAIL, one PASS, nothing else" \
        sh -c "test \$(grep -c '^:test-result:' '$tmp/xf.trs') -eq 2 \
               && grep -q '^:test-result: XFAIL$' '$tmp/xf.trs' \
               && grep -q '^:test-result: PASS$' '$tmp/xf.trs'"
    ok "tap-driver.sh: reads the stream without --xfail" \
        drive nx check square $wrong -p float32 --points 500 -f tap
    ok "tap-driver.sh: then the wrong activation is a FAIL" \
        grep -q '^:global-test-result: FAIL$' "$tmp/nx.trs"
    ok "tap-driver.sh: and no ERROR (the exit status was 0)" \
        sh -c "! grep -q '^:test-result: ERROR' '$tmp/nx.trs'"
else
    skip "tap-driver.sh reads the stream" "no build-aux/tap-driver.sh"
fi
tap_done
