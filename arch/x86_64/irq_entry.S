/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Interrupt entry: one 16-byte stub per vector from 0x20 up pushes an empty error code and
 * its vector, building the same struct arch_regs as the exception path, and x86_irq_entry()
 * dispatches. SWAPGS on the way in and out when the interrupt came from user mode, and before
 * going back there x86_user_irq_return() (user.c) restores what that user context needs.
 */
#include <arch/irq.h>

#define REGS_RIP (18 * 8)	/* offsetof(struct arch_regs, rip) */
#define REGS_CS (19 * 8)	/* offsetof(struct arch_regs, cs) */

	.text
	.balign X86_IRQ_STUB_SIZE
	.globl x86_irq_stubs
x86_irq_stubs:
	.set vec, X86_IRQ_STUB_FIRST
	.rept ARCH_NR_VECTORS - X86_IRQ_STUB_FIRST
	.balign X86_IRQ_STUB_SIZE
	pushq $0
	pushq $vec
	jmp irq_common
	.set vec, vec + 1
	.endr

irq_common:
	testb $3, 3 * 8(%rsp)		/* CS above vector, error code and RIP */
	jz 1f
	swapgs
1:	/* User mode (or an interrupted user copy) may have left AC set: keep SMAP on. */
	testb $1, x86_has_smap(%rip)
	jz 2f
	clac
2:	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq $0			/* cr2: not a page fault */

	/* A frame record from the interrupted rbp and rip: backtraces walk on through it. */
	movq %rsp, %rbx
	pushq REGS_RIP(%rbx)
	pushq %rbp
	movq %rsp, %rbp
	andq $-16, %rsp
	movq %rbx, %rdi
	cld
	call x86_irq_entry
#ifdef CONFIG_ARCH_HAS_USER
	testb $3, REGS_CS(%rbx)
	jz 3f
	movq %rbx, %rdi
	call x86_user_irq_return	/* may leave for user_mode_run() instead */
3:
#endif

	movq %rbx, %rsp
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector, error code */
	testb $3, 8(%rsp)		/* CS above RIP */
	jz 4f
	swapgs
4:	iretq
