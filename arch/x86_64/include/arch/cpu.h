// SPDX-License-Identifier: MPL-2.0
// x86_64 instruction wrappers: port I/O, CPUID, MSRs, control registers, TSC.
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <hal/compiler.h>
#include <hal/types.h>

#define X86_CR0_PE  (1UL << 0)
#define X86_CR0_WP  (1UL << 16)
#define X86_CR0_PG  (1UL << 31)
#define X86_CR4_PAE (1UL << 5)
#define X86_CR4_PGE (1UL << 7)

#define X86_MSR_EFER 0xc0000080
#define X86_EFER_LME (1UL << 8)
#define X86_EFER_NXE (1UL << 11)

#define X86_RFLAGS_IF (1UL << 9)

static inline u8 x86_inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void x86_outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void x86_outl(u16 port, u32 v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

struct x86_cpuid {
	u32 eax, ebx, ecx, edx;
};

static inline struct x86_cpuid x86_cpuid(u32 leaf, u32 subleaf)
{
	struct x86_cpuid r;

	asm volatile("cpuid"
		     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
		     : "a"(leaf), "c"(subleaf));
	return r;
}

static inline u64 x86_rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void x86_wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

#define __X86_READ_CR(n)                                      \
	static inline u64 x86_read_cr##n(void)                \
	{                                                     \
		u64 v;                                        \
		asm volatile("mov %%cr" #n ", %0" : "=r"(v)); \
		return v;                                     \
	}
__X86_READ_CR(0)
__X86_READ_CR(2)
__X86_READ_CR(3)
__X86_READ_CR(4)
#undef __X86_READ_CR

static inline void x86_write_cr3(u64 v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

/* rdtsc is not ordered against earlier loads; good enough for timestamps and calibration. */
static inline u64 x86_rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline u64 x86_read_rflags(void)
{
	u64 v;

	asm volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

#endif /* ARCH_CPU_H */
