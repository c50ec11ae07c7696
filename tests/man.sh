#!/bin/sh
# man.sh - gradcheck.1 is generated from the --help texts: the built page
# is what `gradcheck --man` prints now (no drift), and every option of
# every subcommand's --help (and of gradcheck --help) is in it.  Speaks TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
B=${GC_BUILDDIR:-.}

ok "gradcheck --man exits 0" sh -c "'$G' --man >'$tmp/man.1'"
ok "it is a man page (.TH)" grep -q '^\.TH GRADCHECK 1' "$tmp/man.1"
if [ -f "$B/gradcheck.1" ]; then
    ok "the built gradcheck.1 is up to date" cmp -s "$B/gradcheck.1" "$tmp/man.1"
fi
# The page as text: roff's \- is -, font changes go.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\e/\\/g' "$tmp/man.1" >"$tmp/man.txt"
if command -v man >/dev/null 2>&1 && man -l "$tmp/man.1" >/dev/null 2>&1; then
    ok "man renders it without warnings" sh -c \
        "MANWIDTH=80 man --warnings -l '$tmp/man.1' 2>&1 >/dev/null | grep -v '^$' | (! grep .)"
fi

for cmd in "" $("$G" --help | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 && $1 != "commands:" {print $1}'); do
    "$G" $cmd --help >"$tmp/help" || { ok "gradcheck $cmd --help" false; continue; }
    [ -n "$cmd" ] && ok "command '$cmd' has its section" grep -q "^\.SS \"gradcheck $cmd\"" "$tmp/man.1"
    for opt in $(grep -o -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u); do
        ok "gradcheck $cmd: $opt is in the man page" grep -q -- "$opt" "$tmp/man.txt"
    done
done
tap_done
