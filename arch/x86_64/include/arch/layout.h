// SPDX-License-Identifier: MPL-2.0
// x86_64 virtual memory layout. Plain numbers only: included from C, assembly and the linker script.
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

/* The kernel image window: virtual = physical + KERNEL_VMA_BASE for the first 1 GiB. */
#define KERNEL_VMA_BASE 0xffffffff80000000
/* Where the loader puts the image (1 MiB: above the legacy BIOS area). */
#define KERNEL_LOAD_PHYS 0x100000

/* The direct map of physical memory, and how much of it the early page tables cover. */
#define DIRECT_MAP_BASE	      0xffff800000000000
#define DIRECT_MAP_EARLY_SIZE 0x100000000

/* Stacks: the boot CPU's initial kernel stack and the IST stacks for #DF and NMI. */
#define BOOT_STACK_SIZE 0x4000
#define IST_STACK_SIZE	0x2000

#endif /* ARCH_LAYOUT_H */
