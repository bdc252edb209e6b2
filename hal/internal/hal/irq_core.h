// SPDX-License-Identifier: MPL-2.0
// The trusted side of the interrupt framework: MSI/MSI-X vectors and messages (bus code, the
// IOMMU), inter-processor interrupts and per-CPU interrupt state (SMP, scheduler), the entry
// the arch's interrupt stubs call. hal/ and arch/ only.
#ifndef HAL_IRQ_CORE_H
#define HAL_IRQ_CORE_H

#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <hal/types.h>

struct arch_regs;

/* CPUs the interrupt framework keeps state for (logical numbers 0 .. IRQ_MAX_CPUS - 1). */
#ifdef CONFIG_NR_CPUS
#define IRQ_MAX_CPUS CONFIG_NR_CPUS
#else
#define IRQ_MAX_CPUS 64
#endif

/* ---- CPUs -------------------------------------------------------------------------------- */

/*
 * irq_cpu_init - bring up this CPU's local interrupt controller (LAPIC) and record that
 * logical CPU @cpu is the one running (its hardware id becomes the IPI/interrupt target).
 * The boot CPU is registered as CPU 0 by the framework's irq initcall; SMP bring-up calls this
 * on each secondary CPU, interrupts off, before it takes interrupts (then time_cpu_init()).
 * Returns 0, -EINVAL for @cpu out of range, -EBUSY when @cpu is taken by another CPU.
 */
int irq_cpu_init(unsigned int cpu);

/*
 * irq_this_cpu - the logical number of the calling CPU as registered by irq_cpu_init(),
 * found from its hardware id (0 before any registration). Any context.
 */
unsigned int irq_this_cpu(void);

/* irq_cpu_hwid - hardware id (APIC id) of logical CPU @cpu; ~0u when not registered. */
u32 irq_cpu_hwid(unsigned int cpu);

/* irq_cpu_online - has @cpu been registered by irq_cpu_init()? Any context. */
bool irq_cpu_online(unsigned int cpu);

/*
 * time_cpu_init - start this CPU's timer queue and tick (hal/time). SMP bring-up calls it on
 * each secondary CPU after irq_cpu_init(), interrupts off; the boot CPU's runs at the time
 * initcall. Returns 0 or -ENODEV (no timer hardware).
 */
#ifdef CONFIG_ARCH_HAS_TIMER
int time_cpu_init(void);
#else
static inline int time_cpu_init(void)
{
	return -ENODEV;
}
#endif

/* ---- Vectors ----------------------------------------------------------------------------- */

/*
 * irq_alloc_vector - reserve one free device vector on every CPU and attach @handler(@arg).
 * The vector is not connected to any source: use it for self/test IPIs or special sources.
 * Boot or process context. Returns the interrupt number (the vector) or -ENOSPC.
 */
int irq_alloc_vector(irq_handler_t handler, void *arg, const char *name);

/*
 * irq_register_system_vector - attach @handler to the arch's fixed vector @vector (local
 * timer, APIC error...). For arch code at init. Returns 0, -EINVAL, or -EBUSY.
 */
int irq_register_system_vector(unsigned int vector, irq_handler_t handler, void *arg,
			       const char *name);

/*
 * irq_target - where interrupt @irq is delivered: its vector and the hardware id of the CPU,
 * for an IOMMU that rewrites messages into remapping entries. Returns 0 or -EINVAL.
 */
int irq_target(int irq, unsigned int *vector, u32 *dest_hwid);

/* ---- MSI / MSI-X ------------------------------------------------------------------------- */

/* An MSI message in the platform's compatibility (non-remapped) format. */
struct msi_msg {
	u64 addr;
	u32 data;
};

/*
 * irq_msi_alloc - allocate @count (1..32) vectors for MSI or MSI-X, all calling
 * @handler(@arg) until irq_set_handler() changes one. The block is contiguous and aligned to
 * @count rounded up to a power of two, as multi-message MSI needs (message i = vector base + i).
 * Interrupts go to the boot CPU. Boot or process context.
 * Returns the first interrupt number (@count consecutive ones), -EINVAL, or -ENOSPC.
 */
int irq_msi_alloc(unsigned int count, irq_handler_t handler, void *arg);

/* irq_msi_free - release a block from irq_msi_alloc(). Boot or process context. */
void irq_msi_free(int irq, unsigned int count);

/*
 * irq_msi_compose - the message that raises MSI interrupt @irq (edge, fixed delivery, physical
 * destination). Any context. Returns 0, or -EINVAL when @irq is not an MSI vector.
 */
int irq_msi_compose(int irq, struct msi_msg *msg);

/* ---- Inter-processor interrupts ---------------------------------------------------------- */

enum ipi_kind {
	IPI_RESCHEDULE,	   /* the target should run its scheduler */
	IPI_CALL_FUNCTION, /* the target should run queued cross-CPU calls */
	IPI_TLB_SHOOTDOWN, /* the target should flush TLB entries queued for it */
	IPI_STOP,	   /* the target halts (panic, poweroff); handled by the framework */
	IPI_NR_KINDS,
};

/*
 * irq_register_ipi - @handler runs (hard IRQ context, interrupts off) on a CPU that receives an
 * IPI of @kind. One handler per kind; IPI_STOP is the framework's. Boot or process context.
 * Returns 0, -EINVAL, or -EBUSY when @kind has a handler already.
 */
int irq_register_ipi(enum ipi_kind kind, void (*handler)(void));

/*
 * irq_send_ipi - send @kind to logical CPU @cpu (may be this one). irq_send_ipi_mask sends to
 * every CPU set in the bitmap @cpus (IRQ_MAX_CPUS bits), irq_send_ipi_others to every other
 * registered CPU. Any context. Returns 0, or -EINVAL for a CPU that is not registered.
 * Delivery is asynchronous: the handler may not have run when these return.
 */
int irq_send_ipi(unsigned int cpu, enum ipi_kind kind);
void irq_send_ipi_mask(const unsigned long *cpus, enum ipi_kind kind);
void irq_send_ipi_others(enum ipi_kind kind);

/* irq_ipi_vector - the vector IPIs of @kind use (for tests and the arch). */
unsigned int irq_ipi_vector(enum ipi_kind kind);

/* ---- Interrupt entry and exit ------------------------------------------------------------ */

/*
 * irq_set_exit_hook - @hook(@regs) runs at the end of every outermost interrupt on every CPU,
 * after the handler, the EOI and the bottom halves, with interrupts off, on the interrupted
 * context's stack: the scheduler's preemption point. One hook; NULL removes it.
 */
void irq_set_exit_hook(void (*hook)(struct arch_regs *regs));

/*
 * hal_irq_handle - the arch's interrupt stub calls this for every external interrupt, IPI and
 * local interrupt with the saved @regs and the @vector that fired, interrupts off. Runs the
 * handler, acknowledges (arch_irq_eoi), then bottom halves and the exit hook.
 */
void hal_irq_handle(struct arch_regs *regs, unsigned int vector);

#endif /* HAL_IRQ_CORE_H */
