// SPDX-License-Identifier: MPL-2.0
// User mode: a user register file (struct user_context) with accessors, and user_mode_run(),
// which runs user code until it makes a system call, raises an exception or is asked back.
#ifndef HAL_USER_H
#define HAL_USER_H

#include <hal/compiler.h>
#include <hal/mm.h>
#include <hal/types.h>

/*
 * struct user_context - the user-visible CPU state of one thread of user code (general
 * registers, instruction and stack pointers, flags, TLS base) and the address space it runs
 * in. Opaque: the accessors below check what they store, so a context can never make the
 * CPU enter the kernel's privilege level or fault inside the kernel on the way to user mode.
 * One task at a time may run a context.
 */
struct user_context;

/*
 * user_context_create - a context for user code in @space (a reference is taken), with every
 * register zero and the flags at their defaults (interrupts on). May sleep.
 * Returns it, ERR_PTR(-EINVAL) for a NULL space, or ERR_PTR(-ENOMEM).
 */
struct user_context *user_context_create(struct vm_space *space);

/*
 * user_context_destroy - free @ctx and drop its space reference. Not while a task runs it.
 * NULL is ignored. May sleep.
 */
void user_context_destroy(struct user_context *ctx);

/* user_context_copy_regs - give @dst the registers of @src (fork); the spaces stay. */
void user_context_copy_regs(struct user_context *dst, const struct user_context *src);

/* user_context_space - the space @ctx runs in (no new reference). */
struct vm_space *user_context_space(const struct user_context *ctx);

/*
 * user_context_set_space - run @ctx in @space from its next entry on (exec): takes a
 * reference on @space, drops the one on the old space. Not while @ctx runs. May sleep.
 * Returns 0 or -EINVAL for a NULL space.
 */
int user_context_set_space(struct user_context *ctx, struct vm_space *space);

/* ---- Registers ---------------------------------------------------------------------------- */

/*
 * System calls, in the calling convention of the architecture's Linux ABI (x86_64: number in
 * rax, arguments in rdi, rsi, rdx, r10, r8, r9, result in rax).
 * user_context_syscall_arg - argument @i (0..5); 0 for other @i.
 */
unsigned long user_context_syscall_nr(const struct user_context *ctx);
unsigned long user_context_syscall_arg(const struct user_context *ctx, unsigned int i);
void user_context_set_retval(struct user_context *ctx, unsigned long val);
unsigned long user_context_retval(const struct user_context *ctx);

/* Instruction pointer, stack pointer: any value; a bad one faults in user mode. */
vaddr_t user_context_ip(const struct user_context *ctx);
void user_context_set_ip(struct user_context *ctx, vaddr_t ip);
vaddr_t user_context_sp(const struct user_context *ctx);
void user_context_set_sp(struct user_context *ctx, vaddr_t sp);

/*
 * The flags register. user_context_set_flags keeps only the bits user code may change
 * itself (x86: arithmetic flags, TF, DF, AC, ID); interrupts stay enabled in user mode.
 */
unsigned long user_context_flags(const struct user_context *ctx);
void user_context_set_flags(struct user_context *ctx, unsigned long flags);

/*
 * The thread-pointer register user code finds its TLS with (x86: the FS base; arm64:
 * TPIDR_EL0; riscv: tp). Returns 0 or -EINVAL for an address outside the user half.
 */
vaddr_t user_context_tls(const struct user_context *ctx);
int user_context_set_tls(struct user_context *ctx, vaddr_t tls);

/*
 * Registers by index, for signal frames and core dumps: index i is the i-th register of the
 * architecture's Linux signal context (x86_64 struct sigcontext: r8..r15, rdi, rsi, rbp, rbx,
 * rdx, rax, rcx, rsp, rip, eflags), then arch extras (x86_64: 18 fs_base, 19 gs_base).
 * user_context_nr_regs - how many indices there are.
 * user_context_get_reg - 0 with *@val set, or -EINVAL for a bad index.
 * user_context_set_reg - 0, or -EINVAL for a bad index or a value the register cannot take
 *	(a base outside the user half); flags are filtered as by user_context_set_flags.
 */
unsigned int user_context_nr_regs(void);
int user_context_get_reg(const struct user_context *ctx, unsigned int idx, unsigned long *val);
int user_context_set_reg(struct user_context *ctx, unsigned int idx, unsigned long val);

/* ---- Running user code -------------------------------------------------------------------- */

/* Why user_mode_run() returned. */
enum user_return {
	USER_RETURN_SYSCALL = 1, /* a system call: see the syscall accessors */
	USER_RETURN_EXCEPTION,	 /* an exception: see user_context_exception() */
	USER_RETURN_EVENT,	 /* user_mode_kick() asked for it */
};

/*
 * user_mode_run - run @ctx's user code in its space, on this task, until it comes back to
 * the kernel for one of the enum user_return reasons; @ctx then holds the user registers at
 * that point (after a system call the instruction pointer is past it). Call it again to go
 * on. User code runs with interrupts on and this task's FPU/SIMD state, and is preempted
 * like any task: interrupts from user mode are handled in the kernel and return to it
 * without user_mode_run() returning. The context's space becomes the task's address space
 * (active wherever the task runs, also in the kernel after user_mode_run() returned, so
 * vm_read()/vm_write() reach it).
 * Task context, interrupts on. The task must have been created with TASK_FPU (user code owns
 * the FPU registers) and have its own stack (not the boot task).
 * Returns an enum user_return, or -EINVAL when this task cannot run user code (arch without
 * user mode, no TASK_FPU, the boot task).
 */
int user_mode_run(struct user_context *ctx);

/*
 * user_mode_kick - make @ctx come back to the kernel: user_mode_run() returns
 * USER_RETURN_EVENT as soon as possible (at once if @ctx is in user mode on another CPU, at
 * its next entry if it is in the kernel now). Kicks do not queue: one return serves all
 * pending ones. Any context.
 */
void user_mode_kick(struct user_context *ctx);

/* Architecture-neutral classes of user exceptions (services map them to signals). */
enum user_exception_kind {
	USER_EXC_PAGE_FAULT, /* access to an unmapped or protected address: see .fault */
	USER_EXC_ILLEGAL,    /* undefined or privileged instruction */
	USER_EXC_PROTECTION, /* general protection, segment or stack fault, bad address form */
	USER_EXC_ARITH,	     /* divide error, floating-point or SIMD exception */
	USER_EXC_TRAP,	     /* breakpoint or single step */
	USER_EXC_ALIGNMENT,  /* alignment check */
	USER_EXC_OTHER,
};

/* struct user_exception - the last exception of a context. */
struct user_exception {
	enum user_exception_kind kind;
	unsigned int vector;	    /* the architecture's exception number (x86: 14 = #PF) */
	unsigned long error_code;   /* as the CPU reported it, 0 when it reports none */
	vaddr_t fault_addr;	    /* the faulting address for page faults, else 0 */
	struct vm_fault_info fault; /* decoded page fault (kind USER_EXC_PAGE_FAULT only) */
};

/*
 * user_context_exception - what the last USER_RETURN_EXCEPTION reported. Only meaningful
 * right after user_mode_run() returned that.
 */
void user_context_exception(const struct user_context *ctx, struct user_exception *out);

#endif /* HAL_USER_H */
