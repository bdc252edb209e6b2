// SPDX-License-Identifier: MPL-2.0
// Private to hal/mm/: the boot memory map turned into a sorted list of free physical ranges.
#ifndef HAL_MM_MEMMAP_H
#define HAL_MM_MEMMAP_H

#include <hal/boot_info.h>
#include <hal/types.h>

/* Room for every usable region plus one split for each hole punched into them. */
#define MEMMAP_MAX_RANGES (2 * BOOT_MAX_REGIONS + 16)

struct phys_range {
	paddr_t start, end; /* page-aligned, end exclusive */
};

struct memmap {
	struct phys_range ranges[MEMMAP_MAX_RANGES]; /* sorted, disjoint, not adjacent */
	unsigned int nr;
	u64 usable_bytes; /* usable RAM as reported, before anything is taken out */
};

/*
 * memmap_build - usable RAM from @bi, sorted and merged, minus reserved regions, the kernel,
 * the initrd, page 0 and everything at or above @limit.
 */
void memmap_build(struct memmap *m, const struct boot_info *bi, paddr_t limit);

/* memmap_log - the regions of @bi as Linux prints its e820 map, after a summary line. */
void memmap_log(const struct boot_info *bi, u64 usable);

/* memmap_subtract - remove [start, end) from the free ranges. */
void memmap_subtract(struct memmap *m, paddr_t start, paddr_t end);

/* memmap_take - carve @size bytes (page-rounded) from the top of the highest range that
 * holds them. Returns the physical start, or 0 when nothing fits. */
paddr_t memmap_take(struct memmap *m, u64 size);

/* memmap_free_bytes - the total of the free ranges. */
u64 memmap_free_bytes(const struct memmap *m);

#endif /* HAL_MM_MEMMAP_H */
