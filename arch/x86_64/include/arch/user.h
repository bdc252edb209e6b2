// SPDX-License-Identifier: MPL-2.0
// The x86_64 user register file behind struct user_context, its accessors (Linux x86_64
// syscall convention), and the entry-stack record syscall.S and user.c share.
#ifndef ARCH_USER_H
#define ARCH_USER_H

#include <arch/regs.h> /* X86_REGS_*: offsets into struct arch_regs */

/*
 * The record x86_user_enter() leaves at the top of the entry stack, where every trap from
 * user mode lands (TSS.rsp0 and the per-CPU syscall stack slot point at it): the register
 * file to save into, the context, padding that keeps the top 16-byte aligned (the CPU aligns
 * its interrupt frame), then the kernel's callee-saved registers and the return address.
 */
#define X86_USER_ENTRY_REGS 0
#define X86_USER_ENTRY_CTX  8
#define X86_USER_ENTRY_SIZE 24 /* up to the saved kernel registers */

/* Return reasons, the values of enum user_return (checked in user.c). */
#define X86_USER_SYSCALL   1
#define X86_USER_EXCEPTION 2
#define X86_USER_EVENT	   3

#ifndef __ASSEMBLER__

#include <hal/compiler.h>
#include <hal/types.h>
#include <arch/regs.h>

/*
 * struct arch_user_regs - @frame holds the user registers in trap-frame layout (cs and ss are
 * always the 64-bit user selectors; cr2, vector and error_code describe the last exception),
 * then the FS base (TLS) and the user GS base.
 */
struct arch_user_regs {
	struct arch_regs frame;
	u64 fs_base;
	u64 gs_base;
};

/* Linux struct sigcontext order, then the two bases. */
#define ARCH_USER_NR_REGS 20
#define ARCH_USER_REG_TLS 18 /* fs_base */

static inline unsigned long *arch_user_reg(struct arch_user_regs *r, unsigned int idx)
{
	struct arch_regs *f = &r->frame;
	u64 *const slots[ARCH_USER_NR_REGS] = {
		&f->r8,	 &f->r9,  &f->r10, &f->r11,    &f->r12,	    &f->r13,	 &f->r14,
		&f->r15, &f->rdi, &f->rsi, &f->rbp,    &f->rbx,	    &f->rdx,	 &f->rax,
		&f->rcx, &f->rsp, &f->rip, &f->rflags, &r->fs_base, &r->gs_base,
	};

	return idx < ARCH_USER_NR_REGS ? (unsigned long *)slots[idx] : NULL;
}

static inline unsigned long arch_user_syscall_nr(const struct arch_user_regs *r)
{
	return r->frame.rax;
}

static inline unsigned long arch_user_syscall_arg(const struct arch_user_regs *r, unsigned int i)
{
	const struct arch_regs *f = &r->frame;

	switch (i) {
	case 0:
		return f->rdi;
	case 1:
		return f->rsi;
	case 2:
		return f->rdx;
	case 3:
		return f->r10;
	case 4:
		return f->r8;
	case 5:
		return f->r9;
	default:
		return 0;
	}
}

static inline unsigned long arch_user_retval(const struct arch_user_regs *r)
{
	return r->frame.rax;
}

static inline void arch_user_set_retval(struct arch_user_regs *r, unsigned long val)
{
	r->frame.rax = val;
}

static inline vaddr_t arch_user_ip(const struct arch_user_regs *r)
{
	return r->frame.rip;
}

static inline void arch_user_set_ip(struct arch_user_regs *r, vaddr_t ip)
{
	r->frame.rip = ip;
}

static inline vaddr_t arch_user_sp(const struct arch_user_regs *r)
{
	return r->frame.rsp;
}

static inline void arch_user_set_sp(struct arch_user_regs *r, vaddr_t sp)
{
	r->frame.rsp = sp;
}

static inline unsigned long arch_user_flags(const struct arch_user_regs *r)
{
	return r->frame.rflags;
}

static inline vaddr_t arch_user_tls(const struct arch_user_regs *r)
{
	return r->fs_base;
}

/*
 * x86_user_trap - an exception from user mode (traps.c): report it to the user_mode_run()
 * that entered user mode, or panic with @what for machine-level ones (NMI, #MC, #DF).
 * Interrupts off. Does not return.
 */
void __noreturn x86_user_trap(struct arch_regs *regs, const char *what);

/*
 * x86_user_irq_return - an interrupt from user mode was handled (irq_entry.S): go back to
 * user mode (returns), or to user_mode_run() when the context was kicked. Interrupts off.
 */
void x86_user_irq_return(struct arch_regs *regs);

#endif /* __ASSEMBLER__ */
#endif /* ARCH_USER_H */
