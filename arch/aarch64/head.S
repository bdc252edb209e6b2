/* SPDX-License-Identifier: MPL-2.0 */
/*
 * The arm64 Image header and the boot CPU's first instructions: leave EL2, turn on the MMU with
 * an identity map, elect one boot CPU, clear .bss, install the vectors, then enter C.
 */
#include <arch/layout.h>
#include <arch/mmu.h>

/* Documentation/arch/arm64/booting.rst: the 64-byte header at the start of the Image. */
	.section .head.text, "ax"
	.globl	_start
_start:
	b	a64_entry		/* code0 */
	nop				/* code1 */
	.quad	A64_TEXT_OFFSET		/* text_offset: where in a 2 MiB-aligned RAM base to load */
	.quad	__image_size		/* image_size: the loaded size, .bss included */
	.quad	A64_IMAGE_FLAGS		/* flags: little-endian, 4 KiB pages */
	.quad	0, 0, 0			/* res2, res3, res4 */
	.long	A64_IMAGE_MAGIC		/* "ARM\x64" */
	.long	0			/* res5: no PE/COFF header */

/*
 * Entered with the MMU off, x0 = physical address of the DTB, at EL1 or EL2. Until the MMU is
 * on every data access is to Device memory, so this code only makes aligned accesses.
 * x19 = DTB address, x20 = the exception level we were entered at.
 */
a64_entry:
	msr	daifset, #0xf
	mov	x19, x0

	/* Linked at a fixed address and not relocatable: refuse to run anywhere else. */
	adr	x1, _start
	ldr	x2, =_start
	adrp	x0, msg_bad_load
	add	x0, x0, :lo12:msg_bad_load
	cmp	x1, x2
	b.ne	a64_early_die

	mrs	x20, CurrentEL
	lsr	x20, x20, #2
	adrp	x0, msg_el3
	add	x0, x0, :lo12:msg_el3
	cmp	x20, #2
	b.hi	a64_early_die
	b.lo	1f
	bl	a64_el2_to_el1
1:	bl	a64_mmu_on

	/*
	 * One CPU boots; a loader that releases every CPU here gets the others parked. The MMU
	 * is on, so the exclusive pair works on ordinary cacheable memory.
	 */
	adrp	x1, a64_boot_cpu_claimed
	add	x1, x1, :lo12:a64_boot_cpu_claimed
2:	ldaxr	w2, [x1]
	cbnz	w2, a64_park
	mov	w2, #1
	stxr	w3, w2, [x1]
	cbnz	w3, 2b

	/* A DTB that a loader put inside our .bss would be wiped out below. */
	adrp	x0, msg_dtb_in_image
	add	x0, x0, :lo12:msg_dtb_in_image
	adr	x1, _start
	ldr	x2, =_kernel_end
	cmp	x19, x1
	ccmp	x19, x2, #2, hs		/* x19 >= _start ? compare with _kernel_end : force "hs" */
	b.lo	a64_early_die

	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
3:	cmp	x0, x1
	b.hs	4f
	stp	xzr, xzr, [x0], #16
	b	3b

4:	adrp	x0, a64_boot_stack_top
	add	x0, x0, :lo12:a64_boot_stack_top
	mov	sp, x0
	adrp	x0, a64_vectors
	add	x0, x0, :lo12:a64_vectors
	msr	vbar_el1, x0
	isb

	/* A zero frame record ends every backtrace here. */
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	bl	a64_boot_main
	b	a64_park

/*
 * Drop from EL2 to EL1 with the hypervisor out of the way: EL1 is AArch64, may use the
 * physical counter, FP/SIMD and (on GICv3) the interrupt controller's system registers, and
 * sees its own MIDR/MPIDR. An HVC from EL1 then gets -1 (PSCI NOT_SUPPORTED) from the stub
 * vectors below. Returns at EL1 with the MMU off and interrupts masked.
 */
a64_el2_to_el1:
	adrp	x0, a64_el2_stub_vectors
	add	x0, x0, :lo12:a64_el2_stub_vectors
	msr	vbar_el2, x0
	mov	x0, #A64_HCR_EL2_RW
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #A64_CNTHCTL_EL1PCTEN_EL1PCEN
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mov	x0, #A64_CPTR_EL2_RES1
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #24, #4		/* GIC: system-register interface implemented */
	cbz	x0, 1f
	mrs	x0, S3_4_C12_C9_5	/* ICC_SRE_EL2 */
	mov	x1, #A64_ICC_SRE_EL2_SRE_ENABLE
	orr	x0, x0, x1
	msr	S3_4_C12_C9_5, x0
	isb
1:	ldr	x0, =A64_SCTLR_RES1
	msr	sctlr_el1, x0
	mov	x0, #A64_SPSR_EL1H_MASKED
	msr	spsr_el2, x0
	msr	elr_el2, x30
	eret

/* EL2 vectors after the drop: whatever arrives (only HVC can), answer -1 and return. */
	.pushsection .text.vectors, "ax"
	.balign	2048
a64_el2_stub_vectors:
	.rept	16
	.balign	0x80
	mov	x0, #-1
	eret
	.endr
	.popsection

/*
 * Identity map through TTBR0 (a64_idmap_l1 below), caches on. FP/SIMD stays trapped
 * (CPACR_EL1 = 0): the kernel is built with -mgeneral-regs-only and must never touch it.
 */
a64_mmu_on:
	ldr	x0, =A64_MAIR_VALUE
	msr	mair_el1, x0
	mrs	x1, id_aa64mmfr0_el1
	ubfx	x1, x1, #0, #4		/* PARange */
	mov	x2, #5			/* 48 bits: the most a 4 KiB granule without LPA takes */
	cmp	x1, x2
	csel	x1, x1, x2, ls
	ldr	x0, =A64_TCR_VALUE
	bfi	x0, x1, #A64_TCR_IPS_SHIFT, #3
	msr	tcr_el1, x0
	adrp	x0, a64_idmap_l1
	msr	ttbr0_el1, x0
	msr	cpacr_el1, xzr
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x0, =A64_SCTLR_MMU_ON
	msr	sctlr_el1, x0
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

/* Print the NUL-terminated message at x0 on the early PL011 (polled, MMU off), then park. */
a64_early_die:
	ldr	x1, =A64_EARLY_PL011
	cbz	x1, a64_park
1:	ldrb	w2, [x0], #1
	cbz	w2, a64_park
2:	ldr	w3, [x1, #0x18]		/* UARTFR */
	tbnz	w3, #5, 2b		/* TXFF: transmit FIFO full */
	str	w2, [x1]		/* UARTDR */
	b	1b

	.globl	a64_park
a64_park:
	msr	daifset, #0xf
1:	wfe
	b	1b

	.ltorg

	.section .rodata.a64_head, "a"
msg_bad_load:
	.asciz	"keel: Image not loaded at its link address (RAM base + text_offset); halting\r\n"
msg_dtb_in_image:
	.asciz	"keel: the device tree lies inside the kernel image (.bss); halting\r\n"
msg_el3:
	.asciz	"keel: entered at EL3; boot through firmware that enters at EL2 or EL1; halting\r\n"

	.data
	.balign	4
a64_boot_cpu_claimed:
	.long	0

/*
 * The identity map: entry i of the level-1 table maps [i GiB, i+1 GiB). Below 1 GiB is QEMU
 * virt's MMIO (flash, GIC, UART, virtio-mmio, PCIe windows), mapped as Device memory in 2 MiB
 * blocks except the first, so that a NULL pointer faults. RAM starts at 1 GiB. Blocks that
 * turn out to hold no RAM become Device memory once the memory map is known (a64_mmu_init_ram).
 */
	.balign	4096
	.globl	a64_idmap_l1
a64_idmap_l1:
	.quad	a64_idmap_l2_low + (A64_PTE_VALID | A64_PTE_TABLE)
	.set	.Lblock, 1
	.rept	A64_L1_ENTRIES - 1
	.quad	(.Lblock << A64_L1_SHIFT) | A64_BLOCK_NORMAL
	.set	.Lblock, .Lblock + 1
	.endr

	.balign	4096
a64_idmap_l2_low:
	.quad	0
	.set	.Lblock, 1
	.rept	A64_L2_ENTRIES - 1
	.quad	(.Lblock << A64_L2_SHIFT) | A64_BLOCK_DEVICE
	.set	.Lblock, .Lblock + 1
	.endr

	.section .bss..a64_boot_stack, "aw", %nobits
	.balign	16
	.globl	a64_boot_stack, a64_boot_stack_top
a64_boot_stack:
	.skip	A64_BOOT_STACK_SIZE
a64_boot_stack_top:
