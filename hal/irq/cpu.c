// SPDX-License-Identifier: MPL-2.0
// Per-CPU interrupt state: which logical CPU has which hardware id, the interrupt nesting
// depth, and bottom halves queued on each CPU.
#define pr_fmt(fmt) "irq: " fmt

#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/task.h>
#include "irq_internal.h"

static struct irq_cpu cpus[IRQ_MAX_CPUS];
static unsigned int nr_online; /* atomic */

/* Without the scheduler's per-CPU blocks: find this CPU by its hardware id. */
static unsigned int cpu_from_hwid(void)
{
	u32 hwid;

	/* One CPU up: nothing to look up (and no controller may be running yet). */
	if (__atomic_load_n(&nr_online, __ATOMIC_ACQUIRE) <= 1)
		return 0;
	hwid = arch_irq_cpu_hwid();
	for (unsigned int i = 0; i < IRQ_MAX_CPUS; i++)
		if (__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE) && cpus[i].hwid == hwid)
			return i;
	return 0;
}

/*
 * The scheduler numbers CPUs the same way (boot CPU 0, then the order SMP bring-up calls
 * irq_cpu_init()) and keeps the number one GS load away.
 */
unsigned int irq_this_cpu(void)
{
	if (IS_ENABLED(CONFIG_ARCH_HAS_TASKS))
		return cpu_id();
	return cpu_from_hwid();
}

struct irq_cpu *irq_cpu_this(void)
{
	struct irq_cpu *c = &cpus[irq_this_cpu()];

	/* The boot CPU may take a trap-time look before irq_cpu_init(0) ran. */
	if (unlikely(!c->bh_list.next))
		INIT_LIST_HEAD(&c->bh_list);
	return c;
}

u32 irq_cpu_hwid(unsigned int cpu)
{
	if (cpu >= IRQ_MAX_CPUS || !__atomic_load_n(&cpus[cpu].online, __ATOMIC_ACQUIRE))
		return ~0u;
	return cpus[cpu].hwid;
}

bool irq_cpu_online(unsigned int cpu)
{
	return cpu < IRQ_MAX_CPUS && __atomic_load_n(&cpus[cpu].online, __ATOMIC_ACQUIRE);
}

int irq_cpu_init(unsigned int cpu)
{
	struct irq_cpu *c = &cpus[cpu];
	u32 hwid;

	if (cpu >= IRQ_MAX_CPUS)
		return -EINVAL;
	/* Already up (a second call): leave the running controller and its timer alone. */
	if (__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
		return c->hwid == arch_irq_cpu_hwid() ? 0 : -EBUSY;
	arch_irq_cpu_init();
	hwid = arch_irq_cpu_hwid();
	WARN_ON_ONCE(IS_ENABLED(CONFIG_ARCH_HAS_TASKS) && cpu != cpu_id());
	c->hwid = hwid;
	if (!c->bh_list.next)
		INIT_LIST_HEAD(&c->bh_list);
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	__atomic_fetch_add(&nr_online, 1, __ATOMIC_RELEASE);
	return 0;
}

/* ---- This CPU's interrupt flag ----------------------------------------------------------- */

unsigned long irq_local_save(void)
{
	return arch_irq_save();
}

void irq_local_restore(unsigned long state)
{
	arch_irq_restore(state);
}

void irq_local_enable(void)
{
	arch_irq_enable();
}

void irq_local_disable(void)
{
	arch_irq_disable();
}

bool irq_in_interrupt(void)
{
	unsigned long flags = arch_irq_save();
	struct irq_cpu *c = irq_cpu_this();
	bool in = c->nesting || c->in_bh;

	arch_irq_restore(flags);
	return in;
}

/* ---- Bottom halves ----------------------------------------------------------------------- */

void irq_bh_init(struct irq_bh *bh, void (*fn)(void *arg), void *arg)
{
	INIT_LIST_HEAD(&bh->node);
	bh->fn = fn;
	bh->arg = arg;
	bh->pending = 0;
}

bool irq_bh_schedule(struct irq_bh *bh)
{
	unsigned long flags;

	if (__atomic_exchange_n(&bh->pending, 1, __ATOMIC_ACQ_REL))
		return false;
	flags = arch_irq_save();
	list_add_tail(&bh->node, &irq_cpu_this()->bh_list);
	arch_irq_restore(flags);
	return true;
}

/*
 * Take one bottom half off the list with interrupts off, run it with them on. A bottom half
 * may schedule itself again: it is off the list and no longer pending while it runs.
 */
void irq_bh_run(struct irq_cpu *c)
{
	c->in_bh = true;
	while (!list_empty(&c->bh_list)) {
		struct irq_bh *bh = list_first_entry(&c->bh_list, struct irq_bh, node);

		list_del_init(&bh->node);
		__atomic_store_n(&bh->pending, 0, __ATOMIC_RELEASE);
		arch_irq_enable();
		bh->fn(bh->arg);
		arch_irq_disable();
	}
	c->in_bh = false;
}

void irq_bh_run_pending(void)
{
	unsigned long flags = arch_irq_save();
	struct irq_cpu *c = irq_cpu_this();

	if (!c->nesting && !c->in_bh && !list_empty(&c->bh_list))
		irq_bh_run(c);
	arch_irq_restore(flags);
}
