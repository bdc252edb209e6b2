// SPDX-License-Identifier: MPL-2.0
// Inside the scheduler, for hal/ and arch/: struct task, the per-CPU block, boot and IRQ hooks.
#ifndef HAL_SCHED_H
#define HAL_SCHED_H

#include <hal/arch.h>
#include <hal/compiler.h>
#include <hal/mm.h>
#include <hal/rawlock.h>
#include <hal/sync.h>
#include <hal/task.h>
#include <hal/types.h>

enum task_state {
	TASK_RUNNING,  /* on a CPU or in a run queue */
	TASK_SLEEPING, /* waiting for task_wake() */
	TASK_DEAD,     /* ended; its stack goes once the CPU has left it */
};

/* Task flags beyond the public TASK_* ones. */
#define TASK_F_IDLE (1U << 16) /* a CPU's idle task: never queued */
#define TASK_F_BOOT (1U << 17) /* the boot task: runs on the boot stack, never ends */

/*
 * struct task - "lock" below is task->lock (a raw lock, taken with interrupts off, before any
 * run-queue lock). "rq" is the run-queue lock of the CPU the task is queued on.
 */
struct task {
	uintptr_t sp;	     /* saved stack pointer while switched out (arch_task_switch) */
	uintptr_t stack_top; /* highest address of the kernel stack */
	void *stack;	     /* lowest address, NULL for the boot task */
	size_t stack_size;
	int state;     /* enum task_state (lock; read racily by others) */
	bool on_rq;    /* not asleep: running or queued (lock) */
	u8 on_cpu;     /* 1 while a CPU still runs on its stack (atomic) */
	u32 cpu;       /* CPU it runs / is queued / last ran on */
	int bound_cpu; /* TASK_CPU_ANY or the only CPU it may run on (fixed) */
	u32 id;
	unsigned int flags; /* TASK_* and TASK_F_* (fixed after creation) */
	int preempt_count;  /* preempt_disable depth, spinlocks included (own task only) */
	struct raw_lock lock;
	refcount_t refs;
	int (*fn)(void *arg);
	void *arg;
	int exit_code; /* valid once state is TASK_DEAD */
	struct completion exited;
	struct sched_node node; /* the policy's (rq) */
	void *fpu;		/* arch FPU/SIMD save area (TASK_FPU), else NULL */
	int fpu_cpu;		/* CPU whose registers last held this state, -1 none */
	void *data;		/* task_set_data() */
	struct vm_space *space; /* user address space (a reference), NULL for kernel tasks */
	u64 switches;		/* times switched in */
	char name[TASK_NAME_MAX];
};

/* Per-CPU run queue: the policy keeps the tasks, the core counts and locks. */
struct runqueue {
	struct raw_lock lock;
	unsigned int nr_queued; /* tasks in the policy's queue for this CPU (lock) */
};

/*
 * struct cpu_local - what the framework keeps per CPU, reached through arch_cpu_local() (a
 * CPU register on arches that have one). Fields are touched only by their own CPU unless
 * marked otherwise.
 */
struct cpu_local {
	struct cpu_local *self;
	struct task *current; /* running task */
	bool need_resched;    /* set by any CPU (atomic), consumed by this one */
	bool online;
	u32 id;	  /* 0 .. NR_CPUS-1 */
	u64 hwid; /* APIC id / hart id / MPIDR */
	struct task *idle;
	struct task *prev;  /* the task switched away from, for finish_switch */
	bool prev_migrates; /* prev goes to another CPU's queue once off this one */
	void *fpu_owner;    /* task whose FPU state is in the registers (x86: XSAVE area) */
	struct runqueue rq;
	u64 ticks; /* scheduler ticks seen */
	u64 nr_switches;
	void *arch; /* the arch's own per-CPU block */
};

/* cpu_local_of - the block of CPU @cpu (possible CPUs only). */
struct cpu_local *cpu_local_of(unsigned int cpu);

/* this_cpu_local - the running CPU's block. Any context. */
static inline struct cpu_local *this_cpu_local(void)
{
	return arch_cpu_local();
}

/* ---- Boot and CPU bring-up (hal/ and arch/) ---------------------------------------------- */

/*
 * sched_start - called once by run_init() on the boot CPU: from here on the boot code is a
 * task like any other, interrupts are on and the timer may preempt it.
 */
void sched_start(void);
/* sched_running - true once sched_start() ran (before: one CPU, interrupts off). */
bool sched_running(void);

/*
 * hal_cpu_online - a secondary CPU whose arch set-up is done (stack, descriptor tables, per-CPU
 * register, interrupt controller) reports in: it runs the CPU-start hooks, marks itself online
 * and becomes its idle task. Interrupts off. Does not return.
 */
void __noreturn hal_cpu_online(struct cpu_local *cl);

/* A hook run on every secondary CPU as it starts (interrupts off), in registration order. */
struct cpu_start_hook {
	void (*fn)(unsigned int cpu);
	const char *name;
	struct cpu_start_hook *next;
};
/* cpu_start_hook_register - add @h; call it from an initcall of level irq..sched (before smp). */
void cpu_start_hook_register(struct cpu_start_hook *h);

/* cpu_hwid - the hardware id of @cpu (APIC id); cpu_by_hwid - the CPU number, or -1. */
u64 cpu_hwid(unsigned int cpu);
int cpu_by_hwid(u64 hwid);

/* ---- Interrupts and ticks ------------------------------------------------------------------ */

/* sched_tick - the timer's per-CPU tick (IRQ context): account the slice, maybe preempt. */
void sched_tick(void);

/* sched_resched_ipi - the handler of the reschedule IPI (IRQ context). */
void sched_resched_ipi(void);

/* smp_call_ipi - the handler of the call-function IPI (IRQ context). */
void smp_call_ipi(void);

/* smp_have_ipi - true once IPIs can be sent (the interrupt code registered the vectors). */
bool smp_have_ipi(void);
/* smp_send_resched - make @cpu look at its run queue soon (no-op without IPIs). */
void smp_send_resched(unsigned int cpu);
/* smp_call_poll - run cross-CPU calls queued for this CPU (idle loop, waiting callers). */
void smp_call_poll(void);

/* ---- Used by hal/sync ---------------------------------------------------------------------- */

/* sched_block - switch away if the current task is not TASK_RUNNING any more. */
void sched_block(void);
/*
 * sched_block_until - like sched_block(), but also woken at @deadline_ns (monotonic clock).
 * Returns false once the deadline has passed (the task is then TASK_RUNNING).
 */
bool sched_block_until(u64 deadline_ns);
/* sched_deadline_after - time_monotonic_ns() + @ns, saturating. */
u64 sched_deadline_after(u64 ns);
/* task_set_sleeping - mark the current task asleep (before checking the wait condition). */
void task_set_sleeping(void);
/* task_set_running - undo task_set_sleeping() when the task did not need to sleep. */
void task_set_running(void);

/* sched_init_cpu - give @cl an idle task. Boot CPU, before @cl's CPU starts. */
int sched_init_cpu(struct cpu_local *cl);
/* sched_run_idle - the caller (a CPU's start-up code on its idle stack) becomes its idle task. */
void __noreturn sched_run_idle(struct cpu_local *cl);

/*
 * task_set_vm_space - make @s (NULL: none) the current task's user address space: it is
 * active on whatever CPU the task runs on from now on, switched by the scheduler. Takes a
 * reference on @s, drops the one on the previous space. Process context (may sleep).
 */
void task_set_vm_space(struct vm_space *s);

/*
 * User FPU/SIMD state of TASK_FPU tasks (signal frames, ptrace, exec), x86: XSAVE layout.
 * task_fpu_area - the save area of @t and its size in *@size (NULL/0 without TASK_FPU).
 * task_fpu_save_current - copy the current task's registers into its area (to read them).
 * task_fpu_load_current - load the current task's registers from its area (after writing it).
 * Task context; the area of another task is only up to date while that task is not running.
 */
#ifdef CONFIG_ARCH_HAS_FPU_STATE
void *task_fpu_area(struct task *t, size_t *size);
void task_fpu_save_current(void);
void task_fpu_load_current(void);
#else
static inline void *task_fpu_area(struct task *t, size_t *size)
{
	(void)t;
	*size = 0;
	return NULL;
}

static inline void task_fpu_save_current(void)
{
}

static inline void task_fpu_load_current(void)
{
}
#endif

/* sched_dump - print every CPU's current task and queue (panic, debugging). */
void sched_dump(void);

#endif /* HAL_SCHED_H */
