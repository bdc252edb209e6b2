// SPDX-License-Identifier: MPL-2.0
// Timers: one deadline-ordered queue per CPU behind that CPU's one-shot hardware timer.
// Callbacks run in the timer interrupt of the CPU that armed them.
#define pr_fmt(fmt) "time: " fmt

#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/rawlock.h>
#include <hal/time.h>
#include "../time_internal.h"

/* Callbacks one interrupt runs at most before it lets the CPU breathe (a re-arm loop). */
#define MAX_EXPIRIES_PER_IRQ 64

struct timer_base {
	struct raw_lock lock; /* protects queue, running and the timers' node/deadline/cpu */
	struct rb_root queue;
	struct timer *running; /* the callback being run now, or NULL */
	bool ready;	       /* time_cpu_init() ran on this CPU */
};

static struct timer_base bases[IRQ_MAX_CPUS];

static bool timer_less(const struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct timer, node)->deadline <
	       rb_entry(b, struct timer, node)->deadline;
}

static struct timer *queue_first(struct timer_base *base)
{
	struct rb_node *n = rb_first(&base->queue);

	return n ? rb_entry(n, struct timer, node) : NULL;
}

/* Program this CPU's hardware for its earliest timer. @base is this CPU's, locked. */
static void base_reprogram(struct timer_base *base)
{
	struct timer *first = queue_first(base);

	if (first)
		arch_timer_program(first->deadline);
	else
		arch_timer_stop();
}

/*
 * Lock two bases without deadlock (@b may be NULL or equal to @a). Callers have interrupts
 * off already, so the state the locks save is "off" and @off restores exactly that.
 */
static void lock_pair(struct timer_base *a, struct timer_base *b, unsigned long *off)
{
	if (!b || a == b) {
		*off = raw_lock_irqsave(&a->lock);
		return;
	}
	*off = raw_lock_irqsave(a < b ? &a->lock : &b->lock);
	raw_lock_irqsave(a < b ? &b->lock : &a->lock);
}

static void unlock_pair(struct timer_base *a, struct timer_base *b, unsigned long off)
{
	if (b && b != a)
		raw_unlock_irqrestore(&b->lock, off);
	raw_unlock_irqrestore(&a->lock, off);
}

void timer_init(struct timer *t, timer_fn_t fn, void *arg)
{
	RB_CLEAR_NODE(&t->node);
	t->deadline = 0;
	t->period = 0;
	t->fn = fn;
	t->arg = arg;
	t->cpu = -1;
}

/* Take @t out of whatever queue holds it and put it in this CPU's, atomically. */
static int timer_start(struct timer *t, u64 deadline, u64 period)
{
	unsigned long flags = arch_irq_save(), off;
	struct timer_base *base = &bases[irq_this_cpu()], *old;
	int cpu;

	if (!base->ready) {
		arch_irq_restore(flags);
		return -ENODEV;
	}
	for (;;) {
		cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
		old = cpu >= 0 ? &bases[cpu] : NULL;
		lock_pair(base, old, &off);
		if (t->cpu == cpu)
			break;
		unlock_pair(base, old, off);
	}
	if (old)
		rb_erase(&t->node, &old->queue);
	t->deadline = deadline;
	t->period = period;
	t->cpu = base - bases;
	rb_add(&t->node, &base->queue, timer_less);
	/* The old CPU may fire for nothing; it then reprograms for its next timer. */
	if (queue_first(base) == t)
		base_reprogram(base);
	unlock_pair(base, old, off);
	arch_irq_restore(flags);
	return 0;
}

int timer_arm(struct timer *t, u64 deadline_ns)
{
	return timer_start(t, deadline_ns, 0);
}

int timer_arm_periodic(struct timer *t, u64 first_ns, u64 period_ns)
{
	if (!period_ns)
		return -EINVAL;
	return timer_start(t, first_ns, period_ns);
}

bool timer_cancel(struct timer *t)
{
	struct timer_base *base;
	unsigned long flags;
	int cpu;

	for (;;) {
		cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
		if (cpu < 0)
			return false;
		base = &bases[cpu];
		flags = raw_lock_irqsave(&base->lock);
		if (t->cpu == cpu)
			break;
		raw_unlock_irqrestore(&base->lock, flags);
	}
	rb_erase(&t->node, &base->queue);
	__atomic_store_n(&t->cpu, -1, __ATOMIC_RELEASE);
	raw_unlock_irqrestore(&base->lock, flags);
	return true;
}

bool timer_cancel_sync(struct timer *t)
{
	bool was_pending = timer_cancel(t);
	unsigned int self = irq_this_cpu();

	/* Waiting for ourselves (cancel from the callback) would never end. */
	if (__atomic_load_n(&bases[self].running, __ATOMIC_ACQUIRE) == t)
		return was_pending;
	for (unsigned int cpu = 0; cpu < IRQ_MAX_CPUS; cpu++)
		while (__atomic_load_n(&bases[cpu].running, __ATOMIC_ACQUIRE) == t)
			arch_cpu_relax();
	return was_pending;
}

bool timer_pending(const struct timer *t)
{
	return __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE) >= 0;
}

/* Re-queue a periodic timer at its next period after @now, skipping the ones it missed. */
static void timer_requeue_periodic(struct timer_base *base, struct timer *t, u64 now)
{
	u64 next = t->deadline + t->period;

	if (next <= now)
		next += (now - next) / t->period * t->period + t->period;
	t->deadline = next;
	rb_add(&t->node, &base->queue, timer_less);
}

/*
 * Run every expired timer of @base (this CPU's, locked with interrupts off: @off); the lock
 * is dropped around each callback.
 */
static void base_expire(struct timer_base *base, unsigned long off)
{
	u64 now = time_monotonic_ns();
	struct timer *t;
	int budget = MAX_EXPIRIES_PER_IRQ;

	while ((t = queue_first(base)) && t->deadline <= now && budget--) {
		timer_fn_t fn = t->fn;
		void *arg = t->arg;

		rb_erase(&t->node, &base->queue);
		if (t->period)
			timer_requeue_periodic(base, t, now);
		else
			__atomic_store_n(&t->cpu, -1, __ATOMIC_RELEASE);
		__atomic_store_n(&base->running, t, __ATOMIC_RELEASE);
		raw_unlock_irqrestore(&base->lock, off);
		fn(t, arg);
		raw_lock_irqsave(&base->lock);
		__atomic_store_n(&base->running, NULL, __ATOMIC_RELEASE);
		now = time_monotonic_ns();
	}
}

void hal_timer_interrupt(void)
{
	struct timer_base *base = &bases[irq_this_cpu()];
	unsigned long off = raw_lock_irqsave(&base->lock);

	if (base->ready) {
		base_expire(base, off);
		base_reprogram(base);
	}
	raw_unlock_irqrestore(&base->lock, off);
}

int time_cpu_init(void)
{
	unsigned long flags = arch_irq_save();
	struct timer_base *base = &bases[irq_this_cpu()];

	arch_timer_cpu_init();
	raw_lock_irqsave(&base->lock);
	if (!base->ready) {
		base->queue = RB_ROOT;
		base->running = NULL;
		base->ready = true;
	}
	raw_unlock_irqrestore(&base->lock, flags);
	return tick_cpu_start();
}

int timer_subsys_init(void)
{
	int err = arch_time_init();

	if (err) {
		pr_err("no timer hardware (%d): timers and the tick are off\n", err);
		return err;
	}
	err = time_cpu_init();
	if (!err)
		pr_info("timers ready, tick %u Hz\n", TIME_TICK_HZ);
	return err;
}
