// SPDX-License-Identifier: MPL-2.0
// Per-CPU blocks: the boot CPU's static one, the table of all of them, CPU numbers and masks.
#define pr_fmt(fmt) "smp: " fmt

#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/log.h>
#include <hal/sched.h>
#include "smp.h"

extern struct task hal_boot_task;

/* Usable before anything is set up: hal_boot_task is the code hal_main() runs. */
struct cpu_local hal_boot_cpu = {
	.self = &hal_boot_cpu,
	.current = &hal_boot_task,
	.online = true,
	.id = 0,
	.rq = { .lock = RAW_LOCK_INIT },
};

/* Written by the boot CPU before the CPU in question starts; read-only afterwards. */
static struct cpu_local *cpu_locals[NR_CPUS] = { &hal_boot_cpu };

static struct cpumask online_mask = { .bits = { 1 } };
const struct cpumask *const cpu_online_mask = &online_mask;

struct cpu_local *cpu_local_of(unsigned int cpu)
{
	BUG_ON(cpu >= NR_CPUS || !cpu_locals[cpu]);
	return cpu_locals[cpu];
}

void smp_set_cpu_local(unsigned int cpu, struct cpu_local *cl)
{
	BUG_ON(cpu >= NR_CPUS || cpu_locals[cpu]);
	cpu_locals[cpu] = cl;
}

void smp_mark_online(unsigned int cpu)
{
	cpu_locals[cpu]->online = true;
	set_bit(cpu, online_mask.bits);
}

unsigned int cpu_id(void)
{
	return this_cpu_local()->id;
}

unsigned int cpu_online_count(void)
{
	return cpumask_weight(cpu_online_mask);
}

bool cpu_is_online(unsigned int cpu)
{
	return cpumask_test(cpu, cpu_online_mask);
}

unsigned int cpumask_weight(const struct cpumask *m)
{
	return bitmap_weight(m->bits, NR_CPUS);
}

unsigned int __percpu_index(unsigned int cpu)
{
	if (unlikely(cpu >= NR_CPUS))
		panic("per-CPU access for CPU %u, but NR_CPUS is %u", cpu, NR_CPUS);
	return cpu;
}

u64 cpu_hwid(unsigned int cpu)
{
	return cpu_local_of(cpu)->hwid;
}

int cpu_by_hwid(u64 hwid)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct cpu_local *cl = READ_ONCE(cpu_locals[cpu]);

		if (cl && cl->hwid == hwid)
			return (int)cpu;
	}
	return -1;
}

/* The boot CPU's per-CPU register, as early as the initcalls allow. */
static int percpu_boot_init(void)
{
	hal_boot_cpu.hwid = arch_cpu_hwid();
	return arch_cpu_local_init(&hal_boot_cpu);
}
arch_initcall(percpu_boot_init);
