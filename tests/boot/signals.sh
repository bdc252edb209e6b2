#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Boot check of signals: the "process" suite (kill, pause, handlers, siginfo, SA_RESTART,
# default actions), the "memory" suite (SIGSEGV handlers) and tests/boot/signals-init.c
# (altstack, uc_mcontext, sigtimedwait, sigsuspend, stop/continue, core bit) as /init.
# usage: tests/boot/signals.sh [KERNEL]   (default build/x86_64/keel.elf, built with LINUX_ABI)
# SUITES="process sigextra" runs a subset: memory.c also needs file mmap and mremap, which
# Keel does not have yet, so `make test` leaves it out until they land.
# Last line: "boot-signals: N passed, M failed".
cd "$(dirname "$0")/../.." || exit 1
specs=()
for suite in ${SUITES:-process memory sigextra}; do
	case $suite in
	process | memory) specs+=("$suite=tests/user/$suite.c") ;;
	sigextra) specs+=("sigextra=tests/boot/signals-init.c") ;;
	*) echo "signals.sh: unknown suite $suite" >&2; exit 2 ;;
	esac
done
exec tests/boot/suites.sh signals "${1:-${KERNEL:-build/x86_64/keel.elf}}" "${specs[@]}"
