/* SPDX-License-Identifier: MPL-2.0 */
/*
 * riscv64 trap entry (stvec, direct mode): save the whole register file as a struct arch_regs
 * on the current stack, call rv_trap_handler(regs), restore and sret. Kernel mode only: user
 * mode will swap stacks through sscratch.
 */
#include <arch/regs.h>

	.macro	save_gprs
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, \
			24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, RV_REGS_X(\n)(sp)
	.endr
	.endm

	.macro	restore_gprs
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, \
			24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, RV_REGS_X(\n)(sp)
	.endr
	.endm

	.text
	.balign	4				/* stvec's low two bits are the mode */
	.globl	rv_trap_entry
rv_trap_entry:
	addi	sp, sp, -RV_REGS_SIZE
	save_gprs
	sd	zero, RV_REGS_X(0)(sp)
	addi	t0, sp, RV_REGS_SIZE		/* sp as the interrupted code had it */
	sd	t0, RV_REGS_X(2)(sp)
	csrr	t0, sepc
	sd	t0, RV_REGS_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, RV_REGS_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, RV_REGS_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, RV_REGS_STVAL(sp)

	mv	a0, sp
	call	rv_trap_handler

	/* A handler that returns may have changed where and how execution resumes. */
	ld	t0, RV_REGS_SEPC(sp)
	csrw	sepc, t0
	ld	t0, RV_REGS_SSTATUS(sp)
	csrw	sstatus, t0
	restore_gprs
	ld	sp, RV_REGS_X(2)(sp)
	sret
