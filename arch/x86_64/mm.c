// SPDX-License-Identifier: MPL-2.0
// The direct map of physical memory and the kernel image window (see arch/layout.h).
#include <hal/arch.h>
#include <hal/log.h>
#include <arch/boot.h>
#include <arch/layout.h>

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
	return DIRECT_MAP_EARLY_SIZE;
}

/* x86_phys_range_mapped - true when [@pa, @pa + @len) is inside the direct map. */
bool x86_phys_range_mapped(paddr_t pa, u64 len)
{
	paddr_t limit = arch_direct_map_limit();

	return pa < limit && len <= limit - pa;
}
