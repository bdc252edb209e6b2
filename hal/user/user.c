// SPDX-License-Identifier: MPL-2.0
// User contexts and user_mode_run(): the arch-neutral part of running user code: the space a
// context runs in, kicks back to the kernel, and the checks on what goes into the registers.
#include <hal/arch.h>
#include <hal/arch_user.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <hal/sched.h>
#include <hal/sync.h>
#include <hal/user.h>

struct user_context {
	struct arch_user_regs regs; /* the owning task's while it runs */
	struct vm_space *space;	    /* a reference; changed only while not running */
	int cpu;  /* CPU running it in user mode, -1 when in the kernel (atomic) */
	u32 kick; /* user_mode_kick() pending (atomic) */
};

struct user_context *user_context_create(struct vm_space *space)
{
	struct user_context *ctx;

	if (!space)
		return ERR_PTR(-EINVAL);
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	arch_user_regs_init(&ctx->regs);
	ctx->space = vm_space_get(space);
	ctx->cpu = -1;
	return ctx;
}

void user_context_destroy(struct user_context *ctx)
{
	if (!ctx)
		return;
	vm_space_put(ctx->space);
	kfree(ctx);
}

void user_context_copy_regs(struct user_context *dst, const struct user_context *src)
{
	dst->regs = src->regs;
}

struct vm_space *user_context_space(const struct user_context *ctx)
{
	return ctx->space;
}

int user_context_set_space(struct user_context *ctx, struct vm_space *space)
{
	struct vm_space *old = ctx->space;

	if (!space)
		return -EINVAL;
	ctx->space = vm_space_get(space);
	vm_space_put(old);
	return 0;
}

/* ---- Registers ---------------------------------------------------------------------------- */

unsigned long user_context_syscall_nr(const struct user_context *ctx)
{
	return arch_user_syscall_nr(&ctx->regs);
}

unsigned long user_context_syscall_arg(const struct user_context *ctx, unsigned int i)
{
	return arch_user_syscall_arg(&ctx->regs, i);
}

void user_context_set_retval(struct user_context *ctx, unsigned long val)
{
	arch_user_set_retval(&ctx->regs, val);
}

unsigned long user_context_retval(const struct user_context *ctx)
{
	return arch_user_retval(&ctx->regs);
}

vaddr_t user_context_ip(const struct user_context *ctx)
{
	return arch_user_ip(&ctx->regs);
}

void user_context_set_ip(struct user_context *ctx, vaddr_t ip)
{
	arch_user_set_ip(&ctx->regs, ip);
}

vaddr_t user_context_sp(const struct user_context *ctx)
{
	return arch_user_sp(&ctx->regs);
}

void user_context_set_sp(struct user_context *ctx, vaddr_t sp)
{
	arch_user_set_sp(&ctx->regs, sp);
}

unsigned long user_context_flags(const struct user_context *ctx)
{
	return arch_user_flags(&ctx->regs);
}

void user_context_set_flags(struct user_context *ctx, unsigned long flags)
{
	arch_user_set_flags(&ctx->regs, flags);
}

vaddr_t user_context_tls(const struct user_context *ctx)
{
	return arch_user_tls(&ctx->regs);
}

int user_context_set_tls(struct user_context *ctx, vaddr_t tls)
{
	return arch_user_set_reg(&ctx->regs, ARCH_USER_REG_TLS, tls);
}

unsigned int user_context_nr_regs(void)
{
	return ARCH_USER_NR_REGS;
}

int user_context_get_reg(const struct user_context *ctx, unsigned int idx, unsigned long *val)
{
	/* arch_user_reg() hands out a writable slot; only read through it here. */
	const unsigned long *slot = arch_user_reg((struct arch_user_regs *)&ctx->regs, idx);

	if (!slot)
		return -EINVAL;
	*val = *slot;
	return 0;
}

int user_context_set_reg(struct user_context *ctx, unsigned int idx, unsigned long val)
{
	return arch_user_set_reg(&ctx->regs, idx, val);
}

void user_context_exception(const struct user_context *ctx, struct user_exception *out)
{
	arch_user_exception(&ctx->regs, out);
}

/* ---- Running ------------------------------------------------------------------------------ */

/*
 * Kicks pair with the CPU number: the runner publishes where it runs before it looks for a
 * kick, the kicker publishes the kick before it looks where to send the interrupt, so at
 * least one of them sees the other.
 */
static bool take_kick(struct user_context *ctx)
{
	__atomic_store_n(&ctx->cpu, (int)cpu_id(), __ATOMIC_SEQ_CST);
	return __atomic_exchange_n(&ctx->kick, 0, __ATOMIC_SEQ_CST);
}

bool hal_user_irq_return(struct user_context *ctx)
{
	/* The scheduler made the task's space (the context's) active if it switched tasks. */
	return take_kick(ctx);
}

/* User code owns the FPU registers of its task, and traps need the task's own stack. */
static bool task_can_run_user(const struct task *t)
{
	return t->stack && t->fpu;
}

int user_mode_run(struct user_context *ctx)
{
	struct task *t = task_current();
	unsigned long flags;
	int ret;

	if (!task_can_run_user(t))
		return -EINVAL;
	/*
	 * The context's space becomes the task's: the scheduler keeps it active wherever the
	 * task runs, in user mode and in the kernel between two runs (vm_read of a syscall).
	 */
	if (t->space != ctx->space)
		task_set_vm_space(ctx->space);
	flags = arch_irq_save();
	if (take_kick(ctx))
		ret = USER_RETURN_EVENT;
	else
		ret = arch_user_enter(ctx, &ctx->regs);
	__atomic_store_n(&ctx->cpu, -1, __ATOMIC_RELEASE);
	arch_irq_restore(flags);
	return ret;
}

void user_mode_kick(struct user_context *ctx)
{
	int cpu;

	__atomic_store_n(&ctx->kick, 1, __ATOMIC_SEQ_CST);
	cpu = __atomic_load_n(&ctx->cpu, __ATOMIC_SEQ_CST);
	/* Any interrupt does: its way back to user mode looks at the kick. */
	if (cpu >= 0)
		smp_send_resched((unsigned int)cpu);
}
