/* SPDX-License-Identifier: MPL-2.0 */
/*
 * riscv64 task hooks (hal/arch_task.h): context switch, new-task stacks, the idle wait and the
 * interrupt flag. The kernel is built without F/D, so only ra and s0-s11 need saving.
 */
#define SSTATUS_SIE 0x2
#define FRAME (14 * 8)				/* ra, s0-s11, and a pad to keep 16-byte alignment */

	.text
/* void arch_task_switch(uintptr_t *prev_sp, uintptr_t next_sp) */
	.globl arch_task_switch
	.type arch_task_switch, @function
arch_task_switch:
	addi sp, sp, -FRAME
	sd ra, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)
	sd s2, 24(sp)
	sd s3, 32(sp)
	sd s4, 40(sp)
	sd s5, 48(sp)
	sd s6, 56(sp)
	sd s7, 64(sp)
	sd s8, 72(sp)
	sd s9, 80(sp)
	sd s10, 88(sp)
	sd s11, 96(sp)
	sd sp, 0(a0)
	mv sp, a1
	ld ra, 0(sp)
	ld s0, 8(sp)
	ld s1, 16(sp)
	ld s2, 24(sp)
	ld s3, 32(sp)
	ld s4, 40(sp)
	ld s5, 48(sp)
	ld s6, 56(sp)
	ld s7, 64(sp)
	ld s8, 72(sp)
	ld s9, 80(sp)
	ld s10, 88(sp)
	ld s11, 96(sp)
	addi sp, sp, FRAME
	ret
	.size arch_task_switch, . - arch_task_switch

/*
 * uintptr_t arch_task_stack_init(uintptr_t stack_top, void (*entry)(void)): a frame whose ra is
 * @entry and whose s0 (frame pointer) is 0, so backtraces end there.
 */
	.globl arch_task_stack_init
	.type arch_task_stack_init, @function
arch_task_stack_init:
	andi a0, a0, -16
	addi a0, a0, -FRAME
	sd a1, 0(a0)
	.irp off, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104
	sd zero, \off(a0)
	.endr
	ret
	.size arch_task_stack_init, . - arch_task_stack_init

/* No user mode yet: nothing switches stacks on a trap. */
	.globl arch_task_set_kernel_stack
	.type arch_task_set_kernel_stack, @function
arch_task_set_kernel_stack:
	ret
	.size arch_task_set_kernel_stack, . - arch_task_set_kernel_stack

	.globl arch_irqs_enabled
	.type arch_irqs_enabled, @function
arch_irqs_enabled:
	csrr a0, sstatus
	andi a0, a0, SSTATUS_SIE
	snez a0, a0
	ret
	.size arch_irqs_enabled, . - arch_irqs_enabled

	.globl arch_irq_enable
	.type arch_irq_enable, @function
arch_irq_enable:
	csrsi sstatus, SSTATUS_SIE
	ret
	.size arch_irq_enable, . - arch_irq_enable

/* wfi wakes on a pending interrupt even with SIE clear; enabling SIE afterwards takes it. */
	.globl arch_cpu_idle
	.type arch_cpu_idle, @function
arch_cpu_idle:
	wfi
	csrsi sstatus, SSTATUS_SIE
	ret
	.size arch_cpu_idle, . - arch_cpu_idle
