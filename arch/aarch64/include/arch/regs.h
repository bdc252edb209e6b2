// SPDX-License-Identifier: MPL-2.0
// struct arch_regs: the register file the aarch64 exception vectors (entry.S) save on the stack.
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

/* Byte offsets for entry.S; the static asserts below keep them equal to the struct. */
#define A64_REGS_X0   0
#define A64_REGS_SP   248
#define A64_REGS_ELR  256
#define A64_REGS_SPSR 264
#define A64_REGS_ESR  272
#define A64_REGS_FAR  280
#define A64_REGS_SIZE 288 /* a multiple of 16: the stack stays aligned */

#ifndef __ASSEMBLY__
#include <hal/types.h>

struct arch_regs {
	u64 x[31]; /* x0..x30: x29 is the frame pointer, x30 the link register */
	u64 sp;	   /* the stack pointer of the interrupted code */
	u64 elr;   /* ELR_EL1: the interrupted pc, where eret resumes */
	u64 spsr;  /* SPSR_EL1: the interrupted PSTATE */
	u64 esr;   /* ESR_EL1: exception syndrome (meaningful for synchronous exceptions) */
	u64 far;   /* FAR_EL1: faulting address (aborts, alignment faults, watchpoints) */
};

_Static_assert(__builtin_offsetof(struct arch_regs, sp) == A64_REGS_SP, "A64_REGS_SP");
_Static_assert(__builtin_offsetof(struct arch_regs, elr) == A64_REGS_ELR, "A64_REGS_ELR");
_Static_assert(__builtin_offsetof(struct arch_regs, spsr) == A64_REGS_SPSR, "A64_REGS_SPSR");
_Static_assert(__builtin_offsetof(struct arch_regs, esr) == A64_REGS_ESR, "A64_REGS_ESR");
_Static_assert(__builtin_offsetof(struct arch_regs, far) == A64_REGS_FAR, "A64_REGS_FAR");
_Static_assert(sizeof(struct arch_regs) == A64_REGS_SIZE, "A64_REGS_SIZE");
#endif /* __ASSEMBLY__ */

#endif /* ARCH_REGS_H */
