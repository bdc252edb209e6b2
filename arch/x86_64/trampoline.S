/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Secondary-CPU start-up. The STARTUP IPI starts a CPU in real mode at the page smp.c copied
 * x86_trampoline_start..x86_trampoline_end to (below 1 MiB). It goes to protected mode, turns
 * on long mode with the trampoline page tables (the kernel's upper half plus an identity map of
 * the low 2 MiB), and jumps to x86_ap_entry in the kernel image. The copy is run at an address
 * known only at run time: all data is reached relative to the page base kept in %ebx.
 */
#include <arch/smp.h>

#define REL(x) ((x) - x86_trampoline_start)

#define CR0_PE 0x1
#define CR0_WP 0x10000
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080

	.section .rodata
	.balign 16
	.globl x86_trampoline_start, x86_trampoline_params, x86_trampoline_end

	.code16
x86_trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	movw %ax, %ss
	movw $TR_STACK_TOP, %sp
	movzwl %ax, %ebx
	shll $4, %ebx				/* linear address of this page */

	leal REL(tr_gdt)(%ebx), %eax
	movl %eax, REL(tr_gdt_ptr) + 2
	lgdtl REL(tr_gdt_ptr)
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	/* Far return into 32-bit code at its linear address. */
	leal REL(tr_protected)(%ebx), %eax
	pushl $TR_CS32
	pushl %eax
	lretl

	.code32
tr_protected:
	movl $TR_DS32, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	leal TR_STACK_TOP(%ebx), %esp

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl REL(x86_trampoline_params) + TRP_CR3(%ebx), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl REL(x86_trampoline_params) + TRP_EFER(%ebx), %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP | CR0_PE), %eax
	movl %eax, %cr0

	leal REL(tr_long)(%ebx), %eax
	pushl $TR_CS64
	pushl %eax
	lret

	.code64
tr_long:
	movl %ebx, %ebx				/* upper halves are undefined after the switch */
	movq REL(x86_trampoline_params) + TRP_ENTRY(%rbx), %rax
	jmp *%rax

	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff		/* TR_CS32: 32-bit code */
	.quad 0x00cf92000000ffff		/* TR_DS32: data */
	.quad 0x00af9a000000ffff		/* TR_CS64: 64-bit code */
tr_gdt_end:
	.balign 8
	.short 0, 0, 0
tr_gdt_ptr:
	.short tr_gdt_end - tr_gdt - 1
	.long 0					/* base: filled in at run time */

	.balign 8
x86_trampoline_params:
	.skip TRP_SIZE
x86_trampoline_end:

/*
 * In the kernel image, still on the trampoline page tables with %rbx = the trampoline page.
 * Read the parameters, report in, switch to the kernel's page tables (which do not map the
 * trampoline) and call x86_ap_main(cpu_local) on the CPU's own stack.
 */
	.text
	.globl x86_ap_entry
	.type x86_ap_entry, @function
x86_ap_entry:
	leaq REL(x86_trampoline_params)(%rbx), %rbp
	movq TRP_STACK(%rbp), %rsp
	movq TRP_CPU_LOCAL(%rbp), %r12
	movq TRP_CR4(%rbp), %r13
	movq TRP_KERNEL_CR3(%rbp), %rax
	movl $1, TRP_STARTED(%rbp)
	movq %rax, %cr3
	movq %r13, %cr4
	xorl %ebp, %ebp				/* ends the frame-pointer chain */
	movq %r12, %rdi
	call x86_ap_main
1:	cli
	hlt
	jmp 1b
	.size x86_ap_entry, . - x86_ap_entry
