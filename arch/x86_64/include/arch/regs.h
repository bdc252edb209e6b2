// SPDX-License-Identifier: MPL-2.0
// struct arch_regs: the register file the x86_64 trap entry (entry.S) saves on the stack.
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

/* Offsets into struct arch_regs for the assembly entry paths; checked below. */
#define X86_REGS_R15	8
#define X86_REGS_R14	16
#define X86_REGS_R13	24
#define X86_REGS_R12	32
#define X86_REGS_R11	40
#define X86_REGS_R10	48
#define X86_REGS_R9	56
#define X86_REGS_R8	64
#define X86_REGS_RBP	72
#define X86_REGS_RDI	80
#define X86_REGS_RSI	88
#define X86_REGS_RDX	96
#define X86_REGS_RCX	104
#define X86_REGS_RBX	112
#define X86_REGS_RAX	120
#define X86_REGS_VECTOR 128
#define X86_REGS_RIP	144
#define X86_REGS_CS	152
#define X86_REGS_RFLAGS 160
#define X86_REGS_RSP	168

#ifdef __ASSEMBLY__
/* Assembler macros, not C: */
/* clang-format off */

/* Push the general registers (rax first) below the vector and error code, as struct arch_regs
 * lays them out; the caller pushes cr2 next. */
.macro x86_push_gprs
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

/* With %rsp at cr2: drop it, restore the general registers, drop vector and error code. */
.macro x86_pop_regs
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
.endm

/*
 * With %rsp at a complete struct arch_regs: make a frame record from the interrupted rbp and
 * rip (so backtraces walk on into the interrupted code) and call fn(regs) on an aligned
 * stack. Leaves the regs pointer in %rbx (callee-saved) for the way out.
 */
.macro x86_call_with_regs fn
	movq %rsp, %rbx
	pushq X86_REGS_RIP(%rbx)
	pushq %rbp
	movq %rsp, %rbp
	andq $-16, %rsp
	movq %rbx, %rdi
	cld
	call \fn
.endm

/* clang-format on */
#else
#include <hal/compiler.h>
#include <hal/types.h>

/*
 * Lowest address first, in the order entry.S pushes it backwards: cr2 and the general
 * registers (software), vector and error code (the stub), then the hardware frame.
 */
struct arch_regs {
	u64 cr2; /* fault address for a page fault, 0 for other vectors */
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;
	u64 error_code; /* 0 for vectors without one */
	u64 rip, cs, rflags, rsp, ss;
};

BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, r15) != X86_REGS_R15);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, r14) != X86_REGS_R14);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, r13) != X86_REGS_R13);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, r12) != X86_REGS_R12);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, r11) != X86_REGS_R11);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, r10) != X86_REGS_R10);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, r9) != X86_REGS_R9);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, r8) != X86_REGS_R8);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rbp) != X86_REGS_RBP);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rdi) != X86_REGS_RDI);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rsi) != X86_REGS_RSI);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rdx) != X86_REGS_RDX);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rcx) != X86_REGS_RCX);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rbx) != X86_REGS_RBX);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rax) != X86_REGS_RAX);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, vector) != X86_REGS_VECTOR);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rip) != X86_REGS_RIP);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, cs) != X86_REGS_CS);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rflags) != X86_REGS_RFLAGS);
BUILD_BUG_ON(__builtin_offsetof(struct arch_regs, rsp) != X86_REGS_RSP);
#endif

#endif /* ARCH_REGS_H */
