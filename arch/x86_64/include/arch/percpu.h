// SPDX-License-Identifier: MPL-2.0
// The x86_64 per-CPU block behind GS: fixed offsets for entry code (the syscall path swaps to
// the kernel stack through %gs:X86_PERCPU_KERNEL_SP), then the CPU's own GDT, TSS and stacks.
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include <arch/segment.h>

/* Offsets into struct x86_percpu, for assembly (checked against the struct in percpu.c). */
#define X86_PERCPU_SELF	     0	/* struct x86_percpu *: this block */
#define X86_PERCPU_KERNEL_SP 8	/* top of the running task's kernel stack */
#define X86_PERCPU_USER_SP   16 /* scratch for the syscall entry: the user's rsp */
#define X86_PERCPU_LOCAL     24 /* struct cpu_local *: the framework's per-CPU block */
#define X86_PERCPU_SCRATCH   32 /* 4 more scratch quadwords for entry code */

#define X86_MSR_FS_BASE	       0xc0000100
#define X86_MSR_GS_BASE	       0xc0000101
#define X86_MSR_KERNEL_GS_BASE 0xc0000102

#ifndef __ASSEMBLER__

#include <hal/compiler.h>
#include <hal/types.h>

struct cpu_local;

/* The 64-bit TSS: stack pointers loaded on privilege changes and for IST vectors. */
/*
 * struct x86_percpu - one per CPU, GS_BASE points at it while in the kernel (KERNEL_GS_BASE
 * holds the user's GS base, so SWAPGS on kernel entry and exit swaps the two).
 */
struct x86_percpu {
	struct x86_percpu *self;
	u64 kernel_sp;
	u64 user_sp;
	struct cpu_local *local;
	u64 scratch[4];
	u32 cpu;
	u32 apic_id;
	u64 gdt[GDT_ENTRIES] __aligned(16);
	struct x86_tss tss __aligned(16);
	void *ist_stacks; /* #DF and NMI stacks, IST_STACK_SIZE each */
};

/* x86_percpu_prepare - allocate @cl's x86 block; boot CPU, before the CPU starts. 0/-ENOMEM. */
int x86_percpu_prepare(struct cpu_local *cl);

/* Set once the boot CPU's GS base is valid; until then every CPU is the boot CPU. */
extern bool x86_percpu_live;

/* The running CPU's framework block. The memory clobber keeps the compiler from reusing the
 * value across code where the task may have moved to another CPU. */
static inline struct cpu_local *arch_cpu_local(void)
{
	struct cpu_local *cl;
	extern struct cpu_local hal_boot_cpu;

	if (unlikely(!__atomic_load_n(&x86_percpu_live, __ATOMIC_RELAXED)))
		return &hal_boot_cpu;
	asm volatile("movq %%gs:" __stringify(X86_PERCPU_LOCAL) ", %0" : "=r"(cl) : : "memory");
	return cl;
}

/* x86_percpu_this - the running CPU's x86 block (GS must be set up). */
static inline struct x86_percpu *x86_percpu_this(void)
{
	struct x86_percpu *pc;

	asm volatile("movq %%gs:" __stringify(X86_PERCPU_SELF) ", %0" : "=r"(pc) : : "memory");
	return pc;
}

#endif /* __ASSEMBLER__ */
#endif /* ARCH_PERCPU_H */
