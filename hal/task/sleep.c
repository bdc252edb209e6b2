// SPDX-License-Identifier: MPL-2.0
// Sleeping with a deadline: a one-shot timer on the sleeping task's stack wakes it. Without
// timer hardware the task yields until the deadline passes instead.
#include <hal/time.h>
#include "sched_core.h"

static void sleep_timer_fired(struct timer *t, void *task)
{
	(void)t;
	task_wake(task);
}

bool sched_block_until(u64 deadline_ns)
{
	struct timer timer;

	if (time_monotonic_ns() >= deadline_ns) {
		task_set_running();
		return false;
	}
	if (!IS_ENABLED(CONFIG_ARCH_HAS_TIMER)) {
		task_set_running();
		task_yield();
		return time_monotonic_ns() < deadline_ns;
	}
	timer_init(&timer, sleep_timer_fired, task_current());
	if (timer_arm(&timer, deadline_ns)) {
		task_set_running();
		task_yield();
	} else {
		sched_block();
		/* The timer lives on this stack: its callback must be over before we return. */
		timer_cancel_sync(&timer);
	}
	return time_monotonic_ns() < deadline_ns;
}

void task_sleep_ns(u64 ns)
{
	u64 deadline = sched_deadline_after(ns);

	might_sleep();
	do
		task_set_sleeping();
	while (sched_block_until(deadline));
}

u64 sched_deadline_after(u64 ns)
{
	u64 now = time_monotonic_ns();

	return ns > ~0ULL - now ? ~0ULL : now + ns;
}
