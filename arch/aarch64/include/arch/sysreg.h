// SPDX-License-Identifier: MPL-2.0
// aarch64 system-register access and barriers for C.
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <hal/types.h>

#define a64_read_sysreg(reg)                                     \
	({                                                       \
		u64 __val;                                       \
		__asm__ volatile("mrs %0, " #reg : "=r"(__val)); \
		__val;                                           \
	})

#define a64_write_sysreg(reg, val) \
	__asm__ volatile("msr " #reg ", %0" : : "r"((u64)(val)) : "memory")

#define a64_isb()    __asm__ volatile("isb" : : : "memory")
#define a64_dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")

/* ESR_ELx: exception class and the data/instruction abort syndrome fields. */
#define A64_ESR_EC(esr)	       (((esr) >> 26) & 0x3f)
#define A64_ESR_ABORT_FSC(esr) ((esr) & 0x3f)
#define A64_ESR_ABORT_WNR      (1u << 6)

/* MPIDR_EL1 affinity fields Aff3 (bits 32-39) and Aff2..Aff0 (bits 0-23). */
#define A64_MPIDR_AFF_MASK 0xff00ffffffULL

#endif /* ARCH_SYSREG_H */
