#!/bin/sh
# reports.sh - gradcheck report (what `make reports` runs, small): the
# files of every page, JSON that parses, the same bytes on a rerun, no
# plots but a note without gnuplot, nothing partial after SIGINT; and
# check --format csv|markdown.  Speaks TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"
S=${GC_SRCDIR:-.}
small="--points 300"

# parses FILE...: every file is valid JSON (jq or python3; else skipped).
parses() {
    for f in "$@"; do
        if command -v jq >/dev/null 2>&1; then jq -e .results "$f" >/dev/null || return 1
        elif command -v python3 >/dev/null 2>&1; then
            python3 -c 'import json,sys; json.load(open(sys.argv[1]))["results"]' "$f" || return 1
        fi
    done
}
have_all() { for f in "$@"; do [ -s "$f" ] || { echo "# missing $f"; return 1; }; done; }

ok "report of square, relu, a spec exits 0" \
    "$G" report square relu --spec "$S/checks/specs/gelu.act" $small -o "$tmp/a"
ok "every page has its files and index.md links them" \
    have_all "$tmp/a/index.md" "$tmp/a/square.md" "$tmp/a/square.json" "$tmp/a/square.csv" \
             "$tmp/a/relu.md" "$tmp/a/spec-gelu.md" "$tmp/a/spec-gelu.json"
ok "index.md links every page" sh -c "grep -q '(square.md)' '$tmp/a/index.md' && grep -q '(spec-gelu.md)' '$tmp/a/index.md'"
if command -v jq >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1; then
    ok "the JSON parses" parses "$tmp/a/square.json" "$tmp/a/relu.json" "$tmp/a/spec-gelu.json"
else
    skip "the JSON parses" "neither jq nor python3 installed"
fi
ok "the CSV has one header row and rows for all four precisions" \
    sh -c "[ \$(grep -c '^activation,' '$tmp/a/square.csv') -eq 1 ] && for p in float16 bfloat16 float32 float64; do grep -q \"^square,\$p,\" '$tmp/a/square.csv' || exit 1; done"
ok "square's page shows its float32 overflow boundary 2^64" grep -q '0x1p+64' "$tmp/a/square.md"
ok "square's page has the depth table" grep -q 'double-exponential' "$tmp/a/square.md"
if command -v "${GRADCHECK_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
    ok "plots are drawn" have_all "$tmp/a/square-error.svg" "$tmp/a/square-f.svg" "$tmp/a/square-depth.svg"
    ok "the page embeds them" grep -q '(square-error.svg)' "$tmp/a/square.md"
    ok "the SVG carries no date" sh -c "! grep -q -i 'date\\|20[0-9][0-9]-[01][0-9]-' '$tmp/a/square-error.svg'"
else
    for what in "plots are drawn" "the page embeds them" "the SVG carries no date"; do
        skip "$what" "gnuplot not installed"
    done
fi
ok "a rerun gives the same bytes" sh -c \
    "'$G' report square relu --spec '$S/checks/specs/gelu.act' $small -o '$tmp/b' && diff -r '$tmp/a' '$tmp/b' >/dev/null"
ok "no temporary file is left" no_tmp "$tmp/a"

ok "without gnuplot the report still succeeds" \
    env GRADCHECK_GNUPLOT=/nonexistent/gnuplot "$G" report square $small -o "$tmp/np" 2>"$tmp/np.err"
ok "...with a note on the page and no plots" sh -c \
    "grep -q 'gnuplot was not found' '$tmp/np/square.md' && ! ls '$tmp/np/'*.svg >/dev/null 2>&1"
ok "...and one line on stderr" grep -q 'gnuplot not found' "$tmp/np.err"

ok "GRADCHECK_GNUPLOT= (empty) turns plots off" \
    env GRADCHECK_GNUPLOT= "$G" report relu $small -o "$tmp/off" 2>"$tmp/off.err"
ok "...without a word on stderr" test ! -s "$tmp/off.err"
ok "...and the page says so" grep -q 'turned off (GRADCHECK_GNUPLOT is empty)' "$tmp/off/relu.md"

# The page and the index state the precisions checked, and only those.
ok "report -p float32 exits 0" "$G" report relu -p float32 $small -o "$tmp/p32"
ok "...the page names float32 only" sh -c \
    "grep 'Checked by' '$tmp/p32/relu.md' >'$tmp/p32.line' && grep -q 'float32 on about 300 sampled points (seed 1)' '$tmp/p32.line' && ! grep -q 'float16\|bfloat16\|float64' '$tmp/p32.line'"
ok "...and so does the index" sh -c \
    "grep -q 'float32 on about 300' '$tmp/p32/index.md' && ! grep -q 'every value' '$tmp/p32/index.md'"

# Without -o the report goes into gradcheck-report/ of the current
# directory; a file gradcheck did not write is never overwritten.
mkdir "$tmp/cwd"
ok "report without -o exits 0" sh -c "cd '$tmp/cwd' && '$G' report relu $small 2>/dev/null"
ok "...and writes gradcheck-report/" have_all "$tmp/cwd/gradcheck-report/relu.md" \
    "$tmp/cwd/gradcheck-report/index.md"
ok "...with a manifest of what it wrote" sh -c \
    "grep -qx 'relu.md' '$tmp/cwd/gradcheck-report/.gradcheck-manifest' && grep -qx 'index.md' '$tmp/cwd/gradcheck-report/.gradcheck-manifest'"
ok "a second run overwrites its own files" sh -c "cd '$tmp/cwd' && '$G' report relu $small 2>/dev/null"
mkdir "$tmp/mine"
echo "my notes" >"$tmp/mine/index.md"
ok "a file gradcheck did not write stops the run (exit 2)" run 2 report relu $small -o "$tmp/mine"
ok "...with one line naming it and --force" one_line_err "report: $tmp/mine/index.md exists and gradcheck did not write it.*--force"
ok "...the file unchanged and nothing else written" sh -c \
    "[ \"\$(cat '$tmp/mine/index.md')\" = 'my notes' ] && [ \"\$(ls -A '$tmp/mine')\" = index.md ]"
ok "--force overwrites it" sh -c "'$G' report relu $small --force -o '$tmp/mine' 2>/dev/null && grep -q '^# gradcheck reports' '$tmp/mine/index.md'"

ok "an unknown activation exits 2" sh -c "'$G' report nosuch -o '$tmp/bad' 2>/dev/null; [ \$? -eq 2 ]"
ok "...and creates nothing" test ! -e "$tmp/bad"
ok "--points 12x exits 2" sh -c "'$G' report square --points 12x -o '$tmp/bad' 2>/dev/null; [ \$? -eq 2 ]"

# SIGINT in the middle of --all: exit 130 (or 0 if it was quicker), no
# temporary or partial file; every JSON written is complete.
"$G" report --all $small -o "$tmp/int" 2>/dev/null &
pid=$!
sleep 2
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
ok "SIGINT stops the run (exit 130)" sh -c "[ $rc -eq 130 ] || [ $rc -eq 0 ]"
ok "SIGINT leaves no temporary file" no_tmp "$tmp/int"
ok "SIGINT leaves only complete JSON" sh -c \
    "for f in '$tmp/int'/*.json; do [ -e \"\$f\" ] || continue; tail -c 2 \"\$f\" | grep -q '}' || exit 1; done"

ok "check --format csv exits 0" sh -c "'$G' check square --points 300 --format csv >'$tmp/c.csv'"
ok "...one header and a row per precision" sh -c "[ \$(wc -l <'$tmp/c.csv') -eq 3 ] && grep -q '^square,builtin,float32,warn,' '$tmp/c.csv'"
ok "check --format markdown exits 0" sh -c "'$G' check square --points 300 --format markdown >'$tmp/c.md'"
ok "...with the summary table" grep -q '^| square | float32 | \*\*warn\*\*' "$tmp/c.md"
tap_done
