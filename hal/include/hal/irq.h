// SPDX-License-Identifier: MPL-2.0
// Interrupts for services and drivers: handlers on platform interrupt lines, this CPU's
// interrupt flag, and bottom halves (work deferred out of the hard interrupt handler).
#ifndef HAL_IRQ_H
#define HAL_IRQ_H

#include <hal/compiler.h>
#include <hal/types.h>
#include <hal/lib/list.h>

/*
 * An interrupt handler. Runs in hard interrupt context on the CPU the interrupt was sent to,
 * with interrupts off: it must not sleep, and should be short (defer the rest to a bottom
 * half). The framework acknowledges the interrupt controller after it returns.
 */
typedef void (*irq_handler_t)(void *arg);

/* Flags of irq_request_line(). */
#define IRQ_EDGE	0	  /* edge-triggered (the default) */
#define IRQ_LEVEL	(1u << 0) /* level-triggered */
#define IRQ_ACTIVE_HIGH 0	  /* the default */
#define IRQ_ACTIVE_LOW	(1u << 1)
/*
 * @line is a legacy ISA IRQ number (0-15): firmware overrides choose the real line, trigger
 * and polarity, and IRQ_LEVEL/IRQ_ACTIVE_LOW are ignored.
 */
#define IRQ_ISA (1u << 2)

/*
 * irq_request_line - call @handler(@arg) when platform interrupt line @line fires (a GSI on
 * x86: IOAPIC input; with IRQ_ISA an ISA IRQ number). The line is routed to the boot CPU and
 * unmasked before this returns. @name shows in the log and must stay valid.
 * Boot or process context. Returns an interrupt number (>= 0) for the calls below,
 * -EINVAL (bad flags or line), -EBUSY (line already requested), -ENOSPC (no free vector),
 * -ENODEV (no interrupt controller serves @line).
 */
int irq_request_line(unsigned int line, unsigned int flags, irq_handler_t handler, void *arg,
		     const char *name);

/*
 * irq_free - mask and release interrupt @irq (from irq_request_line or the trusted MSI
 * allocator). The handler may still be running on another CPU when this returns.
 * Boot or process context.
 */
void irq_free(int irq);

/* irq_mask / irq_unmask - stop / resume delivery of a line interrupt. Any context. 0/-EINVAL. */
int irq_mask(int irq);
int irq_unmask(int irq);

/*
 * irq_set_handler - replace the handler of @irq (e.g. one per vector of an MSI block).
 * Any context. Returns 0 or -EINVAL when @irq is not allocated.
 */
int irq_set_handler(int irq, irq_handler_t handler, void *arg);

/* irq_count - how many times @irq has fired since boot (all CPUs). Any context. */
u64 irq_count(int irq);

/* ---- This CPU ------------------------------------------------------------------------------ */

/*
 * irq_local_save - disable interrupts on this CPU and return the previous state for
 * irq_local_restore(). irq_local_enable/disable set the flag outright. Any context.
 */
unsigned long irq_local_save(void);
void irq_local_restore(unsigned long state);
void irq_local_enable(void);
void irq_local_disable(void);

/*
 * irq_in_interrupt - is this CPU running a hard interrupt handler or a bottom half (so it must
 * not sleep)? Any context.
 */
bool irq_in_interrupt(void);

/* ---- Bottom halves ----------------------------------------------------------------------- */

/*
 * struct irq_bh - deferred work: scheduled from a handler, run on the same CPU at the end of
 * the outermost interrupt, with interrupts ON, before returning to the interrupted code.
 * A bottom half runs at most once per scheduling, never concurrently with itself on one CPU.
 * Fields are private.
 */
struct irq_bh {
	struct list_head node; /* on the CPU's pending list while scheduled */
	void (*fn)(void *arg);
	void *arg;
	u32 pending; /* 1 while queued (atomic) */
};

/* irq_bh_init - set up @bh to run @fn(@arg). */
void irq_bh_init(struct irq_bh *bh, void (*fn)(void *arg), void *arg);

/*
 * irq_bh_schedule - queue @bh on this CPU. Any context. From process context it runs at the
 * end of the next interrupt this CPU takes (the timer tick at the latest) or at
 * irq_bh_run_pending(). Returns false when it was already queued.
 */
bool irq_bh_schedule(struct irq_bh *bh);

/*
 * irq_bh_run_pending - run this CPU's queued bottom halves now. Process context with
 * interrupts on (idle loops, tests); a no-op inside an interrupt.
 */
void irq_bh_run_pending(void);

#endif /* HAL_IRQ_H */
