// SPDX-License-Identifier: MPL-2.0
// The x86_64 page-table format for the generic walker (hal/internal/hal/arch_mm.h): 4 levels of
// 512 entries, 2 MiB leaves at level 2 and 1 GiB leaves at level 3 when the CPU has them.
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <hal/compiler.h>
#include <hal/mm.h>
#include <hal/types.h>
#include <arch/mmu.h>

#define ARCH_PT_LEVELS	       4
#define ARCH_PT_INDEX_BITS     9
#define ARCH_USER_VA_END       X86_USER_VA_END
#define ARCH_KERNEL_ROOT_FIRST 256
#define ARCH_IOMEM_BASE	       X86_IOMEM_BASE
#define ARCH_IOMEM_SIZE	       X86_IOMEM_SIZE

typedef u64 pte_t;

static inline bool arch_pt_leaf_ok(unsigned int level)
{
	return level <= 2 || (level == 3 && x86_has_gbpages);
}

static inline bool arch_pte_valid(pte_t e)
{
	return e & (X86_PTE_P | X86_PTE_NONE);
}

static inline bool arch_pte_is_leaf(pte_t e, unsigned int level)
{
	return level == 1 || (e & X86_PTE_PS);
}

static inline paddr_t arch_pte_paddr(pte_t e, unsigned int level)
{
	u64 mask = X86_PTE_ADDR;

	if (level > 1 && (e & X86_PTE_PS))
		mask &= ~((1ULL << (12 + 9 * (level - 1))) - 1);
	return e & mask;
}

/* The PAT bit moves from bit 7 (4 KiB leaves) to bit 12 in huge leaves, where 7 means PS. */
static inline u64 x86_pte_pat_bit(unsigned int level)
{
	return level == 1 ? X86_PTE_PAT : X86_PTE_PAT_HUGE;
}

static inline struct vm_prop arch_pte_prop(pte_t e, unsigned int level)
{
	struct vm_prop p = { 0, CACHE_WB };
	unsigned int idx = 0;

	if (e & X86_PTE_P)
		p.flags |= VM_READ | (e & X86_PTE_W ? VM_WRITE : 0) |
			   (e & X86_PTE_NX ? 0 : VM_EXEC);
	p.flags |= (e & X86_PTE_U ? PT_USER : 0) | (e & X86_PTE_G ? PT_GLOBAL : 0);
	p.flags |= (e & X86_PTE_A ? VM_ACCESSED : 0) | (e & X86_PTE_D ? VM_DIRTY : 0);
	idx = (e & X86_PTE_PWT ? 1 : 0) | (e & X86_PTE_PCD ? 2 : 0) |
	      (e & x86_pte_pat_bit(level) ? 4 : 0);
	p.cache = x86_pat_to_cache(idx);
	return p;
}

static inline pte_t arch_pte_leaf(paddr_t pa, struct vm_prop prop, unsigned int level)
{
	unsigned int idx = x86_cache_to_pat(prop.cache);
	/* Kernel pages come pre-accessed and pre-dirtied: nobody reads those bits back. */
	bool kernel = !(prop.flags & PT_USER);
	pte_t e = pa & X86_PTE_ADDR;

	if (kernel || (prop.flags & VM_ACCESSED))
		e |= X86_PTE_A;
	if (prop.flags & VM_RWX) {
		e |= X86_PTE_P;
		if (prop.flags & VM_WRITE)
			e |= X86_PTE_W | (kernel || (prop.flags & VM_DIRTY) ? X86_PTE_D : 0);
		if (!(prop.flags & VM_EXEC))
			e |= x86_pte_nx;
	} else {
		e |= X86_PTE_NONE; /* mapped without rights: not present to the CPU */
	}
	e |= (prop.flags & PT_USER ? X86_PTE_U : 0) | (prop.flags & PT_GLOBAL ? X86_PTE_G : 0);
	e |= (idx & 1 ? X86_PTE_PWT : 0) | (idx & 2 ? X86_PTE_PCD : 0) |
	     (idx & 4 ? x86_pte_pat_bit(level) : 0);
	if (level > 1)
		e |= X86_PTE_PS;
	return e;
}

/* Tables grant everything; the leaf decides. User-half tables must allow user access. */
static inline pte_t arch_pte_table(paddr_t table, bool user)
{
	return (table & X86_PTE_ADDR) | X86_PTE_P | X86_PTE_W | X86_PTE_A | (user ? X86_PTE_U : 0);
}

#endif /* ARCH_PAGING_H */
