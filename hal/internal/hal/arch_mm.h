// SPDX-License-Identifier: MPL-2.0
// The memory part of the arch contract: the page-table format the generic walker (hal/mm/pt.c)
// is built for, TLB maintenance, address-space switch, the kernel layout and user access.
#ifndef HAL_ARCH_MM_H
#define HAL_ARCH_MM_H

#include <hal/compiler.h>
#include <hal/mm.h>
#include <hal/types.h>

/*
 * Mapping properties below the public ones of mm.h (VM_READ, VM_WRITE, VM_EXEC, VM_ACCESSED,
 * VM_DIRTY), for page tables only: a user-accessible page, a global (all spaces) page.
 */
#define PT_USER	  (1u << 8)
#define PT_GLOBAL (1u << 9)

#ifdef CONFIG_ARCH_HAS_PAGING
/*
 * <arch/paging.h> provides, as constants and static inline functions (any context):
 *
 *   ARCH_PT_LEVELS          levels of the tree; level 1 holds 4 KiB leaves, ARCH_PT_LEVELS is
 *                           the root
 *   ARCH_PT_INDEX_BITS      log2 of the entries per table (a table is one page)
 *   pte_t                   one entry
 *   ARCH_USER_VA_END        first virtual address above the user half (the user half starts
 *                           at 0)
 *   ARCH_KERNEL_ROOT_FIRST  first root index of the kernel half; a user root shares the
 *                           kernel's entries from here on (they never change after boot)
 *   ARCH_IOMEM_BASE, ARCH_IOMEM_SIZE
 *                           the kernel window iomem mappings are allocated from
 *
 *   bool arch_pt_leaf_ok(unsigned int level)     may a leaf sit at @level (huge pages)?
 *   bool arch_pte_valid(pte_t e)                 the entry maps something (a table or a leaf,
 *                                                 even one without access rights)
 *   bool arch_pte_is_leaf(pte_t e, unsigned int level)
 *   paddr_t arch_pte_paddr(pte_t e, unsigned int level)
 *                                                 the table or the leaf's first byte
 *   struct vm_prop arch_pte_prop(pte_t e, unsigned int level)
 *                                                 flags (VM_*, PT_*) and cache policy of a leaf
 *   pte_t arch_pte_leaf(paddr_t pa, struct vm_prop prop, unsigned int level)
 *                                                 a leaf; flags without VM_READ|VM_WRITE|
 *                                                 VM_EXEC still give a valid (inaccessible) one
 *   pte_t arch_pte_table(paddr_t table, bool user)
 *                                                 a pointer to the next level; @user for tables
 *                                                 of the user half
 */
#include <arch/paging.h>

#define ARCH_PT_ENTRIES (1UL << ARCH_PT_INDEX_BITS)

/* arch_pt_level_shift - log2 of the bytes one entry at @level covers. */
static inline unsigned int arch_pt_level_shift(unsigned int level)
{
	return PAGE_SHIFT + (level - 1) * ARCH_PT_INDEX_BITS;
}

/* arch_pt_index - the index of @va in a table at @level. */
static inline unsigned int arch_pt_index(vaddr_t va, unsigned int level)
{
	return (va >> arch_pt_level_shift(level)) & (ARCH_PT_ENTRIES - 1);
}

/*
 * arch_mm_init - probe what the PTE encoding depends on (huge-page sizes, no-execute, cache
 * attribute tables) and set it up on the boot CPU. Called by kmap before it builds the
 * kernel tables. Boot CPU, interrupts off.
 */
void arch_mm_init(void);

/*
 * arch_tlb_flush_page - drop the translations of the page at @va from this CPU's TLB, for the
 * space that is active (and global ones). Any context.
 */
void arch_tlb_flush_page(vaddr_t va);

/* arch_tlb_flush_all - drop this CPU's non-global translations. Any context. */
void arch_tlb_flush_all(void);

/* arch_tlb_flush_global - drop all of this CPU's translations, global ones too. Any context. */
void arch_tlb_flush_global(void);

/*
 * arch_pt_activate - make @root (a root table's physical address) this CPU's translation
 * root. Interrupts off or preemption disabled.
 */
void arch_pt_activate(paddr_t root);

/* arch_pt_active - the physical address of this CPU's current root. Any context. */
paddr_t arch_pt_active(void);

/*
 * arch_kernel_segments - the kernel image's parts with the rights they need, for kmap to map
 * with W^X: fills @segs (at most @max) and returns how many. Boot CPU.
 */
struct kernel_segment {
	vaddr_t start, end; /* page-aligned virtual range in the image window */
	u32 flags;	    /* VM_READ, VM_WRITE, VM_EXEC (never both of the last two) */
};
unsigned int arch_kernel_segments(struct kernel_segment *segs, unsigned int max);

/*
 * arch_ram_spans - the physical ranges the direct map must cover (RAM and firmware data kept
 * in RAM; not device holes), page-aligned, sorted, disjoint. Fills at most @max and returns
 * how many; 0 when the arch does not know, and kmap then maps from 0 to the top of the frame
 * allocator's memory. Boot CPU.
 */
struct phys_span {
	paddr_t start, end;
};
unsigned int arch_ram_spans(struct phys_span *spans, unsigned int max);

/*
 * arch_kmap_switched - called by kmap once this CPU runs on the framework's kernel page
 * tables (root @root): the arch may now turn on the protections that need them (SMEP, SMAP,
 * UMIP...) and forget its boot tables. Boot CPU, interrupts off.
 */
void arch_kmap_switched(paddr_t root);
#endif /* CONFIG_ARCH_HAS_PAGING */

#ifdef CONFIG_ARCH_HAS_UACCESS
/*
 * User-memory access with fault fixups: each copies between kernel memory and the user half
 * of the active space. The caller has already checked that the user range lies inside the
 * user half. A fault on the user side stops the copy; the functions never fault on the
 * kernel side (a kernel fault there is a bug and panics).
 *
 * arch_copy_from_user / arch_copy_to_user - return the number of bytes NOT copied (0 = all).
 * arch_clear_user - zero user bytes; returns the number of bytes NOT cleared.
 * arch_strncpy_from_user - copy up to @max bytes, stopping after a NUL; returns the length
 * copied without the NUL (the NUL is copied when found), @max when none was found in @max
 * bytes, or -EFAULT.
 * Process context (they may fault).
 */
size_t arch_copy_from_user(void *dst, vaddr_t src, size_t len);
size_t arch_copy_to_user(vaddr_t dst, const void *src, size_t len);
size_t arch_clear_user(vaddr_t dst, size_t len);
long arch_strncpy_from_user(char *dst, vaddr_t src, size_t max);

/*
 * arch_probe_read8 / arch_probe_write8 / arch_probe_exec - touch a kernel address the way
 * a bug would, and report the fault instead of crashing: for ktests that check page
 * protections (W^X, NX, unmapped guard pages). Return 0 when the access worked, -EFAULT when
 * it faulted. arch_probe_exec calls @addr, which must hold a plain "return" when executable.
 */
int arch_probe_read8(const void *addr, u8 *val);
int arch_probe_write8(void *addr, u8 val);
int arch_probe_exec(const void *addr);

/*
 * arch_uaccess_guarded - true when kernel code outside the copy routines faults on user
 * pages, for data (SMAP, PAN) and instruction fetches (SMEP, PXN). Any context.
 */
bool arch_uaccess_guarded(void);
#endif /* CONFIG_ARCH_HAS_UACCESS */

#ifdef CONFIG_ARCH_HAS_PORT_IO
/* Port I/O, for hal/mm/iomem.c's io_port handles. Any context. */
u8 arch_port_in8(u16 port);
u16 arch_port_in16(u16 port);
u32 arch_port_in32(u16 port);
void arch_port_out8(u16 port, u8 val);
void arch_port_out16(u16 port, u16 val);
void arch_port_out32(u16 port, u32 val);
#endif /* CONFIG_ARCH_HAS_PORT_IO */

#endif /* HAL_ARCH_MM_H */
