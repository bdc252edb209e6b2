// SPDX-License-Identifier: MPL-2.0
// Calls into the SBI firmware (OpenSBI) with ecall, per the RISC-V SBI specification.
#ifndef ARCH_SBI_H
#define ARCH_SBI_H

#include <hal/types.h>

#define SBI_EXT_BASE		0x10
#define SBI_EXT_SRST		0x53525354 /* "SRST": system reset */
#define SBI_EXT_LEGACY_SHUTDOWN 0x08

#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID	  1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT	  3

#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_FAILURE 1

#define SBI_IMPL_OPENSBI 1

struct sbi_ret {
	long error; /* 0 or a negative SBI error code */
	long value;
};

/* rv_sbi_call - one SBI call; extension @ext, function @fid. Any context. */
static inline struct sbi_ret rv_sbi_call(unsigned long ext, unsigned long fid, unsigned long arg0,
					 unsigned long arg1)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
	return (struct sbi_ret){ (long)a0, (long)a1 };
}

#endif /* ARCH_SBI_H */
