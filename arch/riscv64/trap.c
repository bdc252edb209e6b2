// SPDX-License-Identifier: MPL-2.0
// riscv64 traps in C: name the cause from scause and hand the trap to hal_trap_panic() (no
// trap is recoverable yet); print a saved register file.
#include <hal/arch.h>
#include <hal/log.h>
#include <hal/lib/printf.h>
#include <arch/csr.h>
#include <arch/rv.h>

/* Exception codes (privileged spec, scause with the interrupt bit clear). */
static const char *const exception_names[] = {
	[0] = "instruction address misaligned",
	[1] = "instruction access fault",
	[2] = "illegal instruction",
	[3] = "breakpoint",
	[4] = "load address misaligned",
	[5] = "load access fault",
	[6] = "store/AMO address misaligned",
	[7] = "store/AMO access fault",
	[8] = "environment call from U-mode",
	[9] = "environment call from S-mode",
	[12] = "instruction page fault",
	[13] = "load page fault",
	[15] = "store/AMO page fault",
	[18] = "software check",
	[19] = "hardware error",
};

static const char *const interrupt_names[] = {
	[1] = "supervisor software interrupt",
	[5] = "supervisor timer interrupt",
	[9] = "supervisor external interrupt",
	[13] = "counter-overflow interrupt",
};

static const char *cause_name(u64 scause)
{
	u64 code = SCAUSE_CODE(scause);
	const char *name = NULL;

	if (scause & SCAUSE_IRQ) {
		if (code < ARRAY_SIZE(interrupt_names))
			name = interrupt_names[code];
		return name ? name : "unknown interrupt";
	}
	if (code < ARRAY_SIZE(exception_names))
		name = exception_names[code];
	return name ? name : "unknown exception";
}

/* "load page fault at 0x..." for causes whose stval is an address, the plain name otherwise. */
static const char *describe(const struct arch_regs *regs)
{
	static char buf[96];
	u64 code = SCAUSE_CODE(regs->scause);

	if (regs->scause & SCAUSE_IRQ)
		snprintf(buf, sizeof(buf), "unexpected %s", cause_name(regs->scause));
	else if (code == 2)
		snprintf(buf, sizeof(buf), "%s (insn %#llx)", cause_name(regs->scause),
			 (unsigned long long)regs->stval);
	else if ((code <= 7 && code != 3) || (code >= 12 && code <= 15))
		snprintf(buf, sizeof(buf), "%s at %#llx", cause_name(regs->scause),
			 (unsigned long long)regs->stval);
	else
		return cause_name(regs->scause);
	return buf;
}

/* No trap is handled yet: every one is a kernel bug (a trap inside the report is caught by
 * the panic path's own recursion guard). */
void rv_trap_handler(struct arch_regs *regs)
{
	hal_trap_panic(describe(regs), regs);
}

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp",	 "t0",	"t1", "t2", "s0", "s1", "a0",
	"a1",	"a2", "a3", "a4", "a5",	 "a6",	"a7", "s2", "s3", "s4", "s5",
	"s6",	"s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void arch_regs_dump(const struct arch_regs *regs)
{
	u64 st = regs->sstatus;
	int i;

	log_raw(" pc  %016llx  ra  %016llx  sp  %016llx\n", (unsigned long long)regs->sepc,
		(unsigned long long)regs->x[1], (unsigned long long)regs->x[2]);
	for (i = 3; i < 32; i += 3) {
		int j;

		for (j = i; j < i + 3 && j < 32; j++)
			log_raw(" %-3s %016llx ", reg_names[j], (unsigned long long)regs->x[j]);
		log_raw("\n");
	}
	log_raw(" sstatus %016llx (from %s-mode, SPIE=%d, SUM=%d, FS=%llu)\n",
		(unsigned long long)st, st & SSTATUS_SPP ? "S" : "U", !!(st & SSTATUS_SPIE),
		!!(st & SSTATUS_SUM), (unsigned long long)(st & SSTATUS_FS) >> 13);
	log_raw(" scause  %016llx (%s)  stval %016llx\n", (unsigned long long)regs->scause,
		cause_name(regs->scause), (unsigned long long)regs->stval);
}
