// SPDX-License-Identifier: MPL-2.0
// The tick: a periodic timer on every CPU calling the registered hooks (the scheduler's time
// slice) and counting ticks.
#define pr_fmt(fmt) "time: " fmt

#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/time.h>
#include "../time_internal.h"

#define MAX_TICK_HOOKS 4

static void (*tick_hooks[MAX_TICK_HOOKS])(void);
static struct timer tick_timers[IRQ_MAX_CPUS];
static u64 tick_counts[IRQ_MAX_CPUS];

static void tick_fn(struct timer *t, void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	tick_counts[cpu]++;
	for (unsigned int i = 0; i < MAX_TICK_HOOKS; i++) {
		void (*hook)(void) = __atomic_load_n(&tick_hooks[i], __ATOMIC_ACQUIRE);

		if (hook)
			hook();
	}
}

int time_tick_register(void (*hook)(void))
{
	if (!hook)
		return -EINVAL;
	for (unsigned int i = 0; i < MAX_TICK_HOOKS; i++)
		if (__atomic_load_n(&tick_hooks[i], __ATOMIC_ACQUIRE) == hook)
			return -EEXIST;
	for (unsigned int i = 0; i < MAX_TICK_HOOKS; i++) {
		void (*none)(void) = NULL;

		if (__atomic_compare_exchange_n(&tick_hooks[i], &none, hook, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return 0;
	}
	return -ENOSPC;
}

int time_tick_unregister(void (*hook)(void))
{
	for (unsigned int i = 0; i < MAX_TICK_HOOKS; i++) {
		void (*h)(void) = hook;

		if (hook && __atomic_compare_exchange_n(&tick_hooks[i], &h, NULL, false,
							__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return 0;
	}
	return -ENOENT;
}

u64 time_ticks(void)
{
	unsigned long flags = arch_irq_save();
	u64 n = tick_counts[irq_this_cpu()];

	arch_irq_restore(flags);
	return n;
}

int tick_cpu_start(void)
{
	unsigned int cpu = irq_this_cpu();
	struct timer *t = &tick_timers[cpu];

	/* Already started on this CPU (the static timer is zeroed until timer_init()). */
	if (t->fn)
		return 0;
	timer_init(t, tick_fn, (void *)(uintptr_t)cpu);
	return timer_arm_periodic(t, time_monotonic_ns() + TIME_TICK_NS, TIME_TICK_NS);
}
