// SPDX-License-Identifier: MPL-2.0
// Exception dispatch: a kernel fault at an instruction of the exception table resumes at its
// fixup (user copies, probes); any other kernel exception is fatal: this names it, prints the
// register file and hands over to hal_trap_panic().
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/user.h>

#define X86_TRAP_GP 13
#define X86_TRAP_PF 14

/* Page-fault error code bits. */
#define PF_PRESENT (1 << 0)
#define PF_WRITE   (1 << 1)
#define PF_USER	   (1 << 2)
#define PF_RSVD	   (1 << 3)
#define PF_INSTR   (1 << 4)
#define PF_PK	   (1 << 5)
#define PF_SS	   (1 << 6)

BUILD_BUG_ON(sizeof(struct arch_regs) != 23 * 8);
BUILD_BUG_ON(offsetof(struct arch_regs, vector) != 16 * 8);
BUILD_BUG_ON(offsetof(struct arch_regs, rip) != 18 * 8);

static const char *const exception_names[32] = {
	[0] = "divide error",
	[1] = "debug",
	[2] = "non-maskable interrupt",
	[3] = "breakpoint",
	[4] = "overflow",
	[5] = "bound range exceeded",
	[6] = "invalid opcode",
	[7] = "device not available",
	[8] = "double fault",
	[9] = "coprocessor segment overrun",
	[10] = "invalid TSS",
	[11] = "segment not present",
	[12] = "stack-segment fault",
	[13] = "general protection",
	[14] = "page fault",
	[16] = "x87 floating-point error",
	[17] = "alignment check",
	[18] = "machine check",
	[19] = "SIMD floating-point exception",
	[20] = "virtualization exception",
	[21] = "control protection",
	[28] = "hypervisor injection",
	[29] = "VMM communication",
	[30] = "security exception",
};

static const char *exception_name(u64 vector)
{
	if (vector < ARRAY_SIZE(exception_names) && exception_names[vector])
		return exception_names[vector];
	return "reserved exception";
}

/* Set by arch_probe_exec (uaccess.S) around its call of the probed address. */
extern u8 x86_probe_exec_armed;
extern const char x86_probe_exec_fault[];

/* An instruction fetch from the probed address faulted: return from the call with -EFAULT. */
static bool probe_exec_fixup(struct arch_regs *regs)
{
	if (!x86_probe_exec_armed || regs->vector != X86_TRAP_PF ||
	    !(regs->error_code & PF_INSTR) || regs->rip != regs->cr2)
		return false;
	regs->rsp += 8; /* the return address the call pushed */
	regs->rip = (u64)(uintptr_t)x86_probe_exec_fault;
	return true;
}

/* Faults an exception-table entry allows: resume at its fixup. */
static bool kernel_fixup(struct arch_regs *regs)
{
	u64 fixup;

	if (regs->vector != X86_TRAP_PF && regs->vector != X86_TRAP_GP)
		return false;
	fixup = x86_extable_fixup(regs->rip);
	if (fixup) {
		regs->rip = fixup;
		return true;
	}
	return probe_exec_fixup(regs);
}

void x86_pf_decode(const struct arch_regs *regs, struct vm_fault_info *info)
{
	info->addr = regs->cr2;
	info->access = regs->error_code & PF_INSTR ? VM_EXEC :
		       regs->error_code & PF_WRITE ? VM_WRITE :
						     VM_READ;
	info->present = regs->error_code & PF_PRESENT;
}

/* Called by entry.S with the saved frame, on the interrupted stack or an IST stack. */
void x86_trap(struct arch_regs *regs);
void x86_trap(struct arch_regs *regs)
{
	/* A fault inside a user copy arrives with AC set: close the user half again (iretq
	 * restores the interrupted flags). */
	if (x86_has_smap)
		asm volatile("clac" ::: "memory");
	if (!(regs->cs & 3) && kernel_fixup(regs))
		return;
	/* From user mode: back to the user_mode_run() that entered it (user.c). */
	if (IS_ENABLED(CONFIG_ARCH_HAS_USER) && (regs->cs & 3))
		x86_user_trap(regs, exception_name(regs->vector));
	hal_trap_panic(exception_name(regs->vector), regs);
}

static void dump_pf_error(u64 err)
{
	log_raw("#PF: %s %s in %s mode%s%s%s\n",
		err & PF_PRESENT ? "protection violation" : "not-present page",
		err & PF_INSTR ? "on instruction fetch" :
		err & PF_WRITE ? "on write" :
				 "on read",
		err & PF_USER ? "user" : "kernel", err & PF_RSVD ? ", reserved bit set" : "",
		err & PF_PK ? ", protection key" : "", err & PF_SS ? ", shadow stack" : "");
}

/* u64 is unsigned long on x86_64, hence %lx throughout. */
void arch_regs_dump(const struct arch_regs *regs)
{
	log_raw("vector %lu (%s), error code 0x%lx\n", regs->vector, exception_name(regs->vector),
		regs->error_code);
	log_raw("RIP: %04lx:%016lx RSP: %04lx:%016lx RFLAGS: %08lx\n", regs->cs, regs->rip,
		regs->ss, regs->rsp, regs->rflags);
	log_raw("RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->rax, regs->rbx, regs->rcx);
	log_raw("RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->rdx, regs->rsi, regs->rdi);
	log_raw("RBP: %016lx R08: %016lx R09: %016lx\n", regs->rbp, regs->r8, regs->r9);
	log_raw("R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11, regs->r12);
	log_raw("R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14, regs->r15);
	log_raw("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n", x86_read_cr0(), regs->cr2,
		x86_read_cr3(), x86_read_cr4());
	if (regs->vector == X86_TRAP_PF)
		dump_pf_error(regs->error_code);
}
