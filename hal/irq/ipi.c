// SPDX-License-Identifier: MPL-2.0
// Inter-processor interrupts by kind: one fixed vector per kind, a handler the SMP and
// scheduler code registers, and senders to one CPU, a set of CPUs, or all others.
#define pr_fmt(fmt) "ipi: " fmt

#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/lib/bitmap.h>
#include "irq_internal.h"

static void (*ipi_handlers[IPI_NR_KINDS])(void);

static const char *const ipi_names[IPI_NR_KINDS] = {
	[IPI_RESCHEDULE] = "ipi-resched",
	[IPI_CALL_FUNCTION] = "ipi-call",
	[IPI_TLB_SHOOTDOWN] = "ipi-tlb",
	[IPI_STOP] = "ipi-stop",
};

BUILD_BUG_ON(ARCH_IRQ_IPI_BASE + IPI_NR_KINDS > ARCH_NR_VECTORS);

unsigned int irq_ipi_vector(enum ipi_kind kind)
{
	return ARCH_IRQ_IPI_BASE + kind;
}

/* A CPU told to stop leaves for good, interrupts off (panic, poweroff). */
static void ipi_stop(void)
{
	arch_halt();
}

static void ipi_dispatch(void *arg)
{
	enum ipi_kind kind = (enum ipi_kind)(uintptr_t)arg;
	void (*handler)(void) = __atomic_load_n(&ipi_handlers[kind], __ATOMIC_ACQUIRE);

	if (handler)
		handler();
}

int irq_ipi_setup(void)
{
	ipi_handlers[IPI_STOP] = ipi_stop;
	for (unsigned int k = 0; k < IPI_NR_KINDS; k++) {
		int err = irq_register_system_vector(irq_ipi_vector(k), ipi_dispatch,
						     (void *)(uintptr_t)k, ipi_names[k]);
		if (err)
			return err;
	}
	return 0;
}

int irq_register_ipi(enum ipi_kind kind, void (*handler)(void))
{
	void (*none)(void) = NULL;

	if ((unsigned int)kind >= IPI_NR_KINDS || kind == IPI_STOP || !handler)
		return -EINVAL;
	if (!__atomic_compare_exchange_n(&ipi_handlers[kind], &none, handler, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return -EBUSY;
	return 0;
}

int irq_send_ipi(unsigned int cpu, enum ipi_kind kind)
{
	unsigned long flags;

	if ((unsigned int)kind >= IPI_NR_KINDS || !irq_cpu_online(cpu))
		return -EINVAL;
	/* No migration between "am I the target?" and the send. */
	flags = arch_irq_save();
	if (cpu == irq_this_cpu())
		arch_send_ipi_self(irq_ipi_vector(kind));
	else
		arch_send_ipi(irq_cpu_hwid(cpu), irq_ipi_vector(kind));
	arch_irq_restore(flags);
	return 0;
}

void irq_send_ipi_mask(const unsigned long *cpus, enum ipi_kind kind)
{
	unsigned int cpu;

	for_each_set_bit(cpu, cpus, IRQ_MAX_CPUS)
		if (irq_cpu_online(cpu))
			irq_send_ipi(cpu, kind);
}

void irq_send_ipi_others(enum ipi_kind kind)
{
	unsigned long flags = arch_irq_save();
	unsigned int self = irq_this_cpu();

	for (unsigned int cpu = 0; cpu < IRQ_MAX_CPUS; cpu++)
		if (cpu != self && irq_cpu_online(cpu))
			irq_send_ipi(cpu, kind);
	arch_irq_restore(flags);
}
