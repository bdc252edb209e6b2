// SPDX-License-Identifier: MPL-2.0
// The ACPI DMAR table (VT-d spec chapter 8): one remapping unit per DRHD structure with the
// devices it covers. Every length is checked against the table before it is followed.
#define pr_fmt(fmt) "iommu: " fmt

#include <hal/acpi.h>
#include <hal/arch_iommu.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <arch/vtd.h>

#define DMAR_INTR_REMAP 0x1 /* DMAR flags: the platform supports interrupt remapping */

#define DMAR_TYPE_DRHD 0
#define DMAR_TYPE_RMRR 1

#define DRHD_INCLUDE_PCI_ALL 0x1

#define SCOPE_ENDPOINT 1
#define SCOPE_BRIDGE   2

struct dmar_table {
	struct acpi_sdt_header header;
	u8 host_address_width; /* minus one */
	u8 flags;
	u8 reserved[10];
} __packed;

struct dmar_remap_header {
	u16 type;
	u16 length;
} __packed;

struct dmar_drhd {
	struct dmar_remap_header h;
	u8 flags;
	u8 size; /* register set: 2^size pages */
	u16 segment;
	u64 base;
} __packed;

struct dmar_rmrr {
	struct dmar_remap_header h;
	u16 reserved;
	u16 segment;
	u64 base;
	u64 limit;
} __packed;

struct dmar_scope {
	u8 type;
	u8 length;
	u16 reserved;
	u8 enumeration_id;
	u8 start_bus;
	/* followed by (device, function) pairs */
} __packed;

struct vtd_unit *vtd_units[VTD_MAX_UNITS];
unsigned int vtd_nr_units;

#define PCI_SECONDARY_BUS   0x19
#define PCI_SUBORDINATE_BUS 0x1a

/* Follow a scope's path through bridges to the bus/devfn it names (8.3.1). */
static bool scope_resolve(u16 segment, const struct dmar_scope *s, struct vtd_scope *out)
{
	const u8 *path = (const u8 *)(s + 1);
	unsigned int hops = (s->length - sizeof(*s)) / 2;
	u8 bus = s->start_bus;

	if (!hops)
		return false;
	for (unsigned int i = 0; i + 1 < hops; i++)
		bus = (u8)hal_pci_config_read(segment, bus,
					      (u8)(path[2 * i] << 3 | path[2 * i + 1]),
					      PCI_SECONDARY_BUS, 1);
	out->bus = bus;
	out->devfn = (u8)(path[2 * (hops - 1)] << 3 | path[2 * (hops - 1) + 1]);
	out->bridge = s->type == SCOPE_BRIDGE;
	if (out->bridge) {
		out->sub_lo =
			(u8)hal_pci_config_read(segment, bus, out->devfn, PCI_SECONDARY_BUS, 1);
		out->sub_hi =
			(u8)hal_pci_config_read(segment, bus, out->devfn, PCI_SUBORDINATE_BUS, 1);
	}
	return true;
}

static void drhd_scopes(struct vtd_unit *u, const u8 *p, const u8 *end)
{
	while (p + sizeof(struct dmar_scope) <= end) {
		const struct dmar_scope *s = (const void *)p;

		if (s->length < sizeof(*s) || p + s->length > end)
			break;
		if ((s->type == SCOPE_ENDPOINT || s->type == SCOPE_BRIDGE) &&
		    u->nr_scopes < VTD_MAX_SCOPES &&
		    scope_resolve(u->segment, s, &u->scopes[u->nr_scopes]))
			u->nr_scopes++;
		p += s->length;
	}
}

static int drhd_parse(const struct dmar_drhd *d)
{
	struct vtd_unit *u;

	if (d->h.length < sizeof(*d) || vtd_nr_units == VTD_MAX_UNITS)
		return -EINVAL;
	u = kzalloc(sizeof(*u));
	if (!u)
		return -ENOMEM;
	u->base = d->base;
	u->segment = d->segment;
	u->include_all = d->flags & DRHD_INCLUDE_PCI_ALL;
	drhd_scopes(u, (const u8 *)(d + 1), (const u8 *)d + d->h.length);
	vtd_units[vtd_nr_units++] = u;
	return 0;
}

/* Reserved memory a device keeps using behind the OS's back (USB legacy, GPUs). */
static void rmrr_note(const struct dmar_rmrr *r)
{
	if (r->h.length < sizeof(*r))
		return;
	pr_warn("RMRR [0x%llx-0x%llx] not identity-mapped: devices that need it are blocked\n",
		(unsigned long long)r->base, (unsigned long long)r->limit);
}

int vtd_dmar_parse(bool *intr_remap)
{
	const struct dmar_table *t = (const void *)acpi_table_find("DMAR", 0);
	const u8 *p, *end;

	if (!t)
		return -ENODEV;
	if (t->header.length < sizeof(*t))
		return -EINVAL;
	*intr_remap = t->flags & DMAR_INTR_REMAP;
	end = (const u8 *)t + t->header.length;
	for (p = (const u8 *)(t + 1); p + sizeof(struct dmar_remap_header) <= end;) {
		const struct dmar_remap_header *h = (const void *)p;

		if (h->length < sizeof(*h) || p + h->length > end)
			break;
		if (h->type == DMAR_TYPE_DRHD)
			drhd_parse((const void *)p);
		else if (h->type == DMAR_TYPE_RMRR)
			rmrr_note((const void *)p);
		p += h->length;
	}
	/* Units with explicit scopes must be matched before the catch-all one. */
	for (unsigned int i = 0; i + 1 < vtd_nr_units; i++)
		if (vtd_units[i]->include_all) {
			struct vtd_unit *tmp = vtd_units[i];

			memmove(&vtd_units[i], &vtd_units[i + 1],
				(vtd_nr_units - i - 1) * sizeof(vtd_units[0]));
			vtd_units[vtd_nr_units - 1] = tmp;
			break;
		}
	return vtd_nr_units ? 0 : -ENODEV;
}
