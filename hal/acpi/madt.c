// SPDX-License-Identifier: MPL-2.0
// The MADT (ACPI 6.5, 5.2.12): processors (local APIC and x2APIC entries), IOAPICs, ISA
// interrupt source overrides and local APIC NMI wiring.
#define pr_fmt(fmt) "acpi: " fmt

#include <hal/acpi.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/lib/string.h>
#include "acpi_internal.h"

enum madt_type {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_OVERRIDE = 2,
	MADT_NMI_SOURCE = 3,
	MADT_LAPIC_NMI = 4,
	MADT_LAPIC_ADDRESS = 5,
	MADT_X2APIC = 9,
	MADT_X2APIC_NMI = 10,
};

#define MADT_FIXED_LEN	   44 /* header + local APIC address + flags */
#define MADT_PCAT_COMPAT   0x1
#define MADT_CPU_ENABLED   0x1
#define MADT_CPU_ONLINE_OK 0x2

static struct acpi_madt_info madt_info;
static bool madt_found;

static void add_cpu(struct acpi_madt_info *m, u32 apic_id, u32 uid, u32 flags)
{
	struct acpi_cpu *c;

	if (!(flags & (MADT_CPU_ENABLED | MADT_CPU_ONLINE_OK)))
		return;
	/* Firmware may list a CPU twice (xAPIC and x2APIC entries); keep the first. */
	for (unsigned int i = 0; i < m->nr_cpus; i++)
		if (m->cpus[i].apic_id == apic_id)
			return;
	if (m->nr_cpus >= ACPI_MAX_CPUS) {
		m->nr_dropped++;
		return;
	}
	c = &m->cpus[m->nr_cpus++];
	c->apic_id = apic_id;
	c->uid = uid;
	c->enabled = flags & MADT_CPU_ENABLED;
	c->online_capable = !c->enabled;
	m->nr_cpus_enabled += c->enabled;
}

static void add_ioapic(struct acpi_madt_info *m, const u8 *e)
{
	struct acpi_ioapic *io;

	if (m->nr_ioapics >= ACPI_MAX_IOAPICS) {
		m->nr_dropped++;
		return;
	}
	io = &m->ioapics[m->nr_ioapics++];
	io->id = e[2];
	io->address = acpi_get32(e + 4);
	io->gsi_base = acpi_get32(e + 8);
}

static void add_override(struct acpi_madt_info *m, const u8 *e)
{
	struct acpi_irq_override *o;

	if (m->nr_overrides >= ACPI_MAX_OVERRIDES) {
		m->nr_dropped++;
		return;
	}
	o = &m->overrides[m->nr_overrides++];
	o->bus = e[2];
	o->source = e[3];
	o->gsi = acpi_get32(e + 4);
	o->flags = acpi_get16(e + 8);
}

static void add_lapic_nmi(struct acpi_madt_info *m, u32 uid, u16 flags, u8 lint)
{
	struct acpi_lapic_nmi *n;

	if (m->nr_lapic_nmis >= ACPI_MAX_LAPIC_NMI) {
		m->nr_dropped++;
		return;
	}
	n = &m->lapic_nmis[m->nr_lapic_nmis++];
	n->uid = uid;
	n->flags = flags;
	n->lint = lint;
}

/* Entry lengths below the minimum of their type are malformed: they end the walk. */
static bool madt_entry(struct acpi_madt_info *m, const u8 *e, u8 len)
{
	switch (e[0]) {
	case MADT_LAPIC:
		if (len < 8)
			return false;
		add_cpu(m, e[3], e[2], acpi_get32(e + 4));
		break;
	case MADT_X2APIC:
		if (len < 16)
			return false;
		add_cpu(m, acpi_get32(e + 4), acpi_get32(e + 12), acpi_get32(e + 8));
		break;
	case MADT_IOAPIC:
		if (len < 12)
			return false;
		add_ioapic(m, e);
		break;
	case MADT_OVERRIDE:
		if (len < 10)
			return false;
		add_override(m, e);
		break;
	case MADT_LAPIC_NMI:
		if (len < 6)
			return false;
		add_lapic_nmi(m, e[2] == 0xff ? ~0u : e[2], acpi_get16(e + 3), e[5]);
		break;
	case MADT_X2APIC_NMI:
		if (len < 12)
			return false;
		add_lapic_nmi(m, acpi_get32(e + 4), acpi_get16(e + 2), e[8]);
		break;
	case MADT_LAPIC_ADDRESS:
		if (len < 12)
			return false;
		m->lapic_address = acpi_get64(e + 4);
		break;
	default:
		break;
	}
	return true;
}

int acpi_madt_parse(const void *madt, size_t len, struct acpi_madt_info *out)
{
	const u8 *p = madt;
	size_t off = MADT_FIXED_LEN;

	memset(out, 0, sizeof(*out));
	if (len < MADT_FIXED_LEN)
		return -EINVAL;
	out->lapic_address = acpi_get32(p + 36);
	out->pcat_compat = acpi_get32(p + 40) & MADT_PCAT_COMPAT;
	while (off + 2 <= len) {
		u8 elen = p[off + 1];

		if (elen < 2 || off + elen > len || !madt_entry(out, p + off, elen))
			break;
		off += elen;
	}
	return 0;
}

void acpi_madt_setup(const struct acpi_sdt_header *madt)
{
	madt_found = !acpi_madt_parse(madt, madt->length, &madt_info);
}

const struct acpi_madt_info *acpi_madt(void)
{
	return madt_found ? &madt_info : NULL;
}

unsigned int acpi_cpu_count(void)
{
	return madt_found ? madt_info.nr_cpus : 0;
}

const struct acpi_cpu *acpi_cpu_get(unsigned int i)
{
	return madt_found && i < madt_info.nr_cpus ? &madt_info.cpus[i] : NULL;
}

/* ISA conforming defaults are edge and active high (MPS 1.4, 4.3.4). */
static unsigned int inti_to_flags(u16 inti)
{
	unsigned int flags = 0;

	if ((inti & ACPI_INTI_TRIGGER_MASK) == ACPI_INTI_LEVEL)
		flags |= ACPI_IRQ_LEVEL;
	if ((inti & ACPI_INTI_POLARITY_MASK) == ACPI_INTI_ACTIVE_LOW)
		flags |= ACPI_IRQ_ACTIVE_LOW;
	return flags;
}

int acpi_isa_irq_to_gsi(unsigned int isa_irq, u32 *gsi, unsigned int *flags)
{
	if (isa_irq >= 16)
		return -EINVAL;
	*gsi = isa_irq;
	*flags = 0;
	for (unsigned int i = 0; madt_found && i < madt_info.nr_overrides; i++) {
		const struct acpi_irq_override *o = &madt_info.overrides[i];

		if (o->bus == 0 && o->source == isa_irq) {
			*gsi = o->gsi;
			*flags = inti_to_flags(o->flags);
			break;
		}
	}
	return 0;
}

void acpi_madt_report(void)
{
	const struct acpi_madt_info *m = &madt_info;

	if (!madt_found) {
		pr_warn("no MADT\n");
		return;
	}
	pr_info("MADT: %u CPU%s (%u enabled), %u IOAPIC%s, %u override%s, LAPIC at 0x%llx%s\n",
		m->nr_cpus, m->nr_cpus == 1 ? "" : "s", m->nr_cpus_enabled, m->nr_ioapics,
		m->nr_ioapics == 1 ? "" : "s", m->nr_overrides, m->nr_overrides == 1 ? "" : "s",
		(unsigned long long)m->lapic_address, m->pcat_compat ? ", 8259 PIC present" : "");
	for (unsigned int i = 0; i < m->nr_overrides; i++)
		pr_debug("MADT: ISA IRQ %u -> GSI %u flags 0x%x\n", m->overrides[i].source,
			 m->overrides[i].gsi, m->overrides[i].flags);
	if (m->nr_dropped)
		pr_warn("MADT: %u entries past the static limits ignored\n", m->nr_dropped);
}
