// SPDX-License-Identifier: MPL-2.0
// The aarch64 boot identity map (built in head.S): physical == virtual, RAM normal cacheable,
// everything else Device memory once the memory map is known.
#include <hal/arch.h>
#include <arch/a64.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>

/* RAM reported by the memory map; until then just the kernel image. */
static uintptr_t ram_start = (uintptr_t)_kernel_start, ram_end = (uintptr_t)_kernel_end;
static paddr_t direct_map_limit = A64_IDMAP_LIMIT;

void *arch_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

paddr_t arch_virt_to_phys(const void *va)
{
	return (uintptr_t)va;
}

paddr_t arch_direct_map_limit(void)
{
	return direct_map_limit;
}

bool a64_ram_contains(uintptr_t addr, size_t size)
{
	return addr >= ram_start && addr < ram_end && size <= ram_end - addr;
}

static bool block_holds_memory(const struct boot_info *bi, u64 start)
{
	u64 end = start + (1ULL << A64_L1_SHIFT);
	unsigned int i;

	if ((uintptr_t)_kernel_start < end && (uintptr_t)_kernel_end > start)
		return true;
	for (i = 0; i < bi->nr_regions; i++) {
		const struct mem_region *r = &bi->regions[i];

		if (r->size && r->base < end && r->base + r->size > start)
			return true;
	}
	return false;
}

/* The extent of usable RAM, clipped to what the identity map covers. */
static void note_ram_extent(const struct boot_info *bi)
{
	u64 lo = ~0ULL, hi = 0;
	unsigned int i;

	for (i = 0; i < bi->nr_regions; i++) {
		const struct mem_region *r = &bi->regions[i];

		if (r->type != MEM_USABLE || !r->size || r->base >= A64_IDMAP_LIMIT)
			continue;
		lo = MIN(lo, r->base);
		hi = MAX(hi, MIN(r->base + r->size, A64_IDMAP_LIMIT));
	}
	if (hi > lo) {
		ram_start = MIN(lo, ram_start);
		ram_end = MAX(hi, ram_end);
		direct_map_limit = hi;
	}
}

/*
 * The first GiB (a table of Device blocks, head.S) stays as it is. Changing a live block's memory type needs
 * break-before-make: invalidate, flush the TLB, then write the new descriptor. Nothing has
 * touched these blocks, but speculation could have cached them.
 */
void a64_mmu_init_ram(const struct boot_info *bi)
{
	bool device[A64_L1_ENTRIES] = { false };
	unsigned int i;

	note_ram_extent(bi);
	for (i = 1; i < A64_L1_ENTRIES; i++) {
		device[i] = !block_holds_memory(bi, (u64)i << A64_L1_SHIFT);
		if (device[i])
			a64_idmap_l1[i] = 0;
	}
	a64_dsb(ishst);
	__asm__ volatile("tlbi vmalle1" : : : "memory");
	a64_dsb(nsh);
	a64_isb();
	for (i = 1; i < A64_L1_ENTRIES; i++)
		if (device[i])
			a64_idmap_l1[i] = ((u64)i << A64_L1_SHIFT) | A64_BLOCK_DEVICE;
	a64_dsb(ishst);
	a64_isb();
}
