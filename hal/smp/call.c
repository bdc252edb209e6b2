// SPDX-License-Identifier: MPL-2.0
// Cross-CPU function calls: a queue per CPU, filled by callers and drained by the target in
// its call-function IPI handler (or its idle loop, or while it waits for its own calls).
#define pr_fmt(fmt) "smp: " fmt

#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/sched.h>

/* One request for one CPU. */
struct call_entry {
	struct list_head link;
	smp_call_fn fn;
	void *arg;
	int *pending; /* counts down to 0 as targets finish; NULL: free the entry after the call */
};

static struct call_queue {
	struct raw_lock lock;
	struct list_head calls; /* struct call_entry (lock) */
} __aligned(64) queues[NR_CPUS];

static bool ipi_ready;

bool smp_have_ipi(void)
{
	return __atomic_load_n(&ipi_ready, __ATOMIC_ACQUIRE);
}

void smp_send_resched(unsigned int cpu)
{
	if (IS_ENABLED(CONFIG_ARCH_HAS_IRQ) && smp_have_ipi())
		irq_send_ipi(cpu, IPI_RESCHEDULE);
}

static struct call_queue *queue_of(unsigned int cpu)
{
	struct call_queue *q = &queues[cpu];

	if (!q->calls.next)
		INIT_LIST_HEAD(&q->calls); /* set up on first use; cpu's queues start zeroed */
	return q;
}

/* Run one entry. After the pending count drops the caller may free it: touch it no more. */
static void call_run(struct call_entry *e)
{
	smp_call_fn fn = e->fn;
	void *arg = e->arg;
	int *pending = e->pending;

	fn(arg);
	if (pending)
		__atomic_fetch_sub(pending, 1, __ATOMIC_RELEASE);
	else
		kfree(e);
}

void smp_call_poll(void)
{
	unsigned long flags = arch_irq_save(), lflags;
	struct call_queue *q = queue_of(cpu_id());
	struct call_entry *e, *next;
	LIST_HEAD(todo);

	lflags = raw_lock_irqsave(&q->lock);
	list_splice_init(&q->calls, &todo);
	raw_unlock_irqrestore(&q->lock, lflags);
	list_for_each_entry_safe(e, next, &todo, link)
		call_run(e);
	arch_irq_restore(flags);
}

void smp_call_ipi(void)
{
	smp_call_poll();
}

static void call_queue_on(unsigned int cpu, struct call_entry *e)
{
	struct call_queue *q = queue_of(cpu);
	unsigned long flags = raw_lock_irqsave(&q->lock);

	list_add_tail(&e->link, &q->calls);
	raw_unlock_irqrestore(&q->lock, flags);
	if (IS_ENABLED(CONFIG_ARCH_HAS_IRQ) && smp_have_ipi())
		irq_send_ipi(cpu, IPI_CALL_FUNCTION);
}

/* Run @fn here, as the target CPUs do: interrupts off. */
static void call_local(smp_call_fn fn, void *arg)
{
	unsigned long flags = arch_irq_save();

	fn(arg);
	arch_irq_restore(flags);
}

/* Serve calls for this CPU while waiting, so two CPUs calling each other do not deadlock. */
static void call_wait(int *pending)
{
	while (__atomic_load_n(pending, __ATOMIC_ACQUIRE) > 0) {
		smp_call_poll();
		arch_cpu_relax();
	}
}

/* Queue a call for @cpu (not this one): on @e when waiting, on a heap copy otherwise. */
static int call_remote(unsigned int cpu, struct call_entry *e, smp_call_fn fn, void *arg,
		       int *pending)
{
	if (!pending) {
		e = kmalloc(sizeof(*e));
		if (!e)
			return -ENOMEM;
	}
	e->fn = fn;
	e->arg = arg;
	e->pending = pending;
	call_queue_on(cpu, e);
	return 0;
}

int smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg, bool wait)
{
	struct call_entry e;
	int pending = 1, err = 0;

	if (!cpu_is_online(cpu))
		return -EINVAL;
	preempt_disable();
	if (cpu == cpu_id()) {
		call_local(fn, arg);
	} else {
		err = call_remote(cpu, &e, fn, arg, wait ? &pending : NULL);
		if (!err && wait)
			call_wait(&pending);
	}
	preempt_enable();
	return err;
}

/*
 * Queue @fn on every CPU of @targets (not this one), run it here too when @local, then wait.
 * The entries of one waiting call share an array; without memory, go one CPU at a time.
 */
static void call_many_wait(const struct cpumask *targets, unsigned int n, bool local,
			   smp_call_fn fn, void *arg)
{
	struct call_entry *entries = kmalloc(n * sizeof(*entries));
	unsigned int cpu, i = 0;
	int pending = (int)n;

	if (!entries) {
		for_each_cpu(cpu, targets)
			smp_call_function_single(cpu, fn, arg, true);
		if (local)
			call_local(fn, arg);
		return;
	}
	for_each_cpu(cpu, targets)
		call_remote(cpu, &entries[i++], fn, arg, &pending);
	if (local)
		call_local(fn, arg);
	call_wait(&pending);
	kfree(entries);
}

static void call_many_nowait(const struct cpumask *targets, bool local, smp_call_fn fn, void *arg)
{
	unsigned int cpu;

	for_each_cpu(cpu, targets)
		if (call_remote(cpu, NULL, fn, arg, NULL))
			pr_warn("call to CPU %u dropped: out of memory\n", cpu);
	if (local)
		call_local(fn, arg);
}

void smp_call_function_many(const struct cpumask *mask, smp_call_fn fn, void *arg, bool wait)
{
	struct cpumask targets;
	unsigned int self, cpu, n = 0;
	bool local;

	preempt_disable();
	self = cpu_id();
	local = cpumask_test(self, mask);
	cpumask_clear(&targets);
	for_each_cpu(cpu, mask) {
		if (cpu != self && cpu_is_online(cpu)) {
			cpumask_set(cpu, &targets);
			n++;
		}
	}
	if (n && wait)
		call_many_wait(&targets, n, local, fn, arg);
	else
		call_many_nowait(&targets, local, fn, arg);
	preempt_enable();
}

void smp_call_function_all(smp_call_fn fn, void *arg, bool wait)
{
	smp_call_function_many(cpu_online_mask, fn, arg, wait);
}

static int smp_call_init(void)
{
	if (!IS_ENABLED(CONFIG_ARCH_HAS_IRQ))
		return 0;
	if (irq_register_ipi(IPI_CALL_FUNCTION, smp_call_ipi)) {
		pr_warn("no call-function IPI; cross-CPU calls are polled\n");
		return 0;
	}
	__atomic_store_n(&ipi_ready, true, __ATOMIC_RELEASE);
	return 0;
}
sched_initcall(smp_call_init);
