// SPDX-License-Identifier: MPL-2.0
// Ending the machine on aarch64: semihosting exit (QEMU reports the code), else PSCI
// SYSTEM_OFF, else a halted CPU.
#define pr_fmt(fmt) "power: " fmt
#include <hal/arch.h>
#include <hal/log.h>
#include <arch/a64.h>

#define SEMIHOST_SYS_EXIT_EXTENDED	      0x20
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026
#define PSCI_0_2_SYSTEM_OFF		      0x84000008

enum psci_conduit { PSCI_NONE, PSCI_HVC, PSCI_SMC };
static enum psci_conduit psci_conduit;

bool a64_fixup_firmware_call(struct arch_regs *regs)
{
	if (regs->elr != (uintptr_t)a64_semihost_call && regs->elr != (uintptr_t)a64_psci_hvc &&
	    regs->elr != (uintptr_t)a64_psci_smc)
		return false;
	regs->x[0] = (u64)-1; /* PSCI NOT_SUPPORTED; "failed" for semihosting */
	regs->elr += 4;
	return true;
}

void a64_power_init(const struct fdt *fdt)
{
	int node = fdt_path_offset(fdt, "/psci");
	const void *method;
	u32 len;

	/* PSCI 0.1 has no SYSTEM_OFF; 0.2 and later fix the function numbers. */
	if (node < 0 || !fdt_node_is_compatible(fdt, node, "arm,psci-0.2"))
		return;
	method = fdt_getprop(fdt, node, "method", &len);
	if (fdt_prop_is_string(method, len, "hvc"))
		psci_conduit = PSCI_HVC;
	else if (fdt_prop_is_string(method, len, "smc"))
		psci_conduit = PSCI_SMC;
}

static void psci_system_off(void)
{
	if (psci_conduit == PSCI_HVC)
		a64_psci_hvc(PSCI_0_2_SYSTEM_OFF, 0, 0, 0);
	else if (psci_conduit == PSCI_SMC)
		a64_psci_smc(PSCI_0_2_SYSTEM_OFF, 0, 0, 0);
}

/*
 * Semihosting is tried, not configured: under QEMU without -semihosting (or on hardware
 * without a debugger) HLT is an undefined instruction, which the trap handler skips.
 */
void __noreturn arch_poweroff(int code)
{
	static bool powering_off;
	u64 block[2] = { SEMIHOST_ADP_STOPPED_APPLICATION_EXIT, (u64)(s64)code };

	arch_irq_save();
	/* A fault on the way out would come back here through the panic path: just stop. */
	if (!powering_off) {
		powering_off = true;
		a64_semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block);
		if (code != 0)
			pr_notice("no semihosting: exit code %d is lost\n", code);
		psci_system_off();
	}
	arch_halt();
}
