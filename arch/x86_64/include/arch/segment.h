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

#endif /* ARCH_SEGMENT_H */
