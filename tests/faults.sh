#!/bin/sh
# faults.sh - nothing a user points gradcheck at is ever damaged.  -o at
# device stand-ins (mknod in a scratch directory, never the machine's own
# /dev/null or /dev/full), a FIFO, symlinks, a directory, a read-only
# directory, a missing directory; SIGINT, SIGTERM and SIGHUP during a run;
# a run as an unprivileged user.  Each case asserts the exit status, the
# one line on stderr, that the target and its neighbours are unchanged and
# that no temporary file is left.  Plugins that crash or hang are
# checks/plugins.sh's.  Speaks TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
S=${GC_SRCDIR:-.}
B=${GC_BUILDDIR:-.}
small="--points 300"
ERR_PREFIX="check: "

signo() { case $1 in HUP) echo 1;; INT) echo 2;; TERM) echo 15;; esac; }
is_chr() { [ -c "$1" ] && [ "$(stat -c '%t,%T' "$1")" = "$2" ]; }

# ---------------------------------------------------------------- devices
d="$tmp/dev"
mkdir "$d"
if mknod "$d/null" c 1 3 2>/dev/null && mknod "$d/full" c 1 7 2>/dev/null; then
    ok "-o a /dev/null stand-in exits 0" run 0 check gelu -p float64 $small --format json -o "$d/null"
    ok "...it is still the character device 1,3" is_chr "$d/null" 1,3
    ok "-o a /dev/full stand-in exits 2" run 2 check gelu -p float64 $small --format json -o "$d/full"
    ok "...with the write error" one_line_err "$d/full: cannot write: No space left on device"
    ok "...it is still the character device 1,7" is_chr "$d/full" 1,7
    ok "...and nothing else is in the directory" sh -c "[ \"\$(ls -A '$d')\" = \"\$(printf 'full\\nnull')\" ]"
    ln -s null "$d/to-null"
    ok "-o a symlink to the device stand-in exits 0" run 0 check relu $small -o "$d/to-null"
    ok "...the link and the device are unchanged" sh -c \
        "[ -L '$d/to-null' ] && [ \"\$(readlink '$d/to-null')\" = null ] && [ -c '$d/null' ]"
    ok "report -o a directory holding a /dev/full stand-in as a page fails (exit 2)" sh -c \
        "mkdir '$d/rep' && mknod '$d/rep/relu.json' c 1 7 && '$G' report relu $small --force -o '$d/rep' 2>'$tmp/rep.err'; [ \$? -eq 2 ]"
    ok "...naming the write error" grep -q 'relu.json: cannot write: No space left on device' "$tmp/rep.err"
    ok "...the stand-in is still a device" is_chr "$d/rep/relu.json" 1,7
    ok "no temporary file left beside the devices" no_tmp "$d"
else
    for what in "/dev/null stand-in" "/dev/full stand-in" "symlink to a device" \
                "a device inside a report directory"; do
        skip "$what" "mknod is not permitted here"
    done
fi
ok "-o - writes to standard output" sh -c "'$G' check relu $small -o - | grep -q '^relu '"
# /dev/stdout is a link to /proc/self/fd/1: a stand-in link to the same.
ln -s /proc/self/fd/1 "$tmp/stdout"
ok "-o a link to /proc/self/fd/1 (as /dev/stdout is) exits 0" sh -c \
    "'$G' check relu $small -o '$tmp/stdout' >'$tmp/captured'"
ok "...the report went to standard output" grep -q '^relu ' "$tmp/captured"
ok "...and the link is still the link" sh -c "[ -L '$tmp/stdout' ] && [ \"\$(readlink '$tmp/stdout')\" = /proc/self/fd/1 ]"

# ---------------------------------------------------------------- FIFO
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/fifo.out" &
reader=$!
ok "-o a FIFO exits 0" run 0 check relu $small --format json -o "$tmp/fifo"
wait "$reader"
ok "...the reader got the whole report" sh -c "tail -c 3 '$tmp/fifo.out' | grep -q '}' && grep -q '\"results\"' '$tmp/fifo.out'"
ok "...and it is still a FIFO" test -p "$tmp/fifo"

# ---------------------------------------------------------------- links
mkdir "$tmp/l"
echo old >"$tmp/l/target.json"
chmod 640 "$tmp/l/target.json"
ln -s target.json "$tmp/l/link.json"
ok "-o a symlink to a regular file exits 0" run 0 check relu $small --format json -o "$tmp/l/link.json"
ok "...the link is still a link to it" sh -c "[ -L '$tmp/l/link.json' ] && [ \"\$(readlink '$tmp/l/link.json')\" = target.json ]"
ok "...the target holds the report" grep -q '"results"' "$tmp/l/target.json"
ok "...and keeps its mode" sh -c "[ \"\$(stat -c %a '$tmp/l/target.json')\" = 640 ]"
ln -s new.json "$tmp/l/dangling.json"
ok "-o a dangling symlink creates its target" run 0 check relu $small -o "$tmp/l/dangling.json"
ok "...through the link" sh -c "[ -L '$tmp/l/dangling.json' ] && grep -q '^relu ' '$tmp/l/new.json'"
ln -s loop1 "$tmp/l/loop2"; ln -s loop2 "$tmp/l/loop1"
ok "-o a symlink loop exits 2" run 2 check relu $small -o "$tmp/l/loop1"
ok "...with one line" one_line_err "$tmp/l/loop1: cannot write: Too many levels of symbolic links"
ok "no temporary file left beside the links" no_tmp "$tmp/l"

# ---------------------------------------------------------------- refusals
mkdir "$tmp/dir"
ok "-o a directory exits 2" run 2 check relu $small -o "$tmp/dir"
ok "...with one line" one_line_err "$tmp/dir: is a directory"
ok "...and leaves it empty" test -z "$(ls -A "$tmp/dir")"
ok "-o into a missing directory exits 2" run 2 check relu $small -o "$tmp/missing/out.json"
ok "...with one line" one_line_err "$tmp/missing/out.json: cannot write: No such file or directory"
ok "...and creates nothing" test ! -e "$tmp/missing"
ok "-o a path whose parent is a file exits 2" run 2 check relu $small -o "$tmp/l/target.json/x"
ok "...with one line" one_line_err "$tmp/l/target.json/x: cannot write: Not a directory"

# ---------------------------------------------------------------- signals
# A sweep stopped by a signal writes its report, marked partial, and
# exits 128 + the signal; nothing temporary is left.
for sig in INT TERM HUP; do
    mkdir "$tmp/s$sig"
    "$G" check relu -p float32 --exhaustive --format json -o "$tmp/s$sig/out.json" \
        2>"$tmp/s$sig.err" &
    pid=$!
    sleep 1
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    want=$((128 + $(signo "$sig")))
    ok "SIG$sig during a sweep: exit $want" sh -c "[ $rc -eq $want ] || { echo '# exit $rc'; exit 1; }"
    ok "...the report is written and marked partial" sh -c \
        "grep -q '\"partial\": true' '$tmp/s$sig/out.json' && tail -c 3 '$tmp/s$sig/out.json' | grep -q '}'"
    ok "...one line says why" sh -c "[ \$(wc -l <'$tmp/s$sig.err') -eq 1 ] && grep -q 'interrupted' '$tmp/s$sig.err'"
    ok "...no temporary file left" no_tmp "$tmp/s$sig"
done
# During a report: every file written is complete, exit 128 + the signal.
for sig in TERM HUP; do
    "$G" report --all $small -o "$tmp/r$sig" 2>/dev/null &
    pid=$!
    sleep 2
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    want=$((128 + $(signo "$sig")))
    ok "SIG$sig during a report: exit $want (or 0 if it was done)" sh -c "[ $rc -eq $want ] || [ $rc -eq 0 ]"
    ok "...no temporary file left" no_tmp "$tmp/r$sig"
    ok "...every JSON written is complete" sh -c \
        "for f in '$tmp/r$sig'/*.json; do [ -e \"\$f\" ] || continue; tail -c 2 \"\$f\" | grep -q '}' || exit 1; done"
done

# ---------------------------------------------------------------- users
# As root: run a copy of the real binary as nobody, from a directory that
# user can read, reading a spec and writing into its own directory; the
# permission checks then bite as they would for any user.
lib=$(ls "$B"/.libs/libgradcheck.so.0 2>/dev/null)
# The program itself, not a libtool wrapper script (a shared build).
bin=$B/src/gradcheck
[ "$(head -c 2 "$bin")" = '#!' ] && bin=$B/src/.libs/gradcheck
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 && [ -n "$lib" ] \
   && id nobody >/dev/null 2>&1; then
    u="$tmp/user"
    mkdir -p "$u/bin" "$u/own" "$u/ro"
    cp "$bin" "$u/bin/gradcheck"
    cp "$lib" "$u/bin/"
    cp "$S/checks/specs/square.act" "$u/square.act"
    echo mine >"$u/ro/theirs.json"
    chmod 711 "$tmp"
    chmod -R a+rX "$u"
    chown nobody "$u/own"
    as_nobody() {
        setpriv --reuid=nobody --regid=nogroup --clear-groups \
            env LD_LIBRARY_PATH="$u/bin" "$u/bin/gradcheck" "$@" >"$tmp/out" 2>"$tmp/err"
    }
    ok "as nobody: check a spec into its own directory (exit 0)" \
        sh -c "$(command -v setpriv) --reuid=nobody --regid=nogroup --clear-groups env LD_LIBRARY_PATH='$u/bin' '$u/bin/gradcheck' check --spec '$u/square.act' $small -o '$u/own/sq.txt'"
    ok "...the report belongs to nobody" sh -c "[ \"\$(stat -c %U '$u/own/sq.txt')\" = nobody ] && grep -q '^square ' '$u/own/sq.txt'"
    as_nobody check relu $small -o "$u/ro/new.json"
    ok "as nobody: -o into a read-only directory exits 2" test $? -eq 2
    ok "...with one line" one_line_err "$u/ro/new.json: cannot write: Permission denied"
    as_nobody check relu $small -o "$u/ro/theirs.json"
    ok "as nobody: -o over someone else's read-only file exits 2" test $? -eq 2
    ok "...with one line" one_line_err "$u/ro/theirs.json: cannot write: Permission denied"
    ok "...which is unchanged, with nothing beside it" sh -c \
        "[ \"\$(cat '$u/ro/theirs.json')\" = mine ] && [ \"\$(ls -A '$u/ro')\" = theirs.json ]"
    as_nobody report relu $small -o "$u/own/rep"
    ok "as nobody: a report into its own directory exits 0" test $? -eq 0
    ok "...no temporary file left" no_tmp "$u"
    chmod 700 "$tmp"
else
    for what in "check as nobody" "read-only directory" "someone else's file" "report as nobody"; do
        skip "$what" "needs root, setpriv and the built library"
    done
fi
# An existing file keeps its owner and mode when replaced (as root).
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    echo old >"$tmp/owned.json"
    chown nobody "$tmp/owned.json"
    chmod 604 "$tmp/owned.json"
    ok "replacing a file as root exits 0" run 0 check relu $small -o "$tmp/owned.json"
    ok "...which keeps its owner and mode" sh -c \
        "[ \"\$(stat -c '%U %a' '$tmp/owned.json')\" = 'nobody 604' ] && grep -q '^relu ' '$tmp/owned.json'"
else
    skip "owner kept" "needs root"
fi
ok "no temporary file left anywhere" no_tmp "$tmp"
tap_done
