// SPDX-License-Identifier: MPL-2.0
// ktests of user mode on x86_64: system-call round trips, exceptions, interrupts and
// preemption from user mode, FPU state across switches, kicks, TLS, SMAP/SMEP still on.
#include <hal/arch.h>
#include <hal/sched.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/mm.h>
#include <hal/sync.h>
#include <hal/task.h>
#include <hal/time.h>
#include <hal/user.h>
#include <arch/cpu.h>
#include <arch/mmu.h>

#define UT_CODE	    0x400000UL
#define UT_DATA	    0x600000UL
#define UT_STACK    0x7ff000UL
#define UT_UNMAPPED 0x500000UL
#define UT_SPIN_MAX (1UL << 26)

#define UPROG(name)                                                                    \
	({                                                                             \
		extern const u8 x86_utest_##name[], x86_utest_##name##_end[];          \
		(struct uprog){ x86_utest_##name,                                      \
				(size_t)(x86_utest_##name##_end - x86_utest_##name) }; \
	})

struct uprog {
	const u8 *code;
	size_t len;
};

/* A space with the program at UT_CODE, a data page at UT_DATA and a stack below UT_STACK+4K. */
struct utest {
	struct vm_space *space;
	struct user_context *ctx;
	struct frame *data; /* also mapped at UT_DATA */
};

static int map_new(struct vm_space *s, vaddr_t va, u32 flags, struct frame **keep)
{
	struct frame *f = frame_alloc();
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vm_space_map(s, va, f, VM_PROP(flags));
	if (!err && keep)
		*keep = frame_get(f);
	frame_put(f);
	return err;
}

static int utest_setup(struct utest *u, struct uprog prog)
{
	struct frame *code;
	int err;

	*u = (struct utest){ 0 };
	u->space = vm_space_create();
	if (IS_ERR(u->space))
		return PTR_ERR(u->space);
	err = map_new(u->space, UT_CODE, VM_READ | VM_EXEC, &code);
	if (err)
		return err;
	err = frame_write(code, 0, prog.code, prog.len);
	frame_put(code);
	if (!err)
		err = map_new(u->space, UT_DATA, VM_READ | VM_WRITE, &u->data);
	if (!err)
		err = map_new(u->space, UT_STACK, VM_READ | VM_WRITE, NULL);
	if (err)
		return err;
	u->ctx = user_context_create(u->space);
	if (IS_ERR(u->ctx))
		return PTR_ERR(u->ctx);
	user_context_set_ip(u->ctx, UT_CODE);
	user_context_set_sp(u->ctx, UT_STACK + PAGE_SIZE);
	return 0;
}

static void utest_teardown(struct utest *u)
{
	if (!IS_ERR_OR_NULL(u->ctx))
		user_context_destroy(u->ctx);
	frame_put(u->data);
	if (!IS_ERR_OR_NULL(u->space))
		vm_space_put(u->space);
}

static u64 data_word(struct utest *u, size_t idx)
{
	u64 v = 0;

	frame_read(u->data, idx * 8, &v, sizeof(v));
	return v;
}

static void set_data_word(struct utest *u, size_t idx, u64 v)
{
	frame_write(u->data, idx * 8, &v, sizeof(v));
}

/* Run @fn(@kt, @arg) in a new TASK_FPU task on @cpu and wait for it. */
struct utask {
	void (*fn)(struct ktest_ctx *kt, void *arg);
	struct ktest_ctx *kt;
	void *arg;
};

static int utask_entry(void *p)
{
	struct utask *ut = p;

	ut->fn(ut->kt, ut->arg);
	return 0;
}

static int run_in_task(struct ktest_ctx *kt, void (*fn)(struct ktest_ctx *, void *), void *arg,
		       int cpu)
{
	struct utask ut = { fn, kt, arg };
	struct task_opts o = { .cpu = cpu, .flags = TASK_FPU };
	struct task *t = task_create("utest", utask_entry, &ut, &o);

	if (IS_ERR(t))
		return PTR_ERR(t);
	return task_join(t);
}

#define RUN_IN_TASK(fn, arg, cpu) KEXPECT_EQ(run_in_task(__ktest_ctx, fn, arg, cpu), 0)

/* ---- System calls ------------------------------------------------------------------------- */

static void syscall_round_trip(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct utest u;
	unsigned long v;

	(void)arg;
	KASSERT_EQ(utest_setup(&u, UPROG(syscall)), 0);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(u.ctx), 42);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 0), 0x1111);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 1), 0x2222);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 2), 0x3333);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 3), 0x4444);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 4), 0x5555);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 5), 0x6666);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 6), 0);
	/* After syscall the ip is past it; rcx (index 14) holds the same (Linux ABI). */
	KEXPECT_GT(user_context_ip(u.ctx), UT_CODE);
	KEXPECT_EQ(user_context_get_reg(u.ctx, 14, &v), 0);
	KEXPECT_EQ(v, user_context_ip(u.ctx));
	KEXPECT_EQ(user_context_sp(u.ctx), UT_STACK + PAGE_SIZE);
	user_context_set_retval(u.ctx, 1000);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(u.ctx), 43);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 0), 1001);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 1), 0x0123456789abcdefULL);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 2), 0x77);
	utest_teardown(&u);
}

KTEST(user, syscall_round_trip)
{
	RUN_IN_TASK(syscall_round_trip, NULL, TASK_CPU_ANY);
}

/* A copy of the registers goes on in another space from the same point (fork). */
static void copy_to_other_space(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct utest parent, child;

	(void)arg;
	KASSERT_EQ(utest_setup(&parent, UPROG(syscall)), 0);
	KASSERT_EQ(utest_setup(&child, UPROG(syscall)), 0);
	KEXPECT_EQ(user_mode_run(parent.ctx), USER_RETURN_SYSCALL);
	user_context_copy_regs(child.ctx, parent.ctx);
	KEXPECT_TRUE(user_context_space(child.ctx) == child.space);
	user_context_set_retval(child.ctx, 7);
	KEXPECT_EQ(user_mode_run(child.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(child.ctx), 43);
	KEXPECT_EQ(user_context_syscall_arg(child.ctx, 0), 8);
	/* exec: the parent's context moves to the child's space and starts over there. */
	KEXPECT_EQ(user_context_set_space(parent.ctx, child.space), 0);
	user_context_set_ip(parent.ctx, UT_CODE);
	KEXPECT_EQ(user_mode_run(parent.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(parent.ctx), 42);
	KEXPECT_EQ(user_context_set_space(parent.ctx, NULL), -EINVAL);
	utest_teardown(&child);
	utest_teardown(&parent);
}

KTEST(user, copy_regs_and_set_space)
{
	RUN_IN_TASK(copy_to_other_space, NULL, TASK_CPU_ANY);
}

KTEST(user, needs_fpu_task)
{
	struct utest u;

	KASSERT_EQ(utest_setup(&u, UPROG(syscall)), 0);
	/* The ktest runner is the boot task: no FPU state of its own, no own stack. */
	KEXPECT_EQ(user_mode_run(u.ctx), -EINVAL);
	utest_teardown(&u);
}

/* ---- Exceptions --------------------------------------------------------------------------- */

static void exception_ud2(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct user_exception e;
	struct utest u;

	(void)arg;
	KASSERT_EQ(utest_setup(&u, UPROG(ud2)), 0);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EXCEPTION);
	user_context_exception(u.ctx, &e);
	KEXPECT_EQ(e.vector, 6);
	KEXPECT_EQ(e.kind, USER_EXC_ILLEGAL);
	KEXPECT_EQ(user_context_ip(u.ctx), UT_CODE);
	/* Skip it: the way back to user mode after an exception is iretq. */
	user_context_set_ip(u.ctx, UT_CODE + 2);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(u.ctx), 44);
	utest_teardown(&u);
}

KTEST(user, exception_ud2)
{
	RUN_IN_TASK(exception_ud2, NULL, TASK_CPU_ANY);
}

/* int3 in user mode is a trap (#BP, the ip already past it), not a #GP: its gate is DPL 3. */
static void exception_int3(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct user_exception e;
	struct utest u;

	(void)arg;
	KASSERT_EQ(utest_setup(&u, UPROG(int3)), 0);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EXCEPTION);
	user_context_exception(u.ctx, &e);
	KEXPECT_EQ(e.vector, 3);
	KEXPECT_EQ(e.kind, USER_EXC_TRAP);
	KEXPECT_EQ(user_context_ip(u.ctx), UT_CODE + 1);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(u.ctx), 46);
	utest_teardown(&u);
}

KTEST(user, exception_int3)
{
	RUN_IN_TASK(exception_int3, NULL, TASK_CPU_ANY);
}

/* A write to an unmapped page faults; mapping it (demand paging) lets the store go on. */
static void exception_unmapped_write(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct user_exception e;
	struct utest u;
	u64 v = 0;

	(void)arg;
	KASSERT_EQ(utest_setup(&u, UPROG(store)), 0);
	user_context_set_reg(u.ctx, 8, UT_UNMAPPED + 0x18); /* rdi */
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EXCEPTION);
	user_context_exception(u.ctx, &e);
	KEXPECT_EQ(e.vector, 14);
	KEXPECT_EQ(e.kind, USER_EXC_PAGE_FAULT);
	KEXPECT_EQ(e.fault_addr, UT_UNMAPPED + 0x18);
	KEXPECT_EQ(e.fault.addr, UT_UNMAPPED + 0x18);
	KEXPECT_EQ(e.fault.access, VM_WRITE);
	KEXPECT_FALSE(e.fault.present);
	KEXPECT_EQ(user_context_ip(u.ctx), UT_CODE);
	KASSERT_EQ(map_new(u.space, UT_UNMAPPED, VM_READ | VM_WRITE, NULL), 0);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(u.ctx), 45);
	KEXPECT_EQ(vm_read(&v, UT_UNMAPPED + 0x18, sizeof(v)), 0);
	KEXPECT_EQ(v, 0x12345678);
	utest_teardown(&u);
}

KTEST(user, exception_unmapped_write)
{
	RUN_IN_TASK(exception_unmapped_write, NULL, TASK_CPU_ANY);
}

static u64 kernel_secret = 0x5ec2e7;

/* User code reading kernel memory gets a protection page fault, never the data. */
static void exception_kernel_address(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct user_exception e;
	struct utest u;

	(void)arg;
	KASSERT_EQ(utest_setup(&u, UPROG(load)), 0);
	user_context_set_reg(u.ctx, 8, (unsigned long)(uintptr_t)&kernel_secret);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EXCEPTION);
	user_context_exception(u.ctx, &e);
	KEXPECT_EQ(e.vector, 14);
	KEXPECT_EQ(e.fault_addr, (uintptr_t)&kernel_secret);
	KEXPECT_EQ(e.fault.access, VM_READ);
	KEXPECT_TRUE(e.fault.present);
	KEXPECT_NE(user_context_retval(u.ctx), kernel_secret);
	/* A non-canonical address is a general-protection fault instead. */
	user_context_set_reg(u.ctx, 8, 0x0000900000000000UL);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EXCEPTION);
	user_context_exception(u.ctx, &e);
	KEXPECT_EQ(e.vector, 13);
	KEXPECT_EQ(e.kind, USER_EXC_PROTECTION);
	utest_teardown(&u);
}

KTEST(user, exception_kernel_address)
{
	RUN_IN_TASK(exception_kernel_address, NULL, TASK_CPU_ANY);
}

/* A context cannot send the CPU to a non-canonical ip or give user code privileged flags. */
static void bad_registers(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct user_exception e;
	struct utest u;

	(void)arg;
	KASSERT_EQ(utest_setup(&u, UPROG(syscall)), 0);
	user_context_set_flags(u.ctx, ~0UL);
	KEXPECT_EQ(user_context_flags(u.ctx) & (3UL << 12), 0); /* IOPL */
	KEXPECT_EQ(user_context_flags(u.ctx) & (1UL << 14), 0); /* NT */
	KEXPECT_NE(user_context_flags(u.ctx) & X86_RFLAGS_IF, 0);
	user_context_set_flags(u.ctx, 0);
	KEXPECT_EQ(user_context_set_tls(u.ctx, 0xffff800000000000UL), -EINVAL);
	KEXPECT_EQ(user_context_set_reg(u.ctx, 19, 0x0000900000000000UL), -EINVAL);
	KEXPECT_EQ(user_context_set_reg(u.ctx, user_context_nr_regs(), 0), -EINVAL);
	user_context_set_ip(u.ctx, 0x8000000000000000UL);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EXCEPTION);
	user_context_exception(u.ctx, &e);
	KEXPECT_EQ(e.vector, 13);
	/* A kernel-half ip is canonical: user code faults on the fetch. */
	user_context_set_ip(u.ctx, (uintptr_t)&kernel_secret);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EXCEPTION);
	user_context_exception(u.ctx, &e);
	KEXPECT_EQ(e.vector, 14);
	KEXPECT_EQ(e.fault.access, VM_EXEC);
	utest_teardown(&u);
}

KTEST(user, bad_registers)
{
	RUN_IN_TASK(bad_registers, NULL, TASK_CPU_ANY);
}

static void tls_bases(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct utest u;

	(void)arg;
	KASSERT_EQ(utest_setup(&u, UPROG(tls)), 0);
	set_data_word(&u, 0, 0xf5f5);
	set_data_word(&u, 3, 0x6565);
	KEXPECT_EQ(user_context_set_tls(u.ctx, UT_DATA), 0);
	KEXPECT_EQ(user_context_set_reg(u.ctx, 19, UT_DATA + 16), 0);
	KEXPECT_EQ(user_context_tls(u.ctx), UT_DATA);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(u.ctx), 48);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 0), 0xf5f5);
	KEXPECT_EQ(user_context_syscall_arg(u.ctx, 1), 0x6565);
	utest_teardown(&u);
}

KTEST(user, tls_bases)
{
	RUN_IN_TASK(tls_bases, NULL, TASK_CPU_ANY);
}

/* ---- Interrupts, preemption, FPU ---------------------------------------------------------- */

/* Waits, yielding its CPU, until user code marked data word 0, then sets word 1. */
static int release_spinner(void *arg)
{
	struct utest *u = arg;
	u64 deadline = time_monotonic_ns() + 10ULL * 1000 * 1000 * 1000;

	while (!data_word(u, 0) && time_monotonic_ns() < deadline)
		task_yield();
	set_data_word(u, 1, 1);
	return 0;
}

/*
 * The user loop ends only when a task on the same CPU ran, so the timer interrupted user
 * mode and the scheduler switched away and back; the registers must survive that.
 */
static void preempt_user(struct ktest_ctx *__ktest_ctx, void *arg)
{
	static const u64 expect[][2] = {
		{ 11, 0x1111111111111111 }, { 10, 0x2222222222222222 }, { 12, 0x3333333333333333 },
		{ 0, 0x4444444444444444 },  { 2, 0x5555555555555555 },	{ 4, 0x6666666666666666 },
		{ 5, 0x7777777777777777 },  { 6, 0x8888888888888888 },	{ 7, 0x9999999999999999 },
	};
	struct task_opts o = { .cpu = (int)task_cpu(task_current()) };
	struct task *releaser;
	struct utest u;
	unsigned long v;
	u64 ticks;

	(void)arg;
	KASSERT_EQ(utest_setup(&u, UPROG(spin)), 0);
	user_context_set_reg(u.ctx, 8, UT_DATA);     /* rdi: mark */
	user_context_set_reg(u.ctx, 9, UT_DATA + 8); /* rsi: wait for */
	user_context_set_reg(u.ctx, 1, UT_SPIN_MAX); /* r9 */
	releaser = task_create("ut-release", release_spinner, &u, &o);
	KASSERT_TRUE(!IS_ERR(releaser));
	ticks = time_ticks();
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_SYSCALL);
	KEXPECT_EQ(user_context_syscall_nr(u.ctx), 46);
	KEXPECT_NE(time_ticks(), ticks);
	KEXPECT_EQ(data_word(&u, 1), 1); /* released, not timed out */
	for (size_t i = 0; i < ARRAY_SIZE(expect); i++) {
		KEXPECT_EQ(user_context_get_reg(u.ctx, expect[i][0], &v), 0);
		KEXPECT_EQ(v, expect[i][1]);
	}
	task_join(releaser);
	utest_teardown(&u);
}

KTEST(user, interrupts_and_preemption_in_user_mode)
{
	RUN_IN_TASK(preempt_user, NULL, 0);
	if (cpu_online_count() > 1)
		RUN_IN_TASK(preempt_user, NULL, (int)cpu_online_count() - 1);
}

/* Two user tasks on one CPU, each with its own space and xmm0-15 values, sharing a page. */
struct fpu_pair {
	struct frame *shared;
	u64 pattern[2];
	u64 result[2];
	u64 fs_word[2], gs_word[2];
	int err[2];
};

static void fpu_side(struct fpu_pair *p, int me)
{
	struct utest u;

	p->err[me] = utest_setup(&u, UPROG(fpu));
	if (p->err[me])
		goto out;
	p->err[me] =
		vm_space_map(u.space, UT_DATA + PAGE_SIZE, p->shared, VM_PROP(VM_READ | VM_WRITE));
	if (p->err[me])
		goto out;
	user_context_set_reg(u.ctx, 8, UT_DATA + PAGE_SIZE + me * 8);	    /* rdi: mine */
	user_context_set_reg(u.ctx, 9, UT_DATA + PAGE_SIZE + (1 - me) * 8); /* rsi: other's */
	user_context_set_reg(u.ctx, 0, p->pattern[me]);			    /* r8 */
	user_context_set_reg(u.ctx, 1, UT_SPIN_MAX);			    /* r9 */
	/* Each side's FS and GS bases point at its own words (the other side's words are zero
	 * in its space): a switch that mixed the bases up would read zero. */
	set_data_word(&u, 2 + 2 * me, p->pattern[me]);
	set_data_word(&u, 3 + 2 * me, ~p->pattern[me]);
	user_context_set_tls(u.ctx, UT_DATA + 16 + 16 * me);
	user_context_set_reg(u.ctx, 19, UT_DATA + 24 + 16 * me);
	if (user_mode_run(u.ctx) != USER_RETURN_SYSCALL || user_context_syscall_nr(u.ctx) != 47)
		p->err[me] = -EIO;
	p->result[me] = user_context_syscall_arg(u.ctx, 0);
	p->fs_word[me] = user_context_syscall_arg(u.ctx, 1);
	p->gs_word[me] = user_context_syscall_arg(u.ctx, 2);
out:
	utest_teardown(&u);
}

static int fpu_side_task(void *arg)
{
	struct fpu_pair *p = arg;

	fpu_side(p, 1);
	return 0;
}

static void fpu_preempt(struct ktest_ctx *__ktest_ctx, void *arg)
{
	struct fpu_pair p = { .pattern = { 0xa5a5a5a5a5a5a5a5, 0x5a5a5a5a00c0ffee } };
	struct task_opts o = { .cpu = (int)task_cpu(task_current()), .flags = TASK_FPU };
	struct task *other;

	(void)arg;
	p.shared = frame_alloc();
	KASSERT_TRUE(!IS_ERR(p.shared));
	other = task_create("ut-fpu", fpu_side_task, &p, &o);
	KASSERT_TRUE(!IS_ERR(other));
	fpu_side(&p, 0);
	task_join(other);
	KEXPECT_EQ(p.err[0], 0);
	KEXPECT_EQ(p.err[1], 0);
	KEXPECT_EQ(p.result[0], 0); /* 1: clobbered, 2: never preempted */
	KEXPECT_EQ(p.result[1], 0);
	for (int i = 0; i < 2; i++) {
		KEXPECT_EQ(p.fs_word[i], p.pattern[i]);
		KEXPECT_EQ(p.gs_word[i], ~p.pattern[i]);
	}
	frame_put(p.shared);
}

KTEST(user, fpu_and_bases_survive_preemption)
{
	RUN_IN_TASK(fpu_preempt, NULL, 0);
}

/* ---- Kicks -------------------------------------------------------------------------------- */

static int kicker(void *arg)
{
	struct utest *u = arg;
	u64 deadline = time_monotonic_ns() + 10ULL * 1000 * 1000 * 1000;

	while (!data_word(u, 0) && time_monotonic_ns() < deadline)
		task_yield();
	user_mode_kick(u->ctx);
	return 0;
}

static void kick_user(struct ktest_ctx *__ktest_ctx, void *arg)
{
	int cpu = *(int *)arg;
	struct task_opts o = { .cpu = cpu };
	struct task *k;
	struct utest u;
	vaddr_t ip;

	KASSERT_EQ(utest_setup(&u, UPROG(kick)), 0);
	user_context_set_reg(u.ctx, 8, UT_DATA);     /* rdi */
	user_context_set_reg(u.ctx, 1, UT_SPIN_MAX); /* r9 */
	/* A kick while in the kernel is served at the next entry, without running user code. */
	user_mode_kick(u.ctx);
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EVENT);
	KEXPECT_EQ(user_context_ip(u.ctx), UT_CODE);
	KEXPECT_EQ(data_word(&u, 0), 0);
	k = task_create("ut-kick", kicker, &u, &o);
	KASSERT_TRUE(!IS_ERR(k));
	KEXPECT_EQ(user_mode_run(u.ctx), USER_RETURN_EVENT);
	ip = user_context_ip(u.ctx);
	KEXPECT_TRUE(ip > UT_CODE && ip < UT_CODE + 64);
	task_join(k);
	utest_teardown(&u);
}

KTEST(user, kick_brings_user_mode_back)
{
	int same = 0, other = (int)cpu_online_count() - 1;

	RUN_IN_TASK(kick_user, &same, 0);
	if (other > 0)
		RUN_IN_TASK(kick_user, &other, 0);
}

/* ---- The kernel still keeps out of user memory -------------------------------------------- */

KTEST(user, smap_smep_still_refuse_kernel_access)
{
	bool smep = x86_read_cr4() & X86_CR4_SMEP;
	struct utest u;
	u8 byte = 0;

	if (!x86_has_smap || !smep)
		KTEST_SKIP("CPU without SMAP/SMEP");
	KASSERT_EQ(utest_setup(&u, UPROG(ret)), 0);
	task_set_vm_space(u.space);
	/* Plain kernel accesses to user pages fault; the user-copy API still works. */
	KEXPECT_EQ(arch_probe_read8((const void *)UT_CODE, &byte), -EFAULT);
	KEXPECT_EQ(arch_probe_write8((void *)UT_DATA, 1), -EFAULT);
	KEXPECT_EQ(arch_probe_exec((const void *)UT_CODE), -EFAULT);
	KEXPECT_EQ(vm_read(&byte, UT_CODE, 1), 0);
	KEXPECT_EQ(byte, 0xc3); /* ret */
	task_set_vm_space(NULL);
	utest_teardown(&u);
}
