// SPDX-License-Identifier: MPL-2.0
// Private to hal/irq/: per-CPU interrupt state shared by the dispatcher, bottom halves and IPIs.
#ifndef HAL_IRQ_INTERNAL_H
#define HAL_IRQ_INTERNAL_H

#include <hal/irq_core.h>
#include <hal/lib/list.h>

/* What this CPU's interrupt code keeps; touched only by that CPU with interrupts off. */
struct irq_cpu {
	u32 hwid;		  /* written once by irq_cpu_init() */
	bool online;		  /* set (release) after @hwid */
	unsigned int nesting;	  /* hard interrupt handlers running on this CPU */
	bool in_bh;		  /* running bottom halves */
	struct list_head bh_list; /* scheduled bottom halves, oldest first */
};

/* irq_cpu_this - the calling CPU's state. Any context. */
struct irq_cpu *irq_cpu_this(void);

/* irq_bh_run - run @c's bottom halves; interrupts off on entry and exit, on while they run. */
void irq_bh_run(struct irq_cpu *c);

/* irq_ipi_setup - attach the IPI vectors. Boot CPU, from the irq initcall. */
int irq_ipi_setup(void);

#endif /* HAL_IRQ_INTERNAL_H */
