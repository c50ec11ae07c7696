#!/bin/sh
# fuzz/run.sh - build the libFuzzer targets with clang (ASan + UBSan) and
# run each for SECONDS (default 60) on a scratch copy of its seed corpus.
# Exits non-zero when a target finds a crash.  Needs clang and
# libclang-rt-14-dev (Debian).  usage: fuzz/run.sh [SECONDS] [OUTDIR]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
CC=${FUZZ_CC:-clang}
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I$src/include -I$src/src/lib"
# Memory under ASan grows with the malloc context kept per allocation;
# a short context keeps a long run flat (about 430 MB instead of 2 GB).
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=4}
for t in expr act; do
    case $t in
        expr) srcs="$src/src/lib/expr.c $src/src/lib/status.c" ;;
        act) srcs="$src/src/lib/spec.c $src/src/lib/expr.c $src/src/lib/status.c" ;;
    esac
    # shellcheck disable=SC2086
    $CC $flags -o "$out/fuzz_$t" "$src/fuzz/fuzz_$t.c" $srcs -lm
    mkdir -p "$out/corpus_$t"
    cp "$src/fuzz/corpus/$t"/* "$out/corpus_$t/"
    echo "fuzz_$t: $secs s"
    "$out/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$out/" \
        "$out/corpus_$t" 2>"$out/fuzz_$t.log" || { tail -40 "$out/fuzz_$t.log"; exit 1; }
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$out/fuzz_$t.log" | sed "s/^/fuzz_$t: /"
done
