# tap.sh - a few lines of TAP for the shell tests (sourced).
tap_n=0
tap_failed=0
ok() {      # ok DESCRIPTION COMMAND...: the command must succeed
    desc=$1; shift
    tap_n=$((tap_n + 1))
    if "$@"; then echo "ok $tap_n - $desc"
    else echo "not ok $tap_n - $desc"; tap_failed=$((tap_failed + 1)); fi
}
tap_done() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
