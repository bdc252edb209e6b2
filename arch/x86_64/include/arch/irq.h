// SPDX-License-Identifier: MPL-2.0
// The x86_64 vector space: exceptions, the (masked) 8259 range, device vectors, IPIs and the
// LAPIC's own vectors. Plain numbers: included from C and assembly.
#ifndef ARCH_IRQ_H
#define ARCH_IRQ_H

#define ARCH_NR_VECTORS 256

/* 0x00-0x1f exceptions; the 8259s are reprogrammed to 0x20-0x2f and masked. */
#define X86_PIC_VECTOR_BASE 0x20
/* Priority class = vector >> 4: devices below IPIs, IPIs below the LAPIC's own vectors. */
#define ARCH_IRQ_DEVICE_FIRST 0x30
#define ARCH_IRQ_DEVICE_LAST  0xdf
#define ARCH_IRQ_IPI_BASE     0xf0 /* + enum ipi_kind */
#define X86_VECTOR_TIMER      0xfc
#define X86_VECTOR_ERROR      0xfe
#define X86_VECTOR_SPURIOUS   0xff

/* First vector served by the interrupt stubs of irq_entry.S (one 16-byte stub per vector). */
#define X86_IRQ_STUB_FIRST 0x20
#define X86_IRQ_STUB_SIZE  16

#endif /* ARCH_IRQ_H */
