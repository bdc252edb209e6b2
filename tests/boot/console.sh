#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Console input end to end: tests/boot/console-init.c (static, musl-gcc) is /init and keystrokes
# come in on the serial port; the line discipline must edit lines, echo, end at ^D and pass
# raw bytes once ICANON is off.
# usage: tests/boot/console.sh [KERNEL]   (default build/x86_64/keel.elf, built with LINUX_ABI)
# Last line: "boot-console: N passed, M failed".
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
	sed 's/^/#   /' "$work/out" 2>/dev/null | tail -n 20
}

# have TEXT DESC: the output holds TEXT (fixed string).
have() {
	if grep -qF -- "$1" "$work/out"; then ok "$2"; else not_ok "$2: missing \"$1\""; fi
}

finish() {
	echo "boot-console: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

if [ ! -f "$KERNEL" ]; then
	not_ok "no kernel at $KERNEL"
	finish
fi
if ! musl-gcc -static -O2 -o "$work/init" tests/boot/console-init.c 2>"$work/out"; then
	not_ok "build tests/boot/console-init.c with musl-gcc"
	finish
fi
# boot ROOT [READY [KEYS [CMDLINE]]]: boot Keel with the initramfs of directory ROOT, typing
# KEYS ($keys) once READY ("console: ready") shows (QEMU's UART drops what arrives before Keel
# programs it, as a real one would); the serial output goes to $work/out.
# The keystrokes: a line, a line edited with DEL and ^U and ^W, CR as Enter, an empty-line ^D,
# then three raw bytes.
keys='hello\rabX\x7fc\rjunk\x15one two\x17\r\x04xyz'
boot() {
	local qemu ready=${2:-console: ready} k=${3:-$keys}
	(cd "$1" && find . | cpio -o -H newc --quiet) >"$work/initrd.cpio"
	rm -f "$work/in" "$work/raw"
	mkfifo "$work/in"
	touch "$work/raw"
	# The serial port reads the fifo (scripts/qemu-run's batch mode gives QEMU /dev/null).
	timeout $((TIMEOUT + 10)) qemu-system-x86_64 -machine q35 -cpu max \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot -m 256M -nic none \
		-nographic -monitor none -serial stdio -kernel "$KERNEL" \
		-initrd "$work/initrd.cpio" -append "${4:-}" <"$work/in" >"$work/raw" 2>"$work/err" &
	qemu=$!
	exec 3>"$work/in"
	for _ in $(seq $((TIMEOUT * 10))); do
		grep -qF "$ready" "$work/raw" && break
		kill -0 "$qemu" 2>/dev/null || break
		sleep 0.1
	done
	printf "$k" >&3
	wait "$qemu"
	exec 3>&-
	tr -d '\r' <"$work/raw" >"$work/out"
}

# check WHAT: the results of the keys.
check() {
	have "console: ready" "$1: init runs with the console as stdin"
	have "console: line 6 [hello]" "$1: a canonical line, CR mapped to NL"
	have "console: line 4 [abc]" "$1: DEL erases a character"
	have "console: line 5 [one ]" "$1: ^U kills the line, ^W erases a word"
	# (only the erase sequence: the program's own output may land between echoed keys)
	have $'\b \b' "$1: erase echoes backspace-space-backspace"
	have "console: eof 0 isatty 1" "$1: ^D on an empty line reads as end of file; isatty"
	have "console: winsize 80x24" "$1: TIOCGWINSZ"
	have "console: raw 3 [xyz]" "$1: raw mode with VMIN 3"
	have "console: poll 1 revents 1" "$1: poll waits for console input"
	have "console: pipe select 0 poll 1/4 select 1 poll 1/10 read 0" \
		"$1: pipes with select and poll; end of file"
	have "console: devtmpfs 0 zero 0 ttyS0 c 4:64 fifo 4" "$1: devtmpfs nodes, mknod FIFO"
}

mkdir -p "$work/root1" "$work/root2/dev"
cp "$work/init" "$work/root1/init"
cp "$work/init" "$work/root2/init"
boot "$work/root1"
check "no /dev"
if mknod "$work/root2/dev/console" c 5 1 2>/dev/null; then
	boot "$work/root2"
	check "/dev/console node"
	if grep -q "unable to open an initial console" "$work/out"; then
		not_ok "/dev/console node: init's fds are not /dev/console"
	else
		ok "/dev/console node: init's fds 0-2 are /dev/console"
	fi
else
	echo "ok - /dev/console node # SKIP mknod needs root"
fi

# An interactive busybox shell (Debian's busybox-static): a builtin, and read(1) of a line.
if [ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q "statically linked"; then
	mkdir -p "$work/root3/bin"
	cp /bin/busybox "$work/root3/bin/"
	ln -s busybox "$work/root3/bin/sh"
	boot "$work/root3" "/ # " 'echo hello-$((6*7))\rread x; echo got:$x\rtyped line\rexit 3\r' \
		"rdinit=/bin/sh"
	have "hello-42" "busybox sh: a command typed on the console runs"
	have "got:typed line" "busybox sh: read gets the next line"
	have "exitcode=0x00000300" "busybox sh: exit 3 ends init"
else
	echo "ok - busybox sh # SKIP no static /bin/busybox (apt-get install busybox-static)"
fi
finish
