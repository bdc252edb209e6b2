// SPDX-License-Identifier: MPL-2.0
// ktests for the ACPI parser: the machine's real tables, and hand-built MADT, FADT and AML
// buffers for the malformed and rare cases.
#include <hal/acpi.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/ktest.h>
#include <hal/mm.h>
#include <hal/lib/string.h>

KTEST(acpi, checksum)
{
	u8 buf[8] = { 1, 2, 3, 4, 5, 6, 7, 0 };

	buf[7] = (u8)-(1 + 2 + 3 + 4 + 5 + 6 + 7);
	KEXPECT_TRUE(acpi_checksum_ok(buf, sizeof(buf)));
	buf[3] ^= 0x10;
	KEXPECT_FALSE(acpi_checksum_ok(buf, sizeof(buf)));
	KEXPECT_TRUE(acpi_checksum_ok(buf, 0));
}

KTEST(acpi, root_tables_found)
{
	const struct acpi_sdt_header *madt, *fadt;
	u32 len = 0;

	KASSERT_TRUE(acpi_available());
	madt = acpi_table_find("APIC", 0);
	fadt = acpi_table_find("FACP", 0);
	KASSERT_NOT_NULL(madt);
	KASSERT_NOT_NULL(fadt);
	KEXPECT_TRUE(acpi_checksum_ok(madt, madt->length));
	KEXPECT_NE(acpi_table_phys("APIC", 0, &len), 0);
	KEXPECT_EQ(len, madt->length);
	/* The DSDT is reached through the FADT and is listed too. */
	KEXPECT_NOT_NULL(acpi_table_find("DSDT", 0));
}

KTEST(acpi, missing_table_is_null)
{
	u32 len = 123;

	KEXPECT_NULL(acpi_table_find("ZZZZ", 0));
	KEXPECT_NULL(acpi_table_find("APIC", 1));
	KEXPECT_NULL(acpi_table_find(NULL, 0));
	KEXPECT_EQ(acpi_table_phys("ZZZZ", 0, &len), 0);
	KEXPECT_EQ(len, 0);
}

KTEST(acpi, madt_lists_boot_cpu)
{
	const struct acpi_madt_info *m = acpi_madt();
	bool found = false;

	KASSERT_NOT_NULL(m);
	KEXPECT_GE(acpi_cpu_count(), 1);
	KEXPECT_GE(m->nr_ioapics, 1);
	KEXPECT_NE(m->lapic_address, 0);
	for (unsigned int i = 0; i < acpi_cpu_count(); i++)
		if (acpi_cpu_get(i)->apic_id == irq_cpu_hwid(0))
			found = acpi_cpu_get(i)->enabled;
	KEXPECT_TRUE(found);
	KEXPECT_NULL(acpi_cpu_get(acpi_cpu_count()));
}

/* QEMU (and every PC) overrides ISA IRQ 0 to GSI 2; the SCI (IRQ 9) is level-triggered. */
KTEST(acpi, isa_overrides)
{
	unsigned int flags;
	u32 gsi;

	KASSERT_EQ(acpi_isa_irq_to_gsi(0, &gsi, &flags), 0);
	KEXPECT_EQ(gsi, 2);
	KEXPECT_EQ(flags, 0);
	KASSERT_EQ(acpi_isa_irq_to_gsi(1, &gsi, &flags), 0);
	KEXPECT_EQ(gsi, 1);
	KASSERT_EQ(acpi_isa_irq_to_gsi(9, &gsi, &flags), 0);
	KEXPECT_EQ(gsi, 9);
	KEXPECT_TRUE(flags & ACPI_IRQ_LEVEL);
	KEXPECT_EQ(acpi_isa_irq_to_gsi(16, &gsi, &flags), -EINVAL);
}

struct madt_builder {
	u8 buf[256];
	size_t len;
};

static void mb_entry(struct madt_builder *b, const u8 *e, size_t n)
{
	memcpy(b->buf + b->len, e, n);
	b->len += n;
}

static void mb_init(struct madt_builder *b)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->buf, "APIC", 4);
	b->buf[36] = 0x00; /* local APIC address 0xfee00000, little-endian */
	b->buf[38] = 0xe0;
	b->buf[39] = 0xfe;
	b->buf[40] = 1; /* PCAT_COMPAT */
	b->len = 44;
}

KTEST(acpi, madt_parse_synthetic)
{
	static const u8 cpu0[] = { 0, 8, 0, 0, 1, 0, 0, 0 };	/* uid 0, id 0, enabled */
	static const u8 cpu_off[] = { 0, 8, 1, 1, 0, 0, 0, 0 }; /* neither flag: dropped */
	static const u8 cpu_hot[] = { 0, 8, 2, 2, 2, 0, 0, 0 }; /* online capable */
	static const u8 x2dup[] = { 9, 16, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0 };
	static const u8 x2cpu[] = { 9, 16, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0 };
	static const u8 ioapic[] = { 1, 12, 3, 0, 0, 0, 0xc0, 0xfe, 24, 0, 0, 0 };
	static const u8 iso[] = { 2, 10, 0, 0, 2, 0, 0, 0, 0x0f, 0 };
	static const u8 nmi[] = { 4, 6, 0xff, 0, 0, 1 };
	static const u8 unknown[] = { 0x7f, 4, 0, 0 };
	static const u8 truncated[] = { 1, 40, 0, 0 };
	struct madt_builder b;
	struct acpi_madt_info *m = kzalloc(sizeof(*m));

	KASSERT_NOT_NULL(m);
	mb_init(&b);
	mb_entry(&b, cpu0, sizeof(cpu0));
	mb_entry(&b, cpu_off, sizeof(cpu_off));
	mb_entry(&b, cpu_hot, sizeof(cpu_hot));
	mb_entry(&b, x2dup, sizeof(x2dup));
	mb_entry(&b, x2cpu, sizeof(x2cpu));
	mb_entry(&b, ioapic, sizeof(ioapic));
	mb_entry(&b, iso, sizeof(iso));
	mb_entry(&b, nmi, sizeof(nmi));
	mb_entry(&b, unknown, sizeof(unknown));
	mb_entry(&b, truncated, sizeof(truncated));
	KEXPECT_EQ(acpi_madt_parse(b.buf, b.len, m), 0);
	KEXPECT_EQ(m->lapic_address, 0xfee00000);
	KEXPECT_TRUE(m->pcat_compat);
	KASSERT_EQ(m->nr_cpus, 3);
	KEXPECT_EQ(m->nr_cpus_enabled, 2);
	KEXPECT_EQ(m->cpus[1].apic_id, 2);
	KEXPECT_TRUE(m->cpus[1].online_capable);
	KEXPECT_EQ(m->cpus[2].apic_id, 0x100);
	KEXPECT_EQ(m->cpus[2].uid, 7);
	KASSERT_EQ(m->nr_ioapics, 1);
	KEXPECT_EQ(m->ioapics[0].address, 0xfec00000);
	KEXPECT_EQ(m->ioapics[0].gsi_base, 24);
	KASSERT_EQ(m->nr_overrides, 1);
	KEXPECT_EQ(m->overrides[0].gsi, 2);
	KEXPECT_EQ(m->overrides[0].flags, 0xf);
	KASSERT_EQ(m->nr_lapic_nmis, 1);
	KEXPECT_EQ(m->lapic_nmis[0].uid, ~0u);
	KEXPECT_EQ(m->lapic_nmis[0].lint, 1);
	KEXPECT_EQ(acpi_madt_parse(b.buf, 43, m), -EINVAL);
	kfree(m);
}

KTEST(acpi, fadt_parse_acpi1)
{
	u8 fadt[116];
	struct acpi_fadt_info f;

	memset(fadt, 0, sizeof(fadt));
	memcpy(fadt, "FACP", 4);
	fadt[46] = 9;	 /* SCI */
	fadt[64] = 0x04; /* PM1a_CNT_BLK 0x604 */
	fadt[65] = 0x06;
	fadt[89] = 2;	  /* PM1_CNT_LEN */
	fadt[108] = 0x32; /* century */
	KASSERT_EQ(acpi_fadt_parse(fadt, sizeof(fadt), &f), 0);
	KEXPECT_EQ(f.sci_irq, 9);
	KEXPECT_EQ(f.pm1a_cnt.space_id, ACPI_GAS_IO);
	KEXPECT_EQ(f.pm1a_cnt.address, 0x604);
	KEXPECT_EQ(f.pm1a_cnt.bit_width, 16);
	KEXPECT_EQ(f.pm1b_cnt.address, 0);
	KEXPECT_EQ(f.century, 0x32);
	KEXPECT_EQ(f.reset_reg.address, 0);
	KEXPECT_EQ(acpi_fadt_parse(fadt, 60, &f), -EINVAL);
}

KTEST(acpi, fadt_real)
{
	const struct acpi_fadt_info *f = acpi_fadt();

	KASSERT_NOT_NULL(f);
	KEXPECT_NE(f->pm1a_cnt.address, 0);
	KEXPECT_NE(f->dsdt, 0);
	KEXPECT_TRUE(f->s5_found);
}

KTEST(acpi, aml_s5)
{
	static const u8 plain[] = { 0x10, 0x08, '_',  'S',  '5',  '_',	0x12, 0x08,
				    0x04, 0x0a, 0x05, 0x0a, 0x07, 0x00, 0x00, 0xff };
	static const u8 rooted[] = { 0x08, 0x5c, '_',  'S',  '5',  '_', 0x12,
				     0x06, 0x04, 0x00, 0x01, 0x00, 0x00 };
	/* A reference inside a method body comes first, then the real declaration. */
	static const u8 ref_first[] = { 0x70, '_',  'S',  '5',	'_',  0x60, 0x08, '_',	'S', '5',
					'_',  0x12, 0x44, 0x00, 0x02, 0x0b, 0x06, 0x00, 0x01 };
	static const u8 truncated[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04, 0x0a };
	u8 a = 0xaa, b = 0xaa;

	KEXPECT_EQ(acpi_aml_find_s5(plain, sizeof(plain), &a, &b), 0);
	KEXPECT_EQ(a, 5);
	KEXPECT_EQ(b, 7);
	KEXPECT_EQ(acpi_aml_find_s5(rooted, sizeof(rooted), &a, &b), 0);
	KEXPECT_EQ(a, 0);
	KEXPECT_EQ(b, 1);
	KEXPECT_EQ(acpi_aml_find_s5(ref_first, sizeof(ref_first), &a, &b), 0);
	KEXPECT_EQ(a, 6);
	KEXPECT_EQ(b, 1);
	KEXPECT_EQ(acpi_aml_find_s5(truncated, sizeof(truncated), &a, &b), -ENOENT);
	KEXPECT_EQ(acpi_aml_find_s5(plain, 4, &a, &b), -ENOENT);
}

KTEST(acpi, hpet_and_mcfg)
{
	const struct acpi_hpet_info *h = acpi_hpet();
	const struct acpi_mcfg_region *r;

	/* Both are optional (-machine ...,hpet=off; the pc machine has no MCFG). */
	if (h)
		KEXPECT_NE(h->address, 0);
	else
		KEXPECT_EQ(acpi_table_phys("HPET", 0, NULL), 0);
	if (!acpi_mcfg_count())
		KTEST_SKIP("no MCFG (not a PCIe machine)");
	r = acpi_mcfg_get(0);
	KASSERT_NOT_NULL(r);
	KEXPECT_NE(r->base, 0);
	KEXPECT_LE(r->bus_start, r->bus_end);
	KEXPECT_NULL(acpi_mcfg_get(acpi_mcfg_count()));
}
