// SPDX-License-Identifier: MPL-2.0
// ktests of the aarch64 arch layer: identity map, timestamps, interrupt masking, the
// frame-pointer unwinder and the trap path that skips absent firmware calls.
#include <hal/arch.h>
#include <hal/ksyms.h>
#include <hal/ktest.h>
#include <arch/a64.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>

#define PSCI_0_2_VERSION   0x84000000
#define SEMIHOST_SYS_ERRNO 0x13
#define DAIF_I		   (1u << 7)

KTEST(a64, identity_map)
{
	static u64 probe;
	paddr_t pa = arch_virt_to_phys(&probe);

	KEXPECT_EQ(pa, (uintptr_t)&probe);
	KEXPECT_TRUE(arch_phys_to_virt(pa) == &probe);
	KEXPECT_GT(arch_direct_map_limit(), arch_virt_to_phys(_kernel_end));
	KEXPECT_LE(arch_direct_map_limit(), A64_IDMAP_LIMIT);
	/* Page 0 is unmapped (NULL faults); the kernel's GiB is normal memory. */
	KEXPECT_EQ(a64_idmap_l1[0] & 3, 3); /* a table */
	KEXPECT_EQ(a64_idmap_l1[pa >> A64_L1_SHIFT],
		   (pa >> A64_L1_SHIFT << A64_L1_SHIFT) | A64_BLOCK_NORMAL);
}

KTEST(a64, timestamp_advances)
{
	u64 t0 = arch_timestamp_ns(), t1 = t0;
	int i;

	for (i = 0; i < 1000000 && t1 == t0; i++)
		t1 = arch_timestamp_ns();
	KEXPECT_GT(t1, t0);
	KEXPECT_GT(a64_counter_hz(), 0);
}

KTEST(a64, irq_save_restore)
{
	unsigned long outer = arch_irq_save(), inner;

	KEXPECT_TRUE(a64_read_sysreg(daif) & DAIF_I);
	inner = arch_irq_save();
	KEXPECT_TRUE(inner & DAIF_I);
	arch_irq_restore(inner);
	KEXPECT_TRUE(a64_read_sysreg(daif) & DAIF_I);
	arch_irq_restore(outer);
	KEXPECT_EQ(a64_read_sysreg(daif), outer);
}

static __noinline int unwind_leaf(uintptr_t *pcs, int max)
{
	int n = arch_stack_unwind(NULL, pcs, max);

	__asm__ volatile("" : : : "memory"); /* keep the call out of tail position */
	return n;
}

static __noinline int unwind_middle(uintptr_t *pcs, int max)
{
	int n = unwind_leaf(pcs, max);

	__asm__ volatile("" : : : "memory");
	return n;
}

static const char *func_of(uintptr_t pc)
{
	unsigned long offset, size;

	return ksym_lookup(pc, &offset, &size);
}

KTEST(a64, unwind_frame_chain)
{
	uintptr_t pcs[16];
	int i, n = unwind_middle(pcs, ARRAY_SIZE(pcs));

	/* unwind_leaf, unwind_middle, this case, the runner... down to head.S's zero record. */
	KASSERT_TRUE(n >= 4);
	for (i = 0; i < n; i++)
		KEXPECT_TRUE(pcs[i] >= (uintptr_t)_stext && pcs[i] < (uintptr_t)_etext);
	KEXPECT_EQ(unwind_middle(pcs, 2), 2);
	if (!ksym_count())
		KTEST_SKIP("no symbol table");
	KEXPECT_STREQ(func_of(pcs[0]), "unwind_leaf");
	KEXPECT_STREQ(func_of(pcs[1]), "unwind_middle");
	KEXPECT_STREQ(func_of(pcs[2]), "__ktest_fn_a64__unwind_frame_chain");
}

/*
 * Either the firmware answers, or the call comes back as -1 (undefined instruction skipped by
 * the trap handler, or head.S's EL2 stub): never a panic or a hang.
 */
KTEST(a64, absent_firmware_calls_return)
{
	long hvc = a64_psci_hvc(PSCI_0_2_VERSION, 0, 0, 0);
	long smc = a64_psci_smc(PSCI_0_2_VERSION, 0, 0, 0);
	long sh = a64_semihost_call(SEMIHOST_SYS_ERRNO, NULL);

	KEXPECT_TRUE(hvc == -1 || hvc >= 0x2);
	KEXPECT_TRUE(smc == -1 || smc >= 0x2);
	KEXPECT_TRUE(hvc != -1 || smc != -1); /* QEMU virt always has one PSCI conduit */
	KEXPECT_GE(sh, -1);
}
