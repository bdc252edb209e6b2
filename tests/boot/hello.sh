#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# End-to-end check of the Linux ABI: tests/user/hello.c built static with musl-gcc and with
# gcc (plain and static-PIE) becomes /init of a tiny cpio initramfs; Keel boots it and must
# print its line, pass argv from the command line, run a "#!" script /init through its
# interpreter, and report init's exit as Linux does.
# usage: tests/boot/hello.sh [KERNEL]   (default build/x86_64/keel.elf, built with LINUX_ABI)
# Last line: "boot-hello: N passed, M failed".
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 1
KERNEL=${1:-${KERNEL:-build/x86_64/keel.elf}}
TIMEOUT=${BOOT_TIMEOUT:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
	sed 's/^/#   /' "$work/out" | tail -n 20
}

# build NAME CC FLAGS...: tests/user/hello.c into $work/NAME, or report why not.
build() {
	local name=$1 cc=$2
	shift 2
	if ! command -v "$cc" >/dev/null; then
		not_ok "$name: $cc not installed"
		return 1
	fi
	"$cc" -O2 "$@" -o "$work/$name" tests/user/hello.c 2>"$work/out" || {
		not_ok "$name: build failed"
		return 1
	}
}

# boot NAME CMDLINE: boot Keel with $work/NAME as /init (or, for NAME.sh, that "#!" script as
# /init and $work/hello-musl as /hello); the serial output goes to $work/out.
boot() {
	local root="$work/root-$1"
	mkdir -p "$root"
	cp "$work/$1" "$root/init"
	case $1 in *.sh) cp "$work/hello-musl" "$root/hello" ;; esac
	(cd "$root" && ls | cpio -o -H newc --quiet) >"$work/$1.cpio"
	timeout $((TIMEOUT + 10)) scripts/qemu-run --arch x86_64 --kernel "$KERNEL" \
		--initrd "$work/$1.cpio" --append "$2" --timeout "$TIMEOUT" --quiet \
		--log "$work/out" >/dev/null 2>&1
	tr -d '\r' <"$work/out" >"$work/out.tmp" && mv "$work/out.tmp" "$work/out"
}

# expect NAME CMDLINE LINE...: every LINE must appear as a whole line of the output.
expect() {
	local name=$1 cmdline=$2 line
	shift 2
	boot "$name" "$cmdline"
	for line in "$@"; do
		if ! grep -qxF -- "$line" "$work/out" && ! grep -qF -- "] $line" "$work/out"; then
			not_ok "$name ($cmdline): missing \"$line\""
			return
		fi
	done
	ok "$name${cmdline:+ ($cmdline)}"
}

if [ ! -f "$KERNEL" ]; then
	echo "not ok - no kernel at $KERNEL"
	echo "boot-hello: 0 passed, 1 failed"
	exit 1
fi
exit_line="Kernel panic: Attempted to kill init! exitcode=0x00000000"
build hello-musl musl-gcc -static &&
	expect hello-musl "" "Hello from /init (argc 1)" "$exit_line"
build hello-glibc gcc -static &&
	expect hello-glibc "" "Hello from /init (argc 1)" "$exit_line"
build hello-glibc-pie gcc -static-pie &&
	expect hello-glibc-pie "" "Hello from /init (argc 1)" "$exit_line"
[ -f "$work/hello-musl" ] &&
	expect hello-musl "rdinit=/init -- one two" "Hello from /init (argc 3)" "$exit_line"
if [ -f "$work/hello-musl" ]; then
	printf '#!/hello  one arg \n' >"$work/script.sh"
	chmod +x "$work/script.sh"
	expect script.sh "rdinit=/init -- x" "Hello from /hello (argc 4)" "$exit_line"
fi

echo "boot-hello: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
