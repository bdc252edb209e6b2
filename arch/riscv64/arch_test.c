// SPDX-License-Identifier: MPL-2.0
// ktests for the riscv64 arch contract pieces that can run on a live kernel: interrupt state,
// timestamps, the identity direct map and the frame-pointer unwinder.
#include <hal/arch.h>
#include <hal/ktest.h>
#include <arch/csr.h>
#include <arch/rv.h>

KTEST(riscv, irq_save_restore)
{
	unsigned long outer, inner;

	/* Only SIE is toggled; with every source masked in sie no interrupt can be taken. */
	if (csr_read(sie))
		KTEST_SKIP("interrupt sources enabled");
	outer = arch_irq_save();
	csr_set(sstatus, SSTATUS_SIE);
	inner = arch_irq_save();
	KEXPECT_NE(inner, 0);
	KEXPECT_EQ(csr_read(sstatus) & SSTATUS_SIE, 0);
	arch_irq_restore(inner);
	KEXPECT_NE(csr_read(sstatus) & SSTATUS_SIE, 0);
	csr_read_clear(sstatus, SSTATUS_SIE);
	arch_irq_restore(outer);
}

KTEST(riscv, timestamp_advances)
{
	u64 t0 = arch_timestamp_ns(), t1;
	unsigned long start = rv_rdtime();

	/* Wait for at least two timebase ticks so the clock must have moved. */
	while (rv_rdtime() - start < 2)
		arch_cpu_relax();
	t1 = arch_timestamp_ns();
	KEXPECT_GT(t1, t0);
	KEXPECT_LT(t1 - t0, 1000000000ULL); /* and not by a second */
	KEXPECT_GT(rv_timebase_hz(), 0);
}

KTEST(riscv, direct_map_identity)
{
	paddr_t pa = arch_virt_to_phys(_kernel_start);

	KEXPECT_EQ((uintptr_t)arch_phys_to_virt(pa), (uintptr_t)_kernel_start);
	KEXPECT_GE(arch_direct_map_limit(), arch_virt_to_phys(_kernel_end));
	KEXPECT_TRUE(rv_ram_contains((uintptr_t)_kernel_start, 4096));
	KEXPECT_FALSE(rv_ram_contains(arch_direct_map_limit(), 1));
}

static __noinline int unwind_here(uintptr_t *pcs, int max)
{
	return arch_stack_unwind(NULL, pcs, max);
}

KTEST(riscv, stack_unwind)
{
	uintptr_t pcs[16];
	int n = unwind_here(pcs, 16);

	/* This case, ktest_run_all, the hal init path, rv_start: at least four frames. */
	KASSERT_TRUE(n >= 4);
	for (int i = 0; i < n; i++)
		KEXPECT_TRUE(pcs[i] >= (uintptr_t)_stext && pcs[i] < (uintptr_t)_etext);
	KEXPECT_EQ(unwind_here(pcs, 1), 1);
	KEXPECT_EQ(unwind_here(pcs, 0), 0);
}
