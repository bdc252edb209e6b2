// SPDX-License-Identifier: MPL-2.0
// Private to hal/mm/: the kernel's own page tables (direct map, image, I/O window).
#ifndef HAL_MM_KMAP_H
#define HAL_MM_KMAP_H

#include <hal/mm.h>
#include <hal/types.h>

/* kmap_root - the kernel tables' root, or 0 before kmap built them (or without paging). */
paddr_t kmap_root(void);

/*
 * kmap_direct_mapped - true when every page of [@pa, @pa + @len) is mapped in the direct
 * map. Before kmap runs, true for whatever the arch's boot tables cover.
 */
bool kmap_direct_mapped(paddr_t pa, size_t len);

/*
 * kmap_direct_overlaps - true when any page of [@pa, @pa + @len) is in the direct map (RAM:
 * another mapping of it must be write-back too). @len is expected to be small (device
 * register blocks): the check walks page by page.
 */
bool kmap_direct_overlaps(paddr_t pa, size_t len);

/*
 * kmap_window_map - map [@pa, @pa + @len) (page-aligned) at a fresh range of the I/O window
 * with @prop (kernel, no execute). Process context or boot. Returns the address or
 * ERR_PTR(-ENOMEM / -EINVAL / -EOPNOTSUPP).
 */
void *kmap_window_map(paddr_t pa, size_t len, struct vm_prop prop);

/*
 * kmap_window_unmap - unmap the window range that starts at @va, flushing every CPU's TLB
 * before the range can be handed out again. Returns 0, or -EINVAL when @va does not start
 * a window mapping.
 */
int kmap_window_unmap(vaddr_t va);

/* kmap_window_contains - is @va inside the I/O window? */
bool kmap_window_contains(vaddr_t va);

/*
 * tlb_flush_kernel_range - flush [@va, @va + @len) of the kernel half on every CPU. Process
 * context or boot (it may wait for other CPUs).
 */
void tlb_flush_kernel_range(vaddr_t va, size_t len);

#endif /* HAL_MM_KMAP_H */
