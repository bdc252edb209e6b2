/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Entering and leaving user mode. x86_user_enter() pushes the kernel's callee-saved registers
 * and a record (arch/user.h) and makes that spot the entry stack; every way back from user
 * mode (syscall below, exceptions and kicks through user.c) ends in user_leave, which pops
 * them and returns from x86_user_enter() with the reason in eax.
 */
#include <arch/percpu.h>
#include <arch/segment.h>
#include <arch/user.h>

	.text

/* Load every general register but rdi from the struct arch_regs at rdi. */
.macro load_user_regs
	movq X86_REGS_RAX(%rdi), %rax
	movq X86_REGS_RBX(%rdi), %rbx
	movq X86_REGS_RCX(%rdi), %rcx
	movq X86_REGS_RDX(%rdi), %rdx
	movq X86_REGS_RSI(%rdi), %rsi
	movq X86_REGS_RBP(%rdi), %rbp
	movq X86_REGS_R8(%rdi), %r8
	movq X86_REGS_R9(%rdi), %r9
	movq X86_REGS_R10(%rdi), %r10
	movq X86_REGS_R11(%rdi), %r11
	movq X86_REGS_R12(%rdi), %r12
	movq X86_REGS_R13(%rdi), %r13
	movq X86_REGS_R14(%rdi), %r14
	movq X86_REGS_R15(%rdi), %r15
.endm

/*
 * int x86_user_enter(struct user_context *ctx, struct arch_regs *regs, bool sysret)
 * Interrupts off; the registers in @regs are already checked (canonical rip for sysret).
 */
	.globl x86_user_enter
	.type x86_user_enter, @function
x86_user_enter:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq $0			/* padding: the record's top must be 16-byte aligned */
	pushq %rdi			/* X86_USER_ENTRY_CTX */
	pushq %rsi			/* X86_USER_ENTRY_REGS */
	movq %rsi, %r12
	movl %edx, %r13d
	movq %rsp, %rdi
	call x86_user_entry_stack	/* traps from user mode land here from now on */
	movq %r12, %rdi
	testl %r13d, %r13d
	jnz 1f

	pushq $USER_DS
	pushq X86_REGS_RSP(%rdi)
	pushq X86_REGS_RFLAGS(%rdi)
	pushq $USER_CS
	pushq X86_REGS_RIP(%rdi)
	load_user_regs
	movq X86_REGS_RDI(%rdi), %rdi
	swapgs
	iretq

	/* sysretq takes rip from rcx and rflags from r11: the caller checked they match. */
1:	load_user_regs
	movq X86_REGS_RSP(%rdi), %rsp
	movq X86_REGS_RDI(%rdi), %rdi
	swapgs
	sysretq
	.size x86_user_enter, . - x86_user_enter

/*
 * The SYSCALL entry (MSR_LSTAR and MSR_CSTAR): interrupts are masked by MSR_SFMASK, rcx holds
 * the user rip and r11 the user rflags. Save the user registers into the record's register
 * file and leave.
 */
	.globl x86_syscall_entry
	.type x86_syscall_entry, @function
x86_syscall_entry:
	swapgs
	movq %rsp, %gs:X86_PERCPU_USER_SP
	movq %gs:X86_PERCPU_KERNEL_SP, %rsp
	pushq %rdi
	movq 8 + X86_USER_ENTRY_REGS(%rsp), %rdi
	movq %rax, X86_REGS_RAX(%rdi)
	movq %rbx, X86_REGS_RBX(%rdi)
	movq %rcx, X86_REGS_RCX(%rdi)
	movq %rdx, X86_REGS_RDX(%rdi)
	movq %rsi, X86_REGS_RSI(%rdi)
	movq %rbp, X86_REGS_RBP(%rdi)
	movq %r8, X86_REGS_R8(%rdi)
	movq %r9, X86_REGS_R9(%rdi)
	movq %r10, X86_REGS_R10(%rdi)
	movq %r11, X86_REGS_R11(%rdi)
	movq %r12, X86_REGS_R12(%rdi)
	movq %r13, X86_REGS_R13(%rdi)
	movq %r14, X86_REGS_R14(%rdi)
	movq %r15, X86_REGS_R15(%rdi)
	popq X86_REGS_RDI(%rdi)
	movq %rcx, X86_REGS_RIP(%rdi)
	movq %r11, X86_REGS_RFLAGS(%rdi)
	movq %gs:X86_PERCPU_USER_SP, %rax
	movq %rax, X86_REGS_RSP(%rdi)
	movl $X86_USER_SYSCALL, %eax
	jmp user_leave
	.size x86_syscall_entry, . - x86_syscall_entry

/*
 * void x86_user_leave(void *record, int reason): back to the kernel from a trap handler
 * (user.c) whose frame lies below @record, dropping that frame.
 */
	.globl x86_user_leave
	.type x86_user_leave, @function
x86_user_leave:
	movq %rdi, %rsp
	movl %esi, %eax
user_leave:
	addq $X86_USER_ENTRY_SIZE, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size x86_user_leave, . - x86_user_leave
