// SPDX-License-Identifier: MPL-2.0
// ktests for timers and the tick. Timers fire only while a test enables interrupts
// (run_irqs_until); bounds are loose because TCG's virtual CPU can stall for milliseconds.
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/ktest.h>
#include <hal/task.h>
#include <hal/time.h>

#define WAIT_NS (5 * NSEC_PER_SEC) /* a bound for waiting; passing tests return at once */
/* How late a timer may fire: generous, because a loaded host can stall a TCG vCPU for long. */
#define SLACK_NS (NSEC_PER_SEC)

/* Run with interrupts on until *@counter >= @target or @ns pass. */
static bool run_irqs_until(const int *counter, int target, u64 ns)
{
	unsigned long flags = irq_local_save();
	u64 end = time_monotonic_ns() + ns;

	irq_local_enable();
	while ((!counter || __atomic_load_n(counter, __ATOMIC_ACQUIRE) < target) &&
	       time_monotonic_ns() < end)
		arch_cpu_relax();
	irq_local_restore(flags);
	return counter && __atomic_load_n(counter, __ATOMIC_ACQUIRE) >= target;
}

struct shot {
	struct timer t;
	int fired;
	u64 fired_at;
	bool in_interrupt;
	int order; /* sequence number among several shots */
	int *seq;
	int rearms_left;
};

static void shot_fn(struct timer *t, void *arg)
{
	struct shot *s = arg;

	s->fired_at = time_monotonic_ns();
	s->in_interrupt = irq_in_interrupt();
	if (s->seq)
		s->order = (*s->seq)++;
	if (s->rearms_left > 0) {
		s->rearms_left--;
		timer_arm(t, time_monotonic_ns() + 100 * NSEC_PER_USEC);
	}
	__atomic_fetch_add(&s->fired, 1, __ATOMIC_RELEASE);
}

KTEST(timer, fires_within_bounds)
{
	struct shot s = { 0 };
	u64 deadline;

	unsigned long flags;

	timer_init(&s.t, shot_fn, &s);
	KEXPECT_FALSE(timer_pending(&s.t));
	/* Interrupts off while checking it is pending: a stalled vCPU must not let it fire. */
	flags = irq_local_save();
	deadline = time_monotonic_ns() + 2 * NSEC_PER_MSEC;
	KEXPECT_EQ(timer_arm(&s.t, deadline), 0);
	KEXPECT_TRUE(timer_pending(&s.t));
	irq_local_restore(flags);
	KEXPECT_TRUE(run_irqs_until(&s.fired, 1, WAIT_NS));
	KEXPECT_EQ(s.fired, 1);
	KEXPECT_GE(s.fired_at, deadline);
	KEXPECT_LT(s.fired_at, deadline + SLACK_NS);
	KEXPECT_TRUE(s.in_interrupt);
	KEXPECT_FALSE(timer_pending(&s.t));
}

KTEST(timer, past_deadline_fires_at_once)
{
	struct shot s = { 0 };

	timer_init(&s.t, shot_fn, &s);
	KASSERT_EQ(timer_arm(&s.t, 0), 0);
	KEXPECT_TRUE(run_irqs_until(&s.fired, 1, WAIT_NS));
}

KTEST(timer, cancel_prevents_firing)
{
	struct shot s = { 0 };

	timer_init(&s.t, shot_fn, &s);
	/* Far enough out that a preemption between arm and cancel cannot let it fire. */
	KASSERT_EQ(timer_arm(&s.t, time_monotonic_ns() + NSEC_PER_SEC), 0);
	KEXPECT_TRUE(timer_cancel(&s.t));
	KEXPECT_FALSE(timer_cancel(&s.t));
	KEXPECT_FALSE(timer_pending(&s.t));
	run_irqs_until(NULL, 0, 10 * NSEC_PER_MSEC);
	KEXPECT_EQ(s.fired, 0);
	KEXPECT_FALSE(timer_cancel_sync(&s.t));
}

KTEST(timer, fire_in_deadline_order)
{
	struct shot s[3] = { 0 };
	static const int ms[3] = { 3, 1, 2 };
	u64 now = time_monotonic_ns();
	int seq = 0;

	unsigned long flags;

	/* Arm all three before any may fire, however long the vCPU is stalled in between. */
	flags = irq_local_save();
	for (int i = 0; i < 3; i++) {
		s[i].seq = &seq;
		timer_init(&s[i].t, shot_fn, &s[i]);
		if (!KEXPECT_EQ(timer_arm(&s[i].t, now + ms[i] * NSEC_PER_MSEC), 0))
			break;
	}
	irq_local_restore(flags);
	KEXPECT_TRUE(run_irqs_until(&s[0].fired, 1, WAIT_NS));
	KEXPECT_EQ(s[1].order, 0);
	KEXPECT_EQ(s[2].order, 1);
	KEXPECT_EQ(s[0].order, 2);
}

KTEST(timer, rearm_moves_deadline)
{
	struct shot s = { 0 };
	u64 soon;

	timer_init(&s.t, shot_fn, &s);
	KASSERT_EQ(timer_arm(&s.t, time_monotonic_ns() + 10 * NSEC_PER_SEC), 0);
	soon = time_monotonic_ns() + NSEC_PER_MSEC;
	KASSERT_EQ(timer_arm(&s.t, soon), 0);
	KEXPECT_TRUE(run_irqs_until(&s.fired, 1, WAIT_NS));
	KEXPECT_LT(s.fired_at, soon + SLACK_NS);
	KEXPECT_FALSE(timer_pending(&s.t));
}

KTEST(timer, callback_rearms_itself)
{
	struct shot s = { .rearms_left = 4 };

	timer_init(&s.t, shot_fn, &s);
	KASSERT_EQ(timer_arm(&s.t, time_monotonic_ns()), 0);
	KEXPECT_TRUE(run_irqs_until(&s.fired, 5, WAIT_NS));
	KEXPECT_EQ(s.fired, 5);
	KEXPECT_FALSE(timer_pending(&s.t));
}

KTEST(timer, periodic)
{
	struct shot s = { 0 };
	u64 start = time_monotonic_ns(), period = NSEC_PER_MSEC;

	timer_init(&s.t, shot_fn, &s);
	KEXPECT_EQ(timer_arm_periodic(&s.t, start + period, 0), -EINVAL);
	KASSERT_EQ(timer_arm_periodic(&s.t, start + period, period), 0);
	KEXPECT_TRUE(run_irqs_until(&s.fired, 5, WAIT_NS));
	KEXPECT_TRUE(timer_cancel_sync(&s.t));
	/* Five firings take at least five periods (missed ones are skipped, never bunched). */
	KEXPECT_GE(s.fired_at - start, 5 * period);
	KEXPECT_FALSE(timer_pending(&s.t));
}

static int tick_hook_calls;

static void tick_hook(void)
{
	__atomic_fetch_add(&tick_hook_calls, 1, __ATOMIC_RELEASE);
}

/* Every CPU calls the hooks; this one alone must see three of its own ticks. */
KTEST(tick, runs_hooks)
{
	u64 ticks, end = time_monotonic_ns() + WAIT_NS;
	unsigned long flags;

	KASSERT_EQ(time_tick_register(tick_hook), 0);
	KEXPECT_EQ(time_tick_register(tick_hook), -EEXIST);
	KEXPECT_EQ(time_tick_register(NULL), -EINVAL);
	/* Stay on this CPU: time_ticks() counts the current CPU's ticks. */
	preempt_disable();
	ticks = time_ticks();
	flags = irq_local_save();
	irq_local_enable();
	while (time_ticks() < ticks + 3 && time_monotonic_ns() < end)
		arch_cpu_relax();
	irq_local_restore(flags);
	KEXPECT_GE(time_ticks(), ticks + 3);
	preempt_enable();
	KEXPECT_GE(__atomic_load_n(&tick_hook_calls, __ATOMIC_ACQUIRE), 3);
	KEXPECT_EQ(time_tick_unregister(tick_hook), 0);
	KEXPECT_EQ(time_tick_unregister(tick_hook), -ENOENT);
}

struct remote_shot {
	struct shot s;
	u64 delay;
	unsigned int cpu_seen;
};

static void remote_fn(struct timer *t, void *arg)
{
	struct remote_shot *r = arg;

	r->cpu_seen = irq_this_cpu();
	__atomic_fetch_add(&r->s.fired, 1, __ATOMIC_RELEASE);
}

static void remote_arm(void *arg)
{
	struct remote_shot *r = arg;

	timer_arm(&r->s.t, time_monotonic_ns() + r->delay);
}

/* A timer armed on another CPU fires there; cancelling it from here works too. */
KTEST(timer, fires_on_the_arming_cpu)
{
	struct remote_shot r = { .delay = NSEC_PER_MSEC }, c = { .delay = 50 * NSEC_PER_MSEC };
	unsigned int target = IRQ_MAX_CPUS;

	for (unsigned int cpu = 0; cpu < IRQ_MAX_CPUS && target == IRQ_MAX_CPUS; cpu++)
		if (cpu != irq_this_cpu() && irq_cpu_online(cpu))
			target = cpu;
	if (target == IRQ_MAX_CPUS)
		KTEST_SKIP("one CPU online");
	timer_init(&r.s.t, remote_fn, &r);
	KASSERT_EQ(smp_call_function_single(target, remote_arm, &r, true), 0);
	KEXPECT_TRUE(run_irqs_until(&r.s.fired, 1, WAIT_NS));
	KEXPECT_EQ(r.cpu_seen, target);
	timer_init(&c.s.t, remote_fn, &c);
	KASSERT_EQ(smp_call_function_single(target, remote_arm, &c, true), 0);
	KEXPECT_TRUE(timer_cancel_sync(&c.s.t));
	run_irqs_until(NULL, 0, 60 * NSEC_PER_MSEC);
	KEXPECT_EQ(c.s.fired, 0);
}
