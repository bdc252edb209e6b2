// SPDX-License-Identifier: MPL-2.0
// The IDT: the 32 exception vectors, each pointing at its entry.S stub.
#include <hal/arch.h>
#include <arch/boot.h>
#include <arch/segment.h>

#define X86_NR_EXCEPTIONS 32
#define GATE_INTERRUPT	  0x8e /* present, DPL 0, 64-bit interrupt gate (IF cleared on entry) */

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

struct idt_ptr {
	u16 limit;
	u64 base;
} __packed;

extern const u64 x86_exception_stubs[X86_NR_EXCEPTIONS];

static struct idt_gate idt[256] __aligned(16);

static void idt_set_gate(unsigned int vec, u64 handler, unsigned int ist)
{
	struct idt_gate *g = &idt[vec];

	g->offset_low = handler & 0xffff;
	g->selector = KERNEL_CS;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

/*
 * x86_idt_init - install the exception vectors and load the IDT. Boot CPU, interrupts off,
 * after x86_gdt_init() (the IST stacks live in its TSS).
 */
void x86_idt_init(void)
{
	struct idt_ptr ptr = { sizeof(idt) - 1, (u64)(uintptr_t)idt };

	for (unsigned int v = 0; v < X86_NR_EXCEPTIONS; v++)
		idt_set_gate(v, x86_exception_stubs[v], 0);
	/* A double fault often means a broken stack; an NMI can land anywhere. */
	idt_set_gate(8, x86_exception_stubs[8], IST_DOUBLE_FAULT);
	idt_set_gate(2, x86_exception_stubs[2], IST_NMI);
	asm volatile("lidt %0" : : "m"(ptr));
}
