// SPDX-License-Identifier: MPL-2.0
// x86_64 user mode: the SYSCALL MSRs of every CPU, entering user mode (sysretq when the
// registers allow it, iretq otherwise), and the ways back from exceptions and interrupts.
#define pr_fmt(fmt) "user: " fmt

#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/sched.h>
#include <hal/user.h>
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/percpu.h>
#include <arch/segment.h>
#include <arch/user.h>

#define X86_MSR_STAR   0xc0000081
#define X86_MSR_LSTAR  0xc0000082
#define X86_MSR_CSTAR  0xc0000083
#define X86_MSR_SFMASK 0xc0000084
#define X86_EFER_SCE   (1UL << 0)

#define X86_RFLAGS_CF	(1UL << 0)
#define X86_RFLAGS_RSV1 (1UL << 1) /* reads as one */
#define X86_RFLAGS_PF	(1UL << 2)
#define X86_RFLAGS_AF	(1UL << 4)
#define X86_RFLAGS_ZF	(1UL << 6)
#define X86_RFLAGS_SF	(1UL << 7)
#define X86_RFLAGS_TF	(1UL << 8)
#define X86_RFLAGS_DF	(1UL << 10)
#define X86_RFLAGS_OF	(1UL << 11)
#define X86_RFLAGS_IOPL (3UL << 12)
#define X86_RFLAGS_NT	(1UL << 14)
#define X86_RFLAGS_RF	(1UL << 16)
#define X86_RFLAGS_ID	(1UL << 21)

/* What user code may set itself (popf); IOPL, NT, VM, VIF and friends stay clear. */
#define USER_FLAGS                                                                       \
	(X86_RFLAGS_CF | X86_RFLAGS_PF | X86_RFLAGS_AF | X86_RFLAGS_ZF | X86_RFLAGS_SF | \
	 X86_RFLAGS_TF | X86_RFLAGS_DF | X86_RFLAGS_OF | X86_RFLAGS_AC | X86_RFLAGS_ID)
/* Cleared by SYSCALL: no interrupts or single steps before the stack switch, no user AC. */
#define SYSCALL_MASK                                                                       \
	(X86_RFLAGS_TF | X86_RFLAGS_IF | X86_RFLAGS_DF | X86_RFLAGS_AC | X86_RFLAGS_IOPL | \
	 X86_RFLAGS_NT | X86_RFLAGS_RF)

#define X86_TRAP_NMI 2
#define X86_TRAP_DF  8
#define X86_TRAP_GP  13
#define X86_TRAP_PF  14
#define X86_TRAP_MC  18

BUILD_BUG_ON(X86_USER_SYSCALL != USER_RETURN_SYSCALL);
BUILD_BUG_ON(X86_USER_EXCEPTION != USER_RETURN_EXCEPTION);
BUILD_BUG_ON(X86_USER_EVENT != USER_RETURN_EVENT);

/* The record x86_user_enter() pushes (arch/user.h); the kernel's registers follow it. */
struct user_entry {
	struct arch_user_regs *regs;
	struct user_context *ctx;
	u64 pad;
};

BUILD_BUG_ON(offsetof(struct user_entry, regs) != X86_USER_ENTRY_REGS);
BUILD_BUG_ON(offsetof(struct user_entry, ctx) != X86_USER_ENTRY_CTX);
BUILD_BUG_ON(sizeof(struct user_entry) != X86_USER_ENTRY_SIZE);
BUILD_BUG_ON(sizeof(struct user_entry) % 16 != 8); /* + 6 registers + return = 16n */

/* syscall.S */
int x86_user_enter(struct user_context *ctx, struct arch_regs *regs, bool sysret);
void __noreturn x86_user_leave(struct user_entry *e, int reason);
extern const char x86_syscall_entry[];

/* Which register file's FS/GS bases this CPU holds (interrupts off to look). */
DEFINE_PER_CPU(const struct arch_user_regs *, x86_user_loaded_bases);

/* With 4-level paging, an address is canonical when bits 63..47 are all equal. */
static bool canonical(u64 va)
{
	return (u64)((s64)(va << 16) >> 16) == va;
}

void arch_user_regs_init(struct arch_user_regs *r)
{
	*r = (struct arch_user_regs){ 0 };
	r->frame.cs = USER_CS;
	r->frame.ss = USER_DS;
	r->frame.rflags = X86_RFLAGS_IF | X86_RFLAGS_RSV1;
}

void arch_user_set_flags(struct arch_user_regs *r, unsigned long flags)
{
	r->frame.rflags = (flags & USER_FLAGS) | X86_RFLAGS_IF | X86_RFLAGS_RSV1;
}

int arch_user_set_reg(struct arch_user_regs *r, unsigned int idx, unsigned long val)
{
	unsigned long *slot = arch_user_reg(r, idx);

	if (!slot)
		return -EINVAL;
	if (slot == &r->frame.rflags) {
		arch_user_set_flags(r, val);
		return 0;
	}
	/* wrmsr of a non-canonical base faults in the kernel: only user-half bases. */
	if ((slot == &r->fs_base || slot == &r->gs_base) && val >= vm_space_user_end())
		return -EINVAL;
	*slot = val;
	return 0;
}

static enum user_exception_kind exception_kind(u64 vector)
{
	switch (vector) {
	case 0:	 /* #DE */
	case 16: /* #MF */
	case 19: /* #XM */
		return USER_EXC_ARITH;
	case 1: /* #DB */
	case 3: /* #BP */
		return USER_EXC_TRAP;
	case 6: /* #UD */
		return USER_EXC_ILLEGAL;
	case 4:	 /* #OF */
	case 5:	 /* #BR */
	case 10: /* #TS */
	case 11: /* #NP */
	case 12: /* #SS */
	case 13: /* #GP */
		return USER_EXC_PROTECTION;
	case 14:
		return USER_EXC_PAGE_FAULT;
	case 17: /* #AC */
		return USER_EXC_ALIGNMENT;
	default:
		return USER_EXC_OTHER;
	}
}

void arch_user_exception(const struct arch_user_regs *r, struct user_exception *out)
{
	const struct arch_regs *f = &r->frame;

	*out = (struct user_exception){
		.kind = exception_kind(f->vector),
		.vector = (unsigned int)f->vector,
		.error_code = f->error_code,
	};
	if (f->vector == X86_TRAP_PF) {
		out->fault_addr = f->cr2;
		x86_pf_decode(f, &out->fault);
	}
}

/* ---- Entering user mode ------------------------------------------------------------------- */

/* The user's FS base, and its GS base where the next SWAPGS will fetch it. Interrupts off. */
static void load_bases(const struct arch_user_regs *r)
{
	x86_wrmsr(X86_MSR_FS_BASE, r->fs_base);
	x86_wrmsr(X86_MSR_KERNEL_GS_BASE, r->gs_base);
	*this_cpu_ptr(x86_user_loaded_bases) = r;
}

/*
 * sysretq loads rip from rcx and rflags from r11, so it fits when those still hold what the
 * SYSCALL put there (the usual return from a system call). A non-canonical rcx would make
 * sysretq fault in ring 0 on Intel CPUs; single steps are left to iretq as well.
 */
static bool sysret_fits(const struct arch_regs *f)
{
	return f->rcx == f->rip && f->r11 == f->rflags && canonical(f->rip) &&
	       !(f->rflags & (X86_RFLAGS_TF | X86_RFLAGS_RF));
}

/* Called by x86_user_enter() with the top of its record: user-mode traps land there. */
void x86_user_entry_stack(uintptr_t top);
void x86_user_entry_stack(uintptr_t top)
{
	/* The scheduler hands stack_top to arch_task_set_kernel_stack() at each switch. */
	task_current()->stack_top = top;
	arch_task_set_kernel_stack(top);
}

int arch_user_enter(struct user_context *ctx, struct arch_user_regs *r)
{
	struct task *t = task_current();
	uintptr_t stack_top = t->stack_top;
	struct arch_regs *f = &r->frame;
	int reason;

	/* iretq to a non-canonical rip faults in ring 0: report the #GP user code would get. */
	if (!canonical(f->rip)) {
		f->vector = X86_TRAP_GP;
		f->error_code = 0;
		f->cr2 = 0;
		return USER_RETURN_EXCEPTION;
	}
	f->cs = USER_CS;
	f->ss = USER_DS;
	arch_user_set_flags(r, f->rflags);
	load_bases(r);
	reason = x86_user_enter(ctx, f, sysret_fits(f));
	t->stack_top = stack_top;
	arch_task_set_kernel_stack(stack_top);
	return reason;
}

/* ---- Coming back from user mode ----------------------------------------------------------- */

/* The record above a frame that the CPU pushed at the entry stack's top. */
static struct user_entry *entry_of(struct arch_regs *regs)
{
	struct user_entry *e = (struct user_entry *)(regs + 1);

	BUG_ON((uintptr_t)e != task_current()->stack_top);
	return e;
}

/*
 * The exception entry does not swap GS (only interrupts and SYSCALL do): swap here, before
 * anything reads per-CPU data. A user GS base is never a kernel-half address
 * (arch_user_set_reg), the kernel's always is.
 */
static void gs_to_kernel(void)
{
	if ((s64)x86_rdmsr(X86_MSR_GS_BASE) >= 0)
		asm volatile("swapgs" ::: "memory");
}

void x86_user_trap(struct arch_regs *regs, const char *what)
{
	struct user_entry *e;

	gs_to_kernel();
	if (regs->vector == X86_TRAP_NMI || regs->vector == X86_TRAP_DF ||
	    regs->vector == X86_TRAP_MC)
		hal_trap_panic(what, regs);
	e = entry_of(regs);
	e->regs->frame = *regs;
	x86_user_leave(e, USER_RETURN_EXCEPTION);
}

void x86_user_irq_return(struct arch_regs *regs)
{
	struct user_entry *e = entry_of(regs);

	if (hal_user_irq_return(e->ctx)) {
		e->regs->frame = *regs;
		x86_user_leave(e, USER_RETURN_EVENT);
	}
	/* Another task's user code may have run here, or this is another CPU now. */
	if (*this_cpu_ptr(x86_user_loaded_bases) != e->regs)
		load_bases(e->regs);
}

/* ---- Set-up ------------------------------------------------------------------------------- */

/*
 * SYSCALL enters at x86_syscall_entry with the kernel selectors; SYSRET returns to USER_CS
 * and USER_DS, which STAR bases on the 32-bit user code selector (arch/segment.h). A SYSCALL
 * from 32-bit code (CSTAR) takes the same path and goes back to 64-bit mode.
 */
static void syscall_cpu_init(unsigned int cpu)
{
	(void)cpu;
	x86_wrmsr(X86_MSR_STAR, ((u64)USER_CS32 << 48) | ((u64)KERNEL_CS << 32));
	x86_wrmsr(X86_MSR_LSTAR, (u64)(uintptr_t)x86_syscall_entry);
	x86_wrmsr(X86_MSR_CSTAR, (u64)(uintptr_t)x86_syscall_entry);
	x86_wrmsr(X86_MSR_SFMASK, SYSCALL_MASK);
	x86_wrmsr(X86_MSR_EFER, x86_rdmsr(X86_MSR_EFER) | X86_EFER_SCE);
}

static struct cpu_start_hook syscall_hook = { .fn = syscall_cpu_init, .name = "syscall" };

BUILD_BUG_ON(USER_CS != USER_CS32 + 16 || USER_DS != USER_CS32 + 8);

static int x86_user_init(void)
{
	syscall_cpu_init(0);
	cpu_start_hook_register(&syscall_hook);
	pr_info("syscall/sysret entry, user half [0, 0x%lx)\n", vm_space_user_end());
	return 0;
}
sched_initcall(x86_user_init);
