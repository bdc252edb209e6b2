// SPDX-License-Identifier: MPL-2.0
// The arch contract for multiprocessing: listing the CPUs and starting the secondary ones.
#ifndef HAL_ARCH_SMP_H
#define HAL_ARCH_SMP_H

#include <hal/compiler.h>
#include <hal/types.h>

struct cpu_local;

#ifdef CONFIG_ARCH_HAS_SMP
/* arch_cpu_hwid - the hardware id of the running CPU (x86: its APIC id). Any context. */
u64 arch_cpu_hwid(void);

/*
 * arch_smp_enumerate - store in @hwids the hardware ids (x86: APIC ids) of the CPUs the
 * firmware lists as usable, the boot CPU included, at most @max of them. Returns how many
 * there are (possibly more than @max). Boot CPU, initcall context.
 */
unsigned int arch_smp_enumerate(u64 *hwids, unsigned int max);

/*
 * arch_cpu_start - start the CPU @cl->hwid. It begins in the arch's start-up code on a stack
 * whose top is @stack_top, sets up its descriptor tables, arch_cpu_local_init(@cl) and its
 * interrupt controller, then calls hal_cpu_online(@cl). Returns 0 once the CPU runs kernel
 * code at @stack_top, or a negative errno (-ETIMEDOUT when it never answered). Boot CPU,
 * initcall context, one CPU at a time.
 */
int arch_cpu_start(struct cpu_local *cl, uintptr_t stack_top);
#else
static inline u64 arch_cpu_hwid(void)
{
	return 0;
}
#endif

#endif /* HAL_ARCH_SMP_H */
