// SPDX-License-Identifier: MPL-2.0
// The IDT shared by every CPU: exception stubs (entry.S) and interrupt stubs (irq_entry.S);
// the interrupt dispatcher and the arch_irq_* glue to the LAPIC and IOAPICs.
#define pr_fmt(fmt) "irq: " fmt

#include <hal/arch.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <arch/apic.h>
#include <arch/boot.h>
#include <arch/segment.h>

#define X86_NR_EXCEPTIONS 32
#define GATE_INTERRUPT	  0x8e /* present, DPL 0, 64-bit interrupt gate (IF cleared on entry) */
#define GATE_DPL3	  0x60 /* reachable by int3 / into from user mode (Linux: SIGTRAP/SIGSEGV) */

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
extern const u8 x86_irq_stubs[];

static struct idt_gate idt[ARCH_NR_VECTORS] __aligned(16);
static u64 nr_pic_spurious;

BUILD_BUG_ON(X86_IRQ_STUB_FIRST != X86_NR_EXCEPTIONS);

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

void x86_idt_load(void)
{
	struct idt_ptr ptr = { sizeof(idt) - 1, (u64)(uintptr_t)idt };

	asm volatile("lidt %0" : : "m"(ptr));
}

/*
 * x86_idt_init - install every vector and load the IDT. Boot CPU, interrupts off, after
 * x86_gdt_init() (the IST stacks live in its TSS).
 */
void x86_idt_init(void)
{
	for (unsigned int v = 0; v < X86_NR_EXCEPTIONS; v++)
		idt_set_gate(v, x86_exception_stubs[v], 0);
	/* User code may raise #BP (int3) and #OF (into) itself, as on Linux. */
	idt[3].type_attr |= GATE_DPL3;
	idt[4].type_attr |= GATE_DPL3;
	/* A double fault often means a broken stack; an NMI can land anywhere. */
	idt_set_gate(8, x86_exception_stubs[8], IST_DOUBLE_FAULT);
	idt_set_gate(2, x86_exception_stubs[2], IST_NMI);
	for (unsigned int v = X86_IRQ_STUB_FIRST; v < ARCH_NR_VECTORS; v++)
		idt_set_gate(v,
			     (u64)(uintptr_t)(x86_irq_stubs +
					      (v - X86_IRQ_STUB_FIRST) * X86_IRQ_STUB_SIZE),
			     0);
	x86_idt_load();
}

/* Called by irq_entry.S for vectors 0x20-0xff, interrupts off. */
void x86_irq_entry(struct arch_regs *regs);
void x86_irq_entry(struct arch_regs *regs)
{
	unsigned int vector = regs->vector;

	/* Neither a spurious LAPIC interrupt nor a stray 8259 one is acknowledged. */
	if (vector == X86_VECTOR_SPURIOUS) {
		x86_lapic_spurious();
		return;
	}
	if (vector >= X86_PIC_VECTOR_BASE && vector < X86_PIC_VECTOR_BASE + 16) {
		__atomic_fetch_add(&nr_pic_spurious, 1, __ATOMIC_RELAXED);
		return;
	}
	hal_irq_handle(regs, vector);
}

void arch_irq_enable(void)
{
	asm volatile("sti" ::: "memory");
}

void arch_irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

void arch_irq_eoi(unsigned int vector)
{
	(void)vector;
	x86_lapic_eoi();
}

u32 arch_irq_cpu_hwid(void)
{
	return x86_lapic_id();
}

void arch_irq_cpu_init(void)
{
	x86_lapic_cpu_init();
}

int arch_irq_init(void)
{
	int err;

	x86_pic_disable();
	err = x86_lapic_setup();
	if (err)
		return err;
	x86_lapic_cpu_init();
	x86_lapic_report();
	/* Without an IOAPIC there are still IPIs, the LAPIC timer and MSIs. */
	x86_ioapic_setup();
	return 0;
}
