// SPDX-License-Identifier: MPL-2.0
// Private to hal/mm/: the generic page-table walker over the arch's PTE format (arch_mm.h).
// Callers serialize operations on one tree and flush TLBs themselves.
#ifndef HAL_MM_PT_H
#define HAL_MM_PT_H

#include <hal/arch_mm.h>
#include <hal/mm.h>
#include <hal/types.h>

#ifdef CONFIG_ARCH_HAS_PAGING

/* pt_alloc_table - a zeroed table page. Any context but NMI. Returns it, or 0. */
paddr_t pt_alloc_table(void);
/* pt_free_table - give back a table page from pt_alloc_table(). */
void pt_free_table(paddr_t table);

/*
 * pt_map - map [@va, @va + @len) to [@pa, @pa + @len) with @prop, using leaves up to
 * @max_level (1 = 4 KiB pages only) where alignment allows. Tables are made user-accessible
 * when @prop has PT_USER. All of va, pa and len page-aligned, the range not wrapping.
 * Returns 0, -EEXIST when something is mapped in the way (mapping stops there), or -ENOMEM
 * (pages mapped before the failure stay mapped).
 */
int pt_map(paddr_t root, vaddr_t va, paddr_t pa, size_t len, struct vm_prop prop,
	   unsigned int max_level);

/* Called for every leaf pt_unmap() removes, with its old entry. */
typedef void (*pt_leaf_fn)(void *arg, vaddr_t va, pte_t old, unsigned int level);

/*
 * pt_unmap - remove every leaf in [@va, @va + @len), splitting huge leaves that are only
 * partly inside. @fn (may be NULL) sees each removed leaf. Tables stay.
 * Returns the number of 4 KiB pages unmapped, or -ENOMEM when a split failed (the part
 * before it is unmapped).
 */
long pt_unmap(paddr_t root, vaddr_t va, size_t len, pt_leaf_fn fn, void *arg);

/*
 * pt_protect - give every leaf in [@va, @va + @len) the rights (VM_READ/WRITE/EXEC) of
 * @flags, keeping the rest of its properties; splits partly covered huge leaves.
 * Returns the number of 4 KiB pages changed, or -ENOMEM.
 */
long pt_protect(paddr_t root, vaddr_t va, size_t len, u32 flags);

/*
 * pt_query - the leaf that maps @va: true with *@pte and *@level set, false when nothing
 * maps it. Any context (lock-free; the answer may be stale unless the caller holds the lock).
 */
bool pt_query(paddr_t root, vaddr_t va, pte_t *pte, unsigned int *level);

/*
 * pt_free_tables - free every table below the root entries [@first, @last) of @root (the
 * leaves in them must be gone already; huge leaves are simply dropped), and clear those
 * entries. The root itself stays.
 */
void pt_free_tables(paddr_t root, unsigned int first, unsigned int last);

#endif /* CONFIG_ARCH_HAS_PAGING */
#endif /* HAL_MM_PT_H */
