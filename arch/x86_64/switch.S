/* SPDX-License-Identifier: MPL-2.0 */
/*
 * arch_task_switch(uintptr_t *prev_sp, uintptr_t next_sp): the System V callee-saved registers
 * go on the old stack, the stack pointer is swapped, and the new task's come off its stack.
 * Interrupts are off; the C caller saves and restores RFLAGS.IF itself.
 */
	.text
	.globl arch_task_switch
	.type arch_task_switch, @function
arch_task_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size arch_task_switch, . - arch_task_switch
