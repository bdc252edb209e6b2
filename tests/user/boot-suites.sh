#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Boot KERNEL in QEMU with an initramfs of the suite binaries (scripts/mkinitramfs, /init =
# tests/user/suites-init) and report as run-suites.sh does: the last line is
# "user-NAME: N passed, M failed". Used with a Debian Linux kernel (linux-image-amd64, an
# optional test aid) to prove the expectations and the initramfs on the real thing.
# usage: boot-suites.sh NAME KERNEL OUTDIR BINARY...   (QEMU, BOOT_TIMEOUT may be set)
set -u

name=$1
kernel=$2
out=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ -z "$kernel" ] || [ ! -r "$kernel" ]; then
	echo "# user-$name: skipped: no kernel to boot (apt-get install linux-image-amd64)"
	echo "user-$name: 0 passed, 0 failed"
	exit 0
fi
overlay=$out/suites-root
rm -rf "$overlay"
mkdir -p "$overlay/usr/lib/keel-tests"
cp "$@" "$here/run-suites.sh" "$overlay/usr/lib/keel-tests/"
"$root/scripts/mkinitramfs" --gzip --overlay "$overlay" --init "$here/suites-init" \
	--output "$out/suites.cpio.gz" >/dev/null || exit 1

log=$out/boot-$name.log
timeout "${BOOT_TIMEOUT:-600}" "${QEMU:-qemu-system-x86_64}" -m 512 -smp 2 -nographic \
	-no-reboot -kernel "$kernel" -initrd "$out/suites.cpio.gz" \
	-append "console=ttyS0 quiet panic=-1 KEEL_SUITES=$name" </dev/null 2>&1 |
	tr -d '\r' | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g' >"$log"
# The suite lines are the runner's: "<binary>: ...", "# <binary>: ..." and the summary.
grep -E "^suites: |^(# )?[a-z0-9_]+-(musl|glibc): " "$log"
summary=$(grep -E "^user-$name: [0-9]+ passed, [0-9]+ failed$" "$log" | tail -n 1)
if [ -z "$summary" ]; then
	echo "# user-$name: no summary from the guest (hang, panic or timeout); see $log"
	summary="user-$name: 0 passed, 1 failed"
fi
echo "$summary"
case $summary in *", 0 failed") exit 0 ;; *) exit 1 ;; esac
