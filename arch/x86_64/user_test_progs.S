/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Tiny position-independent user programs for the user-mode ktests (user_test.c), kept as
 * read-only data: the tests copy them into user frames. Each name has a matching _end.
 */
	.section .rodata.utest, "a"

.macro uprog name
	.balign 16
	.globl x86_utest_\name
x86_utest_\name:
.endm

.macro uprog_end name
	.globl x86_utest_\name\()_end
x86_utest_\name\()_end:
.endm

/* Two system calls: the second echoes the first one's result and two preserved registers. */
uprog syscall
	movq $0x1111, %rdi
	movq $0x2222, %rsi
	movq $0x3333, %rdx
	movq $0x4444, %r10
	movq $0x5555, %r8
	movq $0x6666, %r9
	movabsq $0x0123456789abcdef, %rbx
	movq $0x77, %r12
	movl $42, %eax
	syscall
	leaq 1(%rax), %rdi
	movq %rbx, %rsi
	movq %r12, %rdx
	movl $43, %eax
	syscall
	ud2
uprog_end syscall

/* An undefined instruction, then (once the kernel skips it) a system call. */
uprog ud2
	ud2
	movl $44, %eax
	syscall
	ud2
uprog_end ud2

/* A breakpoint (int3 may be used from user mode), then a system call. */
uprog int3
	int3
	movl $46, %eax
	syscall
	ud2
uprog_end int3

/* Store to *rdi, then make a system call. */
uprog store
	movq $0x12345678, (%rdi)
	movl $45, %eax
	syscall
	ud2
uprog_end store

/* Load from *rdi, then make a system call. */
uprog load
	movq (%rdi), %rax
	movl $45, %eax
	syscall
	ud2
uprog_end load

/*
 * Mark *rdi = 1, then spin until *rsi becomes non-zero (at most r9 rounds) with known values
 * in every register the kernel must preserve across the interrupts taken meanwhile.
 */
uprog spin
	movq $1, (%rdi)
	movabsq $0x1111111111111111, %rbx
	movabsq $0x2222222222222222, %rbp
	movabsq $0x3333333333333333, %rdx
	movabsq $0x4444444444444444, %r8
	movabsq $0x5555555555555555, %r10
	movabsq $0x6666666666666666, %r12
	movabsq $0x7777777777777777, %r13
	movabsq $0x8888888888888888, %r14
	movabsq $0x9999999999999999, %r15
1:	cmpq $0, (%rsi)
	jne 2f
	decq %r9
	jnz 1b
2:	movl $46, %eax
	syscall
	ud2
uprog_end spin

/*
 * FPU state across preemption, run by two tasks on one CPU that share a page: fill xmm0-15
 * with r8, set *rdi = 1, wait until the other side's *rsi >= 1, set *rdi = 2, wait until
 * *rsi >= 2 (so the other side ran, with its own xmm values, after this side set its own),
 * then check every register still holds r8. Waits take at most r9 rounds in all. Reports in
 * rdi: 0 intact, 1 clobbered, 2 timed out; in rsi and rdx the first words at FS and GS.
 */
uprog fpu
	movq %r8, %xmm0
	punpcklqdq %xmm0, %xmm0
	.irp i, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqa %xmm0, %xmm\i
	.endr
	movq $1, (%rdi)
1:	cmpq $1, (%rsi)
	jae 2f
	decq %r9
	jnz 1b
	jmp 5f
2:	movq $2, (%rdi)
3:	cmpq $2, (%rsi)
	jae 4f
	decq %r9
	jnz 3b
	jmp 5f
4:	xorl %ebx, %ebx
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movq %xmm\i, %rax
	cmpq %r8, %rax
	jne 6f
	pshufd $0x4e, %xmm\i, %xmm\i
	movq %xmm\i, %rax
	cmpq %r8, %rax
	jne 6f
	.endr
	jmp 7f
5:	movl $2, %ebx
	jmp 7f
6:	movl $1, %ebx
7:	movq %rbx, %rdi
	movq %fs:0, %rsi
	movq %gs:0, %rdx
	movl $47, %eax
	syscall
	ud2
uprog_end fpu

/* Read the TLS (FS) and GS bases' first words. */
uprog tls
	movq %fs:0, %rdi
	movq %gs:8, %rsi
	movl $48, %eax
	syscall
	ud2
uprog_end tls

/* Mark *rdi = 1 and spin (at most r9 rounds) until the kernel takes the context back. */
uprog kick
	movq $1, (%rdi)
1:	pause
	decq %r9
	jnz 1b
	movl $49, %eax
	syscall
	ud2
uprog_end kick

/* A plain return: what arch_probe_exec() calls. */
uprog ret
	ret
uprog_end ret
