// SPDX-License-Identifier: MPL-2.0
// ACPI root: the RSDP, the XSDT (or RSDT), a registry of every table found, and the small fixed
// tables (HPET, MCFG). Every table is length- and checksum-checked before anything reads it.
#define pr_fmt(fmt) "acpi: " fmt

#include <hal/acpi.h>
#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/log.h>
#include <hal/lib/string.h>
#include "acpi_internal.h"

struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum;	   /* over the first 20 bytes */
	char oem_id[6];
	u8 revision; /* 0: ACPI 1.0 (20 bytes); 2+: the fields below exist */
	u32 rsdt_address;
	u32 length;
	u64 xsdt_address;
	u8 extended_checksum; /* over @length bytes */
	u8 reserved[3];
} __packed;

#define RSDP_V1_LEN 20

/*
 * A table the root listed. Mappings made while acpi_init() runs use the boot page tables and
 * die with them, so only a mapping made afterwards is kept (@map).
 */
struct acpi_table_ref {
	char sig[4];
	u32 len;
	paddr_t pa;
	const struct acpi_sdt_header *map;
};

static struct acpi_table_ref tables[ACPI_MAX_TABLES];
static unsigned int nr_tables, nr_dropped_tables;
static bool acpi_ready, acpi_in_init;
static paddr_t rsdp_pa, root_pa;
static u8 rsdp_rev;
static bool root_xsdt;
static char oem_id[7];

static struct acpi_hpet_info hpet_info;
static bool hpet_found;
static struct acpi_mcfg_region mcfg[ACPI_MAX_MCFG];
static unsigned int nr_mcfg;

bool acpi_checksum_ok(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

/* Map the table at @pa and check signature (when @sig), length and checksum. */
const struct acpi_sdt_header *acpi_map_checked(paddr_t pa, const char *sig)
{
	const struct acpi_sdt_header *h;
	u32 len;

	if (!pa)
		return NULL;
	h = arch_acpi_map(pa, sizeof(*h));
	if (!h || (sig && memcmp(h->signature, sig, 4)))
		return NULL;
	len = h->length;
	if (len < sizeof(*h) || len > ACPI_TABLE_MAX)
		return NULL;
	h = arch_acpi_map(pa, len);
	if (!h)
		return NULL;
	if (!acpi_checksum_ok(h, len)) {
		pr_warn("%.4s at 0x%llx: bad checksum, ignored\n", h->signature,
			(unsigned long long)pa);
		return NULL;
	}
	return h;
}

static const struct acpi_rsdp *rsdp_map(paddr_t pa)
{
	const struct acpi_rsdp *r = arch_acpi_map(pa, sizeof(*r));

	if (!r || memcmp(r->signature, "RSD PTR ", 8) || !acpi_checksum_ok(r, RSDP_V1_LEN))
		return NULL;
	if (r->revision < 2)
		return r;
	if (r->length < sizeof(*r) || r->length > ACPI_TABLE_MAX)
		return NULL;
	r = arch_acpi_map(pa, r->length);
	return r && acpi_checksum_ok(r, r->length) ? r : NULL;
}

static void table_record(const char *sig, paddr_t pa, u32 len)
{
	struct acpi_table_ref *t;

	if (nr_tables >= ACPI_MAX_TABLES) {
		nr_dropped_tables++;
		return;
	}
	t = &tables[nr_tables++];
	memcpy(t->sig, sig, 4);
	t->pa = pa;
	t->len = len;
}

/* Record every valid table the root lists; entries are only 4-byte aligned in the XSDT. */
static void root_walk(const struct acpi_sdt_header *root, size_t entry_size)
{
	for (size_t off = sizeof(*root); off + entry_size <= root->length; off += entry_size) {
		const struct acpi_sdt_header *h;
		u64 pa = 0;

		memcpy(&pa, (const u8 *)root + off, entry_size);
		h = acpi_map_checked(pa, NULL);
		if (h)
			table_record(h->signature, pa, h->length);
	}
}

static struct acpi_table_ref *table_lookup(const char *sig, unsigned int instance)
{
	for (unsigned int i = 0; i < nr_tables; i++)
		if (!memcmp(tables[i].sig, sig, 4) && instance-- == 0)
			return &tables[i];
	return NULL;
}

const struct acpi_sdt_header *acpi_table_find(const char *sig, unsigned int instance)
{
	struct acpi_table_ref *t = sig ? table_lookup(sig, instance) : NULL;
	const struct acpi_sdt_header *h;

	if (!t)
		return NULL;
	h = __atomic_load_n(&t->map, __ATOMIC_ACQUIRE);
	if (h)
		return h;
	h = acpi_map_checked(t->pa, sig);
	if (h && !acpi_in_init)
		__atomic_store_n(&t->map, h, __ATOMIC_RELEASE);
	return h;
}

paddr_t acpi_table_phys(const char *sig, unsigned int instance, u32 *len)
{
	const struct acpi_table_ref *t = sig ? table_lookup(sig, instance) : NULL;

	if (len)
		*len = t ? t->len : 0;
	return t ? t->pa : 0;
}

bool acpi_available(void)
{
	return acpi_ready;
}

/* The HPET description table (IA-PC HPET spec 1.0a, 3.2.4). */
static void hpet_parse(const struct acpi_sdt_header *h)
{
	const u8 *p = (const u8 *)h;
	struct acpi_gas gas;

	if (h->length < 56)
		return;
	memcpy(&gas, p + 40, sizeof(gas));
	if (gas.space_id != ACPI_GAS_MEMORY || !gas.address) {
		pr_warn("HPET: register block not in memory space, ignored\n");
		return;
	}
	hpet_info.address = gas.address;
	hpet_info.number = p[52];
	memcpy(&hpet_info.min_tick, p + 53, 2);
	hpet_found = true;
}

const struct acpi_hpet_info *acpi_hpet(void)
{
	return hpet_found ? &hpet_info : NULL;
}

/* MCFG (PCI Firmware spec 3.2, 4.1.2): 8 reserved bytes, then 16-byte allocation entries. */
static void mcfg_parse(const struct acpi_sdt_header *h)
{
	const u8 *p = (const u8 *)h;

	for (size_t off = 44; off + 16 <= h->length; off += 16) {
		struct acpi_mcfg_region *r = &mcfg[nr_mcfg];

		if (nr_mcfg >= ACPI_MAX_MCFG)
			break;
		memcpy(&r->base, p + off, 8);
		memcpy(&r->segment, p + off + 8, 2);
		r->bus_start = p[off + 10];
		r->bus_end = p[off + 11];
		if (r->base && r->bus_end >= r->bus_start)
			nr_mcfg++;
	}
}

unsigned int acpi_mcfg_count(void)
{
	return nr_mcfg;
}

const struct acpi_mcfg_region *acpi_mcfg_get(unsigned int i)
{
	return i < nr_mcfg ? &mcfg[i] : NULL;
}

/* The FADT, then \_S5 from the DSDT it points at or, failing that, an SSDT (SeaBIOS). */
static void fadt_and_aml_setup(const struct acpi_sdt_header *fadt)
{
	paddr_t dsdt_pa = acpi_fadt_setup(fadt);
	const struct acpi_sdt_header *dsdt = acpi_map_checked(dsdt_pa, "DSDT");
	const struct acpi_sdt_header *ssdt;

	/* The DSDT is reached through the FADT, not the root: list it too. */
	if (dsdt) {
		table_record("DSDT", dsdt_pa, dsdt->length);
		if (acpi_fadt_setup_s5(dsdt))
			return;
	}
	for (unsigned int i = 0; (ssdt = acpi_table_find("SSDT", i)); i++)
		if (acpi_fadt_setup_s5(ssdt))
			return;
}

static void parse_fixed_tables(void)
{
	const struct acpi_sdt_header *h;

	h = acpi_table_find("APIC", 0);
	if (h)
		acpi_madt_setup(h);
	h = acpi_table_find("HPET", 0);
	if (h)
		hpet_parse(h);
	h = acpi_table_find("MCFG", 0);
	if (h)
		mcfg_parse(h);
	h = acpi_table_find("FACP", 0);
	if (h)
		fadt_and_aml_setup(h);
}

int acpi_init(paddr_t rsdp)
{
	const struct acpi_sdt_header *root;
	const struct acpi_rsdp *r;
	bool xsdt;

	if (acpi_ready)
		return -EALREADY;
	r = rsdp ? rsdp_map(rsdp) : NULL;
	if (!r)
		return -ENOENT;
	xsdt = r->revision >= 2 && r->xsdt_address;
	root_pa = xsdt ? r->xsdt_address : r->rsdt_address;
	root = acpi_map_checked(root_pa, xsdt ? "XSDT" : "RSDT");
	if (!root)
		return -ENOENT;
	rsdp_pa = rsdp;
	rsdp_rev = r->revision;
	root_xsdt = xsdt;
	memcpy(oem_id, r->oem_id, 6);
	for (int i = 5; i >= 0 && oem_id[i] == ' '; i--)
		oem_id[i] = '\0';
	acpi_in_init = true;
	root_walk(root, xsdt ? 8 : 4);
	acpi_ready = true;
	parse_fixed_tables();
	acpi_in_init = false;
	return 0;
}

/* One boot-log line naming every table, printed once the log is up. */
static int acpi_report(void)
{
	char names[ACPI_MAX_TABLES * 5 + 1];
	size_t n = 0;

	if (!acpi_ready) {
		pr_info("no ACPI tables\n");
		return 0;
	}
	for (unsigned int i = 0; i < nr_tables && n + 6 <= sizeof(names); i++) {
		names[n++] = ' ';
		for (int c = 0; c < 4; c++)
			names[n++] = tables[i].sig[c] >= ' ' && tables[i].sig[c] < 0x7f ?
					     tables[i].sig[c] :
					     '?';
	}
	names[n] = '\0';
	pr_info("RSDP 0x%llx rev %u (%s), %s 0x%llx, %u tables:%s\n", (unsigned long long)rsdp_pa,
		rsdp_rev, oem_id, root_xsdt ? "XSDT" : "RSDT", (unsigned long long)root_pa,
		nr_tables, names);
	if (nr_dropped_tables)
		pr_warn("%u tables past the first %u ignored\n", nr_dropped_tables,
			ACPI_MAX_TABLES);
	acpi_madt_report();
	for (unsigned int i = 0; i < nr_mcfg; i++)
		pr_info("MCFG: ECAM segment %u buses %02x-%02x at 0x%llx\n", mcfg[i].segment,
			mcfg[i].bus_start, mcfg[i].bus_end, (unsigned long long)mcfg[i].base);
	acpi_fadt_report();
	return 0;
}
irq_initcall(acpi_report);
