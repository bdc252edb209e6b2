// SPDX-License-Identifier: MPL-2.0
// ktests of the x86_64 memory protections: what CPUID offers is switched on, the PTE cache
// encodings match the PAT layout, and fault decoding and the exception table.
#include <hal/arch.h>
#include <hal/ktest.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <arch/mmu.h>

KTEST(x86_mm, protections_follow_cpuid)
{
	struct x86_cpuid l7 = x86_cpuid(7, 0);
	u64 cr4 = x86_read_cr4();

	KEXPECT_EQ(!!(cr4 & X86_CR4_SMEP), !!(l7.ebx & (1u << 7)));
	KEXPECT_EQ(!!(cr4 & X86_CR4_SMAP), !!(l7.ebx & (1u << 20)));
	KEXPECT_EQ(!!(cr4 & X86_CR4_UMIP), !!(l7.ecx & (1u << 2)));
	KEXPECT_EQ(!!(x86_rdmsr(X86_MSR_EFER) & X86_EFER_NXE), x86_pte_nx != 0);
	KEXPECT_EQ(x86_has_smap, !!(cr4 & X86_CR4_SMAP));
	if (x86_has_pat)
		KEXPECT_EQ(x86_rdmsr(X86_MSR_PAT), X86_PAT_VALUE);
	KEXPECT_TRUE(cr4 & X86_CR4_PGE);
	KEXPECT_FALSE(x86_read_rflags() & X86_RFLAGS_AC);
}

/* The PCD/PWT/PAT bits of each policy select the PAT entry holding that memory type. */
KTEST(x86_mm, cache_policy_encoding)
{
	static const u8
		pat_type[] = { [CACHE_WB] = 6, [CACHE_WT] = 4, [CACHE_WC] = 1, [CACHE_UC] = 0 };
	u64 pat = x86_rdmsr(X86_MSR_PAT);

	if (!x86_has_pat)
		KTEST_SKIP("no PAT");
	for (unsigned int c = CACHE_WB; c <= CACHE_UC; c++) {
		struct vm_prop p = { VM_READ, c };
		pte_t small = arch_pte_leaf(0x1000, p, 1), huge = arch_pte_leaf(0x200000, p, 2);
		unsigned int i4 = (small & X86_PTE_PWT ? 1 : 0) | (small & X86_PTE_PCD ? 2 : 0) |
				  (small & X86_PTE_PAT ? 4 : 0);
		unsigned int i2 = (huge & X86_PTE_PWT ? 1 : 0) | (huge & X86_PTE_PCD ? 2 : 0) |
				  (huge & X86_PTE_PAT_HUGE ? 4 : 0);

		KEXPECT_EQ((pat >> (8 * i4)) & 7, pat_type[c]);
		KEXPECT_EQ((pat >> (8 * i2)) & 7, pat_type[c]);
		KEXPECT_TRUE(huge & X86_PTE_PS);
		KEXPECT_EQ(arch_pte_paddr(huge, 2), 0x200000);
	}
}

KTEST(x86_mm, leaf_bits)
{
	pte_t k = arch_pte_leaf(0x5000, VM_PROP(VM_READ | VM_WRITE), 1);
	pte_t u = arch_pte_leaf(0x5000, VM_PROP(VM_READ | VM_EXEC | PT_USER), 1);
	pte_t none = arch_pte_leaf(0x5000, VM_PROP(PT_USER), 1);

	KEXPECT_EQ(k & (X86_PTE_P | X86_PTE_W | X86_PTE_U | X86_PTE_D),
		   X86_PTE_P | X86_PTE_W | X86_PTE_D);
	KEXPECT_EQ(k & X86_PTE_NX, x86_pte_nx);
	KEXPECT_EQ(u & (X86_PTE_P | X86_PTE_W | X86_PTE_U | X86_PTE_NX | X86_PTE_A),
		   X86_PTE_P | X86_PTE_U);
	KEXPECT_FALSE(none & X86_PTE_P);
	KEXPECT_TRUE(arch_pte_valid(none));
	KEXPECT_EQ(arch_pte_paddr(none, 1), 0x5000);
}

KTEST(x86_mm, page_fault_decoding)
{
	struct arch_regs regs = { 0 };
	struct vm_fault_info info;

	regs.vector = 14;
	regs.cr2 = 0x1234;
	regs.error_code = 0x2 | 0x4; /* write, user, not present */
	x86_pf_decode(&regs, &info);
	KEXPECT_EQ(info.addr, 0x1234);
	KEXPECT_EQ(info.access, VM_WRITE);
	KEXPECT_FALSE(info.present);
	regs.error_code = 0x1 | 0x10; /* protection violation on fetch */
	x86_pf_decode(&regs, &info);
	KEXPECT_EQ(info.access, VM_EXEC);
	KEXPECT_TRUE(info.present);
	regs.error_code = 0x1;
	x86_pf_decode(&regs, &info);
	KEXPECT_EQ(info.access, VM_READ);
}

KTEST(x86_mm, exception_table)
{
	KEXPECT_EQ(x86_extable_fixup((u64)(uintptr_t)x86_read_cr4), 0);
	KEXPECT_EQ(x86_extable_fixup(0), 0);
	/* arch_probe_write8 starts with its faulting store: the first entry for it. */
	KEXPECT_NE(x86_extable_fixup((u64)(uintptr_t)arch_probe_write8), 0);
}

/* After kmap the direct map holds RAM only: q35's ECAM window at 2.75 GiB is a hole. */
KTEST(x86_mm, direct_map_has_holes)
{
	if (!x86_kernel_cr3())
		KTEST_SKIP("kernel page tables were not built");
	KEXPECT_TRUE(x86_phys_range_mapped(arch_virt_to_phys(_kernel_start), PAGE_SIZE));
	KEXPECT_TRUE(x86_phys_range_mapped(0x1000, PAGE_SIZE));
	KEXPECT_FALSE(x86_phys_range_mapped(0xb0000000, PAGE_SIZE));
	KEXPECT_FALSE(x86_phys_range_mapped(0xfee00000, 4));
}
