// SPDX-License-Identifier: MPL-2.0
// ktests for tasks and the scheduler: create/join, pinning, yield order, preemption by the
// tick, and a policy installed through the hook.
#include <hal/err.h>
#include <hal/mm.h>
#include <hal/ktest.h>
#include <hal/sched.h>
#include <hal/sync.h>
#include <hal/task.h>

#define SPIN_LIMIT_NS (3ULL * 1000000000)

static int return_arg(void *arg)
{
	return (int)(uintptr_t)arg;
}

KTEST(task, create_and_join)
{
	struct task *t = task_create("ktest", return_arg, (void *)42, NULL);

	KASSERT_TRUE(!IS_ERR(t));
	KEXPECT_STREQ(task_name(t), "ktest");
	KEXPECT_EQ(task_join(t), 42);
}

KTEST(task, bad_options_are_refused)
{
	struct task_opts o = { .cpu = NR_CPUS };

	KEXPECT_EQ(PTR_ERR(task_create("x", return_arg, NULL, &o)), -EINVAL);
	o.cpu = TASK_CPU_ANY;
	o.stack_size = 64 << 20;
	KEXPECT_EQ(PTR_ERR(task_create("x", return_arg, NULL, &o)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(task_create("x", NULL, NULL, NULL)), -EINVAL);
}

static void __noinline exit_deep(int code)
{
	task_exit(code);
}

static int exits_early(void *arg)
{
	exit_deep(7);
	*(int *)arg = 1; /* never reached */
	return 0;
}

KTEST(task, exit_from_nested_call)
{
	int reached = 0;
	struct task *t = task_create("exiter", exits_early, &reached, NULL);

	KASSERT_TRUE(!IS_ERR(t));
	KEXPECT_EQ(task_join(t), 7);
	KEXPECT_EQ(reached, 0);
}

struct self_probe {
	struct task *seen;
	unsigned int cpu;
};

static int record_self(void *arg)
{
	struct self_probe *p = arg;

	p->seen = task_current();
	p->cpu = cpu_id();
	return 0;
}

KTEST(task, pinned_to_every_cpu)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct task_opts o = { .cpu = (int)cpu };
		struct self_probe p = { 0 };
		struct task *t = task_create("pinned", record_self, &p, &o);

		KASSERT_TRUE(!IS_ERR(t));
		task_get(t);
		KEXPECT_EQ(task_join(t), 0);
		KEXPECT_TRUE(p.seen == t);
		KEXPECT_EQ(p.cpu, cpu);
		KEXPECT_TRUE(task_has_exited(t));
		task_put(t);
	}
}

static int bump(void *arg)
{
	atomic_inc(arg);
	return 0;
}

KTEST(task, many_short_tasks)
{
	struct task *tasks[32];
	atomic_t count = ATOMIC_INIT(0);

	for (unsigned int i = 0; i < ARRAY_SIZE(tasks); i++) {
		tasks[i] = task_create("short", bump, &count, NULL);
		KASSERT_TRUE(!IS_ERR(tasks[i]));
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(tasks); i++)
		KEXPECT_EQ(task_join(tasks[i]), 0);
	KEXPECT_EQ(atomic_read(&count), (int)ARRAY_SIZE(tasks));
}

/* Two tasks on one CPU take turns through task_yield(): the log alternates. */
struct turns {
	char log[16];
	atomic_t pos;
	atomic_t ready;
};

static int take_turns(void *arg)
{
	struct turns *tt = arg;
	char me = task_name(task_current())[0];

	atomic_inc(&tt->ready);
	while (atomic_read(&tt->ready) < 2)
		task_yield();
	for (int i = 0; i < 4; i++) {
		int at = atomic_fetch_add(1, &tt->pos);

		if (at < (int)sizeof(tt->log))
			tt->log[at] = me;
		task_yield();
	}
	return 0;
}

/* The last CPU, so that the boot task (on CPU 0, maybe with interrupts off) is not in the way. */
static unsigned int test_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

KTEST(task, yield_alternates)
{
	struct task_opts o = { .cpu = (int)test_cpu() };
	struct turns tt = { .pos = ATOMIC_INIT(0), .ready = ATOMIC_INIT(0) };
	struct task *a = task_create("a", take_turns, &tt, &o);
	int switches = 0;
	struct task *b = task_create("b", take_turns, &tt, &o);

	KASSERT_TRUE(!IS_ERR(a) && !IS_ERR(b));
	task_join(a);
	task_join(b);
	KEXPECT_EQ(atomic_read(&tt.pos), 8);
	/* Strictly ABAB... unless the tick preempted one between its yield and its entry, which
	 * a host that deschedules the vCPU for a whole slice can cause: allow a few. */
	for (int i = 1; i < 8; i++)
		switches += tt.log[i] != tt.log[i - 1];
	KEXPECT_GE(switches, 5);
}

/*
 * Preemption: two tasks on one CPU that never yield; each waits for the other to have run.
 * Only the tick can let the second one in.
 */
struct spinners {
	atomic_t ran[2];
	atomic_t gave_up;
};

static int spin_until_other(void *arg)
{
	struct spinners *s = arg;
	int me = task_name(task_current())[4] - '0';
	u64 end = arch_timestamp_ns() + SPIN_LIMIT_NS;

	atomic_set(&s->ran[me], 1);
	while (!atomic_read(&s->ran[!me])) {
		if (arch_timestamp_ns() > end) {
			atomic_inc(&s->gave_up);
			break;
		}
		arch_cpu_relax();
	}
	return 0;
}

KTEST(task, tick_preempts_busy_task)
{
	struct task_opts o = { .cpu = (int)test_cpu() };
	struct spinners s = { 0 };
	struct task *t0, *t1;

	if (!IS_ENABLED(CONFIG_ARCH_HAS_TIMER))
		KTEST_SKIP("no scheduler tick on this architecture");
	t0 = task_create("spin0", spin_until_other, &s, &o);
	t1 = task_create("spin1", spin_until_other, &s, &o);
	KASSERT_TRUE(!IS_ERR(t0) && !IS_ERR(t1));
	task_join(t0);
	task_join(t1);
	KEXPECT_EQ(atomic_read(&s.gave_up), 0);
}

/* A LIFO policy through the hook: it must see the tasks and they must all finish. */
static struct list_head lifo_lists[NR_CPUS];
static atomic_t lifo_enqueued, lifo_picked;

static struct list_head *lifo_list(unsigned int cpu)
{
	if (!lifo_lists[cpu].next)
		INIT_LIST_HEAD(&lifo_lists[cpu]);
	return &lifo_lists[cpu];
}

static unsigned int lifo_select_cpu(struct task *t, const struct cpumask *allowed)
{
	unsigned int cpu = task_cpu(t);

	return cpumask_test(cpu, allowed) ? cpu :
					    (unsigned int)find_first_bit(allowed->bits, NR_CPUS);
}

static void lifo_enqueue(unsigned int cpu, struct task *t, enum sched_enqueue_reason why)
{
	(void)why;
	atomic_inc(&lifo_enqueued);
	list_add(&sched_node_of(t)->link, lifo_list(cpu));
}

static struct task *lifo_pick_next(unsigned int cpu)
{
	struct list_head *l = lifo_list(cpu);
	struct sched_node *n = list_first_entry_or_null(l, struct sched_node, link);

	if (!n)
		return NULL;
	list_del_init(&n->link);
	atomic_inc(&lifo_picked);
	return sched_node_task(n);
}

static bool lifo_tick(unsigned int cpu, struct task *curr, u64 now_ns)
{
	(void)curr, (void)now_ns;
	return !list_empty(lifo_list(cpu));
}

static const struct sched_policy lifo_policy = {
	.name = "ktest-lifo",
	.select_cpu = lifo_select_cpu,
	.enqueue = lifo_enqueue,
	.pick_next = lifo_pick_next,
	.tick = lifo_tick,
};

KTEST(task, policy_hook)
{
	static const struct sched_policy broken = { .name = "broken" };
	struct task *tasks[8];
	atomic_t count = ATOMIC_INIT(0);

	KEXPECT_EQ(sched_set_policy(&broken), -EINVAL);
	KASSERT_EQ(sched_set_policy(&lifo_policy), 0);
	KEXPECT_STREQ(sched_policy_name(), "ktest-lifo");
	for (unsigned int i = 0; i < ARRAY_SIZE(tasks); i++)
		tasks[i] = task_create("lifo", bump, &count, NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(tasks); i++)
		if (!IS_ERR(tasks[i]))
			task_join(tasks[i]);
	KEXPECT_EQ(sched_set_policy(NULL), 0);
	KEXPECT_STREQ(sched_policy_name(), "round-robin");
	KEXPECT_EQ(atomic_read(&count), (int)ARRAY_SIZE(tasks));
	KEXPECT_GE(atomic_read(&lifo_enqueued), (int)ARRAY_SIZE(tasks));
	KEXPECT_GE(atomic_read(&lifo_picked), (int)ARRAY_SIZE(tasks));
}

static int check_preempt_off(void *arg)
{
	(void)arg;
	if (!preemptible())
		return 1;
	preempt_disable();
	if (preemptible())
		return 2;
	preempt_enable();
	return preemptible() ? 0 : 3;
}

KTEST(task, preempt_guards)
{
	struct task *t = task_create("preempt", check_preempt_off, NULL, NULL);

	KASSERT_TRUE(!IS_ERR(t));
	KEXPECT_EQ(task_join(t), 0);
}

/* Runnable tasks go to idle CPUs rather than queue behind each other. */
struct spread {
	atomic_t started;
	unsigned long cpus; /* bit per CPU (atomic or) */
	unsigned int n;
};

static int spread_worker(void *arg)
{
	struct spread *s = arg;

	__atomic_fetch_or(&s->cpus, 1UL << (cpu_id() % 64), __ATOMIC_RELAXED);
	atomic_inc(&s->started);
	while ((unsigned int)atomic_read(&s->started) < s->n)
		task_yield();
	return 0;
}

KTEST(task, spreads_over_idle_cpus)
{
	struct spread s = { .n = MIN(cpu_online_count(), 8U) };
	struct task *t[8];

	for (unsigned int i = 0; i < s.n; i++)
		t[i] = task_create("spread", spread_worker, &s, NULL);
	for (unsigned int i = 0; i < s.n; i++)
		KEXPECT_EQ(IS_ERR(t[i]) ? -1 : task_join(t[i]), 0);
	KEXPECT_EQ(__builtin_popcountl(s.cpus), (int)s.n);
}

/* Each task sees its own user address space wherever it runs: the switch activates it. */
#define SPACE_VA 0x400000UL

struct space_probe {
	struct vm_space *space;
	u32 expect;
	atomic_t *bad;
};

static int use_own_space(void *arg)
{
	struct space_probe *p = arg;

	task_set_vm_space(p->space);
	for (int i = 0; i < 12; i++) {
		u32 v = 0;

		if (i % 3 == 0)
			task_set_cpu(task_current(), (int)((cpu_id() + 1) % cpu_online_count()));
		task_yield();
		task_set_cpu(task_current(), TASK_CPU_ANY);
		if (vm_read(&v, SPACE_VA, sizeof(v)) || v != p->expect ||
		    vm_space_active() != p->space)
			atomic_inc(p->bad);
	}
	task_set_vm_space(NULL);
	return vm_space_active() != NULL;
}

static int kernel_only(void *arg)
{
	for (int i = 0; i < 12; i++) {
		task_yield();
		if (vm_space_active())
			atomic_inc(arg);
	}
	return 0;
}

KTEST(task, user_space_follows_the_task)
{
	struct space_probe p[2];
	struct task *t[3];
	atomic_t bad = ATOMIC_INIT(0);

	if (!IS_ENABLED(CONFIG_ARCH_HAS_PAGING))
		KTEST_SKIP("no user address spaces on this architecture");
	for (int i = 0; i < 2; i++) {
		struct frame *f = frame_alloc();

		p[i] = (struct space_probe){ vm_space_create(), 0xc0de0000u + (u32)i, &bad };
		KASSERT_TRUE(!IS_ERR(f) && !IS_ERR(p[i].space));
		frame_write(f, 0, &p[i].expect, sizeof(p[i].expect));
		KASSERT_EQ(vm_space_map(p[i].space, SPACE_VA, f, VM_PROP(VM_READ)), 0);
		frame_put(f);
	}
	t[0] = task_create("space0", use_own_space, &p[0], NULL);
	t[1] = task_create("space1", use_own_space, &p[1], NULL);
	t[2] = task_create("kernel", kernel_only, &bad, NULL);
	for (int i = 0; i < 3; i++)
		KEXPECT_EQ(IS_ERR(t[i]) ? -1 : task_join(t[i]), 0);
	KEXPECT_EQ(atomic_read(&bad), 0);
	vm_space_put(p[0].space);
	vm_space_put(p[1].space);
}

/* Tasks started on one CPU that never sleep: idle CPUs take the waiting ones. */
struct hog {
	unsigned long cpus; /* bit per CPU it ran on (atomic or) */
	atomic_t started;
};

static int hog_cpu(void *arg)
{
	struct hog *h = arg;
	u64 end = arch_timestamp_ns() + 100 * 1000000ULL;

	atomic_inc(&h->started);
	while (arch_timestamp_ns() < end)
		__atomic_fetch_or(&h->cpus, 1UL << (cpu_id() % 64), __ATOMIC_RELAXED);
	return 0;
}

KTEST(task, idle_cpus_take_waiting_tasks)
{
	struct task_opts o = { .cpu = (int)test_cpu() };
	struct hog h = { 0 };
	struct task *t[3];

	if (cpu_online_count() < 2)
		KTEST_SKIP("needs a second CPU");
	for (int i = 0; i < 3; i++) {
		t[i] = task_create("hog", hog_cpu, &h, &o);
		KASSERT_TRUE(!IS_ERR(t[i]));
		task_set_cpu(t[i], TASK_CPU_ANY); /* queued on one CPU, free to move */
	}
	for (int i = 0; i < 3; i++)
		task_join(t[i]);
	KEXPECT_GE(__builtin_popcountl(h.cpus), 2);
}
