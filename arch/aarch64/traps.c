// SPDX-License-Identifier: MPL-2.0
// aarch64 exceptions in C: name the exception from ESR_EL1, fix up absent firmware calls,
// hand everything else to hal_trap_panic(); and print a saved register file.
#include <hal/arch.h>
#include <hal/log.h>
#include <hal/lib/printf.h>
#include <arch/a64.h>
#include <arch/sysreg.h>

/* ESR_EL1.EC values (ARM ARM D17.2.37). */
enum {
	EC_UNKNOWN = 0x00,
	EC_WFX = 0x01,
	EC_FP_ASIMD = 0x07,
	EC_ILLEGAL_STATE = 0x0e,
	EC_SVC64 = 0x15,
	EC_HVC64 = 0x16,
	EC_SMC64 = 0x17,
	EC_SYSREG = 0x18,
	EC_IABT_LOWER = 0x20,
	EC_IABT_CUR = 0x21,
	EC_PC_ALIGN = 0x22,
	EC_DABT_LOWER = 0x24,
	EC_DABT_CUR = 0x25,
	EC_SP_ALIGN = 0x26,
	EC_FP_EXC64 = 0x2c,
	EC_SERROR = 0x2f,
	EC_BREAKPT_LOWER = 0x30,
	EC_BREAKPT_CUR = 0x31,
	EC_STEP_LOWER = 0x32,
	EC_STEP_CUR = 0x33,
	EC_WATCHPT_LOWER = 0x34,
	EC_WATCHPT_CUR = 0x35,
	EC_BRK64 = 0x3c,
};

static const char *const ec_names[64] = {
	[EC_UNKNOWN] = "undefined instruction",
	[EC_WFX] = "trapped WFI/WFE",
	[EC_FP_ASIMD] = "FP/SIMD access (the kernel is built without FP)",
	[EC_ILLEGAL_STATE] = "illegal execution state",
	[EC_SVC64] = "SVC",
	[EC_HVC64] = "HVC",
	[EC_SMC64] = "SMC",
	[EC_SYSREG] = "trapped MSR/MRS/system instruction",
	[EC_IABT_LOWER] = "instruction abort from EL0",
	[EC_IABT_CUR] = "instruction abort",
	[EC_PC_ALIGN] = "PC alignment fault",
	[EC_DABT_LOWER] = "data abort from EL0",
	[EC_DABT_CUR] = "data abort",
	[EC_SP_ALIGN] = "SP alignment fault",
	[EC_FP_EXC64] = "floating-point exception",
	[EC_SERROR] = "SError",
	[EC_BREAKPT_LOWER] = "breakpoint from EL0",
	[EC_BREAKPT_CUR] = "breakpoint",
	[EC_STEP_LOWER] = "software step from EL0",
	[EC_STEP_CUR] = "software step",
	[EC_WATCHPT_LOWER] = "watchpoint from EL0",
	[EC_WATCHPT_CUR] = "watchpoint",
	[EC_BRK64] = "BRK instruction",
};

static const char *ec_name(u64 esr)
{
	const char *name = ec_names[A64_ESR_EC(esr)];

	return name ? name : "unknown exception class";
}

/* Data/instruction fault status code (DFSC/IFSC) as words: "translation fault, level 2". */
static int format_fsc(char *buf, size_t size, unsigned int fsc)
{
	static const char *const kinds[] = { "address size fault", "translation fault",
					     "access flag fault", "permission fault" };

	if (fsc < 0x10)
		return scnprintf(buf, size, "%s, level %u", kinds[fsc >> 2], fsc & 3);
	switch (fsc) {
	case 0x10:
		return scnprintf(buf, size, "synchronous external abort");
	case 0x21:
		return scnprintf(buf, size, "alignment fault");
	case 0x30:
		return scnprintf(buf, size, "TLB conflict");
	default:
		return scnprintf(buf, size, "fault status %#x", fsc);
	}
}

/* One-line description of a synchronous exception, e.g. "data abort (translation fault,
 * level 2, write)". Fatal traps only, so one static buffer is enough. */
static const char *describe_sync(const struct arch_regs *regs)
{
	static char buf[96];
	u64 esr = regs->esr;
	unsigned int ec = A64_ESR_EC(esr);
	int n;

	switch (ec) {
	case EC_DABT_CUR:
	case EC_DABT_LOWER:
	case EC_IABT_CUR:
	case EC_IABT_LOWER:
		n = scnprintf(buf, sizeof(buf), "%s (", ec_name(esr));
		n += format_fsc(buf + n, sizeof(buf) - n, A64_ESR_ABORT_FSC(esr));
		if (ec == EC_DABT_CUR || ec == EC_DABT_LOWER)
			n += scnprintf(buf + n, sizeof(buf) - n, ", %s",
				       esr & A64_ESR_ABORT_WNR ? "write" : "read");
		scnprintf(buf + n, sizeof(buf) - n, ")");
		return buf;
	case EC_BRK64:
		snprintf(buf, sizeof(buf), "%s #%#x", ec_name(esr), (unsigned int)(esr & 0xffff));
		return buf;
	default:
		return ec_name(esr);
	}
}

static const char *const vector_names[16] = {
	"synchronous exception on SP_EL0",
	"IRQ on SP_EL0",
	"FIQ on SP_EL0",
	"SError on SP_EL0",
	NULL,
	"IRQ (no handler)",
	"FIQ (no handler)",
	"SError",
	"synchronous exception from EL0",
	"IRQ from EL0",
	"FIQ from EL0",
	"SError from EL0",
	"exception from AArch32 EL0",
	"IRQ from AArch32 EL0",
	"FIQ from AArch32 EL0",
	"SError from AArch32 EL0",
};

void a64_trap_handler(struct arch_regs *regs, unsigned long vector)
{
	if (vector == 4) {
		if (A64_ESR_EC(regs->esr) == EC_UNKNOWN && a64_fixup_firmware_call(regs))
			return;
		hal_trap_panic(describe_sync(regs), regs);
	}
	hal_trap_panic(vector < 16 ? vector_names[vector] : "bad vector", regs);
}

/* "EL1h, daif=-AIF" for a saved PSTATE. */
static void format_pstate(char *buf, size_t size, u64 spsr)
{
	static const char *const
		modes[16] = { [0] = "EL0t", [4] = "EL1t", [5] = "EL1h", [8] = "EL2t", [9] = "EL2h" };
	const char *mode = spsr & 0x10 ? "AArch32" : modes[spsr & 0xf];

	snprintf(buf, size, "%s, daif=%c%c%c%c, nzcv=%c%c%c%c", mode ? mode : "?",
		 spsr & (1 << 9) ? 'D' : '-', spsr & (1 << 8) ? 'A' : '-',
		 spsr & (1 << 7) ? 'I' : '-', spsr & (1 << 6) ? 'F' : '-',
		 spsr & (1ULL << 31) ? 'N' : '-', spsr & (1 << 30) ? 'Z' : '-',
		 spsr & (1 << 29) ? 'C' : '-', spsr & (1 << 28) ? 'V' : '-');
}

void arch_regs_dump(const struct arch_regs *regs)
{
	char pstate[48];
	int i;

	for (i = 0; i < 30; i += 3)
		log_raw(" x%-2d %016llx  x%-2d %016llx  x%-2d %016llx\n", i,
			(unsigned long long)regs->x[i], i + 1, (unsigned long long)regs->x[i + 1],
			i + 2, (unsigned long long)regs->x[i + 2]);
	format_pstate(pstate, sizeof(pstate), regs->spsr);
	log_raw(" x30 %016llx  sp  %016llx  pc  %016llx\n", (unsigned long long)regs->x[30],
		(unsigned long long)regs->sp, (unsigned long long)regs->elr);
	log_raw(" pstate %08llx (%s)\n", (unsigned long long)regs->spsr, pstate);
	log_raw(" esr %08llx (EC 0x%02x: %s)  far %016llx\n", (unsigned long long)regs->esr,
		(unsigned int)A64_ESR_EC(regs->esr), ec_name(regs->esr),
		(unsigned long long)regs->far);
}
