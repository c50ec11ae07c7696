#!/bin/sh
# run-against.sh PREFIX - build actdemo against the gradcheck installed in
# PREFIX and run its make check: a copy in a temporary directory,
# autoreconf -fi, configure, make check.  Prints the test-suite summary;
# exits 0 when make check passed with the wrong activation as XFAIL.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 PREFIX" >&2; exit 2; }
prefix=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/actdemo.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The installed gradcheck, and nothing else of it: its program, its
# pkg-config file and its library.
for d in lib lib64; do
    if [ -f "$prefix/$d/pkgconfig/gradcheck.pc" ]; then
        PKG_CONFIG_PATH=$prefix/$d/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
        LD_LIBRARY_PATH=$prefix/$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    fi
done
PATH=$prefix/bin:$PATH
export PKG_CONFIG_PATH LD_LIBRARY_PATH PATH
pkg-config --exists gradcheck || { echo "run-against.sh: no gradcheck.pc under $prefix" >&2; exit 1; }

cp -R "$here/configure.ac" "$here/Makefile.am" "$here/README.md" "$here/run-against.sh" \
      "$here/src" "$here/tests" "$work/"
cd "$work"
autoreconf -fi >autoreconf.log 2>&1 || { cat autoreconf.log; exit 1; }
./configure --quiet >configure.log 2>&1 || { cat configure.log; exit 1; }
status=0
make check >check.log 2>&1 || status=$?
# The summary make check printed, then the logs of anything that went wrong.
sed -n '/^=*$/d; /^# [A-Z]*: *[0-9]*$/p' check.log
grep -E '^(PASS|XFAIL|FAIL|XPASS|ERROR|SKIP):' check.log || true
if [ "$status" -ne 0 ]; then
    cat check.log
    [ -f test-suite.log ] && cat test-suite.log
    exit "$status"
fi
# The wrong gradient must have been seen, as the expected failure.
grep -q '^XFAIL: tests/gradcheck.sh .* bad_softsign ' check.log \
    || { echo "run-against.sh: no XFAIL for bad_softsign" >&2; exit 1; }
