// SPDX-License-Identifier: MPL-2.0
// Helpers shared by the PVH and multiboot2 parsers: E820 memory types (both protocols use
// them) and bounded string copies out of loader memory.
#ifndef X86_BOOT_BOOT_H
#define X86_BOOT_BOOT_H

#include <hal/boot_info.h>

#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_UNUSABLE 5

static inline enum mem_type e820_to_mem_type(u32 type)
{
	switch (type) {
	case E820_RAM:
		return MEM_USABLE;
	case E820_ACPI:
		return MEM_ACPI_RECLAIM;
	case E820_NVS:
		return MEM_ACPI_NVS;
	case E820_UNUSABLE:
		return MEM_BAD;
	default:
		return MEM_RESERVED;
	}
}

/*
 * x86_boot_cmdline - copy the loader's command line at @s, which is valid for at most @max
 * bytes and need not be NUL-terminated within them, into @bi.
 */
void x86_boot_cmdline(struct boot_info *bi, const char *s, size_t max);

/*
 * x86_boot_cmdline_phys - the same for a NUL-terminated string at physical @pa (0: none).
 * Returns false when @pa is outside the direct map.
 */
bool x86_boot_cmdline_phys(struct boot_info *bi, paddr_t pa);

#endif /* X86_BOOT_BOOT_H */
