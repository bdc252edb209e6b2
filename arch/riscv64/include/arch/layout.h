// SPDX-License-Identifier: MPL-2.0
// riscv64 physical layout (QEMU virt) and boot constants. Plain numbers only: included from C,
// assembly and the linker script.
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

/*
 * The image is linked, not relocatable: it runs where OpenSBI's fw_dynamic (QEMU -kernel) and
 * U-Boot booti put it, RAM base + text_offset. head.S refuses to run anywhere else.
 */
#define RV_RAM_BASE    0x80000000
#define RV_TEXT_OFFSET 0x200000
#define RV_KERNEL_BASE (RV_RAM_BASE + RV_TEXT_OFFSET)

/* Image header (Linux Documentation/arch/riscv/boot-image-header.rst), version 0.2. */
#define RV_IMAGE_VERSION ((0 << 16) | 2)
#define RV_IMAGE_MAGIC	 0x5643534952 /* "RISCV\0\0\0", deprecated but still read by some */
#define RV_IMAGE_MAGIC2	 0x05435352   /* "RSC\x05" */

/* The boot hart's stack until the scheduler gives it another one. */
#define RV_BOOT_STACK_SIZE 0x8000

/* The NS16550A that prints before the device tree is read (QEMU virt), reg-shift 0. */
#define RV_EARLY_UART 0x10000000

/* The largest device tree accepted (the size Linux allows on arm64 and riscv). */
#define RV_FDT_MAX_SIZE 0x200000

#endif /* ARCH_LAYOUT_H */
