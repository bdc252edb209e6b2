// SPDX-License-Identifier: MPL-2.0
// GDT layout shared by the boot assembly and C. The order is the one syscall/sysret needs:
// kernel CS then kernel SS; user CS32, user SS, user CS64 (STAR bases them on one selector).
#ifndef ARCH_SEGMENT_H
#define ARCH_SEGMENT_H

#define GDT_KERNEL_CODE 1
#define GDT_KERNEL_DATA 2
#define GDT_USER_CODE32 3
#define GDT_USER_DATA	4
#define GDT_USER_CODE	5
#define GDT_TSS		6 /* a TSS descriptor takes two slots */
#define GDT_ENTRIES	8

#define KERNEL_CS (GDT_KERNEL_CODE * 8)
#define KERNEL_DS (GDT_KERNEL_DATA * 8)
#define USER_CS32 (GDT_USER_CODE32 * 8 + 3)
#define USER_DS	  (GDT_USER_DATA * 8 + 3)
#define USER_CS	  (GDT_USER_CODE * 8 + 3)
#define TSS_SEL	  (GDT_TSS * 8)

/* IST slots (1-based, as the IDT gate encodes them). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI		 2

#ifndef __ASSEMBLY__
#include <hal/types.h>

/* The 64-bit task-state segment: stack pointers for privilege changes and the IST stacks. */
struct x86_tss {
	u32 reserved0;
	u64 rsp[3]; /* rsp[0]: the stack an interrupt from user mode lands on */
	u64 reserved1;
	u64 ist[7]; /* IST1..IST7 */
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

/* x86_gdt_copy - the boot GDT's descriptors (GDT_ENTRIES of them) into @dst. */
void x86_gdt_copy(u64 *dst);
/* x86_gdt_set_tss - encode an available 64-bit TSS descriptor for @tss into @slot[0..1]. */
void x86_gdt_set_tss(u64 *slot, const struct x86_tss *tss);
/*
 * x86_gdt_load - load the GDT of GDT_ENTRIES descriptors at @gdt, reload CS, DS, ES and SS,
 * clear FS and GS (their bases are set through MSRs afterwards) and load the TSS selector.
 * Interrupts off.
 */
void x86_gdt_load(const u64 *gdt);
#endif

#endif /* ARCH_SEGMENT_H */
