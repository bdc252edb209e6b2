// SPDX-License-Identifier: MPL-2.0
// aarch64 physical layout (QEMU virt) and boot constants. Plain numbers only: included from C,
// assembly and the linker script.
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

/*
 * The image is linked, not relocatable: it must run at RAM base + text_offset, which is where
 * QEMU -kernel and U-Boot booti put an Image whose header flags say "near the start of DRAM".
 */
#define A64_RAM_BASE	0x40000000
#define A64_TEXT_OFFSET 0x200000
#define A64_KERNEL_BASE (A64_RAM_BASE + A64_TEXT_OFFSET)

/* Image header flags: little-endian (bit 0 = 0), 4 KiB pages (bits 1-2 = 1), placed near DRAM
 * start (bit 3 = 0). */
#define A64_IMAGE_FLAGS 0x2
#define A64_IMAGE_MAGIC 0x644d5241 /* "ARM\x64" */

/* The boot CPU's stack until the scheduler gives it another one. */
#define A64_BOOT_STACK_SIZE 0x8000

/* The early console before the device tree is read; 0 = none. */
#ifdef CONFIG_A64_EARLY_PL011
#define A64_EARLY_PL011 CONFIG_A64_EARLY_PL011
#else
#define A64_EARLY_PL011 0x09000000
#endif

/* The largest DTB the boot protocol allows (Documentation/arch/arm64/booting.rst: 2 MiB). */
#define A64_FDT_MAX_SIZE 0x200000

#endif /* ARCH_LAYOUT_H */
