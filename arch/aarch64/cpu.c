// SPDX-License-Identifier: MPL-2.0
// Small CPU operations of the arch contract on aarch64: interrupt masking, halting, spin hint.
#include <hal/arch.h>
#include <arch/sysreg.h>

unsigned long arch_irq_save(void)
{
	unsigned long flags = a64_read_sysreg(daif);

	__asm__ volatile("msr daifset, #3" : : : "memory"); /* IRQ and FIQ */
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	a64_write_sysreg(daif, flags);
}

void __noreturn arch_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	for (;;)
		__asm__ volatile("wfi");
}

void arch_cpu_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}
