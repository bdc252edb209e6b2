/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Interrupt entry: one 16-byte stub per vector from 0x20 up pushes an empty error code and
 * its vector, building the same struct arch_regs as the exception path, and x86_irq_entry()
 * dispatches. SWAPGS on the way in and out when the interrupt came from user mode, and before
 * going back there x86_user_irq_return() (user.c) restores what that user context needs.
 */
#include <arch/irq.h>
#include <arch/regs.h>


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
2:	x86_push_gprs
	pushq $0			/* cr2: not a page fault */

	x86_call_with_regs x86_irq_entry
#ifdef CONFIG_ARCH_HAS_USER
	testb $3, X86_REGS_CS(%rbx)
	jz 3f
	movq %rbx, %rdi
	call x86_user_irq_return	/* may leave for user_mode_run() instead */
3:
#endif

	movq %rbx, %rsp
	x86_pop_regs
	testb $3, 8(%rsp)		/* CS above RIP */
	jz 4f
	swapgs
4:	iretq
