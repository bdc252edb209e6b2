// SPDX-License-Identifier: MPL-2.0
// Just enough ACPI for boot: find the RSDP, walk the XSDT/RSDT to the MADT and count the
// enabled CPUs. Every table is length- and checksum-checked before use.
#define pr_fmt(fmt) "acpi: " fmt
#include <hal/arch.h>
#include <hal/log.h>
#include <hal/lib/string.h>
#include <arch/acpi.h>
#include <arch/boot.h>

struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	u8 checksum;	   /* over the first 20 bytes */
	char oem_id[6];
	u8 revision; /* 0: ACPI 1.0 (20 bytes), 2+: the fields below exist */
	u32 rsdt_address;
	u32 length;
	u64 xsdt_address;
	u8 extended_checksum; /* over @length bytes */
	u8 reserved[3];
} __packed;

struct acpi_sdt_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

struct acpi_madt {
	struct acpi_sdt_header header;
	u32 lapic_address;
	u32 flags;
	/* followed by variable-length entries */
} __packed;

#define RSDP_V1_LEN  20
#define MADT_LAPIC   0
#define MADT_X2APIC  9
#define MADT_ENABLED 0x1
/* No sane table is this big; a larger length means a corrupt header. */
#define ACPI_TABLE_MAX (1 << 20)

static bool acpi_checksum_ok(const void *p, u32 len)
{
	const u8 *b = p;
	u8 sum = 0;

	for (u32 i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

/* Map and validate the table at @pa; NULL unless signature, length and checksum are right. */
static const struct acpi_sdt_header *acpi_map_table(paddr_t pa, const char *sig)
{
	const struct acpi_sdt_header *h;

	if (!pa || !x86_phys_range_mapped(pa, sizeof(*h)))
		return NULL;
	h = arch_phys_to_virt(pa);
	if (memcmp(h->signature, sig, 4) || h->length < sizeof(*h) || h->length > ACPI_TABLE_MAX ||
	    !x86_phys_range_mapped(pa, h->length))
		return NULL;
	if (!acpi_checksum_ok(h, h->length)) {
		pr_warn("%.4s at 0x%lx: bad checksum\n", sig, pa);
		return NULL;
	}
	return h;
}

static const struct acpi_rsdp *acpi_map_rsdp(paddr_t pa)
{
	const struct acpi_rsdp *r;

	if (!pa || !x86_phys_range_mapped(pa, sizeof(*r)))
		return NULL;
	r = arch_phys_to_virt(pa);
	if (memcmp(r->signature, "RSD PTR ", 8) || !acpi_checksum_ok(r, RSDP_V1_LEN))
		return NULL;
	if (r->revision >= 2 &&
	    (r->length < sizeof(*r) || r->length > ACPI_TABLE_MAX ||
	     !x86_phys_range_mapped(pa, r->length) || !acpi_checksum_ok(r, r->length)))
		return NULL;
	return r;
}

static paddr_t acpi_scan_rsdp(paddr_t start, paddr_t end)
{
	for (paddr_t pa = start; pa + sizeof(struct acpi_rsdp) <= end; pa += 16)
		if (acpi_map_rsdp(pa))
			return pa;
	return 0;
}

/* The RSDP sits on a 16-byte boundary in the first KiB of the EBDA or in 0xe0000-0xfffff. */
paddr_t x86_acpi_find_rsdp(void)
{
	paddr_t ebda = (paddr_t)*(const u16 *)arch_phys_to_virt(0x40e) << 4;
	paddr_t pa = 0;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		pa = acpi_scan_rsdp(ebda, ebda + 1024);
	return pa ? pa : acpi_scan_rsdp(0xe0000, 0x100000);
}

/* Find the table with @sig through the XSDT (ACPI 2.0+) or the RSDT. */
static const struct acpi_sdt_header *acpi_find_table(const struct acpi_rsdp *rsdp, const char *sig)
{
	bool xsdt = rsdp->revision >= 2 && rsdp->xsdt_address;
	const struct acpi_sdt_header *root;
	size_t entry_size = xsdt ? 8 : 4;

	root = xsdt ? acpi_map_table(rsdp->xsdt_address, "XSDT") :
		      acpi_map_table(rsdp->rsdt_address, "RSDT");
	if (!root)
		return NULL;
	for (size_t off = sizeof(*root); off + entry_size <= root->length; off += entry_size) {
		u64 pa = 0;
		const struct acpi_sdt_header *h;

		/* Entries are only 4-byte aligned in the XSDT. */
		memcpy(&pa, (const u8 *)root + off, entry_size);
		h = acpi_map_table(pa, sig);
		if (h)
			return h;
	}
	return NULL;
}

static unsigned int madt_count_cpus(const struct acpi_madt *madt)
{
	const u8 *p = (const u8 *)(madt + 1);
	const u8 *end = (const u8 *)madt + madt->header.length;
	unsigned int n = 0;
	u32 flags;

	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		if (p[0] == MADT_LAPIC && p[1] >= 8) {
			memcpy(&flags, p + 4, 4);
			n += flags & MADT_ENABLED;
		} else if (p[0] == MADT_X2APIC && p[1] >= 16) {
			memcpy(&flags, p + 8, 4);
			n += flags & MADT_ENABLED;
		}
		p += p[1];
	}
	return n;
}

unsigned int x86_acpi_count_cpus(paddr_t rsdp_pa)
{
	const struct acpi_rsdp *rsdp = acpi_map_rsdp(rsdp_pa);
	const struct acpi_sdt_header *madt;
	unsigned int n;

	if (!rsdp) {
		pr_warn("no valid RSDP at 0x%lx\n", rsdp_pa);
		return 0;
	}
	madt = acpi_find_table(rsdp, "APIC");
	if (!madt || madt->length < sizeof(struct acpi_madt)) {
		pr_warn("no MADT; CPU count unknown\n");
		return 0;
	}
	n = madt_count_cpus((const struct acpi_madt *)madt);
	pr_debug("RSDP 0x%lx rev %u, MADT: %u CPU%s enabled\n", rsdp_pa, rsdp->revision, n,
		 n == 1 ? "" : "s");
	return n;
}
