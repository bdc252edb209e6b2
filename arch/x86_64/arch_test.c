// SPDX-License-Identifier: MPL-2.0
// ktests for the x86_64 arch contract: address translation, unwinding, the clock, the
// interrupt flag and the descriptor tables the boot path installed.
#include <hal/arch.h>
#include <hal/ktest.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/segment.h>

static int test_static_var;

KTEST(x86, direct_map_roundtrip)
{
	paddr_t pas[] = { 0, 0x1000, 0x100000, 0x7fff000, DIRECT_MAP_EARLY_SIZE - 8 };

	KEXPECT_GE(arch_direct_map_limit(), DIRECT_MAP_EARLY_SIZE);
	for (size_t i = 0; i < ARRAY_SIZE(pas); i++)
		KEXPECT_EQ(arch_virt_to_phys(arch_phys_to_virt(pas[i])), pas[i]);
}

/* A kernel-image address and its direct-map alias reach the same byte. */
KTEST(x86, image_alias)
{
	paddr_t pa = arch_virt_to_phys(&test_static_var);
	volatile int *alias = arch_phys_to_virt(pa);

	KEXPECT_EQ(pa, (uintptr_t)&test_static_var - KERNEL_VMA_BASE);
	test_static_var = 0x5eed;
	KEXPECT_EQ(*alias, 0x5eed);
	KEXPECT_GE(pa, arch_virt_to_phys(_kernel_start));
	KEXPECT_LT(pa, arch_virt_to_phys(_kernel_end));
}

static __noinline int unwind_leaf(uintptr_t *pcs, int max, uintptr_t *caller_ret)
{
	int n = arch_stack_unwind(NULL, pcs, max);

	*caller_ret = (uintptr_t)__builtin_return_address(0);
	asm volatile("" ::: "memory"); /* keep the call a call, not a tail jump */
	return n;
}

static __noinline int unwind_mid(uintptr_t *pcs, int max, uintptr_t *caller_ret)
{
	int n = unwind_leaf(pcs, max, caller_ret);

	asm volatile("" ::: "memory"); /* keep the call a call, not a tail jump */
	return n;
}

KTEST(x86, unwind_walks_callers)
{
	uintptr_t pcs[16], ret;
	int n = unwind_mid(pcs, ARRAY_SIZE(pcs), &ret);

	KASSERT_TRUE(n >= 3);
	/* pcs[0] returns into unwind_leaf, pcs[1] is unwind_leaf's own return address. */
	KEXPECT_EQ(pcs[1], ret);
	for (int i = 0; i < n; i++)
		KEXPECT_TRUE(pcs[i] >= (uintptr_t)_stext && pcs[i] < (uintptr_t)_etext);
	KEXPECT_EQ(unwind_mid(pcs, 1, &ret), 1);
	KEXPECT_EQ(arch_stack_unwind(NULL, pcs, 0), 0);
}

/* A frame chain that points off the stack must stop the walk, not fault. */
KTEST(x86, unwind_stops_at_bad_frame)
{
	struct arch_regs regs = { 0 };
	uintptr_t pcs[8];

	regs.cs = KERNEL_CS;
	regs.rip = (uintptr_t)_stext;
	regs.rbp = 0x1000; /* unmapped, outside every kernel stack */
	KEXPECT_EQ(arch_stack_unwind(&regs, pcs, ARRAY_SIZE(pcs)), 1);
	KEXPECT_EQ(pcs[0], (uintptr_t)_stext);
	regs.rbp = (uintptr_t)__builtin_frame_address(0) + 1; /* misaligned */
	KEXPECT_EQ(arch_stack_unwind(&regs, pcs, ARRAY_SIZE(pcs)), 1);
}

KTEST(x86, timestamp_monotonic)
{
	u64 a = arch_timestamp_ns(), b;

	for (int i = 0; i < 1000; i++) {
		b = arch_timestamp_ns();
		KASSERT_TRUE(b >= a);
		a = b;
	}
	KEXPECT_GT(a, 0);
}

KTEST(x86, irq_save_restore)
{
	unsigned long outer = arch_irq_save(), inner;

	KEXPECT_FALSE(x86_read_rflags() & X86_RFLAGS_IF);
	inner = arch_irq_save();
	KEXPECT_FALSE(inner & X86_RFLAGS_IF);
	arch_irq_restore(inner);
	KEXPECT_FALSE(x86_read_rflags() & X86_RFLAGS_IF);
	arch_irq_restore(outer);
	KEXPECT_EQ(x86_read_rflags() & X86_RFLAGS_IF, outer & X86_RFLAGS_IF);
}

KTEST(x86, long_mode_state)
{
	u16 cs, tr;

	asm volatile("mov %%cs, %0; str %1" : "=r"(cs), "=r"(tr));
	KEXPECT_EQ(cs, KERNEL_CS);
	KEXPECT_EQ(tr, TSS_SEL);
	KEXPECT_TRUE(x86_rdmsr(X86_MSR_EFER) & X86_EFER_LME);
	KEXPECT_TRUE(x86_read_cr0() & X86_CR0_WP);
	if (x86_cpuid(0x80000001, 0).edx & (1u << 20))
		KEXPECT_TRUE(x86_rdmsr(X86_MSR_EFER) & X86_EFER_NXE);
}
