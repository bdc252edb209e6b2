// SPDX-License-Identifier: MPL-2.0
// The direct map of physical memory and the kernel image window (see arch/layout.h): what RAM
// it must cover, and its early extension past 4 GiB before the frame allocator starts.
#define pr_fmt(fmt) "x86: " fmt

#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/log.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/mmu.h>

#define GiB (1ULL << 30)
/* One page-directory-pointer table of 1 GiB entries: what the boot tables can grow to. */
#define EARLY_MAP_MAX (512 * GiB)
#define MAX_SPANS     64

/* Written by x86_mm_early_init() on the boot CPU before hal_main(), read-only afterwards. */
static paddr_t direct_map_limit = DIRECT_MAP_EARLY_SIZE;
static struct phys_span ram_spans[MAX_SPANS];
static unsigned int nr_ram_spans;

extern u64 x86_early_pml4[];

void *arch_phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)(DIRECT_MAP_BASE + pa);
}

/* Both the direct map and the image window translate; anything else is a caller's bug. */
paddr_t arch_virt_to_phys(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= KERNEL_VMA_BASE)
		return v - KERNEL_VMA_BASE;
	BUG_ON(v < DIRECT_MAP_BASE || v - DIRECT_MAP_BASE >= arch_direct_map_limit());
	return v - DIRECT_MAP_BASE;
}

paddr_t arch_direct_map_limit(void)
{
	return direct_map_limit;
}

/*
 * x86_phys_range_mapped - true when [@pa, @pa + @len) is inside the direct map: all of it
 * below the limit while the boot tables run, only the RAM spans once kmap's tables do.
 */
bool x86_phys_range_mapped(paddr_t pa, u64 len)
{
	paddr_t limit = arch_direct_map_limit();

	if (pa >= limit || len > limit - pa)
		return false;
	if (!x86_kernel_cr3() || !nr_ram_spans)
		return true;
	for (unsigned int i = 0; i < nr_ram_spans; i++) {
		if (pa >= ram_spans[i].start && pa + len <= ram_spans[i].end)
			return true;
	}
	return false;
}

/* Memory the direct map covers: RAM, firmware data in RAM, and the BIOS area below 1 MiB. */
static bool region_is_ram(const struct mem_region *r)
{
	if (r->type == MEM_USABLE || r->type == MEM_ACPI_RECLAIM || r->type == MEM_ACPI_NVS)
		return true;
	return r->type == MEM_RESERVED && r->base + r->size <= 0x100000;
}

/* Insert [start, end) keeping the list sorted and merged. */
static void add_span(paddr_t start, paddr_t end)
{
	unsigned int i = 0, j;

	while (i < nr_ram_spans && ram_spans[i].end < start)
		i++;
	if (i < nr_ram_spans && ram_spans[i].start <= end) {
		ram_spans[i].start = MIN(ram_spans[i].start, start);
		ram_spans[i].end = MAX(ram_spans[i].end, end);
		/* The grown span may now reach the ones after it. */
		while (i + 1 < nr_ram_spans && ram_spans[i + 1].start <= ram_spans[i].end) {
			ram_spans[i].end = MAX(ram_spans[i].end, ram_spans[i + 1].end);
			for (j = i + 1; j + 1 < nr_ram_spans; j++)
				ram_spans[j] = ram_spans[j + 1];
			nr_ram_spans--;
		}
		return;
	}
	if (WARN_ON(nr_ram_spans == MAX_SPANS))
		return;
	for (j = nr_ram_spans++; j > i; j--)
		ram_spans[j] = ram_spans[j - 1];
	ram_spans[i] = (struct phys_span){ start, end };
}

/* Map [4 GiB, @top) with 1 GiB pages in the boot tables' direct-map PDPT. */
static void extend_early_map(paddr_t top)
{
	u64 pml4e = x86_early_pml4[(DIRECT_MAP_BASE >> 39) & 511];
	u64 *pdpt = (u64 *)(uintptr_t)(KERNEL_VMA_BASE + (pml4e & X86_PTE_ADDR));

	for (paddr_t pa = DIRECT_MAP_EARLY_SIZE; pa < top; pa += GiB)
		pdpt[pa / GiB] = pa | X86_PTE_P | X86_PTE_W | X86_PTE_PS;
	x86_write_cr3(x86_read_cr3());
}

void x86_mm_early_init(const struct boot_info *bi)
{
	paddr_t top = 0;

	for (unsigned int i = 0; i < bi->nr_regions; i++) {
		const struct mem_region *r = &bi->regions[i];
		paddr_t end = r->base + r->size;

		if (!r->size || end < r->base || !region_is_ram(r))
			continue;
		add_span(ALIGN_DOWN(r->base, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE));
		if (r->type == MEM_USABLE)
			top = MAX(top, end);
	}
	if (top <= DIRECT_MAP_EARLY_SIZE)
		return;
	/* Without 1 GiB pages the boot tables would need memory nobody can allocate yet. */
	if (!(x86_cpuid(0x80000001, 0).edx & (1u << 26))) {
		pr_warn("RAM above 4 GiB ignored: the CPU has no 1 GiB pages\n");
		return;
	}
	top = MIN(ALIGN_UP(top, GiB), EARLY_MAP_MAX);
	extend_early_map(top);
	direct_map_limit = top;
}

unsigned int arch_ram_spans(struct phys_span *spans, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_ram_spans && n < max; i++) {
		if (ram_spans[i].start >= direct_map_limit)
			break;
		spans[n] = ram_spans[i];
		spans[n].end = MIN(spans[n].end, direct_map_limit);
		n++;
	}
	return n;
}
