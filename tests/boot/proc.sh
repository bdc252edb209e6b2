#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Boot check of procfs and sysfs: tests/user/proc.c as /init.
# usage: tests/boot/proc.sh [KERNEL]   (default build/x86_64/keel.elf, built with LINUX_ABI)
# Last line: "boot-proc: N passed, M failed".
cd "$(dirname "$0")/../.." || exit 1
exec tests/boot/suites.sh proc "${1:-${KERNEL:-build/x86_64/keel.elf}}" proc=tests/user/proc.c
