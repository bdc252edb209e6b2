// SPDX-License-Identifier: MPL-2.0
// Bringing up the secondary CPUs: one per firmware-listed CPU, each with its per-CPU block and
// idle task, started one after the other; and what a new CPU runs before it schedules.
#define pr_fmt(fmt) "smp: " fmt

#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/sched.h>
#include "smp.h"

/* A started CPU must be scheduling within this long (TCG may be slow to run its vCPU). */
#define ONLINE_WAIT_NS 2000000000ULL

static struct cpu_start_hook *start_hooks;

void cpu_start_hook_register(struct cpu_start_hook *h)
{
	struct cpu_start_hook **p = &start_hooks;

	while (*p)
		p = &(*p)->next;
	h->next = NULL;
	*p = h;
}

/* The framework's per-CPU parts, then everyone else's hooks. Interrupts off. */
static void cpu_run_start_hooks(unsigned int cpu)
{
	if (IS_ENABLED(CONFIG_ARCH_HAS_IRQ) && irq_cpu_init(cpu))
		pr_err("CPU %u: interrupt controller set-up failed\n", cpu);
	if (IS_ENABLED(CONFIG_ARCH_HAS_TIMER) && time_cpu_init())
		pr_warn("CPU %u: no timer\n", cpu);
	for (struct cpu_start_hook *h = start_hooks; h; h = h->next)
		h->fn(cpu);
}

void hal_cpu_online(struct cpu_local *cl)
{
	cpu_run_start_hooks(cl->id);
	smp_mark_online(cl->id);
	sched_run_idle(cl);
}

#ifdef CONFIG_ARCH_HAS_SMP
static struct cpu_local *cpu_local_alloc(unsigned int cpu, u64 hwid)
{
	struct cpu_local *cl = kzalloc(sizeof(*cl));

	if (!cl)
		return NULL;
	cl->self = cl;
	cl->id = cpu;
	cl->hwid = hwid;
	cl->rq.lock = (struct raw_lock)RAW_LOCK_INIT;
	if (sched_init_cpu(cl)) {
		kfree(cl);
		return NULL;
	}
	cl->current = cl->idle;
	return cl;
}

static bool wait_online(struct cpu_local *cl)
{
	u64 end = arch_timestamp_ns() + ONLINE_WAIT_NS;

	while (!__atomic_load_n(&cl->online, __ATOMIC_ACQUIRE)) {
		if (arch_timestamp_ns() >= end)
			return false;
		arch_cpu_relax();
	}
	return true;
}

/* Start the CPU @hwid as number @cpu. A CPU that never answers keeps its number and memory:
 * it might still wake up later and use them. */
static int smp_start_cpu(unsigned int cpu, u64 hwid)
{
	struct cpu_local *cl = cpu_local_alloc(cpu, hwid);
	int err;

	if (!cl)
		return -ENOMEM;
	smp_set_cpu_local(cpu, cl);
	err = arch_cpu_start(cl, cl->idle->stack_top);
	if (!err && !wait_online(cl))
		err = -ETIMEDOUT;
	if (err)
		pr_err("CPU %u (hardware id %llu) did not start: %s\n", cpu,
		       (unsigned long long)hwid, errno_name(err));
	return err;
}

static int smp_boot(void)
{
	u64 hwids[NR_CPUS];
	unsigned int n = arch_smp_enumerate(hwids, NR_CPUS), cpu = 1;

	if (n > NR_CPUS)
		pr_warn("%u CPUs listed, using the first %u (NR_CPUS)\n", n, NR_CPUS);
	for (unsigned int i = 0; i < MIN(n, (unsigned int)NR_CPUS); i++) {
		if (hwids[i] == hal_boot_cpu.hwid)
			continue;
		if (cpu >= NR_CPUS)
			break;
		smp_start_cpu(cpu++, hwids[i]);
	}
	pr_info("%u CPU%s online\n", cpu_online_count(), cpu_online_count() == 1 ? "" : "s");
	return 0;
}
#else
static int smp_boot(void)
{
	pr_info("1 CPU online (no SMP support on this architecture)\n");
	return 0;
}
#endif
smp_initcall(smp_boot);
