// SPDX-License-Identifier: MPL-2.0
// struct arch_regs: the register file the x86_64 trap entry (entry.S) saves on the stack.
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

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

#endif /* ARCH_REGS_H */
