// SPDX-License-Identifier: MPL-2.0
// Turns the firmware's memory map (unsorted, overlapping) into the free ranges the frame
// allocator starts from, and logs it the way Linux logs its e820 map.
#define pr_fmt(fmt) "mm: " fmt

#include <hal/compiler.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/mm.h>
#include "memmap.h"

#define PADDR_MAX ((paddr_t)-1)

static const char *mem_type_name(enum mem_type type)
{
	switch (type) {
	case MEM_USABLE:
		return "usable";
	case MEM_RESERVED:
		return "reserved";
	case MEM_ACPI_RECLAIM:
		return "ACPI data";
	case MEM_ACPI_NVS:
		return "ACPI NVS";
	case MEM_BAD:
		return "unusable";
	}
	return "unknown";
}

/* base + size without wrapping past the top of the address space. */
static paddr_t region_end(paddr_t base, u64 size)
{
	return size > PADDR_MAX - base ? PADDR_MAX : base + size;
}

static void range_insert(struct memmap *m, unsigned int at, paddr_t start, paddr_t end)
{
	if (m->nr >= MEMMAP_MAX_RANGES)
		return; /* losing a free range only wastes memory */
	memmove(&m->ranges[at + 1], &m->ranges[at], (m->nr - at) * sizeof(m->ranges[0]));
	m->ranges[at] = (struct phys_range){ start, end };
	m->nr++;
}

static void range_remove(struct memmap *m, unsigned int at)
{
	m->nr--;
	memmove(&m->ranges[at], &m->ranges[at + 1], (m->nr - at) * sizeof(m->ranges[0]));
}

/* Add [start, end) keeping the list sorted, then merge whatever now touches or overlaps. */
static void memmap_add(struct memmap *m, paddr_t start, paddr_t end)
{
	unsigned int i = 0;

	if (start >= end)
		return;
	while (i < m->nr && m->ranges[i].start < start)
		i++;
	range_insert(m, i, start, end);
	for (i = 0; i + 1 < m->nr;) {
		struct phys_range *a = &m->ranges[i], *b = &m->ranges[i + 1];

		if (b->start > a->end) {
			i++;
			continue;
		}
		a->end = MAX(a->end, b->end);
		range_remove(m, i + 1);
	}
}

void memmap_subtract(struct memmap *m, paddr_t start, paddr_t end)
{
	if (start >= end)
		return; /* empty or reversed: splitting a range on it would overlap the halves */
	for (unsigned int i = 0; i < m->nr; i++) {
		struct phys_range *r = &m->ranges[i];

		if (end <= r->start || start >= r->end)
			continue;
		if (start > r->start && end < r->end) {
			range_insert(m, i + 1, end, r->end);
			m->ranges[i].end = start;
			return; /* ranges are disjoint: nothing else overlaps */
		}
		if (start <= r->start)
			r->start = MIN(end, r->end);
		else
			r->end = start;
		if (r->start >= r->end)
			range_remove(m, i--);
	}
}

/* Punch out a non-RAM or in-use area, widened to whole pages. */
static void memmap_reserve(struct memmap *m, paddr_t base, u64 size)
{
	paddr_t end = region_end(base, size);

	if (!size)
		return;
	end = end > PADDR_MAX - PAGE_SIZE ? PADDR_MAX : ALIGN_UP(end, PAGE_SIZE);
	memmap_subtract(m, ALIGN_DOWN(base, PAGE_SIZE), end);
}

/* The region after @prev (NULL: the first) in (base, index) order, without sorting in place:
 * the boot map stays as the firmware gave it, but the log reads in address order. */
static const struct mem_region *next_region(const struct boot_info *bi,
					    const struct mem_region *prev)
{
	const struct mem_region *best = NULL;

	for (unsigned int i = 0; i < bi->nr_regions; i++) {
		const struct mem_region *r = &bi->regions[i];

		if (prev && (r->base < prev->base || (r->base == prev->base && r <= prev)))
			continue;
		if (!best || r->base < best->base)
			best = r;
	}
	return best;
}

void memmap_log(const struct boot_info *bi, u64 usable)
{
	const struct mem_region *r = NULL;

	pr_info("memory map: %u regions, %llu.%llu MiB usable\n", bi->nr_regions,
		(unsigned long long)(usable >> 20),
		(unsigned long long)((usable & ((1 << 20) - 1)) * 10 >> 20));
	while ((r = next_region(bi, r)))
		pr_info("  [mem 0x%016llx-0x%016llx] %s\n", (unsigned long long)r->base,
			(unsigned long long)(region_end(r->base, r->size) - 1),
			mem_type_name(r->type));
}

static void memmap_add_usable(struct memmap *m, const struct boot_info *bi)
{
	for (unsigned int i = 0; i < bi->nr_regions; i++) {
		const struct mem_region *r = &bi->regions[i];

		/* A base in the top page would round up past 2^64 to 0. */
		if (r->type == MEM_USABLE && r->base <= PADDR_MAX - (PAGE_SIZE - 1))
			memmap_add(m, ALIGN_UP(r->base, PAGE_SIZE),
				   ALIGN_DOWN(region_end(r->base, r->size), PAGE_SIZE));
	}
	m->usable_bytes = memmap_free_bytes(m);
}

void memmap_build(struct memmap *m, const struct boot_info *bi, paddr_t limit)
{
	memset(m, 0, sizeof(*m));
	memmap_add_usable(m, bi);
	for (unsigned int i = 0; i < bi->nr_regions; i++) {
		if (bi->regions[i].type != MEM_USABLE)
			memmap_reserve(m, bi->regions[i].base, bi->regions[i].size);
	}
	memmap_reserve(m, bi->kernel_start, bi->kernel_end - bi->kernel_start);
	memmap_reserve(m, bi->initrd_start, bi->initrd_size);
	/* Page 0 stays out: a physical address of 0 means "no memory" to pmm_alloc_pages(). */
	memmap_subtract(m, 0, PAGE_SIZE);
	memmap_subtract(m, ALIGN_DOWN(limit, PAGE_SIZE), PADDR_MAX);
}

paddr_t memmap_take(struct memmap *m, u64 size)
{
	if (!size || size > PADDR_MAX - (PAGE_SIZE - 1))
		return 0; /* would round to 0 and "succeed" without taking anything */
	size = ALIGN_UP(size, PAGE_SIZE);
	for (unsigned int i = m->nr; i > 0; i--) {
		struct phys_range *r = &m->ranges[i - 1];

		if (r->end - r->start >= size) {
			paddr_t start = r->end - size;

			memmap_subtract(m, start, r->end);
			return start;
		}
	}
	return 0;
}

u64 memmap_free_bytes(const struct memmap *m)
{
	u64 total = 0;

	for (unsigned int i = 0; i < m->nr; i++)
		total += m->ranges[i].end - m->ranges[i].start;
	return total;
}
