// SPDX-License-Identifier: MPL-2.0
// x86_64 CPU control for the arch contract: interrupt flag, spin hint, halt and poweroff.
#include <hal/arch.h>
#include <arch/cpu.h>

/* QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4,iosize=0x04). */
#define DEBUG_EXIT_PORT 0xf4

void arch_cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

unsigned long arch_irq_save(void)
{
	unsigned long flags = x86_read_rflags();

	asm volatile("cli" ::: "memory");
	return flags;
}

/* Only IF is restored: popf would also bring back AC and the other flags. */
void arch_irq_restore(unsigned long flags)
{
	if (flags & X86_RFLAGS_IF)
		asm volatile("sti" ::: "memory");
}

void arch_halt(void)
{
	for (;;)
		asm volatile("cli; hlt" ::: "memory");
}

/*
 * Under QEMU the debug-exit device ends the run with status (code << 1) | 1. Without it the
 * write goes nowhere; there is no ACPI poweroff yet, so the CPU just stops.
 */
void arch_poweroff(int code)
{
	x86_outl(DEBUG_EXIT_PORT, (u32)code);
	arch_halt();
}
