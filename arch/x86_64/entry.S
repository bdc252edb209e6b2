/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Exception entry: one stub per vector pushes a uniform frame (struct arch_regs, see
 * arch/regs.h) and calls x86_trap(); the table x86_exception_stubs feeds the IDT.
 */
#include <arch/regs.h>
#include <arch/segment.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			   (v) == 21 || (v) == 29 || (v) == 30)

#define REGS_SIZE (23 * 8)	/* sizeof(struct arch_regs), checked in traps.c */

	.text
	.macro exception_stub vec
	.balign 16
x86_exc_\vec:
	.if !HAS_ERROR_CODE(\vec)
	pushq $0
	.endif
	pushq $\vec
	jmp trap_common
	.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	exception_stub \v
	.endr

/*
 * Finish struct arch_regs below the vector and error code, then make a frame record from the
 * interrupted rbp and rip, so a backtrace taken inside the handler walks on into the code that
 * trapped.
 */
trap_common:
	x86_push_gprs
	xorl %eax, %eax
	cmpq $14, 15 * 8(%rsp)			/* vector: only a page fault sets cr2 */
	jne 1f
	movq %cr2, %rax
1:	pushq %rax

	x86_call_with_regs x86_trap

	movq %rbx, %rsp
	x86_pop_regs
	iretq

	.section .rodata
	.balign 8
	.globl x86_exception_stubs
x86_exception_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad x86_exc_\v
	.endr
