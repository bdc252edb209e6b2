// SPDX-License-Identifier: MPL-2.0
// x86_64 FPU/SIMD state: XSAVE (or FXSAVE) areas for user tasks; the kernel never uses FP.
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <hal/types.h>

/* XCR0 / XSTATE_BV component bits. */
#define X86_XFEATURE_X87       (1ULL << 0)
#define X86_XFEATURE_SSE       (1ULL << 1)
#define X86_XFEATURE_AVX       (1ULL << 2)
#define X86_XFEATURE_OPMASK    (1ULL << 5)
#define X86_XFEATURE_ZMM_HI256 (1ULL << 6)
#define X86_XFEATURE_HI16_ZMM  (1ULL << 7)

/* x86_fpu_cpu_init - enable SSE and XSAVE on this CPU and program XCR0 (every CPU, once). */
void x86_fpu_cpu_init(void);

/* x86_fpu_xcr0 - the components saved (0 when only FXSAVE is used). */
u64 x86_fpu_xcr0(void);

#endif /* ARCH_FPU_H */
