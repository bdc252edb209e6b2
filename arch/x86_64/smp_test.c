// SPDX-License-Identifier: MPL-2.0
// ktests for the x86_64 CPU and task support: GS-based per-CPU blocks, per-CPU TSS and kernel
// stack slot, and user FPU/SIMD state surviving switches and migrations between CPUs.
#include <hal/err.h>
#include <hal/ktest.h>
#include <hal/sched.h>
#include <hal/sync.h>
#include <hal/task.h>
#include <hal/lib/string.h>
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/percpu.h>

struct gs_probe {
	bool gs_ok, stack_ok, tss_ok;
	u64 kernel_gs;
};

static int check_gs(void *arg)
{
	struct gs_probe *p = arg;
	struct x86_percpu *pc;
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

	preempt_disable();
	pc = x86_percpu_this();
	p->gs_ok = pc->self == pc && pc->local == this_cpu_local() && pc->cpu == cpu_id() &&
		   x86_rdmsr(X86_MSR_GS_BASE) == (u64)(uintptr_t)pc;
	/* The syscall slot and TSS.rsp0 name the top of this task's own stack. */
	p->stack_ok = pc->kernel_sp > sp && pc->kernel_sp - sp < 64 * 1024;
	p->tss_ok = pc->tss.rsp[0] == pc->kernel_sp && pc->tss.ist[0] && pc->tss.ist[1];
	p->kernel_gs = x86_rdmsr(X86_MSR_KERNEL_GS_BASE);
	preempt_enable();
	return 0;
}

KTEST(x86_smp, gs_points_at_this_cpu)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct task_opts o = { .cpu = (int)cpu };
		struct gs_probe p = { 0 };
		struct task *t = task_create("gs", check_gs, &p, &o);

		KASSERT_TRUE(!IS_ERR(t));
		task_join(t);
		KEXPECT_TRUE(p.gs_ok);
		KEXPECT_TRUE(p.stack_ok);
		KEXPECT_TRUE(p.tss_ok);
		KEXPECT_EQ(p.kernel_gs, 0);
	}
}

/* ---- FPU ----------------------------------------------------------------------------------- */

#define FPU_ROUNDS     60
#define CPUID1_ECX_AVX (1U << 28)

static bool have_avx(void)
{
	return (x86_fpu_xcr0() & X86_XFEATURE_AVX) && (x86_cpuid(1, 0).ecx & CPUID1_ECX_AVX);
}

struct fpu_regs {
	u64 xmm0, xmm15, ymm2_high;
	u32 mxcsr;
	u16 fcw;
};

static void fpu_load(u64 pattern, u32 mxcsr, bool avx)
{
	asm volatile("movq %0, %%xmm0\n\t"
		     "movq %0, %%xmm15\n\t"
		     "ldmxcsr %1"
		     :
		     : "r"(pattern), "m"(mxcsr));
	if (avx)
		asm volatile("movq %0, %%xmm1\n\t"
			     "vinsertf128 $1, %%xmm1, %%ymm2, %%ymm2"
			     :
			     : "r"(~pattern));
}

static void fpu_read(struct fpu_regs *r, bool avx)
{
	asm volatile("movq %%xmm0, %0" : "=r"(r->xmm0));
	asm volatile("movq %%xmm15, %0" : "=r"(r->xmm15));
	asm volatile("stmxcsr %0" : "=m"(r->mxcsr));
	asm volatile("fnstcw %0" : "=m"(r->fcw));
	r->ymm2_high = 0;
	if (avx)
		asm volatile("vextractf128 $1, %%ymm2, %%xmm3\n\t"
			     "movq %%xmm3, %0"
			     : "=r"(r->ymm2_high));
}

struct fpu_shared {
	struct semaphore sem; /* blocking on it moves tasks between CPUs */
	atomic_t bad_initial, bad_state;
	atomic_t cpus_seen;
	atomic_t next_id;
	bool hop; /* move to another CPU every few rounds */
};

static int fpu_worker(void *arg)
{
	struct fpu_shared *s = arg;
	u64 pattern = 0x0123456789abcdefULL * (u64)(atomic_inc_return(&s->next_id) + 1);
	u32 mxcsr = 0x1f80 | ((pattern & 3) << 13); /* a rounding mode per task */
	bool avx = have_avx();
	struct fpu_regs r;

	fpu_read(&r, false);
	if (r.xmm0 || r.xmm15 || r.mxcsr != 0x1f80 || r.fcw != 0x37f)
		atomic_inc(&s->bad_initial);
	fpu_load(pattern, mxcsr, avx);
	for (int i = 0; i < FPU_ROUNDS; i++) {
		if (i % 4 == 1 && s->hop) {
			/* Hop to the next CPU: the state must come along. */
			task_set_cpu(task_current(), (int)((cpu_id() + 1) % cpu_online_count()));
			task_yield();
			task_set_cpu(task_current(), TASK_CPU_ANY);
		} else if (i % 4) {
			task_yield();
		} else {
			sema_down(&s->sem);
			task_yield();
			sema_up(&s->sem);
		}
		__atomic_fetch_or(&s->cpus_seen.counter, 1 << (cpu_id() % 31), __ATOMIC_RELAXED);
		fpu_read(&r, avx);
		if (r.xmm0 != pattern || r.xmm15 != pattern || r.mxcsr != mxcsr ||
		    (avx && r.ymm2_high != ~pattern))
			atomic_inc(&s->bad_state);
	}
	return 0;
}

/* A task without TASK_FPU in between: it must not disturb anyone's registers. */
static int plain_worker(void *arg)
{
	struct fpu_shared *s = arg;

	for (int i = 0; i < FPU_ROUNDS; i++)
		task_yield();
	(void)s;
	return 0;
}

KTEST(x86_smp, fpu_state_follows_tasks)
{
	struct task_opts fpu = { .cpu = TASK_CPU_ANY, .flags = TASK_FPU };
	struct fpu_shared s = { .hop = true };
	struct task *t[6];

	sema_init(&s.sem, 1);
	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++)
		t[i] = i % 3 == 2 ? task_create("plain", plain_worker, &s, NULL) :
				    task_create("fpu", fpu_worker, &s, &fpu);
	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++)
		KEXPECT_EQ(IS_ERR(t[i]) ? -1 : task_join(t[i]), 0);
	KEXPECT_EQ(atomic_read(&s.bad_initial), 0);
	KEXPECT_EQ(atomic_read(&s.bad_state), 0);
	if (cpu_online_count() > 1)
		KEXPECT_GT(__builtin_popcount((unsigned int)atomic_read(&s.cpus_seen)), 1);
}

/* Two FPU tasks forced onto one CPU: every switch between them must swap the registers. */
KTEST(x86_smp, fpu_state_on_one_cpu)
{
	struct task_opts fpu = { .cpu = 0, .flags = TASK_FPU };
	struct fpu_shared s = { 0 };
	struct task *a, *b;

	sema_init(&s.sem, 2);
	a = task_create("fpu-a", fpu_worker, &s, &fpu);
	b = task_create("fpu-b", fpu_worker, &s, &fpu);
	KASSERT_TRUE(!IS_ERR(a) && !IS_ERR(b));
	task_join(a);
	task_join(b);
	KEXPECT_EQ(atomic_read(&s.bad_initial), 0);
	KEXPECT_EQ(atomic_read(&s.bad_state), 0);
}

/* Reading and rewriting a task's FPU registers through its save area (signal frames). */
#define FXSAVE_XMM0 160

static int fpu_area_roundtrip(void *arg)
{
	u64 in = 0x1122334455667788ULL, seen = 0, out = 0;
	size_t size;
	u8 *area = task_fpu_area(task_current(), &size);

	(void)arg;
	if (!area || size < 512)
		return 1;
	asm volatile("movq %0, %%xmm0" : : "r"(in));
	task_fpu_save_current();
	memcpy(&seen, area + FXSAVE_XMM0, sizeof(seen));
	if (seen != in)
		return 2;
	in = ~in;
	memcpy(area + FXSAVE_XMM0, &in, sizeof(in));
	task_fpu_load_current();
	task_yield();
	asm volatile("movq %%xmm0, %0" : "=r"(out));
	return out == in ? 0 : 3;
}

KTEST(x86_smp, fpu_area_access)
{
	struct task_opts fpu = { .cpu = TASK_CPU_ANY, .flags = TASK_FPU };
	struct task *t = task_create("fpu-area", fpu_area_roundtrip, NULL, &fpu);
	size_t size = 1;

	KASSERT_TRUE(!IS_ERR(t));
	KEXPECT_EQ(task_join(t), 0);
	KEXPECT_NULL(task_fpu_area(task_current(), &size));
	KEXPECT_EQ(size, 0);
}
