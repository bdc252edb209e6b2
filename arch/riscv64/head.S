/* SPDX-License-Identifier: MPL-2.0 */
/*
 * riscv64 entry: the Linux RISC-V Image header (QEMU -kernel, U-Boot booti), the boot-hart
 * lottery, then C. Firmware enters in S-mode, MMU off, a0 = hart id, a1 = device tree.
 */
#include <arch/csr.h>
#include <arch/layout.h>

	.section .head.text, "ax"
	.option push
	.option norvc	/* the header's layout needs a 4-byte jump in code0 */
	.globl _start
_start:
	j	rv_entry			/* code0 */
	nop					/* code1 */
	.dword	RV_TEXT_OFFSET			/* text_offset: load at RAM base + this */
	.dword	_kernel_size			/* image_size, .bss included */
	.dword	0				/* flags: little-endian */
	.word	RV_IMAGE_VERSION		/* version 0.2 */
	.word	0				/* res1 */
	.dword	0				/* res2 */
	.dword	RV_IMAGE_MAGIC			/* magic */
	.word	RV_IMAGE_MAGIC2			/* magic2 */
	.word	0				/* res3: no PE/COFF header */
	.option pop

rv_entry:
	csrw	sie, zero
	/* Interrupts off; FP off so that a stray FP instruction traps (OpenSBI leaves it on);
	 * no access to user pages until a user copy asks for it. */
	li	t0, SSTATUS_SIE | SSTATUS_FS | SSTATUS_SUM
	csrc	sstatus, t0

	/* Only the first hart to arrive boots; a second one (not started by us) waits. */
	lla	t0, rv_boot_lottery
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, rv_park

	/* The code is position-dependent (absolute pointers in data): refuse a wrong address. */
	lla	t0, _start
	ld	t1, rv_link_addr
	bne	t0, t1, rv_wrong_address

	lla	sp, rv_boot_stack_top
	li	s0, 0				/* the end of the frame-pointer chain */
	lla	t0, rv_trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero

	/* .bss is not in the Image: zero it (the hart id and DTB stay in a0/a1). */
	lla	t0, _sbss
	lla	t1, _ebss
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	rv_start
	/* rv_start does not return. */

	.globl rv_park
rv_park:
	csrw	sie, zero
	wfi
	j	rv_park

/* Say why on the early UART without a stack or absolute addresses, then stop. */
rv_wrong_address:
	lla	t0, rv_wrong_address_msg
	li	t1, RV_EARLY_UART
1:	lbu	t2, 0(t0)
	beqz	t2, rv_park
2:	lbu	t3, 5(t1)			/* LSR: wait for THR empty */
	andi	t3, t3, 0x20
	beqz	t3, 2b
	sb	t2, 0(t1)
	addi	t0, t0, 1
	j	1b

	.section .rodata
	.balign 8
rv_link_addr:
	.dword	_start
rv_wrong_address_msg:
	.asciz	"keel: the Image must be loaded at RAM base + 0x200000 (0x80200000)\r\n"

	.section .data
	.balign 4
rv_boot_lottery:
	.word	0

	.section .bss..rv_boot_stack, "aw", @nobits
	.balign	16
	.globl	rv_boot_stack, rv_boot_stack_top
rv_boot_stack:
	.skip	RV_BOOT_STACK_SIZE
rv_boot_stack_top:
