// SPDX-License-Identifier: MPL-2.0
// The local APIC: x2APIC (MSRs) when the CPU has it, xAPIC (MMIO) otherwise; per-CPU setup of
// the LVTs, EOI, IPIs through the ICR, and the spurious and error vectors.
#define pr_fmt(fmt) "apic: " fmt

#include <hal/acpi.h>
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/iomem.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/cpu.h>

#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_EDX_APIC   (1u << 9)
#define APIC_MMIO_SIZE	   0x1000
#define ICR_POLL_LIMIT	   1000000

static bool x2apic;
static void *lapic_mmio; /* xAPIC only */
static u64 nr_errors, nr_spurious;
static u32 last_esr;

bool x86_lapic_is_x2apic(void)
{
	return x2apic;
}

u32 x86_lapic_read(u32 reg)
{
	if (x2apic)
		return (u32)x86_rdmsr(X86_MSR_X2APIC_BASE + (reg >> 4));
	return mmio_read32((u8 *)lapic_mmio + reg);
}

void x86_lapic_write(u32 reg, u32 val)
{
	if (x2apic)
		x86_wrmsr(X86_MSR_X2APIC_BASE + (reg >> 4), val);
	else
		mmio_write32((u8 *)lapic_mmio + reg, val);
}

u32 x86_lapic_id(void)
{
	return x2apic ? x86_lapic_read(APIC_ID) : x86_lapic_read(APIC_ID) >> 24;
}

void x86_lapic_eoi(void)
{
	x86_lapic_write(APIC_EOI, 0);
}

void x86_lapic_send_icr(u32 low, u32 dest)
{
	if (x2apic) {
		/* One 64-bit MSR write; x2APIC has no delivery-status bit to wait on. */
		x86_wrmsr(X86_MSR_X2APIC_BASE + (APIC_ICR >> 4), (u64)dest << 32 | low);
		return;
	}
	x86_lapic_write(APIC_ICR_HIGH, dest << 24);
	x86_lapic_write(APIC_ICR, low);
	for (int i = 0; i < ICR_POLL_LIMIT && (x86_lapic_read(APIC_ICR) & APIC_ICR_PENDING); i++)
		arch_cpu_relax();
}

void x86_lapic_send_init(u32 apic_id)
{
	unsigned long flags = arch_irq_save();

	x86_lapic_send_icr(APIC_ICR_INIT | APIC_ICR_ASSERT | APIC_ICR_LEVEL, apic_id);
	arch_irq_restore(flags);
}

void x86_lapic_send_sipi(u32 apic_id, u8 page)
{
	unsigned long flags = arch_irq_save();

	x86_lapic_send_icr(APIC_ICR_STARTUP | APIC_ICR_ASSERT | page, apic_id);
	arch_irq_restore(flags);
}

void arch_send_ipi(u32 hwid, unsigned int vector)
{
	unsigned long flags = arch_irq_save();

	x86_lapic_send_icr(APIC_ICR_FIXED | APIC_ICR_ASSERT | vector, hwid);
	arch_irq_restore(flags);
}

void arch_send_ipi_self(unsigned int vector)
{
	unsigned long flags;

	if (x2apic) {
		x86_wrmsr(X86_MSR_X2APIC_SELF, vector);
		return;
	}
	flags = arch_irq_save();
	x86_lapic_send_icr(APIC_ICR_FIXED | APIC_ICR_ASSERT | APIC_ICR_SELF | vector, 0);
	arch_irq_restore(flags);
}

void x86_lapic_spurious(void)
{
	__atomic_fetch_add(&nr_spurious, 1, __ATOMIC_RELAXED);
}

/* The ESR latches errors until written: write, then read the fresh value (SDM 11.5.3). */
static void lapic_error(void *arg)
{
	u32 esr;

	x86_lapic_write(APIC_ESR, 0);
	esr = x86_lapic_read(APIC_ESR);
	__atomic_store_n(&last_esr, esr, __ATOMIC_RELAXED);
	if (__atomic_fetch_add(&nr_errors, 1, __ATOMIC_RELAXED) < 5)
		pr_warn("APIC error on CPU %u: ESR 0x%x\n", irq_this_cpu(), esr);
}

u64 x86_lapic_error_count(void)
{
	return __atomic_load_n(&nr_errors, __ATOMIC_RELAXED);
}

u64 x86_lapic_spurious_count(void)
{
	return __atomic_load_n(&nr_spurious, __ATOMIC_RELAXED);
}

u32 x86_lapic_last_esr(void)
{
	return __atomic_load_n(&last_esr, __ATOMIC_RELAXED);
}

/* LINT pins the MADT wires to NMI for this CPU (by ACPI UID); LINT1 when it says nothing. */
static unsigned int lapic_nmi_pins(u32 apic_id)
{
	const struct acpi_madt_info *m = acpi_madt();
	unsigned int pins = 0;
	u32 uid = ~0u;

	if (!m || !m->nr_lapic_nmis)
		return 1u << 1;
	for (unsigned int i = 0; i < m->nr_cpus; i++)
		if (m->cpus[i].apic_id == apic_id)
			uid = m->cpus[i].uid;
	for (unsigned int i = 0; i < m->nr_lapic_nmis; i++)
		if ((m->lapic_nmis[i].uid == ~0u || m->lapic_nmis[i].uid == uid) &&
		    m->lapic_nmis[i].lint < 2)
			pins |= 1u << m->lapic_nmis[i].lint;
	return pins;
}

static void lapic_enable_msr(void)
{
	u64 base = x86_rdmsr(X86_MSR_APIC_BASE);

	/* xAPIC must be enabled before the switch to x2APIC (SDM 11.12.5). */
	if (!(base & X86_APIC_BASE_ENABLE)) {
		base |= X86_APIC_BASE_ENABLE;
		x86_wrmsr(X86_MSR_APIC_BASE, base);
	}
	if (x2apic && !(base & X86_APIC_BASE_X2APIC))
		x86_wrmsr(X86_MSR_APIC_BASE, base | X86_APIC_BASE_X2APIC);
}

void x86_lapic_cpu_init(void)
{
	unsigned int max_lvt, nmi;

	lapic_enable_msr();
	max_lvt = (x86_lapic_read(APIC_VERSION) >> 16) & 0xff;
	if (!x2apic)
		x86_lapic_write(APIC_DFR, 0xffffffff); /* flat model; we use physical mode */
	x86_lapic_write(APIC_TPR, 0);
	x86_lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | X86_VECTOR_TIMER);
	if (max_lvt >= 4)
		x86_lapic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
	if (max_lvt >= 5)
		x86_lapic_write(APIC_LVT_THERM, APIC_LVT_MASKED);
	nmi = lapic_nmi_pins(x86_lapic_id());
	x86_lapic_write(APIC_LVT_LINT0, nmi & 1 ? APIC_LVT_NMI : APIC_LVT_MASKED);
	x86_lapic_write(APIC_LVT_LINT1, nmi & 2 ? APIC_LVT_NMI : APIC_LVT_MASKED);
	x86_lapic_write(APIC_LVT_ERROR, X86_VECTOR_ERROR);
	/* Clear errors latched before we owned the APIC (back-to-back writes, SDM 11.5.3). */
	x86_lapic_write(APIC_ESR, 0);
	x86_lapic_write(APIC_ESR, 0);
	x86_lapic_write(APIC_SVR, APIC_SVR_ENABLE | X86_VECTOR_SPURIOUS);
	/* Acknowledge anything the firmware left in service. */
	for (int reg = 7; reg >= 0; reg--)
		for (u32 isr = x86_lapic_read(APIC_ISR + reg * 0x10); isr; isr &= isr - 1)
			x86_lapic_eoi();
}

static int lapic_map_xapic(void)
{
	paddr_t base = x86_rdmsr(X86_MSR_APIC_BASE) & ~0xfffULL & ((1ULL << 52) - 1);
	const struct acpi_madt_info *m = acpi_madt();

	if (!base && m)
		base = m->lapic_address;
	lapic_mmio = x86_map_phys(base, APIC_MMIO_SIZE, CACHE_UC);
	if (!lapic_mmio) {
		pr_err("cannot map the local APIC at 0x%llx\n", (unsigned long long)base);
		return -ENOMEM;
	}
	return 0;
}

int x86_lapic_setup(void)
{
	struct x86_cpuid id = x86_cpuid(1, 0);
	int err;

	if (!(id.edx & CPUID_1_EDX_APIC)) {
		pr_err("this CPU has no local APIC\n");
		return -ENODEV;
	}
	x2apic = id.ecx & CPUID_1_ECX_X2APIC;
	if (!x2apic) {
		err = lapic_map_xapic();
		if (err)
			return err;
	}
	err = irq_register_system_vector(X86_VECTOR_ERROR, lapic_error, NULL, "apic-error");
	if (err)
		return err;
	return 0;
}

void x86_lapic_report(void)
{
	pr_info("%s mode, boot CPU APIC id %u, version 0x%x, spurious vector 0x%x, error vector "
		"0x%x\n",
		x2apic ? "x2APIC" : "xAPIC", x86_lapic_id(), x86_lapic_read(APIC_VERSION) & 0xff,
		X86_VECTOR_SPURIOUS, X86_VECTOR_ERROR);
}
