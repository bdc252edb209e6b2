// SPDX-License-Identifier: MPL-2.0
// struct arch_regs: the register file the riscv64 trap entry (entry.S) saves on the stack.
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

/* Byte offsets for entry.S; the static asserts below keep them equal to the struct. */
#define RV_REGS_X(n)	((n) * 8)
#define RV_REGS_SEPC	256
#define RV_REGS_SSTATUS 264
#define RV_REGS_SCAUSE	272
#define RV_REGS_STVAL	280
#define RV_REGS_SIZE	288 /* a multiple of 16: the stack stays aligned */

#ifndef __ASSEMBLY__
#include <hal/types.h>

struct arch_regs {
	/*
	 * x[n] is register xn: x[1] ra, x[2] sp (of the interrupted code), x[8] s0/fp,
	 * x[10..17] a0..a7. x[0] is always stored as 0.
	 */
	u64 x[32];
	u64 sepc;    /* the interrupted pc, where sret resumes */
	u64 sstatus; /* SPP says which mode trapped, SPIE its interrupt state */
	u64 scause;  /* bit 63: interrupt; low bits: the cause number */
	u64 stval;   /* faulting address or instruction bits, per cause */
};

_Static_assert(__builtin_offsetof(struct arch_regs, sepc) == RV_REGS_SEPC, "RV_REGS_SEPC");
_Static_assert(__builtin_offsetof(struct arch_regs, sstatus) == RV_REGS_SSTATUS, "RV_REGS_SSTATUS");
_Static_assert(__builtin_offsetof(struct arch_regs, scause) == RV_REGS_SCAUSE, "RV_REGS_SCAUSE");
_Static_assert(__builtin_offsetof(struct arch_regs, stval) == RV_REGS_STVAL, "RV_REGS_STVAL");
_Static_assert(sizeof(struct arch_regs) == RV_REGS_SIZE, "RV_REGS_SIZE");
#endif /* __ASSEMBLY__ */

#endif /* ARCH_REGS_H */
