// SPDX-License-Identifier: MPL-2.0
// x86_64 CPU control for the arch contract: interrupt flag, spin hint, halt and poweroff; the
// memory-protection features (NX, SMEP, SMAP, UMIP, PAT) and port I/O.
#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/log.h>
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/power.h>

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
 * write goes nowhere and ACPI S5 turns the machine off; failing that, the CPU just stops.
 */
void arch_poweroff(int code)
{
	x86_outl(DEBUG_EXIT_PORT, (u32)code);
	x86_acpi_poweroff();
	arch_halt();
}

/* ---- Memory protection features ----------------------------------------------------------- */

bool x86_has_gbpages, x86_has_pat, x86_has_smap;
u64 x86_pte_nx;

#define CPUID1_EDX_PGE	       (1u << 13)
#define CPUID1_EDX_PAT	       (1u << 16)
#define CPUID7_EBX_SMEP	       (1u << 7)
#define CPUID7_EBX_SMAP	       (1u << 20)
#define CPUID7_ECX_UMIP	       (1u << 2)
#define CPUID_EXT1_EDX_NX      (1u << 20)
#define CPUID_EXT1_EDX_PAGE1GB (1u << 26)

static void write_cr4(u64 v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* The CR4 bits this CPU supports out of SMEP, SMAP and UMIP. */
static u64 protect_cr4_bits(void)
{
	struct x86_cpuid r;
	u64 bits = 0;

	if (x86_cpuid(0, 0).eax < 7)
		return 0;
	r = x86_cpuid(7, 0);
	if (r.ebx & CPUID7_EBX_SMEP)
		bits |= X86_CR4_SMEP;
	if (r.ebx & CPUID7_EBX_SMAP)
		bits |= X86_CR4_SMAP;
	if (r.ecx & CPUID7_ECX_UMIP)
		bits |= X86_CR4_UMIP;
	return bits;
}

/* Which features the boot CPU has; the others are assumed to match. */
static void probe_features(void)
{
	u32 ext = x86_cpuid(0x80000000, 0).eax >= 0x80000001 ? x86_cpuid(0x80000001, 0).edx : 0;

	x86_has_gbpages = ext & CPUID_EXT1_EDX_PAGE1GB;
	x86_pte_nx = ext & CPUID_EXT1_EDX_NX ? X86_PTE_NX : 0;
	x86_has_pat = x86_cpuid(1, 0).edx & CPUID1_EDX_PAT;
	x86_has_smap = protect_cr4_bits() & X86_CR4_SMAP;
}

static void log_features(u64 cr4)
{
	printk(LOG_INFO, "x86: NX %s, SMEP %s, SMAP %s, UMIP %s, PAT %s, 1 GiB pages %s\n",
	       x86_pte_nx ? "on" : "off", cr4 & X86_CR4_SMEP ? "on" : "off",
	       cr4 & X86_CR4_SMAP ? "on" : "off", cr4 & X86_CR4_UMIP ? "on" : "off",
	       x86_has_pat ? "on" : "off", x86_has_gbpages ? "yes" : "no");
}

void x86_cpu_protect_init(bool kernel_tables)
{
	static bool probed, logged;
	u64 cr4 = x86_read_cr4();

	if (!probed) {
		probe_features();
		probed = true;
	}
	if (x86_pte_nx)
		x86_wrmsr(X86_MSR_EFER, x86_rdmsr(X86_MSR_EFER) | X86_EFER_NXE);
	/* Safe to change now: every mapping so far is write-back (PAT entry 0 keeps WB). */
	if (x86_has_pat)
		x86_wrmsr(X86_MSR_PAT, X86_PAT_VALUE);
	if (x86_cpuid(1, 0).edx & CPUID1_EDX_PGE)
		cr4 |= X86_CR4_PGE;
	/* SMEP/SMAP/UMIP only on tables that keep every kernel page supervisor-only. */
	if (kernel_tables)
		cr4 |= protect_cr4_bits();
	write_cr4(cr4);
	if (kernel_tables && !logged) {
		logged = true;
		log_features(cr4);
	}
}

/* ---- Port I/O for io_port handles --------------------------------------------------------- */

u8 arch_port_in8(u16 port)
{
	return x86_inb(port);
}

u16 arch_port_in16(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

u32 arch_port_in32(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void arch_port_out8(u16 port, u8 val)
{
	x86_outb(port, val);
}

void arch_port_out16(u16 port, u16 val)
{
	asm volatile("outw %0, %1" : : "a"(val), "Nd"(port));
}

void arch_port_out32(u16 port, u32 val)
{
	x86_outl(port, val);
}
