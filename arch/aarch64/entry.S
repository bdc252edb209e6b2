/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The EL1 exception vectors: every entry saves the whole register file as a struct arch_regs
 * on the current stack, calls a64_trap_handler(regs, vector) and returns with eret, so a
 * handler may resume the interrupted code (with elr or registers changed).
 */
#include <arch/regs.h>

/* VBAR_EL1 order: {current EL with SP_EL0, current EL with SP_ELx, lower EL AArch64, lower EL
 * AArch32} x {synchronous, IRQ, FIQ, SError}, 0x80 bytes each. */
.macro vector idx
	.balign	0x80
	sub	sp, sp, #A64_REGS_SIZE
	stp	x0, x1, [sp, #A64_REGS_X0]
	mov	x1, #\idx
	b	a64_trap_common
.endm

	.section .text.vectors, "ax"
	.balign	2048
	.globl	a64_vectors
a64_vectors:
	.irp	idx, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector	\idx
	.endr

/* x1 = vector index; x0 and x1 are saved already. */
a64_trap_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]

	/* The interrupted sp: SP_EL1 above this frame for vectors 4-7, SP_EL0 for the others. */
	mov	x19, x1
	sub	x2, x19, #4
	cmp	x2, #4
	b.lo	1f
	mrs	x2, sp_el0
	b	2f
1:	add	x2, sp, #A64_REGS_SIZE
2:	mrs	x3, elr_el1
	stp	x2, x3, [sp, #A64_REGS_SP]
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	stp	x2, x3, [sp, #A64_REGS_SPSR]
	mrs	x2, far_el1
	str	x2, [sp, #A64_REGS_FAR]

	mov	x0, sp
	mov	x1, x19
	bl	a64_trap_handler

	ldp	x2, x3, [sp, #A64_REGS_SP]
	msr	elr_el1, x3
	sub	x4, x19, #4
	cmp	x4, #4
	b.lo	3f
	msr	sp_el0, x2
3:	ldr	x2, [sp, #A64_REGS_SPSR]
	msr	spsr_el1, x2

	ldp	x0, x1, [sp, #A64_REGS_X0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #A64_REGS_SIZE
	eret
