#!/bin/sh
# slow_builtins.sh - make check-slow: checks/check_builtins with 300 000
# sampled points per float32/float64 check instead of 10 000 (every
# built-in passes, exact region edges, relative error bounded): about a
# minute on 2 cores.  Speaks TAP (Check's).
GC_CHECK_POINTS=300000
export GC_CHECK_POINTS
exec "${GC_BUILDDIR:-.}/checks/check_builtins"
