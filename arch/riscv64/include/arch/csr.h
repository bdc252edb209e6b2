// SPDX-License-Identifier: MPL-2.0
// Supervisor CSR bits and accessors (RISC-V privileged spec, "Supervisor-Level ISA").
#ifndef ARCH_CSR_H
#define ARCH_CSR_H

/* Constants shared with head.S and entry.S: assemblers do not take C's UL suffix. */
#ifdef __ASSEMBLY__
#define RV_UL(x) x
#else
#define RV_UL(x) x##UL
#endif

#define SSTATUS_SIE  (RV_UL(1) << 1)
#define SSTATUS_SPIE (RV_UL(1) << 5)
#define SSTATUS_SPP  (RV_UL(1) << 8)
#define SSTATUS_FS   (RV_UL(3) << 13)
#define SSTATUS_SUM  (RV_UL(1) << 18)

#define SCAUSE_IRQ     (RV_UL(1) << 63)
#define SCAUSE_CODE(c) ((c) & ~SCAUSE_IRQ)

#ifndef __ASSEMBLY__

#define csr_read(csr)                                                        \
	({                                                                   \
		unsigned long __v;                                           \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v) : : "memory"); \
		__v;                                                         \
	})

#define csr_write(csr, val) \
	__asm__ volatile("csrw " #csr ", %0" : : "rK"((unsigned long)(val)) : "memory")

/* csr_read_clear - clear @bits, returning the old value (one atomic csrrc). */
#define csr_read_clear(csr, bits)                              \
	({                                                     \
		unsigned long __v;                             \
		__asm__ volatile("csrrc %0, " #csr ", %1"      \
				 : "=r"(__v)                   \
				 : "rK"((unsigned long)(bits)) \
				 : "memory");                  \
		__v;                                           \
	})

#define csr_set(csr, bits) \
	__asm__ volatile("csrs " #csr ", %0" : : "rK"((unsigned long)(bits)) : "memory")

static inline unsigned long rv_rdtime(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

#endif /* __ASSEMBLY__ */

#endif /* ARCH_CSR_H */
