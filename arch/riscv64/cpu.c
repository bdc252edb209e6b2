// SPDX-License-Identifier: MPL-2.0
// riscv64 CPU control: interrupt enable (sstatus.SIE), spin hints, halting a hart.
#include <hal/arch.h>
#include <arch/csr.h>

void arch_cpu_relax(void)
{
	/* Zihintpause "pause" is a hint encoded as a fence: a nop where it is not implemented. */
	__asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory");
}

unsigned long arch_irq_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

void arch_irq_restore(unsigned long flags)
{
	if (flags & SSTATUS_SIE)
		csr_set(sstatus, SSTATUS_SIE);
}

void __noreturn arch_halt(void)
{
	csr_read_clear(sstatus, SSTATUS_SIE);
	csr_write(sie, 0);
	for (;;)
		__asm__ volatile("wfi");
}
