/* SPDX-License-Identifier: MPL-2.0 */
/*
 * x86_64 kernel entry: the PVH note and multiboot2 header that let loaders find us, the 32-bit
 * entries both protocols jump to, early page tables and the switch to long mode.
 */
#include <arch/boot.h>
#include <arch/layout.h>
#include <arch/segment.h>

/* Physical address of a kernel symbol, for code running before paging. */
#define PA(x) ((x) - KERNEL_VMA_BASE)

#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_BOOT_MAGIC 0x36d76289
#define XEN_ELFNOTE_PHYS32_ENTRY 18

#define PTE_PRESENT 0x1
#define PTE_WRITE 0x2
#define PTE_HUGE 0x80

/* ---- Headers ------------------------------------------------------------------------------- */

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long 0					/* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long 0x100000000 - (MB2_HEADER_MAGIC + (mb2_header_end - mb2_header))
	/* entry address tag: the ELF entry is a virtual address */
	.balign 8
	.short 3, 0
	.long 12
	.long PA(x86_mb2_entry)
	/* module alignment tag: page-aligned modules */
	.balign 8
	.short 6, 0
	.long 8
	/* end tag */
	.balign 8
	.short 0, 0
	.long 8
mb2_header_end:

	/* QEMU computes the descriptor offset with the segment's alignment: keep it 4. */
	.section .note.Xen, "a", @note
	.balign 4
	.long 4					/* name size */
	.long 8					/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.quad PA(x86_pvh_entry)			/* a 32-bit physical address, zero-extended */

/* ---- 32-bit entries (paging off, flat segments, no stack) ---------------------------------- */

	.section .boot.text, "ax"
	.code32

/* PVH: %ebx = physical address of struct hvm_start_info. */
	.globl x86_pvh_entry
x86_pvh_entry:
	cli
	cld
	movl $X86_BOOT_PVH, %ebp
	jmp common32

/* Multiboot2: %eax = boot magic, %ebx = physical address of the information structure. */
	.globl x86_mb2_entry
x86_mb2_entry:
	cli
	cld
	cmpl $MB2_BOOT_MAGIC, %eax
	jne bad_mb2_magic
	movl $X86_BOOT_MULTIBOOT2, %ebp
	jmp common32

/*
 * %ebp holds the protocol and %ebx the info pointer. .bss is cleared first, so the page tables
 * built in it below start out empty; both values then wait there, as cpuid clobbers %ebx.
 */
common32:
	movl $PA(_sbss), %edi
	movl $PA(_ebss), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl %ebp, PA(boot_proto)
	movl %ebx, PA(boot_info_pa)

	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx				/* LM */
	jnc no_long_mode
	movl %edx, %esi				/* keep the NX bit (20) for EFER below */

/*
 * Early page tables, all with 2 MiB pages over the same four page directories (0-4 GiB):
 *   PML4[0]   -> low PDPT[0]      -> PD0       identity of the low 1 GiB, for the switch
 *   PML4[256] -> direct PDPT[0..3] -> PD0..PD3 direct map of 0-4 GiB at DIRECT_MAP_BASE
 *   PML4[511] -> kernel PDPT[510] -> PD0       the image window at KERNEL_VMA_BASE
 */
	movl $PA(x86_early_pd), %edi
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_PRESENT | PTE_WRITE | PTE_HUGE), %eax
	movl %eax, (%edi, %ecx, 8)		/* high half stays 0 from the .bss clear */
	incl %ecx
	cmpl $2048, %ecx
	jb 1b

	movl $PA(x86_early_direct_pdpt), %edi
	movl $PA(x86_early_pd), %eax
	orl $(PTE_PRESENT | PTE_WRITE), %eax
	xorl %ecx, %ecx
2:	movl %eax, (%edi, %ecx, 8)
	addl $0x1000, %eax
	incl %ecx
	cmpl $4, %ecx
	jb 2b

	movl $PA(x86_early_pd) + (PTE_PRESENT | PTE_WRITE), %eax
	movl %eax, PA(x86_early_low_pdpt)
	movl %eax, PA(x86_early_kernel_pdpt) + 510 * 8

	movl $PA(x86_early_low_pdpt) + (PTE_PRESENT | PTE_WRITE), %eax
	movl %eax, PA(x86_early_pml4)
	movl $PA(x86_early_direct_pdpt) + (PTE_PRESENT | PTE_WRITE), %eax
	movl %eax, PA(x86_early_pml4) + 256 * 8
	movl $PA(x86_early_kernel_pdpt) + (PTE_PRESENT | PTE_WRITE), %eax
	movl %eax, PA(x86_early_pml4) + 511 * 8

	movl %cr4, %eax
	orl $((1 << 5) | (1 << 7)), %eax	/* PAE, PGE */
	movl %eax, %cr4
	movl $PA(x86_early_pml4), %eax
	movl %eax, %cr3

	movl $0xc0000080, %ecx			/* EFER */
	rdmsr
	orl $(1 << 8), %eax			/* LME */
	btl $20, %esi
	jnc 1f
	orl $(1 << 11), %eax			/* NXE, when the CPU has NX */
1:	wrmsr

	movl %cr0, %eax
	orl $((1 << 31) | (1 << 16) | 1), %eax	/* PG, WP, PE */
	movl %eax, %cr0

	lgdt PA(early_gdt_ptr)
	ljmp $KERNEL_CS, $PA(entry64_low)

no_long_mode:
	movl $PA(msg_no_long_mode), %esi
	jmp fail32
bad_mb2_magic:
	movl $PA(msg_bad_magic), %esi

/* Print the string at %esi on the early UART without a stack, then stop. */
fail32:
	movw $CONFIG_X86_EARLY_UART_PORT + 5, %dx
1:	inb %dx, %al
	testb $0x20, %al			/* transmitter holding register empty */
	jz 1b
	lodsb
	testb %al, %al
	jz 2f
	movw $CONFIG_X86_EARLY_UART_PORT, %dx
	outb %al, %dx
	jmp fail32
2:	hlt
	jmp 2b

/* ---- 64-bit, still at the physical address ------------------------------------------------ */

	.code64
entry64_low:
	movabsq $entry64_high, %rax
	jmp *%rax

	.text
entry64_high:
	lgdt early_gdt_ptr_virt
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	leaq x86_boot_stack_top(%rip), %rsp

	/* Drop the identity map: from now on a NULL dereference faults. */
	movq $0, x86_early_pml4(%rip)
	movq %cr3, %rax
	movq %rax, %cr3

	movl boot_proto(%rip), %edi
	movl boot_info_pa(%rip), %esi
	xorl %ebp, %ebp				/* ends the frame-pointer chain */
	call x86_start
1:	cli
	hlt
	jmp 1b

/* ---- Data ---------------------------------------------------------------------------------- */

	.section .rodata
msg_no_long_mode:
	.asciz "keel: this CPU has no long mode\r\n"
msg_bad_magic:
	.asciz "keel: bad multiboot2 magic\r\n"

	/* Enough of a GDT to enter 64-bit code; x86_gdt_init() replaces it. */
	.balign 16
early_gdt:
	.quad 0
	.quad 0x00af9b000000ffff		/* KERNEL_CS: 64-bit code, DPL 0 */
	.quad 0x00cf93000000ffff		/* KERNEL_DS: data, DPL 0 (accessed bits preset) */
early_gdt_end:

	.balign 8
	.short 0
early_gdt_ptr:					/* for lgdt before paging: physical base */
	.short early_gdt_end - early_gdt - 1
	.quad PA(early_gdt)
	.short 0
early_gdt_ptr_virt:
	.short early_gdt_end - early_gdt - 1
	.quad early_gdt

	.bss
boot_proto:
	.long 0
boot_info_pa:
	.long 0

	.balign 4096
	.globl x86_early_pml4
x86_early_pml4:
	.skip 4096
x86_early_low_pdpt:
	.skip 4096
x86_early_direct_pdpt:
	.skip 4096
x86_early_kernel_pdpt:
	.skip 4096
x86_early_pd:
	.skip 4 * 4096

	.balign 16
	.globl x86_boot_stack, x86_boot_stack_top
x86_boot_stack:
	.skip BOOT_STACK_SIZE
x86_boot_stack_top:
