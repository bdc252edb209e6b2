// SPDX-License-Identifier: MPL-2.0
// The default policy: round robin with a fixed time slice over one FIFO per CPU; new and woken
// tasks go to the least loaded allowed CPU, preferring the one they last ran on, and an idle
// CPU takes the last waiting task of a busy one.
#include <hal/sched.h>
#include "sched_core.h"

#ifdef CONFIG_SCHED_RR_SLICE_MS
#define RR_SLICE_NS ((u64)CONFIG_SCHED_RR_SLICE_MS * 1000000)
#else
#define RR_SLICE_NS 10000000ULL
#endif

/* Each queue is protected by its CPU's run-queue lock. */
static struct rr_queue {
	struct list_head tasks;
} __aligned(64) rr_queues[NR_CPUS];

static struct list_head *rr_list(unsigned int cpu)
{
	struct list_head *l = &rr_queues[__percpu_index(cpu)].tasks;

	/* Zero-filled until first use: no policy init hook needed. */
	if (!l->next)
		INIT_LIST_HEAD(l);
	return l;
}

static unsigned int rr_select_cpu(struct task *t, const struct cpumask *allowed)
{
	unsigned int best = task_cpu(t), best_load = ~0U, cpu;

	if (cpumask_test(best, allowed)) {
		best_load = sched_cpu_load(best);
		if (!best_load)
			return best;
	}
	for_each_cpu(cpu, allowed) {
		unsigned int load = sched_cpu_load(cpu);

		if (load < best_load) {
			best = cpu;
			best_load = load;
		}
	}
	return best;
}

static void rr_enqueue(unsigned int cpu, struct task *t, enum sched_enqueue_reason why)
{
	(void)why;
	list_add_tail(&sched_node_of(t)->link, rr_list(cpu));
}

static struct task *rr_pick_next(unsigned int cpu)
{
	struct list_head *l = rr_list(cpu);
	struct sched_node *n;

	if (list_empty(l))
		return NULL;
	n = list_first_entry(l, struct sched_node, link);
	list_del_init(&n->link);
	return sched_node_task(n);
}

/* Take the task that would wait longest, the last one, that may move. */
static struct task *rr_steal(unsigned int from, unsigned int to)
{
	struct sched_node *n;

	list_for_each_entry_reverse(n, rr_list(from), link) {
		struct task *t = sched_node_task(n);

		if (sched_task_movable(t, to)) {
			list_del_init(&n->link);
			return t;
		}
	}
	return NULL;
}

/* Preempt once the slice is used up, but only for a task that is waiting here. */
static bool rr_tick(unsigned int cpu, struct task *curr, u64 now_ns)
{
	return now_ns - sched_node_of(curr)->exec_start >= RR_SLICE_NS && !list_empty(rr_list(cpu));
}

const struct sched_policy sched_rr_policy = {
	.name = "round-robin",
	.select_cpu = rr_select_cpu,
	.enqueue = rr_enqueue,
	.pick_next = rr_pick_next,
	.tick = rr_tick,
	.steal = rr_steal,
};
