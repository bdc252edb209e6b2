// SPDX-License-Identifier: MPL-2.0
// Framework subsystems register their boot-time setup here instead of editing hal_main().
#ifndef HAL_INITCALL_H
#define HAL_INITCALL_H

#include <hal/compiler.h>

/*
 * Levels, run in this order by hal_main() after the frame allocator and the heap are up,
 * on the boot CPU with interrupts off:
 *   1 arch     CPU features, kernel page tables (W^X), exception fixups
 *   2 irq      firmware tables, interrupt controllers, vectors
 *   3 time     clocks and timers
 *   4 sched    per-CPU data, tasks, the scheduler
 *   5 smp      secondary CPUs
 *   6 bus      buses (PCI), the IOMMU, DMA
 *   7 late     everything that needs all of the above
 * An initcall returns 0 or a negative errno; a failure is logged and boot goes on, so a
 * level must not assume an earlier one succeeded without checking.
 */
typedef int (*initcall_t)(void);

struct initcall {
	initcall_t fn;
	const char *name;
};

#define __hal_initcall(level, fn)                                                          \
	static const struct initcall __initcall_##fn __section(".initcall." #level) __used \
	__aligned(8) = { fn, #fn }

#define arch_initcall(fn)  __hal_initcall(1, fn)
#define irq_initcall(fn)   __hal_initcall(2, fn)
#define time_initcall(fn)  __hal_initcall(3, fn)
#define sched_initcall(fn) __hal_initcall(4, fn)
#define smp_initcall(fn)   __hal_initcall(5, fn)
#define bus_initcall(fn)   __hal_initcall(6, fn)
#define late_initcall(fn)  __hal_initcall(7, fn)

/* run_initcalls - run every registered initcall in level order. Boot CPU, once. */
void run_initcalls(void);

#endif /* HAL_INITCALL_H */
