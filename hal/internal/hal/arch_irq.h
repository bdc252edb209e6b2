// SPDX-License-Identifier: MPL-2.0
// The arch contract for interrupts: interrupt controllers, vectors, EOI, IPIs and MSI messages.
// Included at the end of hal/arch.h; everything here exists only when the architecture selects
// the matching ARCH_HAS_* symbol (x86_64 today).
#ifndef HAL_ARCH_IRQ_H
#define HAL_ARCH_IRQ_H

#include <hal/compiler.h>
#include <hal/types.h>

#ifdef CONFIG_ARCH_HAS_IRQ
/*
 * <arch/irq.h> defines the vector space the framework manages:
 *   ARCH_NR_VECTORS                     size of the per-CPU vector table
 *   ARCH_IRQ_DEVICE_FIRST/_LAST         vectors the framework hands out (lines, MSI, tests)
 *   ARCH_IRQ_IPI_BASE                   first of the IPI vectors (one per enum ipi_kind)
 */
#include <arch/irq.h>

/*
 * arch_irq_init - find and set up the interrupt controllers: mask legacy ones, bring up the
 * boot CPU's local controller, mask every external line. Boot CPU, once, interrupts off, from
 * the framework's irq initcall (after acpi_init()). Returns 0 or a negative errno.
 */
int arch_irq_init(void);

/* arch_irq_cpu_init - bring up this CPU's local controller. This CPU, interrupts off. */
void arch_irq_cpu_init(void);

/* arch_irq_cpu_hwid - this CPU's hardware interrupt id (APIC id). Any context. */
u32 arch_irq_cpu_hwid(void);

/* arch_irq_eoi - acknowledge @vector on this CPU's controller. Interrupt context. */
void arch_irq_eoi(unsigned int vector);

/* arch_irq_enable / arch_irq_disable - set / clear this CPU's interrupt flag. Any context. */
void arch_irq_enable(void);
void arch_irq_disable(void);

/*
 * arch_send_ipi - raise @vector on the CPU with hardware id @hwid; arch_send_ipi_self on this
 * CPU. Any context (callers keep interrupts off across the call if they need it atomic).
 */
void arch_send_ipi(u32 hwid, unsigned int vector);
void arch_send_ipi_self(unsigned int vector);

/*
 * arch_irq_line_route - connect platform line @line (GSI) to @vector on CPU @dest_hwid with
 * IRQ_LEVEL/IRQ_ACTIVE_LOW @flags, left masked. Boot or process context.
 * Returns 0, -ENODEV when no controller has @line, -EINVAL.
 */
int arch_irq_line_route(u32 line, unsigned int vector, unsigned int flags, u32 dest_hwid);

/* arch_irq_line_mask - mask (@mask true) or unmask line @line. Any context. 0 or -ENODEV. */
int arch_irq_line_mask(u32 line, bool mask);

/*
 * arch_irq_isa_line - the platform line, trigger and polarity (IRQ_* in *@flags) of ISA IRQ
 * @isa (0-15). Returns 0 or -EINVAL.
 */
int arch_irq_isa_line(unsigned int isa, u32 *line, unsigned int *flags);
#endif /* CONFIG_ARCH_HAS_IRQ */

#ifdef CONFIG_ARCH_HAS_MSI
struct msi_msg;
/* arch_msi_compose - the compatibility-format message for @vector on CPU @dest_hwid. */
void arch_msi_compose(unsigned int vector, u32 dest_hwid, struct msi_msg *msg);
#endif /* CONFIG_ARCH_HAS_MSI */

#endif /* HAL_ARCH_IRQ_H */
