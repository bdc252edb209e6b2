// SPDX-License-Identifier: MPL-2.0
// ktests for CPUs: every CPU schedules, per-CPU data, cross-CPU calls (waiting, not waiting,
// from many CPUs at once, with interrupts off) and wake-ups of idle CPUs.
#include <hal/arch.h>
#include <hal/err.h>
#include <hal/ktest.h>
#include <hal/sched.h>
#include <hal/sync.h>
#include <hal/task.h>

#define WAIT_LIMIT_NS (10ULL * 1000000000)

KTEST(smp, every_cpu_is_numbered_and_online)
{
	unsigned int cpu, n = 0;

	KEXPECT_GE(cpu_online_count(), 1);
	KEXPECT_TRUE(cpu_is_online(0));
	KEXPECT_FALSE(cpu_is_online(NR_CPUS));
	for_each_online_cpu(cpu) {
		struct cpu_local *cl = cpu_local_of(cpu);

		KEXPECT_EQ(cl->id, cpu);
		KEXPECT_TRUE(cl->self == cl);
		KEXPECT_TRUE(cl->idle != NULL);
		KEXPECT_EQ(cpu_by_hwid(cl->hwid), (int)cpu);
		n++;
	}
	KEXPECT_EQ(n, cpu_online_count());
}

DEFINE_PER_CPU(int, ktest_hits);

static int hit_this_cpu(void *arg)
{
	(void)arg;
	preempt_disable();
	(*this_cpu_ptr(ktest_hits))++;
	preempt_enable();
	return 0;
}

KTEST(smp, per_cpu_variables)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		per_cpu(ktest_hits, cpu) = 0;
	for_each_online_cpu(cpu) {
		struct task_opts o = { .cpu = (int)cpu };

		for (unsigned int i = 0; i <= cpu; i++) {
			struct task *t = task_create("percpu", hit_this_cpu, NULL, &o);

			KASSERT_TRUE(!IS_ERR(t));
			task_join(t);
		}
	}
	for_each_online_cpu(cpu)
		KEXPECT_EQ(per_cpu(ktest_hits, cpu), (int)cpu + 1);
	if (NR_CPUS > 1) /* each copy on its own cache line */
		KEXPECT_GE((uintptr_t)per_cpu_ptr(ktest_hits, 1) -
				   (uintptr_t)per_cpu_ptr(ktest_hits, 0),
			   64);
}

struct call_probe {
	atomic_t calls;
	atomic_t irqs_on;
	atomic_t wrong_cpu;
	unsigned long cpus_seen; /* bit per CPU (atomic or) */
	unsigned int expect_cpu;
};

static void note_call(void *arg)
{
	struct call_probe *p = arg;

	atomic_inc(&p->calls);
	if (arch_irqs_enabled())
		atomic_inc(&p->irqs_on);
	__atomic_fetch_or(&p->cpus_seen, 1UL << (cpu_id() % 64), __ATOMIC_RELAXED);
}

static void note_call_on(void *arg)
{
	struct call_probe *p = arg;

	if (cpu_id() != p->expect_cpu)
		atomic_inc(&p->wrong_cpu);
	note_call(arg);
}

KTEST(smp, call_single_runs_on_the_target)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct call_probe p = { .expect_cpu = cpu };

		KEXPECT_EQ(smp_call_function_single(cpu, note_call_on, &p, true), 0);
		KEXPECT_EQ(atomic_read(&p.calls), 1);
		KEXPECT_EQ(atomic_read(&p.wrong_cpu), 0);
		KEXPECT_EQ(atomic_read(&p.irqs_on), 0);
	}
	KEXPECT_EQ(smp_call_function_single(NR_CPUS, note_call, NULL, true), -EINVAL);
}

static unsigned long online_bits(void)
{
	unsigned long bits = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		bits |= 1UL << (cpu % 64);
	return bits;
}

KTEST(smp, call_many_reaches_every_cpu)
{
	struct call_probe p = { 0 };
	struct cpumask none;

	smp_call_function_all(note_call, &p, true);
	KEXPECT_EQ(atomic_read(&p.calls), (int)cpu_online_count());
	KEXPECT_EQ(p.cpus_seen, online_bits());
	KEXPECT_EQ(atomic_read(&p.irqs_on), 0);
	cpumask_clear(&none);
	smp_call_function_many(&none, note_call, &p, true);
	KEXPECT_EQ(atomic_read(&p.calls), (int)cpu_online_count());
}

static bool wait_count(atomic_t *a, int target)
{
	u64 end = arch_timestamp_ns() + WAIT_LIMIT_NS;

	while (atomic_read(a) < target) {
		if (arch_timestamp_ns() > end)
			return false;
		smp_call_poll();
		task_yield();
	}
	return true;
}

KTEST(smp, call_without_waiting)
{
	static struct call_probe p; /* the calls may outlive a failed case */

	atomic_set(&p.calls, 0);
	smp_call_function_all(note_call, &p, false);
	KEXPECT_TRUE(wait_count(&p.calls, (int)cpu_online_count()));
}

/* Every CPU calls every CPU at once, some with interrupts off: no deadlock, nothing lost. */
static atomic_t storm_calls;

static void storm_fn(void *arg)
{
	(void)arg;
	atomic_inc(&storm_calls);
}

#define STORM_ROUNDS 20

static int call_storm(void *arg)
{
	for (int i = 0; i < STORM_ROUNDS; i++) {
		unsigned long flags = (i & 1) ? arch_irq_save() : 0;

		smp_call_function_all(storm_fn, arg, true);
		if (i & 1)
			arch_irq_restore(flags);
	}
	return 0;
}

KTEST(smp, calls_from_every_cpu_at_once)
{
	struct task *t[NR_CPUS];
	unsigned int cpu, n = 0;

	atomic_set(&storm_calls, 0);
	for_each_online_cpu(cpu) {
		struct task_opts o = { .cpu = (int)cpu };

		t[n++] = task_create("storm", call_storm, NULL, &o);
	}
	for (unsigned int i = 0; i < n; i++)
		KEXPECT_EQ(IS_ERR(t[i]) ? -1 : task_join(t[i]), 0);
	KEXPECT_EQ(atomic_read(&storm_calls), (int)(n * n * STORM_ROUNDS));
}

/* A task asleep on an idle CPU wakes up quickly when another CPU completes its completion. */
struct wake_probe {
	struct completion go;
	u64 woke_ns;
};

static int sleeper(void *arg)
{
	struct wake_probe *p = arg;

	wait_for_completion(&p->go);
	p->woke_ns = arch_timestamp_ns();
	return 0;
}

KTEST(smp, remote_wakeup_of_idle_cpu)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct task_opts o = { .cpu = (int)cpu };
		struct wake_probe p = { 0 };
		struct task *t;
		u64 sent;

		if (cpu == cpu_id())
			continue;
		completion_init(&p.go);
		t = task_create("sleeper", sleeper, &p, &o);
		KASSERT_TRUE(!IS_ERR(t));
		while (READ_ONCE(cpu_local_of(cpu)->current) != cpu_local_of(cpu)->idle)
			task_yield(); /* until the CPU went idle again */
		sent = arch_timestamp_ns();
		complete(&p.go);
		task_join(t);
		KEXPECT_LT(p.woke_ns - sent, WAIT_LIMIT_NS);
	}
}
