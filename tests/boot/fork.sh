#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Boot check of fork, wait, copy-on-write, vfork, threads and futex: tests/user/fork.c as /init.
# usage: tests/boot/fork.sh [KERNEL]   (default build/x86_64/keel.elf, built with LINUX_ABI)
# Last line: "boot-fork: N passed, M failed".
cd "$(dirname "$0")/../.." || exit 1
exec tests/boot/suites.sh fork "${1:-${KERNEL:-build/x86_64/keel.elf}}" fork=tests/user/fork.c
