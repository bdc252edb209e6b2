// SPDX-License-Identifier: MPL-2.0
// The scheduler core: per-CPU run queues around a pluggable policy, switching, wake-ups,
// preemption from the tick and from IRQ exit, and the idle loop.
#define pr_fmt(fmt) "sched: " fmt

#include <hal/initcall.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/ksyms.h>
#include <hal/time.h>
#include "sched_core.h"

enum sched_mode {
	SCHED_BLOCK,   /* the task goes to sleep unless it was woken meanwhile */
	SCHED_YIELD,   /* requeue behind the others */
	SCHED_PREEMPT, /* requeue: slice over or someone more urgent */
};

/* Read racily by select_cpu paths; written under every run-queue lock (sched_set_policy). */
static const struct sched_policy *policy = &sched_rr_policy;
static bool started;

bool sched_running(void)
{
	return READ_ONCE(started);
}

static unsigned long rq_lock(struct cpu_local *cl)
{
	return raw_lock_irqsave(&cl->rq.lock);
}

static void rq_unlock(struct cpu_local *cl, unsigned long flags)
{
	raw_unlock_irqrestore(&cl->rq.lock, flags);
}

/* ---- Queueing ------------------------------------------------------------------------------ */

static void enqueue_on(unsigned int cpu, struct task *t, enum sched_enqueue_reason why)
{
	struct cpu_local *cl = cpu_local_of(cpu);
	unsigned long flags = rq_lock(cl);

	WRITE_ONCE(t->cpu, cpu);
	policy->enqueue(cpu, t, why);
	cl->rq.nr_queued++;
	rq_unlock(cl, flags);
}

static struct task *dequeue_next(struct cpu_local *cl)
{
	unsigned long flags = rq_lock(cl);
	struct task *t = policy->pick_next(cl->id);

	if (t)
		cl->rq.nr_queued--;
	rq_unlock(cl, flags);
	return t;
}

static unsigned int select_cpu(struct task *t)
{
	struct cpumask allowed;
	unsigned int cpu;

	if (t->bound_cpu != TASK_CPU_ANY)
		return (unsigned int)t->bound_cpu;
	allowed = *cpu_online_mask;
	cpu = READ_ONCE(policy)->select_cpu(t, &allowed);
	if (WARN_ON_ONCE(!cpumask_test(cpu, &allowed)))
		cpu = cpu_id();
	return cpu;
}

/* Make @cpu look at its queue: at once if it idles or the policy says so. */
static void kick_cpu(unsigned int cpu, struct task *woken)
{
	struct cpu_local *cl = cpu_local_of(cpu);
	struct task *curr = READ_ONCE(cl->current);
	bool kick = curr == cl->idle;

	if (!kick && READ_ONCE(policy)->preempt_on_wakeup)
		kick = READ_ONCE(policy)->preempt_on_wakeup(cpu, curr, woken);
	if (!kick)
		return;
	__atomic_store_n(&cl->need_resched, true, __ATOMIC_SEQ_CST);
	if (cpu != cpu_id())
		smp_send_resched(cpu);
}

/* Put @t, which nobody else will queue now (on_rq was just set), on a run queue. */
static void activate(struct task *t, enum sched_enqueue_reason why)
{
	unsigned int cpu;

	/* It may still be switching out on another CPU (woken right as it went to sleep). */
	while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	cpu = select_cpu(t);
	enqueue_on(cpu, t, why);
	kick_cpu(cpu, t);
}

void sched_add_new(struct task *t)
{
	activate(t, SCHED_ENQ_NEW);
}

bool task_wake(struct task *t)
{
	unsigned long flags = raw_lock_irqsave(&t->lock);
	bool queue;

	if (t->state != TASK_SLEEPING) {
		raw_unlock_irqrestore(&t->lock, flags);
		return false;
	}
	__atomic_store_n(&t->state, TASK_RUNNING, __ATOMIC_SEQ_CST);
	/* Still on its CPU on the way to sleep: it will see TASK_RUNNING and stay queued. */
	queue = !t->on_rq;
	t->on_rq = true;
	raw_unlock_irqrestore(&t->lock, flags);
	if (queue)
		activate(t, SCHED_ENQ_WAKEUP);
	return true;
}

void task_set_sleeping(void)
{
	__atomic_store_n(&task_current()->state, TASK_SLEEPING, __ATOMIC_SEQ_CST);
}

void task_set_running(void)
{
	__atomic_store_n(&task_current()->state, TASK_RUNNING, __ATOMIC_SEQ_CST);
}

/* ---- Switching ----------------------------------------------------------------------------- */

/*
 * Back on this CPU's queue; or, when task_set_cpu() moved it elsewhere, onto that CPU's queue
 * by finish_switch() once this CPU is off its stack (a CPU that picked it from a remote queue
 * while it is still running here could deadlock with us doing the same).
 */
static void requeue_prev(struct cpu_local *cl, struct task *prev, enum sched_enqueue_reason why)
{
	int bound = READ_ONCE(prev->bound_cpu);

	if (bound != TASK_CPU_ANY && (unsigned int)bound != cl->id)
		cl->prev_migrates = true;
	else
		enqueue_on(cl->id, prev, why);
}

/* Decide what happens to the task leaving the CPU. Interrupts off. */
static void put_prev(struct cpu_local *cl, struct task *prev, enum sched_mode mode)
{
	unsigned long flags;
	bool requeue;

	if (prev->flags & TASK_F_IDLE)
		return;
	flags = raw_lock_irqsave(&prev->lock);
	/* A preempted task stays queued whatever its state: it has not checked its condition. */
	requeue = mode != SCHED_BLOCK || prev->state == TASK_RUNNING;
	if (!requeue)
		prev->on_rq = false;
	raw_unlock_irqrestore(&prev->lock, flags);
	if (requeue)
		requeue_prev(cl, prev, mode == SCHED_YIELD ? SCHED_ENQ_YIELD : SCHED_ENQ_PREEMPTED);
}

/*
 * Runs first on the task switched to: release the previous task. Once on_cpu drops, another
 * CPU may run it (or free it when it is dead), so nothing may touch it afterwards.
 */
static void finish_switch(void)
{
	struct cpu_local *cl = this_cpu_local();
	struct task *prev = cl->prev;
	bool dead = READ_ONCE(prev->state) == TASK_DEAD;
	bool migrates = cl->prev_migrates;

	cl->prev = NULL;
	cl->prev_migrates = false;
	__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	if (dead) {
		task_put(prev);
	} else if (migrates) {
		/* Still on_rq, so no waker queues it meanwhile. */
		unsigned int cpu = select_cpu(prev);

		enqueue_on(cpu, prev, SCHED_ENQ_MIGRATE);
		kick_cpu(cpu, prev);
	}
}

/* One load per switch: cheap enough to catch every overflow, not just in debug kernels. */
static void check_stack(const struct task *t)
{
	if (unlikely(!task_stack_ok(t)))
		panic("stack overflow in task %s (id %u): canary at %p overwritten", t->name, t->id,
		      t->stack);
}

static void switch_to(struct cpu_local *cl, struct task *prev, struct task *next)
{
	/* Nothing queues a task before its last CPU is off its stack; make sure of it. */
	if (WARN_ON_ONCE(__atomic_load_n(&next->on_cpu, __ATOMIC_ACQUIRE)))
		while (__atomic_load_n(&next->on_cpu, __ATOMIC_ACQUIRE))
			arch_cpu_relax();
	next->on_cpu = 1;
	WRITE_ONCE(next->cpu, cl->id);
	next->switches++;
	next->node.exec_start = arch_timestamp_ns();
	cl->nr_switches++;
	cl->prev = prev;
	WRITE_ONCE(cl->current, next);
	check_stack(prev);
	if (next->stack)
		arch_task_set_kernel_stack(next->stack_top);
	task_fpu_switch(cl, prev, next);
	if (IS_ENABLED(CONFIG_ARCH_HAS_PAGING) && next->space != vm_space_active())
		vm_space_activate(next->space);
	arch_task_switch(&prev->sp, next->sp);
	/* Back on prev's stack, possibly on another CPU. */
	finish_switch();
}

static struct task *pick_next(struct cpu_local *cl, struct task *prev)
{
	struct task *next = dequeue_next(cl);

	if (next)
		return next;
	if (cl->idle)
		return cl->idle;
	/* Before the idle task exists only the boot task runs; it cannot sleep yet. */
	if (READ_ONCE(prev->state) != TASK_RUNNING)
		panic("%s must sleep, but nothing else can run yet", prev->name);
	return prev;
}

static void __schedule(enum sched_mode mode)
{
	unsigned long flags = arch_irq_save();
	struct cpu_local *cl = this_cpu_local();
	struct task *prev = cl->current;
	struct task *next;

	prev->preempt_count++;
	__atomic_store_n(&cl->need_resched, false, __ATOMIC_RELAXED);
	put_prev(cl, prev, mode);
	next = pick_next(cl, prev);
	if (next != prev)
		switch_to(cl, prev, next);
	prev->preempt_count--;
	arch_irq_restore(flags);
}

void sched_block(void)
{
	might_sleep();
	/* Woken between marking itself asleep and getting here: nothing to do. */
	if (READ_ONCE(task_current()->state) == TASK_RUNNING)
		return;
	__schedule(SCHED_BLOCK);
}

void task_yield(void)
{
	might_sleep();
	__schedule(SCHED_YIELD);
}

void sched_switch_away_dead(void)
{
	__schedule(SCHED_BLOCK);
	panic("dead task %s was scheduled again", task_current()->name);
}

void task_entry(void)
{
	struct task *t;

	finish_switch();
	t = task_current();
	t->preempt_count--;
	arch_irq_enable();
	task_exit(t->fn(t->arg));
}

/* ---- Preemption ---------------------------------------------------------------------------- */

static bool resched_due(struct cpu_local *cl)
{
	return __atomic_load_n(&cl->need_resched, __ATOMIC_RELAXED);
}

void preempt_disable(void)
{
	task_current()->preempt_count++;
	barrier();
}

void preempt_enable(void)
{
	struct task *t = task_current();

	barrier();
	if (IS_ENABLED(CONFIG_DEBUG_KERNEL) && unlikely(t->preempt_count <= 0))
		panic("preempt_enable() without preempt_disable() in %s", t->name);
	if (--t->preempt_count == 0 && unlikely(resched_due(this_cpu_local())) &&
	    arch_irqs_enabled() && !in_irq())
		__schedule(SCHED_PREEMPT);
}

bool in_irq(void)
{
	return IS_ENABLED(CONFIG_ARCH_HAS_IRQ) && irq_in_interrupt();
}

bool preemptible(void)
{
	return !task_current()->preempt_count && !in_irq() && arch_irqs_enabled();
}

void __might_sleep(const char *file, int line)
{
	struct task *t;

	if (!IS_ENABLED(CONFIG_DEBUG_KERNEL))
		return;
	t = task_current();
	/* The boot code runs with interrupts off until sched_start(). */
	if ((t->flags & TASK_F_BOOT) && !READ_ONCE(started))
		return;
	if (unlikely(t->preempt_count || in_irq() || !arch_irqs_enabled() ||
		     (t->flags & TASK_F_IDLE)))
		panic("sleeping call at %s:%d in atomic context (task %s, preempt count %d, %s, "
		      "interrupts %s)",
		      file, line, t->name, t->preempt_count, in_irq() ? "in IRQ" : "not in IRQ",
		      arch_irqs_enabled() ? "on" : "off");
}

/*
 * The interrupt code's exit hook: the end of an outermost interrupt, after the EOI, on the
 * interrupted stack, interrupts off. The interrupted code had interrupts on, so it may be
 * switched out here unless it disabled preemption.
 */
static void sched_irq_exit(struct arch_regs *regs)
{
	struct cpu_local *cl = this_cpu_local();

	(void)regs;
	if (unlikely(resched_due(cl)) && !cl->current->preempt_count)
		__schedule(SCHED_PREEMPT);
}

void sched_tick(void)
{
	struct cpu_local *cl = this_cpu_local();
	struct task *curr = cl->current;
	unsigned long flags;
	bool preempt;

	cl->ticks++;
	if (curr == cl->idle || !cl->idle)
		return;
	flags = rq_lock(cl);
	preempt = policy->tick(cl->id, curr, arch_timestamp_ns());
	rq_unlock(cl, flags);
	if (preempt)
		__atomic_store_n(&cl->need_resched, true, __ATOMIC_RELAXED);
}

void sched_resched_ipi(void)
{
	/* need_resched is already set; hal_irq_exit() acts on it. */
}

/* ---- Idle ---------------------------------------------------------------------------------- */

bool sched_task_movable(const struct task *t, unsigned int cpu)
{
	int bound = READ_ONCE(t->bound_cpu);

	return (bound == TASK_CPU_ANY || (unsigned int)bound == cpu) &&
	       !__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE);
}

/* Move one task from @from's queue to @to's, if the policy finds one. Locks in CPU order. */
static bool steal_from(struct cpu_local *from, struct cpu_local *to)
{
	struct cpu_local *first = from->id < to->id ? from : to;
	struct cpu_local *second = first == from ? to : from;
	unsigned long flags = rq_lock(first), off = rq_lock(second);
	struct task *t = policy->steal ? policy->steal(from->id, to->id) : NULL;

	if (t) {
		from->rq.nr_queued--;
		WRITE_ONCE(t->cpu, to->id);
		policy->enqueue(to->id, t, SCHED_ENQ_MIGRATE);
		to->rq.nr_queued++;
	}
	rq_unlock(second, off);
	rq_unlock(first, flags);
	return t != NULL;
}

/* An idle CPU takes a task that waits behind a running one elsewhere. Interrupts off. */
static bool idle_steal(struct cpu_local *cl)
{
	unsigned int cpu;

	if (!READ_ONCE(policy)->steal)
		return false;
	for_each_online_cpu(cpu) {
		struct cpu_local *from = cpu_local_of(cpu);

		if (cpu == cl->id || !READ_ONCE(from->rq.nr_queued) ||
		    READ_ONCE(from->current) == from->idle)
			continue;
		if (steal_from(from, cl))
			return true;
	}
	return false;
}

static bool cpu_has_work(struct cpu_local *cl)
{
	return resched_due(cl) || READ_ONCE(cl->rq.nr_queued);
}

/*
 * Halt until an interrupt when something will send one (the reschedule IPI for wake-ups from
 * other CPUs); poll otherwise.
 */
static void __noreturn idle_loop(struct cpu_local *cl)
{
	for (;;) {
		arch_irq_save();
		if (cpu_has_work(cl) || idle_steal(cl))
			__schedule(SCHED_YIELD);
		else if (smp_have_ipi() || cpu_online_count() == 1)
			arch_cpu_idle();
		else
			arch_irq_enable();
		smp_call_poll();
		arch_cpu_relax();
	}
}

void sched_idle_entry(void)
{
	struct task *t;

	finish_switch();
	t = task_current();
	t->preempt_count--;
	idle_loop(this_cpu_local());
}

void sched_run_idle(struct cpu_local *cl)
{
	struct task *idle = cl->idle;

	idle->on_cpu = 1;
	idle->preempt_count = 0;
	WRITE_ONCE(cl->current, idle);
	idle_loop(cl);
}

/* ---- Policy -------------------------------------------------------------------------------- */

static bool policy_valid(const struct sched_policy *p)
{
	return p->name && p->select_cpu && p->enqueue && p->pick_next && p->tick;
}

/* Move every queued task from the current policy to @p. All run-queue locks held. */
static void policy_migrate(const struct sched_policy *p)
{
	LIST_HEAD(moving);
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct task *t;

		while ((t = policy->pick_next(cpu)))
			list_add_tail(&t->node.link, &moving);
	}
	WRITE_ONCE(policy, p);
	while (!list_empty(&moving)) {
		struct task *t = list_first_entry(&moving, struct task, node.link);

		list_del_init(&t->node.link);
		p->enqueue(t->cpu, t, SCHED_ENQ_MIGRATE);
	}
}

int sched_set_policy(const struct sched_policy *p)
{
	static DEFINE_MUTEX(policy_mutex);
	unsigned long flags, off;
	unsigned int cpu;

	p = p ? p : &sched_rr_policy;
	if (!policy_valid(p))
		return -EINVAL;
	mutex_lock(&policy_mutex);
	flags = arch_irq_save();
	off = arch_irq_save(); /* "interrupts off", for the unlocks below */
	for_each_online_cpu(cpu)
		raw_lock_irqsave(&cpu_local_of(cpu)->rq.lock);
	policy_migrate(p);
	for_each_online_cpu(cpu)
		raw_unlock_irqrestore(&cpu_local_of(cpu)->rq.lock, off);
	arch_irq_restore(flags);
	mutex_unlock(&policy_mutex);
	pr_info("policy %s\n", p->name);
	return 0;
}

const char *sched_policy_name(void)
{
	return READ_ONCE(policy)->name;
}

unsigned int sched_cpu_load(unsigned int cpu)
{
	struct cpu_local *cl = cpu_local_of(cpu);

	return READ_ONCE(cl->rq.nr_queued) + (READ_ONCE(cl->current) != cl->idle);
}

struct sched_node *sched_node_of(struct task *t)
{
	return &t->node;
}

struct task *sched_node_task(struct sched_node *n)
{
	return container_of(n, struct task, node);
}

/* ---- Boot ---------------------------------------------------------------------------------- */

int sched_init_cpu(struct cpu_local *cl)
{
	cl->idle = task_make_idle(cl->id);
	return cl->idle ? 0 : -ENOMEM;
}

/* Preemption needs the interrupt exit hook; time slices need the tick. */
static void sched_hook_interrupts(void)
{
	if (IS_ENABLED(CONFIG_ARCH_HAS_IRQ)) {
		irq_set_exit_hook(sched_irq_exit);
		if (irq_register_ipi(IPI_RESCHEDULE, sched_resched_ipi))
			pr_warn("no reschedule IPI\n");
	}
	if (IS_ENABLED(CONFIG_ARCH_HAS_TIMER) && time_tick_register(sched_tick))
		pr_warn("no scheduler tick: tasks are not preempted\n");
}

static int sched_init(void)
{
	int err = sched_init_cpu(&hal_boot_cpu);

	if (err)
		return err;
	sched_hook_interrupts();
	pr_info("policy %s, idle task ready on CPU 0\n", policy->name);
	return 0;
}
sched_initcall(sched_init);

void sched_start(void)
{
	BUG_ON(cpu_id() != 0 || started);
	WRITE_ONCE(started, true);
	pr_info("scheduler running on %u CPU%s; interrupts on\n", cpu_online_count(),
		cpu_online_count() == 1 ? "" : "s");
	arch_irq_enable();
}

void sched_dump(void)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct cpu_local *cl = cpu_local_of(cpu);
		struct task *curr = READ_ONCE(cl->current);

		log_raw("CPU %u: running %s (id %u), %u queued, %llu switches\n", cpu,
			curr ? curr->name : "?", curr ? curr->id : 0, READ_ONCE(cl->rq.nr_queued),
			(unsigned long long)cl->nr_switches);
	}
}
