// SPDX-License-Identifier: MPL-2.0
// The arch contract for tasks: the per-CPU register, context switch, idle wait and FPU state.
#ifndef HAL_ARCH_TASK_H
#define HAL_ARCH_TASK_H

#include <hal/compiler.h>
#include <hal/types.h>

struct cpu_local;

/* The boot CPU's block; the only one on arches without per-CPU support (hal/smp/percpu.c). */
extern struct cpu_local hal_boot_cpu;

/* ---- Per-CPU register (ARCH_HAS_PERCPU) ---------------------------------------------------- */

#ifdef CONFIG_ARCH_HAS_PERCPU
/*
 * <arch/percpu.h> provides:
 *   static inline struct cpu_local *arch_cpu_local(void)
 *	the running CPU's block, from a CPU register (x86: GS). Any context; before
 *	arch_cpu_local_init() ran on the boot CPU it returns &hal_boot_cpu.
 */
#include <arch/percpu.h>

/*
 * arch_cpu_local_init - point this CPU's per-CPU register at @cl, and set up what the arch
 * keeps per CPU next to it (x86: GDT, TSS, IST stacks, GS base). Boot CPU: called by hal/ at
 * the first initcall level; secondary CPUs: by the arch's start-up path. Interrupts off.
 * Returns 0 or -ENOMEM.
 */
int arch_cpu_local_init(struct cpu_local *cl);
#else
static inline struct cpu_local *arch_cpu_local(void)
{
	return &hal_boot_cpu;
}

static inline int arch_cpu_local_init(struct cpu_local *cl)
{
	(void)cl;
	return 0;
}
#endif

/* ---- Context switch (ARCH_HAS_TASKS) -------------------------------------------------------- */

#ifdef CONFIG_ARCH_HAS_TASKS
/*
 * arch_task_switch - push the callee-saved registers on the current stack, store the stack
 * pointer in *@prev_sp, load @next_sp and pop the registers saved there. Returns when some
 * CPU switches back to the saved stack pointer. Interrupts off.
 */
void arch_task_switch(uintptr_t *prev_sp, uintptr_t next_sp);

/*
 * arch_task_stack_init - lay out a new task's stack below @stack_top so that the first
 * arch_task_switch() to the returned stack pointer enters @entry (which never returns) with
 * the stack aligned as the ABI wants for a function entry. Any context.
 */
uintptr_t arch_task_stack_init(uintptr_t stack_top, void (*entry)(void));

/*
 * arch_task_set_kernel_stack - @top is the kernel stack of the task now running on this CPU:
 * where a trap or syscall from user mode must land (x86: TSS.rsp0 and the per-CPU syscall
 * slot). Interrupts off.
 */
void arch_task_set_kernel_stack(uintptr_t top);

/* arch_irqs_enabled - true when interrupts are enabled on this CPU. Any context. */
bool arch_irqs_enabled(void);

#ifndef CONFIG_ARCH_HAS_IRQ
/*
 * arch_irq_enable - set this CPU's interrupt flag (new tasks start with interrupts on). With
 * ARCH_HAS_IRQ it comes from hal/arch_irq.h instead.
 */
void arch_irq_enable(void);
#endif

/*
 * arch_cpu_idle - enable interrupts and wait for one, atomically: an interrupt that arrives
 * between the two still ends the wait. Returns with interrupts enabled. Called with them off.
 */
void arch_cpu_idle(void);
#endif

/* ---- User FPU/SIMD state (ARCH_HAS_FPU_STATE) ---------------------------------------------- */

#ifdef CONFIG_ARCH_HAS_FPU_STATE
/* arch_fpu_state_size / _align - bytes and alignment of one save area. After arch init. */
size_t arch_fpu_state_size(void);
size_t arch_fpu_state_align(void);
/* arch_fpu_state_init - the state a new user task starts with (default control words). */
void arch_fpu_state_init(void *state);
/* arch_fpu_save / arch_fpu_restore - between the registers and @state. Interrupts off. */
void arch_fpu_save(void *state);
void arch_fpu_restore(const void *state);
#endif

#endif /* HAL_ARCH_TASK_H */
