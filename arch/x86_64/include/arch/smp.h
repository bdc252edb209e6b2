// SPDX-License-Identifier: MPL-2.0
// Secondary-CPU start-up on x86_64: the real-mode trampoline's parameter block, shared by
// trampoline.S and smp.c. Plain numbers first, for the assembler.
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

/* Offsets in struct x86_trampoline_params. */
#define TRP_CR3	       0  /* u32: trampoline page tables (below 4 GiB) */
#define TRP_EFER       4  /* u32: EFER bits to set before paging (LME, NXE, SCE) */
#define TRP_ENTRY      8  /* u64: kernel address to jump to in long mode */
#define TRP_KERNEL_CR3 16 /* u64: the kernel's page tables */
#define TRP_CR4	       24 /* u64: CR4 for the kernel (as the boot CPU has it) */
#define TRP_STACK      32 /* u64: top of the CPU's first stack (its idle task's) */
#define TRP_CPU_LOCAL  40 /* u64: struct cpu_local * */
#define TRP_STARTED    48 /* u32: set to 1 by the CPU once it runs in the kernel */
#define TRP_SIZE       56

/* Selectors of the trampoline's own GDT. */
#define TR_CS32 0x08
#define TR_DS32 0x10
#define TR_CS64 0x18

/* The trampoline's real-mode stack grows down from the end of its page. */
#define TR_STACK_TOP 0x1000

#ifndef __ASSEMBLER__
#include <hal/types.h>

struct x86_trampoline_params {
	u32 cr3;
	u32 efer;
	u64 entry;
	u64 kernel_cr3;
	u64 cr4;
	u64 stack;
	u64 cpu_local;
	u32 started;
	u32 pad;
};

/* trampoline.S: the code copied to the low page, its parameter block, the long-mode entry. */
extern const char x86_trampoline_start[], x86_trampoline_params[], x86_trampoline_end[];
void x86_ap_entry(void);

struct cpu_local;
/* x86_ap_main - first C code of a secondary CPU, on its idle stack, kernel page tables. */
void __noreturn x86_ap_main(struct cpu_local *cl);

#endif /* __ASSEMBLER__ */
#endif /* ARCH_SMP_H */
