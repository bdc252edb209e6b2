#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Boot ABI suites on Keel: each SUITE=SOURCE is built static with musl-gcc and with gcc and run
# as /init of a tiny initramfs; every "ok N"/"not ok N" case line counts, and a suite must reach
# its "# user-SUITE: ..." summary line (a hang, panic or timeout is one more failure).
# usage: tests/boot/suites.sh LABEL KERNEL SUITE=SOURCE...   (BOOT_TIMEOUT: seconds per boot)
# Last line: "boot-LABEL: N passed, M failed".
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
label=$1
KERNEL=$2
shift 2
TIMEOUT=${BOOT_TIMEOUT:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
	[ -f "$work/out" ] && sed 's/^/#   /' "$work/out" | tail -n 20
}

# run NAME SRC SUITE CC: build SRC (suite SUITE) with CC, boot it as /init, count its case lines.
run() {
	local name=$1 src=$2 suite=$3 cc=$4 root="$work/root-$1" summary
	if ! command -v "$cc" >/dev/null; then
		not_ok "$name: $cc not installed"
		return
	fi
	if ! "$cc" -std=gnu11 -O2 -static -Itests/user -o "$work/$name" "$src" 2>"$work/out"; then
		not_ok "$name: build failed"
		return
	fi
	mkdir -p "$root/tmp"
	cp "$work/$name" "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/$name.cpio"
	timeout $((TIMEOUT + 10)) scripts/qemu-run --arch x86_64 --kernel "$KERNEL" \
		--initrd "$work/$name.cpio" --timeout "$TIMEOUT" --quiet --log "$work/out" \
		>/dev/null 2>&1
	tr -d '\r' <"$work/out" | sed 's/^\[[ 0-9.]*\] //' >"$work/lines"
	grep -E '^(not )?ok [0-9]+ ' "$work/lines" | sed "s/^/$name: /"
	passed=$((passed + $(grep -cE '^ok [0-9]+ ' "$work/lines")))
	failed=$((failed + $(grep -cE '^not ok [0-9]+ ' "$work/lines")))
	summary=$(grep -E "^# user-$suite: [0-9]+ passed" "$work/lines")
	[ -n "$summary" ] || not_ok "$name: the suite did not finish"
}

if [ ! -f "$KERNEL" ]; then
	not_ok "no kernel at $KERNEL"
else
	for spec in "$@"; do
		suite=${spec%%=*}
		src=${spec#*=}
		run "$suite-musl" "$src" "$suite" musl-gcc
		run "$suite-glibc" "$src" "$suite" gcc
	done
fi
echo "boot-$label: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
