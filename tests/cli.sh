#!/bin/sh
# cli.sh - the gradcheck command: exit codes, one-line errors on stderr,
# nothing written on bad input, atomic output.  Speaks TAP.
set -u
. "${GC_SRCDIR:-.}/tests/tap.sh"

# run EXPECTED_RC ARGS...: stdout to $tmp/out, stderr to $tmp/err
empty_out() { [ ! -s "$tmp/out" ]; }
no_files() { [ -z "$(ls -A "$tmp/w")" ]; }

ok "--version prints the version" sh -c "'$G' --version | grep -q '^gradcheck [0-9]'"
ok "--help exits 0" run 0 --help
ok "--help goes to stdout" grep -q 'usage: gradcheck' "$tmp/out"
ok "check --help exits 0 on stdout" run 0 check --help
ok "check --help lists --precision" grep -q -- '--precision' "$tmp/out"
ok "list --help exits 0" run 0 list --help
ok "no command is a usage error" run 2
ok "unknown command exits 2" run 2 frobnicate
ok "unknown command: one line" one_line_err "unknown command 'frobnicate'"

ok "unknown activation exits 2" run 2 check nosuchact
ok "unknown activation: one line naming it" one_line_err "unknown activation 'nosuchact'"
ok "unknown activation: nothing on stdout" empty_out
ok "bad --precision exits 2" run 2 check square --precision float33
ok "bad --precision: one line naming it" one_line_err "unknown precision 'float33'"
ok "--points 12x exits 2" run 2 check square --points 12x
ok "--points 12x: one line naming option and value" one_line_err "--points: .*'12x'"
ok "--points 1e4 exits 2" run 2 check square --points 1e4
ok "--points -5 exits 2" run 2 check square --points -5
ok "--points without value exits 2" run 2 check square --points
ok "--seed abc exits 2" run 2 check square --seed abc
ok "--format xml exits 2" run 2 check square --format xml
ok "unknown option exits 2" run 2 check square --frob
ok "names and --all together exit 2" run 2 check square --all

mkdir "$tmp/w"
ok "unwritable -o exits 2" run 2 check square -o "$tmp/w/missing/dir/out.json"
ok "unwritable -o: one line naming the path" one_line_err "missing/dir/out.json"
ok "unwritable -o: no file" no_files
ok "bad input with -o writes no file" run 2 check nosuchact -o "$tmp/w/out.json"
ok "bad input with -o: no file" no_files

ok "check square relu exits 0" run 0 check square relu --points 500
ok "text names square's verdict warn" grep -q '^square .*float32 .*warn' "$tmp/out"
ok "text shows the exact float32 overflow boundary of square" \
    grep -q 'overflow .*inherent' "$tmp/out"
ok "json to -o exits 0" run 0 check square --format json --points 500 -o "$tmp/w/sq.json"
ok "json -o leaves exactly the one file" sh -c "[ \"\$(ls -A '$tmp/w')\" = sq.json ]"
ok "json has results" grep -q '"results"' "$tmp/w/sq.json"
ok "json report is readable by others (mode 0644 with umask 022)" \
    sh -c "umask 022; '$G' check relu --points 200 -f json -o '$tmp/w/m.json' && [ \"\$(stat -c %a '$tmp/w/m.json')\" = 644 ]"
ok "list shows 26 built-ins" sh -c "'$G' list | tail -n +2 | wc -l | grep -qx 26"
ok "check --all in float32 with few points exits 0" run 0 check --all --precision float32 --points 300

tap_done
