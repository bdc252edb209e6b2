/* SPDX-License-Identifier: MPL-2.0 */
/*
 * User-memory copies and protection probes that may fault. Every instruction that may fault
 * is listed in __ex_table with a fixup; the #PF/#GP handler resumes there. STAC/CLAC open the
 * user half to the kernel for the copy when SMAP is on.
 */
#define EFAULT 14

	/* extable insn, fixup: let a fault at insn resume at fixup. */
	.macro extable insn, fixup
	.pushsection __ex_table, "a"
	.balign 8
	.quad \insn, \fixup
	.popsection
	.endm

	/* user_open / user_close: STAC / CLAC, when the CPU has SMAP (else they would #UD). */
	.macro user_open
	cmpb $0, x86_has_smap(%rip)
	je 9f
	stac
9:
	.endm
	.macro user_close
	cmpb $0, x86_has_smap(%rip)
	je 9f
	clac
9:
	.endm

	.text

/*
 * size_t arch_copy_from_user(void *dst, vaddr_t src, size_t len)
 * size_t arch_copy_to_user(vaddr_t dst, const void *src, size_t len)
 * rep movsb leaves the bytes not yet copied in rcx when it faults.
 */
	.globl arch_copy_from_user, arch_copy_to_user
	.type arch_copy_from_user, @function
	.type arch_copy_to_user, @function
arch_copy_from_user:
arch_copy_to_user:
	movq %rdx, %rcx
	user_open
1:	rep movsb
2:	user_close
	movq %rcx, %rax
	ret
	extable 1b, 2b
	.size arch_copy_from_user, . - arch_copy_from_user
	.size arch_copy_to_user, . - arch_copy_to_user

/* size_t arch_clear_user(vaddr_t dst, size_t len) */
	.globl arch_clear_user
	.type arch_clear_user, @function
arch_clear_user:
	movq %rsi, %rcx
	xorl %eax, %eax
	user_open
1:	rep stosb
2:	user_close
	movq %rcx, %rax
	ret
	extable 1b, 2b
	.size arch_clear_user, . - arch_clear_user

/* long arch_strncpy_from_user(char *dst, vaddr_t src, size_t max) */
	.globl arch_strncpy_from_user
	.type arch_strncpy_from_user, @function
arch_strncpy_from_user:
	xorl %eax, %eax
	user_open
1:	cmpq %rdx, %rax
	jae 3f
2:	movb (%rsi, %rax), %cl
	movb %cl, (%rdi, %rax)
	incq %rax
	testb %cl, %cl
	jnz 1b
	decq %rax			/* the length leaves the NUL out */
3:	user_close
	ret
4:	user_close
	movq $-EFAULT, %rax
	ret
	extable 2b, 4b
	.size arch_strncpy_from_user, . - arch_strncpy_from_user

/* int arch_probe_read8(const void *addr, u8 *val) */
	.globl arch_probe_read8
	.type arch_probe_read8, @function
arch_probe_read8:
1:	movb (%rdi), %al
	movb %al, (%rsi)
	xorl %eax, %eax
	ret
2:	movl $-EFAULT, %eax
	ret
	extable 1b, 2b
	.size arch_probe_read8, . - arch_probe_read8

/* int arch_probe_write8(void *addr, u8 val) */
	.globl arch_probe_write8
	.type arch_probe_write8, @function
arch_probe_write8:
1:	movb %sil, (%rdi)
	xorl %eax, %eax
	ret
2:	movl $-EFAULT, %eax
	ret
	extable 1b, 2b
	.size arch_probe_write8, . - arch_probe_write8

/*
 * int arch_probe_exec(const void *addr)
 * A fetch fault has no faulting instruction of ours to list: traps.c recognizes it by
 * x86_probe_exec_armed and rip == cr2, drops the return address the call pushed and resumes
 * at x86_probe_exec_fault.
 */
	.globl arch_probe_exec, x86_probe_exec_fault
	.type arch_probe_exec, @function
arch_probe_exec:
	pushq %rbp
	movq %rsp, %rbp
	movb $1, x86_probe_exec_armed(%rip)
	call *%rdi
	movb $0, x86_probe_exec_armed(%rip)
	xorl %eax, %eax
	popq %rbp
	ret
x86_probe_exec_fault:
	movb $0, x86_probe_exec_armed(%rip)
	movl $-EFAULT, %eax
	popq %rbp
	ret
	.size arch_probe_exec, . - arch_probe_exec

	.bss
	.globl x86_probe_exec_armed
x86_probe_exec_armed:
	.byte 0
