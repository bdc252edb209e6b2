// SPDX-License-Identifier: MPL-2.0
// The riscv64 direct map: with the MMU off (satp = Bare) a physical address is its own virtual
// address, so the map covers everything up to the top of RAM.
#include <hal/arch.h>
#include <arch/layout.h>
#include <arch/rv.h>

/* RAM extent from the memory map; until it is known, assume QEMU virt's minimum (128 MiB). */
static paddr_t ram_start = RV_RAM_BASE, ram_end = RV_RAM_BASE + 0x8000000;

void rv_ram_init(const struct boot_info *bi)
{
	paddr_t lo = ~(paddr_t)0, hi = 0;
	unsigned int i;

	for (i = 0; i < bi->nr_regions; i++) {
		const struct mem_region *r = &bi->regions[i];

		if (r->type != MEM_USABLE || r->base + r->size < r->base)
			continue;
		lo = MIN(lo, r->base);
		hi = MAX(hi, r->base + r->size);
	}
	if (hi > lo) {
		ram_start = lo;
		ram_end = hi;
	}
}

bool rv_ram_contains(uintptr_t addr, size_t size)
{
	return addr >= ram_start && addr <= ram_end && size <= ram_end - addr;
}

void *arch_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)pa; /* NOLINT(performance-no-int-to-ptr): identity map */
}

paddr_t arch_virt_to_phys(const void *va)
{
	return (paddr_t)(uintptr_t)va;
}

paddr_t arch_direct_map_limit(void)
{
	return ram_end;
}
