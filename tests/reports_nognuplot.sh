#!/bin/sh
# reports_nognuplot.sh - tests/reports.sh again with gnuplot hidden, so
# that both paths (plots drawn, pages without plots) run on every machine,
# whatever is installed.  Speaks TAP.
GRADCHECK_GNUPLOT=/nonexistent/gnuplot
export GRADCHECK_GNUPLOT
exec sh "${GC_SRCDIR:-.}/tests/reports.sh"
