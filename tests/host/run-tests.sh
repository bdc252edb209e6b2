#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Run host test binaries (cmocka), show their output, and end with exactly one line
# "host: N passed, M failed". Exits non-zero when anything failed or crashed.
#
# Counts come from cmocka's "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s), listed
# below:" lines. A binary that dies before its summary (a sanitizer report, a signal) counts
# its finished tests as passed and every started-but-unfinished one (at least one) as failed;
# a binary that exits non-zero after a clean summary (e.g. a leak report) adds one failure.
# Each binary gets HOST_TEST_TIMEOUT seconds (default 300): a hang is a failure, not a wait.

passed=0
failed=0
for t in "$@"; do
	log="$t.log"
	timeout "${HOST_TEST_TIMEOUT:-300}" "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' "$log")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p' "$log")
	if grep -q '^\[==========\] [0-9]* test(s) run\.$' "$log"; then
		p=${p:-0}
		f=${f:-0}
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	else
		ok=$(grep -c '^\[       OK \]' "$log")
		started=$(grep -c '^\[ RUN      \]' "$log")
		p=$ok
		f=$((started - ok))
		[ "$f" -lt 1 ] && f=1
		echo "# $(basename "$t"): died (exit status $rc) before finishing"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "host: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
