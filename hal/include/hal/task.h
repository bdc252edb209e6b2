// SPDX-License-Identifier: MPL-2.0
// Tasks and CPUs: kernel tasks, the scheduler and its pluggable policy, preemption guards,
// per-CPU data, CPU masks and cross-CPU function calls.
#ifndef HAL_TASK_H
#define HAL_TASK_H

#include <hal/compiler.h>
#include <hal/types.h>
#include <hal/lib/bitmap.h>
#include <hal/lib/list.h>

#ifdef CONFIG_NR_CPUS
#define NR_CPUS CONFIG_NR_CPUS
#else
#define NR_CPUS 1
#endif

/* ---- CPUs --------------------------------------------------------------------------------- */

/*
 * cpu_id - the number (0 .. NR_CPUS-1) of the CPU running the caller; 0 is the boot CPU.
 * Only stable while preemption is disabled (the task may move to another CPU otherwise).
 * Any context.
 */
unsigned int cpu_id(void);
/* cpu_online_count - CPUs up and scheduling tasks. */
unsigned int cpu_online_count(void);
/* cpu_is_online - true when @cpu is up. */
bool cpu_is_online(unsigned int cpu);

/* struct cpumask - a set of CPU numbers. */
struct cpumask {
	DECLARE_BITMAP(bits, NR_CPUS);
};

/* cpu_online_mask - the CPUs that are up (read-only; only grows during boot). */
extern const struct cpumask *const cpu_online_mask;

static inline void cpumask_clear(struct cpumask *m)
{
	bitmap_zero(m->bits, NR_CPUS);
}

static inline void cpumask_set(unsigned int cpu, struct cpumask *m)
{
	if (cpu < NR_CPUS)
		set_bit(cpu, m->bits);
}

static inline void cpumask_unset(unsigned int cpu, struct cpumask *m)
{
	if (cpu < NR_CPUS)
		clear_bit(cpu, m->bits);
}

static inline bool cpumask_test(unsigned int cpu, const struct cpumask *m)
{
	return cpu < NR_CPUS && test_bit(cpu, m->bits);
}

static inline bool cpumask_empty(const struct cpumask *m)
{
	return find_first_bit(m->bits, NR_CPUS) >= NR_CPUS;
}

unsigned int cpumask_weight(const struct cpumask *m);

#define for_each_cpu(cpu, mask)	 for_each_set_bit(cpu, (mask)->bits, NR_CPUS)
#define for_each_online_cpu(cpu) for_each_cpu(cpu, cpu_online_mask)

/*
 * Per-CPU variables: DEFINE_PER_CPU(type, name) makes one copy per possible CPU, each on its
 * own cache line. per_cpu(name, cpu) is that CPU's copy (an lvalue; @cpu is bounds-checked),
 * this_cpu_ptr(name) a pointer to the current CPU's copy — use it with preemption disabled.
 */
#define __PER_CPU_TYPE(name) __percpu_type_##name
#define DECLARE_PER_CPU(type, name)           \
	typedef struct {                      \
		type v;                       \
	} __aligned(64) __PER_CPU_TYPE(name); \
	extern __PER_CPU_TYPE(name) name[NR_CPUS]
#define DEFINE_PER_CPU(type, name)            \
	typedef struct {                      \
		type v;                       \
	} __aligned(64) __PER_CPU_TYPE(name); \
	__PER_CPU_TYPE(name) name[NR_CPUS]

/* __percpu_index - @cpu if it is a valid CPU number; panics otherwise. */
unsigned int __percpu_index(unsigned int cpu);

#define per_cpu(name, cpu)     (name[__percpu_index(cpu)].v)
#define per_cpu_ptr(name, cpu) (&per_cpu(name, cpu))
#define this_cpu_ptr(name)     (&name[cpu_id()].v)

/* ---- Preemption --------------------------------------------------------------------------- */

/*
 * preempt_disable / preempt_enable - keep the current task on this CPU and running: no
 * switch happens in between (interrupts still arrive). Nest. A reschedule that became due
 * meanwhile happens in the outermost preempt_enable(). Any context.
 */
void preempt_disable(void);
void preempt_enable(void);
/* preemptible - true when the current task may be switched out and may sleep here. */
bool preemptible(void);
/* in_irq - true inside an interrupt handler. */
bool in_irq(void);

/*
 * might_sleep - mark a call that may sleep; debug kernels panic with a backtrace when the
 * caller is in atomic context (spinlock held, preemption or interrupts off, IRQ handler).
 */
void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)

/* ---- Tasks -------------------------------------------------------------------------------- */

/*
 * struct task - a kernel thread of control with its own stack. Opaque; counted references
 * (task_get/task_put) keep it alive. A task ends by returning from its function or by
 * calling task_exit(); task_join() collects the exit code.
 */
struct task;

#define TASK_NAME_MAX 24
#define TASK_CPU_ANY  (-1)

/* Flags for struct task_opts. */
#define TASK_FPU (1U << 0) /* owns a user FPU/SIMD state, saved and restored on switches */

struct task_opts {
	int cpu;	    /* run only on this CPU, or TASK_CPU_ANY */
	size_t stack_size;  /* bytes, 0 = default (16 KiB); rounded up to pages */
	unsigned int flags; /* TASK_* flags */
	int priority;	    /* for the policy; the round-robin default ignores it */
};

/*
 * task_create - a new task running @fn(@arg), named @name (truncated), made runnable at once.
 * @opts may be NULL for defaults. May sleep. Returns a reference the caller must drop with
 * task_join() or task_put(), or ERR_PTR(-ENOMEM) / ERR_PTR(-EINVAL) (bad CPU or options).
 */
struct task *task_create(const char *name, int (*fn)(void *arg), void *arg,
			 const struct task_opts *opts);

/* task_current - the running task (never NULL once the framework has booted). Any context. */
struct task *task_current(void);

struct task *task_get(struct task *t);
void task_put(struct task *t);

/* task_join - wait for @t to end, drop the caller's reference, return its exit code. */
int task_join(struct task *t);

/* task_exit - end the current task with @code. Not for the boot task. May sleep. */
void __noreturn task_exit(int code);

/* task_yield - let other runnable tasks on this CPU run first. May sleep. */
void task_yield(void);

/* task_sleep_ns - sleep at least @ns nanoseconds (monotonic clock). May sleep. */
void task_sleep_ns(u64 ns);

/*
 * task_wake - make @t runnable if it is asleep. Returns true when this call woke it. Used by
 * wait queues and lock hand-off; a task woken this way re-checks what it waits for. Any
 * context.
 */
bool task_wake(struct task *t);

/*
 * task_set_cpu - restrict @t to @cpu from now on (TASK_CPU_ANY lifts it). A running task
 * moves when it next yields or is preempted, a sleeping one when it wakes. Not for the boot
 * or idle tasks. Returns 0 or -EINVAL. Any context.
 */
int task_set_cpu(struct task *t, int cpu);

/* task_name / task_id / task_cpu - descriptive; task_cpu is where it last ran. */
const char *task_name(const struct task *t);
unsigned int task_id(const struct task *t);
unsigned int task_cpu(const struct task *t);
bool task_has_exited(const struct task *t);

/* task_data / task_set_data - one pointer for the owner of the task (a service's process). */
void *task_data(const struct task *t);
void task_set_data(struct task *t, void *data);

/* ---- Scheduler policy --------------------------------------------------------------------- */

/* What the policy keeps per task. The core sets exec_start; the rest is the policy's. */
struct sched_node {
	struct list_head link; /* the policy's run-queue link */
	u64 exec_start;	       /* ns timestamp of the last switch to the task (core) */
	u64 vruntime;	       /* free for policies that use one */
	int priority;	       /* from task_opts.priority */
	void *priv;
};

/* Why a task is handed to enqueue(). */
enum sched_enqueue_reason {
	SCHED_ENQ_NEW,	     /* just created */
	SCHED_ENQ_WAKEUP,    /* was asleep */
	SCHED_ENQ_PREEMPTED, /* its slice ran out or a more urgent task came */
	SCHED_ENQ_YIELD,     /* called task_yield() */
	SCHED_ENQ_MIGRATE,   /* moved by sched_set_policy() or another CPU */
};

/*
 * struct sched_policy - how runnable tasks are ordered; the core does the switching, the
 * locking and the idle task. Each CPU has one run-queue lock; every callback but select_cpu
 * runs with the lock of @cpu held and interrupts off, so it must not sleep, allocate or take
 * other CPUs' run-queue locks.
 *   select_cpu  choose the CPU for a task becoming runnable (no run-queue lock held; read
 *               per-CPU numbers racily). Must return an online CPU the task may run on
 *               (@allowed, which is one CPU for pinned tasks).
 *   enqueue     add @t to @cpu's queue.
 *   pick_next   remove and return the task @cpu runs next, or NULL to idle.
 *   tick        called from the timer tick for the running task @curr (never the idle
 *               task) at time @now_ns (arch_timestamp clock, compare with exec_start);
 *               return true to preempt it.
 *   preempt_on_wakeup  optional: return true when waking @t on @cpu should preempt @curr.
 *   steal       optional: remove and return a task queued on @from that may run on @to
 *               (sched_task_movable), or NULL; an idle CPU @to calls it on a busy CPU. Both
 *               CPUs' run-queue locks are held.
 * The running task is not in any queue; it is enqueued again when it yields or is preempted.
 */
struct sched_policy {
	const char *name;
	unsigned int (*select_cpu)(struct task *t, const struct cpumask *allowed);
	void (*enqueue)(unsigned int cpu, struct task *t, enum sched_enqueue_reason why);
	struct task *(*pick_next)(unsigned int cpu);
	bool (*tick)(unsigned int cpu, struct task *curr, u64 now_ns);
	bool (*preempt_on_wakeup)(unsigned int cpu, struct task *curr, struct task *t);
	struct task *(*steal)(unsigned int from, unsigned int to);
};

/*
 * sched_task_movable - may the queued task @t move to @cpu now (not pinned elsewhere, not still
 * leaving its last CPU)? For a policy's steal(); run-queue lock of @t's CPU held.
 */
bool sched_task_movable(const struct task *t, unsigned int cpu);

/* sched_node_of / sched_node_task - between a task and its policy node. */
struct sched_node *sched_node_of(struct task *t);
struct task *sched_node_task(struct sched_node *n);

/*
 * sched_set_policy - make @p the scheduler policy (NULL: the round-robin default). Queued
 * tasks move to it. @p must stay valid forever. May sleep. Returns 0 or -EINVAL.
 */
int sched_set_policy(const struct sched_policy *p);
/* sched_policy_name - the policy in use. */
const char *sched_policy_name(void);
/* sched_cpu_load - tasks queued on @cpu plus its running one unless idle (racy). */
unsigned int sched_cpu_load(unsigned int cpu);

/* ---- Cross-CPU calls ---------------------------------------------------------------------- */

typedef void (*smp_call_fn)(void *arg);

/*
 * smp_call_function_single - run @fn(@arg) on @cpu in interrupt context (IRQs off); directly
 * when @cpu is this CPU. With @wait, return only after it ran. Must not be called from an
 * IRQ handler when @wait; callers may hold spinlocks and have interrupts off (calls queued for
 * this CPU are served while it waits). Returns 0 or -EINVAL (@cpu offline).
 */
int smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg, bool wait);

/*
 * smp_call_function_many - run @fn(@arg) on every online CPU in @mask (including this CPU
 * when it is in @mask). Same rules as smp_call_function_single.
 */
void smp_call_function_many(const struct cpumask *mask, smp_call_fn fn, void *arg, bool wait);

/* smp_call_function_all - the same on every online CPU. */
void smp_call_function_all(smp_call_fn fn, void *arg, bool wait);

#endif /* HAL_TASK_H */
