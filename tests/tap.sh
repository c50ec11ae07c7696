# tap.sh - TAP for the shell tests, and the setup they share (sourced).
tap_n=0
tap_failed=0
ok() {      # ok DESCRIPTION COMMAND...: the command must succeed
    desc=$1; shift
    tap_n=$((tap_n + 1))
    if "$@"; then echo "ok $tap_n - $desc"
    else echo "not ok $tap_n - $desc"; tap_failed=$((tap_failed + 1)); fi
}
skip() {    # skip DESCRIPTION REASON: a numbered line that TAP counts as a skip
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $1 # SKIP $2"
}
tap_done() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }

# The gradcheck under test, a scratch directory removed on exit, and the
# helpers every shell test uses around them.
G=${GRADCHECK:-./src/gradcheck}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {     # run EXPECTED_RC ARGS...: gradcheck ARGS exits EXPECTED_RC
    want=$1; shift
    "$G" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq "$want" ] || { echo "# $*: exit $rc, expected $want"; head -c 2000 "$tmp/err" | sed 's/^/# /'; return 1; }
}
# Exactly one line on stderr, "gradcheck: " then ERR_PREFIX (default: any
# text) then $1.
one_line_err() {
    [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^gradcheck: ${ERR_PREFIX:-.*}$1" "$tmp/err" \
        || { echo "# stderr was:"; head -c 600 "$tmp/err" | sed 's/^/#   /'; return 1; }
}
# No temporary file of gradcheck's (".NAME.gradcheck-tmp.XXXXXX") in DIR.
no_tmp() {
    [ -z "$(find "$1" -name '*.gradcheck-tmp.*')" ] \
        || { find "$1" -name '*.gradcheck-tmp.*' | sed 's/^/# left: /'; return 1; }
}
