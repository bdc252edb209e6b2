// SPDX-License-Identifier: MPL-2.0
// FPU/SIMD state for user tasks: CR0/CR4 set-up, XCR0 with every user component the CPU has
// (x87, SSE, AVX, AVX-512), and the save/restore the scheduler calls when such a task
// switches. XSAVEOPT skips unmodified components; FXSAVE is the fallback without XSAVE.
#define pr_fmt(fmt) "fpu: " fmt

#include <hal/arch.h>
#include <hal/initcall.h>
#include <hal/log.h>
#include <hal/lib/string.h>
#include <arch/cpu.h>
#include <arch/fpu.h>

#define CR0_MP	       (1UL << 1)
#define CR0_EM	       (1UL << 2)
#define CR0_TS	       (1UL << 3)
#define CR0_NE	       (1UL << 5)
#define CR4_OSFXSR     (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)
#define CR4_OSXSAVE    (1UL << 18)

#define CPUID1_ECX_XSAVE      (1U << 26)
#define CPUID_D1_EAX_XSAVEOPT (1U << 0)

#define FXSAVE_SIZE   512
#define FXSAVE_FCW    0	 /* x87 control word */
#define FXSAVE_MXCSR  24 /* SSE control/status */
#define FCW_DEFAULT   0x037f
#define MXCSR_DEFAULT 0x1f80

/* The user components Keel saves, when the CPU has them. */
#define XFEATURES_USER                                                                  \
	(X86_XFEATURE_X87 | X86_XFEATURE_SSE | X86_XFEATURE_AVX | X86_XFEATURE_OPMASK | \
	 X86_XFEATURE_ZMM_HI256 | X86_XFEATURE_HI16_ZMM)

/* Fixed on the boot CPU; every CPU programs the same XCR0. */
static u64 xcr0;
static size_t state_size = FXSAVE_SIZE;
static bool use_xsaveopt;

static void write_cr0(u64 v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static void write_cr4(u64 v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static void xsetbv(u32 reg, u64 v)
{
	asm volatile("xsetbv" : : "c"(reg), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

static bool cpu_has_xsave(void)
{
	return x86_cpuid(1, 0).ecx & CPUID1_ECX_XSAVE;
}

void x86_fpu_cpu_init(void)
{
	u64 cr4 = x86_read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;

	write_cr0((x86_read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	if (cpu_has_xsave())
		cr4 |= CR4_OSXSAVE;
	write_cr4(cr4);
	if (xcr0)
		xsetbv(0, xcr0);
}

u64 x86_fpu_xcr0(void)
{
	return xcr0;
}

/* Choose the components and the area size on the boot CPU. */
static int fpu_init(void)
{
	if (cpu_has_xsave()) {
		struct x86_cpuid d0 = x86_cpuid(0xd, 0);

		xcr0 = (((u64)d0.edx << 32) | d0.eax) & XFEATURES_USER;
		use_xsaveopt = x86_cpuid(0xd, 1).eax & CPUID_D1_EAX_XSAVEOPT;
	}
	x86_fpu_cpu_init();
	if (xcr0)
		state_size = x86_cpuid(0xd, 0).ebx; /* for the components now in XCR0 */
	pr_info("%s, %zu-byte areas, XCR0 0x%llx%s\n", xcr0 ? "XSAVE" : "FXSAVE", state_size,
		(unsigned long long)xcr0, use_xsaveopt ? ", XSAVEOPT" : "");
	return 0;
}
arch_initcall(fpu_init);

size_t arch_fpu_state_size(void)
{
	return state_size;
}

size_t arch_fpu_state_align(void)
{
	return 64;
}

/* A zero XSAVE header means "initial state" for every component; MXCSR is always loaded. */
void arch_fpu_state_init(void *state)
{
	u16 fcw = FCW_DEFAULT;
	u32 mxcsr = MXCSR_DEFAULT;

	memset(state, 0, state_size);
	memcpy((u8 *)state + FXSAVE_FCW, &fcw, sizeof(fcw));
	memcpy((u8 *)state + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
}

void arch_fpu_save(void *state)
{
	if (!xcr0)
		asm volatile("fxsave64 %0" : "=m"(*(u8(*)[FXSAVE_SIZE])state));
	else if (use_xsaveopt)
		asm volatile("xsaveopt64 (%0)" : : "r"(state), "a"(~0U), "d"(~0U) : "memory");
	else
		asm volatile("xsave64 (%0)" : : "r"(state), "a"(~0U), "d"(~0U) : "memory");
}

void arch_fpu_restore(const void *state)
{
	if (!xcr0)
		asm volatile("fxrstor64 %0" : : "m"(*(const u8(*)[FXSAVE_SIZE])state));
	else
		asm volatile("xrstor64 (%0)" : : "r"(state), "a"(~0U), "d"(~0U) : "memory");
}
