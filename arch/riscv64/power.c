// SPDX-License-Identifier: MPL-2.0
// Ending the machine on riscv64: QEMU's test device (sifive,test0/1) reports an exit code,
// else the SBI system-reset extension powers off, else the hart halts.
#define pr_fmt(fmt) "power: " fmt
#include <hal/arch.h>
#include <hal/fdt.h>
#include <hal/log.h>
#include <arch/rv.h>
#include <arch/sbi.h>

/* QEMU hw/misc/sifive_test.c: the low 16 bits say what, the high 16 bits carry the code. */
#define TEST_FAIL 0x3333
#define TEST_PASS 0x5555

static uintptr_t test_dev;

void rv_power_init(const struct fdt *fdt)
{
	int node = fdt_find_compatible(fdt, -1, "sifive,test1");
	u64 addr;

	if (node < 0)
		node = fdt_find_compatible(fdt, -1, "sifive,test0");
	if (node >= 0 && !fdt_reg(fdt, node, 0, &addr, NULL) && addr)
		test_dev = (uintptr_t)addr;
}

/* Exit codes are 16 bits wide; a failure must never read as 0 (success). */
static u32 test_value(int code)
{
	u32 c = (u32)code & 0xffff;

	if (code == 0)
		return TEST_PASS;
	return (c ? c : 1) << 16 | TEST_FAIL;
}

static void sbi_shutdown(int code)
{
	unsigned long reason = code ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE;

	rv_sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, reason);
	/* SBI before 0.3 (no SRST): the legacy shutdown call. */
	rv_sbi_call(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0);
}

void __noreturn arch_poweroff(int code)
{
	static bool powering_off;

	arch_irq_save();
	/* A fault on the way out would come back here through the panic path: just stop. */
	if (!powering_off) {
		powering_off = true;
		if (test_dev)
			*(volatile u32 *)test_dev = test_value(code); /* NOLINT: MMIO */
		if (code != 0)
			pr_notice("no exit device: exit code %d is lost\n", code);
		sbi_shutdown(code);
	}
	arch_halt();
}
