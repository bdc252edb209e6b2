// SPDX-License-Identifier: MPL-2.0
// x86_64 MMU facts: page-table entry bits, the kernel's virtual layout beyond arch/layout.h,
// CPU protection features (NX, SMEP, SMAP, UMIP, PAT) and the exception-fixup table.
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

/* The user half ends one page below the canonical hole: sysret to a non-canonical rip
 * would fault in ring 0 (the Intel SYSRET erratum), so the last page stays unmapped. */
#define X86_USER_VA_END 0x00007ffffffff000

/* Kernel window for iomem mappings: one PML4 slot (512 GiB) of its own. */
#define X86_IOMEM_BASE 0xffffc00000000000
#define X86_IOMEM_SIZE 0x0000008000000000

#ifndef __ASSEMBLER__

#include <hal/compiler.h>
#include <hal/mm.h>
#include <hal/types.h>

/* Page-table entry bits (Intel SDM vol. 3, 4.5). */
#define X86_PTE_P	 (1ULL << 0)
#define X86_PTE_W	 (1ULL << 1)
#define X86_PTE_U	 (1ULL << 2)
#define X86_PTE_PWT	 (1ULL << 3)
#define X86_PTE_PCD	 (1ULL << 4)
#define X86_PTE_A	 (1ULL << 5)
#define X86_PTE_D	 (1ULL << 6)
#define X86_PTE_PS	 (1ULL << 7) /* levels 2-3: a huge leaf */
#define X86_PTE_PAT	 (1ULL << 7) /* level 1 */
#define X86_PTE_G	 (1ULL << 8)
#define X86_PTE_NONE	 (1ULL << 9) /* software: a mapping without rights (P clear) */
#define X86_PTE_PAT_HUGE (1ULL << 12)
#define X86_PTE_NX	 (1ULL << 63)
#define X86_PTE_ADDR	 0x000ffffffffff000ULL

#define X86_CR4_UMIP	 (1UL << 11)
#define X86_CR4_FSGSBASE (1UL << 16)
#define X86_CR4_PCIDE	 (1UL << 17)
#define X86_CR4_SMEP	 (1UL << 20)
#define X86_CR4_SMAP	 (1UL << 21)
#define X86_RFLAGS_AC	 (1UL << 18)
#define X86_MSR_PAT	 0x277

/* What the boot CPU found (cpu.c); every CPU is assumed to match it. */
extern bool x86_has_gbpages, x86_has_pat, x86_has_smap;
/* X86_PTE_NX when EFER.NXE is on, else 0 (the bit would be reserved). */
extern u64 x86_pte_nx;

/*
 * The PAT layout cpu.c programs: 0 WB, 1 WC, 2 UC-, 3 UC, 4 WB, 5 WP, 6 UC-, 7 WT (Linux's
 * choice too: the first four entries still mean what the power-on PCD/PWT values mean,
 * except WT moving to 7 to make room for WC). Without PAT the power-on layout is
 * WB, WT, UC-, UC (repeated), and WC degrades to UC.
 */
#define X86_PAT_VALUE 0x0407050600070106ULL

/* x86_cache_to_pat - the PAT index (PAT:PCD:PWT) of a cache policy. */
static inline unsigned int x86_cache_to_pat(enum cache_policy policy)
{
	switch (policy) {
	case CACHE_WB:
		return 0;
	case CACHE_WT:
		return x86_has_pat ? 7 : 1;
	case CACHE_WC:
		return x86_has_pat ? 1 : 3;
	default:
		return 3;
	}
}

/* x86_pat_to_cache - the policy behind a PAT index (UC- reads as UC, WP as WT). */
static inline enum cache_policy x86_pat_to_cache(unsigned int idx)
{
	static const enum cache_policy with_pat[8] = { CACHE_WB, CACHE_WC, CACHE_UC, CACHE_UC,
						       CACHE_WB, CACHE_WT, CACHE_UC, CACHE_WT };
	static const enum cache_policy power_on[4] = { CACHE_WB, CACHE_WT, CACHE_UC, CACHE_UC };

	return x86_has_pat ? with_pat[idx & 7] : power_on[idx & 3];
}

/*
 * x86_cpu_protect_init - turn on this CPU's memory protections as far as the CPU has them:
 * EFER.NXE, CR4.PGE, the PAT layout, and once the framework's page tables are live
 * (@kernel_tables) CR4.SMEP, SMAP and UMIP. Every CPU, interrupts off: the boot CPU at
 * boot, each AP (C's smp code) early in its bring-up with @kernel_tables true.
 */
void x86_cpu_protect_init(bool kernel_tables);

/*
 * x86_mm_early_init - note which memory-map regions the direct map must cover, and when RAM
 * goes past 4 GiB extend the boot tables with 1 GiB pages and raise arch_direct_map_limit()
 * (so the frame allocator manages all of it). Boot CPU, from x86_start() once the memory map
 * is known, before hal_main().
 */
struct boot_info;
void x86_mm_early_init(const struct boot_info *bi);

/* x86_kernel_cr3 - the root the kernel runs on once kmap built it (for APs), else 0. */
u64 x86_kernel_cr3(void);

/* An exception-table entry: a faulting instruction and where to resume. */
struct x86_extable_entry {
	u64 insn, fixup;
};

/*
 * x86_extable_fixup - when @ip is an instruction listed in __ex_table, return its fixup
 * address; else 0. Any context.
 */
u64 x86_extable_fixup(u64 ip);

/*
 * x86_pf_decode - fill @info from a page fault's saved registers (cr2 and the error code),
 * for the user-mode path that reports faults to the space's owner. Any context.
 */
struct arch_regs;
struct vm_fault_info;
void x86_pf_decode(const struct arch_regs *regs, struct vm_fault_info *info);

#endif /* __ASSEMBLER__ */
#endif /* ARCH_MMU_H */
