// SPDX-License-Identifier: MPL-2.0
// What an architecture hands to hal_main(): the machine as its boot protocol described it.
#ifndef HAL_BOOT_INFO_H
#define HAL_BOOT_INFO_H

#include <hal/types.h>

enum mem_type {
	MEM_USABLE = 1,
	MEM_RESERVED,
	MEM_ACPI_RECLAIM,
	MEM_ACPI_NVS,
	MEM_BAD,
};

struct mem_region {
	paddr_t base;
	u64 size;
	enum mem_type type;
};

#define BOOT_MAX_REGIONS 128
#define BOOT_CMDLINE_MAX 1024

struct boot_info {
	/* "PVH", "multiboot2", "OpenSBI", "arm64 Image": how we were entered. */
	const char *protocol;
	/* NUL-terminated kernel command line (copied: the firmware's copy may be reclaimed). */
	char cmdline[BOOT_CMDLINE_MAX];
	/* Physical memory map, as reported. Overlaps and unsorted entries are allowed. */
	struct mem_region regions[BOOT_MAX_REGIONS];
	unsigned int nr_regions;
	/* Physical extent of the kernel image (text through bss), kept out of the allocator. */
	paddr_t kernel_start, kernel_end;
	/* Initramfs blob, or size 0 when none was given. */
	paddr_t initrd_start;
	u64 initrd_size;
	/* Firmware tables: ACPI RSDP (x86_64) or flattened device tree; 0 when absent. */
	paddr_t acpi_rsdp;
	paddr_t fdt;
	/* Hardware id of the boot CPU (APIC id, hart id, MPIDR affinity). */
	u64 boot_cpu_id;
	/* Number of CPUs the firmware described (0 when the arch has not looked yet). */
	unsigned int nr_cpus;
};

/*
 * boot_info_add_region - append a region to @bi's memory map; silently drops entries past
 * BOOT_MAX_REGIONS (and counts them in the boot log). Used by arch boot code.
 */
void boot_info_add_region(struct boot_info *bi, paddr_t base, u64 size, enum mem_type type);

/* boot_info_set_cmdline - copy @s (truncated to BOOT_CMDLINE_MAX - 1) into @bi. */
void boot_info_set_cmdline(struct boot_info *bi, const char *s);

/*
 * boot_info_check_initrd - drop an initrd that overlaps the kernel image (a loader may put it
 * where a large kernel's .bss lands), with an error in the log. Arch boot code, once.
 */
void boot_info_check_initrd(struct boot_info *bi);

#endif /* HAL_BOOT_INFO_H */
