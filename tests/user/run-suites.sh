#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Run user-space ABI suite binaries and sum their "# user-<suite>: N passed, M failed" lines;
# the last line printed is "user-<NAME>: N passed, M failed". A binary that dies before its
# summary counts its "ok" lines as passed, its "not ok" lines and one more as failed.
# usage: run-suites.sh NAME BINARY...   (USER_TEST_TIMEOUT: seconds per binary, default 60)

name=$1
shift
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for bin in "$@"; do
	timeout "${USER_TEST_TIMEOUT:-60}" "$bin" >"$log" 2>&1
	rc=$?
	summary=$(sed -n 's/^# user-[A-Za-z0-9_-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' \
		"$log" | tail -n 1)
	if [ -n "$summary" ]; then
		p=${summary% *}
		f=${summary#* }
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	else
		p=$(grep -c '^ok ' "$log")
		f=$(($(grep -c '^not ok ' "$log") + 1))
		echo "# $(basename "$bin"): died (exit status $rc) before its summary"
	fi
	# Failures show every line of the run; a clean run shows its summary only.
	if [ "$f" -ne 0 ]; then
		sed "s|^|$(basename "$bin"): |" "$log"
	else
		echo "$(basename "$bin"): $p passed"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "user-$name: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
