/* SPDX-License-Identifier: MPL-2.0 */
/*
 * aarch64 task hooks (hal/arch_task.h): context switch, new-task stacks, the idle wait and the
 * interrupt flag. The kernel is built with -mgeneral-regs-only, so only x19-x30 need saving.
 */
#define FRAME (12 * 8)				/* x19-x28, x29 (fp), x30 (lr) */

	.text
/* void arch_task_switch(uintptr_t *prev_sp, uintptr_t next_sp) */
	.globl arch_task_switch
	.type arch_task_switch, %function
arch_task_switch:
	sub sp, sp, #FRAME
	stp x19, x20, [sp, #0]
	stp x21, x22, [sp, #16]
	stp x23, x24, [sp, #32]
	stp x25, x26, [sp, #48]
	stp x27, x28, [sp, #64]
	stp x29, x30, [sp, #80]
	mov x9, sp
	str x9, [x0]
	mov sp, x1
	ldp x19, x20, [sp, #0]
	ldp x21, x22, [sp, #16]
	ldp x23, x24, [sp, #32]
	ldp x25, x26, [sp, #48]
	ldp x27, x28, [sp, #64]
	ldp x29, x30, [sp, #80]
	add sp, sp, #FRAME
	ret
	.size arch_task_switch, . - arch_task_switch

/*
 * uintptr_t arch_task_stack_init(uintptr_t stack_top, void (*entry)(void)): a frame whose lr is
 * @entry and whose fp is 0, so backtraces end there.
 */
	.globl arch_task_stack_init
	.type arch_task_stack_init, %function
arch_task_stack_init:
	and x0, x0, #~15
	sub x0, x0, #FRAME
	stp xzr, xzr, [x0, #0]
	stp xzr, xzr, [x0, #16]
	stp xzr, xzr, [x0, #32]
	stp xzr, xzr, [x0, #48]
	stp xzr, xzr, [x0, #64]
	stp xzr, x1, [x0, #80]
	ret
	.size arch_task_stack_init, . - arch_task_stack_init

/* No user mode yet: nothing switches stacks on a trap. */
	.globl arch_task_set_kernel_stack
	.type arch_task_set_kernel_stack, %function
arch_task_set_kernel_stack:
	ret
	.size arch_task_set_kernel_stack, . - arch_task_set_kernel_stack

	.globl arch_irqs_enabled
	.type arch_irqs_enabled, %function
arch_irqs_enabled:
	mrs x0, daif
	tst x0, #(1 << 7)			/* I: IRQs masked */
	cset x0, eq
	ret
	.size arch_irqs_enabled, . - arch_irqs_enabled

	.globl arch_irq_enable
	.type arch_irq_enable, %function
arch_irq_enable:
	msr daifclr, #2
	ret
	.size arch_irq_enable, . - arch_irq_enable

/* wfi wakes on a pending interrupt even while it is masked; unmasking then takes it. */
	.globl arch_cpu_idle
	.type arch_cpu_idle, %function
arch_cpu_idle:
	wfi
	msr daifclr, #2
	ret
	.size arch_cpu_idle, . - arch_cpu_idle
