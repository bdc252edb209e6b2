// SPDX-License-Identifier: MPL-2.0
// PCI enumeration at boot: walk every bus the firmware numbered (following bridges), record
// each function with its BARs, log it, then bring up the IOMMU that will guard their DMA.
#define pr_fmt(fmt) "pci: " fmt

#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/lib/bitmap.h>
#include <hal/lib/printf.h>
#include <hal/log.h>
#include <hal/mm.h>
#include "../iommu/iommu.h"
#include "pci_internal.h"

LIST_HEAD(pci_devices);
static unsigned int nr_functions;
static DECLARE_BITMAP(buses_seen, PCI_MAX_BUSES);
static unsigned int nr_buses;

static void pci_scan_bus(u16 segment, u8 bus, int alias);

struct class_name {
	u16 class; /* base << 8 | sub */
	const char *name;
};

/* Enough names for a readable boot log on the machines we run on. */
static const struct class_name class_names[] = {
	{ 0x0100, "SCSI controller" },	   { 0x0101, "IDE controller" },
	{ 0x0106, "SATA controller" },	   { 0x0108, "NVMe controller" },
	{ 0x0200, "Ethernet controller" }, { 0x0300, "VGA controller" },
	{ 0x0380, "display controller" },  { 0x0403, "audio device" },
	{ 0x0600, "host bridge" },	   { 0x0601, "ISA bridge" },
	{ 0x0604, "PCI bridge" },	   { 0x0780, "communication controller" },
	{ 0x0880, "system peripheral" },   { 0x0c03, "USB controller" },
	{ 0x0c05, "SMBus controller" },	   { 0x00ff, "unclassified device" },
};

static const char *class_name(u32 class)
{
	for (size_t i = 0; i < ARRAY_SIZE(class_names); i++)
		if (class_names[i].class == class >> 8)
			return class_names[i].name;
	return "device";
}

static struct pci_dev *pci_dev_new(u16 segment, u8 bus, u8 devfn, int alias)
{
	struct pci_dev *pdev = kzalloc(sizeof(*pdev));
	u32 id, cr;

	if (!pdev)
		return NULL;
	pdev->bus = bus;
	pdev->devfn = devfn;
	pdev->dev.segment = segment;
	pdev->dev.rid = alias >= 0 ? (u16)alias : (u16)(bus << 8 | devfn);
	pdev->dev.dma_mask = 0xffffffffULL; /* drivers raise it with dma_set_mask() */
	snprintf(pdev->dev.name, sizeof(pdev->dev.name), "%04x:%02x:%02x.%u", segment, bus,
		 PCI_SLOT(devfn), PCI_FUNC(devfn));
	pdev->ecam = pci_cfg_ecam_for(segment, bus, devfn);
	pdev->cfg_size = pdev->ecam ? PCI_CFG_EXT_SIZE : PCI_CFG_SIZE;
	id = __pci_read(pdev, PCI_VENDOR_ID, 4);
	cr = __pci_read(pdev, PCI_CLASS_REVISION, 4);
	pdev->vendor = (u16)id;
	pdev->device = (u16)(id >> 16);
	pdev->class = cr >> 8;
	pdev->revision = (u8)cr;
	pdev->hdr_type = __pci_read(pdev, PCI_HEADER_TYPE, 1) & PCI_HEADER_TYPE_MASK;
	return pdev;
}

static void pci_log_dev(const struct pci_dev *pdev)
{
	pr_info("%s: [%04x:%04x] class 0x%06x %s\n", pdev->dev.name, pdev->vendor, pdev->device,
		pdev->class, class_name(pdev->class));
	for (unsigned int i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &pdev->bar[i];

		if (b->kind == PCI_BAR_NONE || !b->size)
			continue;
		pr_debug("%s: BAR %u: %s [0x%llx-0x%llx]%s\n", pdev->dev.name, i,
			 b->kind == PCI_BAR_PORT ? "io " : "mem", (unsigned long long)b->addr,
			 (unsigned long long)(b->addr + b->size - 1), b->prefetch ? " pref" : "");
	}
}

/*
 * Firmware may leave a function mastering DMA into memory the kernel now owns (SeaBIOS leaves
 * AHCI FIS receive areas live): endpoints lose bus mastering until a driver asks for it.
 */
static void pci_quiesce(struct pci_dev *pdev)
{
	u16 cmd = (u16)__pci_read(pdev, PCI_COMMAND, 2);

	if (pdev->hdr_type != PCI_HEADER_NORMAL || !(cmd & PCI_COMMAND_MASTER))
		return;
	__pci_write(pdev, PCI_COMMAND, 2, cmd & ~PCI_COMMAND_MASTER);
	pr_debug("%s: bus mastering turned off until a driver enables it\n", pdev->dev.name);
}

/*
 * The requester id the functions below a bridge use on the way to the IOMMU. Conventional PCI
 * has no requester ids: a PCIe-to-PCI bridge takes over their transactions as "secondary
 * bus, 00.0", other bridges (on the root complex) as themselves (PCIe-to-PCI/PCI-X bridge
 * spec 2.3). PCIe ports pass ids through. Once aliased, everything further down shares it.
 */
static int bridge_alias(const struct pci_dev *bridge, u8 secondary, int alias)
{
	u8 exp = pci_find_capability(bridge, PCI_CAP_ID_EXP);

	if (alias >= 0)
		return alias;
	if (!exp)
		return bridge->dev.rid;
	if (((__pci_read(bridge, exp + PCI_EXP_FLAGS, 2) >> 4) & 0xf) == PCI_EXP_TYPE_PCI_BRIDGE)
		return secondary << 8;
	return -1;
}

/* A bridge's secondary bus as the firmware numbered it; 0 when it left it unnumbered. */
static void pci_scan_bridge(const struct pci_dev *pdev, int alias)
{
	u8 secondary = (u8)__pci_read(pdev, PCI_SECONDARY_BUS, 1);

	if (secondary && secondary > pdev->bus)
		pci_scan_bus(pdev->dev.segment, secondary, bridge_alias(pdev, secondary, alias));
	else
		pr_warn("%s: bridge without a usable secondary bus number\n", pdev->dev.name);
}

static bool pci_scan_function(u16 segment, u8 bus, u8 devfn, int alias)
{
	u16 vendor = (u16)pci_raw_read(segment, bus, devfn, PCI_VENDOR_ID, 2);
	struct pci_dev *pdev;

	if (vendor == 0xffff || vendor == 0)
		return false;
	pdev = pci_dev_new(segment, bus, devfn, alias);
	if (!pdev) {
		pr_err("out of memory at %04x:%02x:%02x.%u\n", segment, bus, PCI_SLOT(devfn),
		       PCI_FUNC(devfn));
		return false;
	}
	pci_bars_probe(pdev);
	pci_quiesce(pdev);
	list_add_tail(&pdev->link, &pci_devices);
	nr_functions++;
	pci_log_dev(pdev);
	if (pdev->hdr_type == PCI_HEADER_BRIDGE)
		pci_scan_bridge(pdev, alias);
	return true;
}

static void pci_scan_slot(u16 segment, u8 bus, u8 dev, int alias)
{
	u8 hdr;

	if (!pci_scan_function(segment, bus, PCI_DEVFN(dev, 0), alias))
		return;
	hdr = (u8)pci_raw_read(segment, bus, PCI_DEVFN(dev, 0), PCI_HEADER_TYPE, 1);
	if (!(hdr & PCI_HEADER_MULTI))
		return;
	for (u8 fn = 1; fn < 8; fn++)
		pci_scan_function(segment, bus, PCI_DEVFN(dev, fn), alias);
}

/* Each bus once: a misprogrammed bridge pointing back up cannot make the walk loop. */
static void pci_scan_bus(u16 segment, u8 bus, int alias)
{
	if (__test_and_set_bit(bus, buses_seen))
		return;
	nr_buses++;
	pci_cfg_ecam_for(segment, bus, 0); /* map the bus's ECAM before the raw probes */
	for (u8 dev = 0; dev < 32; dev++)
		pci_scan_slot(segment, bus, dev, alias);
}

static void pci_scan_all(void)
{
	struct pci_ecam_info regions[8];
	unsigned int n = pci_ecam_regions(regions, ARRAY_SIZE(regions));

	if (!n) {
		pci_scan_bus(0, 0, -1);
		return;
	}
	/* Segments other than 0 would need their own bus bitmap; none exist on our machines. */
	for (unsigned int i = 0; i < n && i < ARRAY_SIZE(regions); i++)
		if (regions[i].segment == 0)
			pci_scan_bus(0, regions[i].bus_start, -1);
}

static void pci_log_summary(void)
{
	struct pci_ecam_info r;

	if (pci_ecam_regions(&r, 1))
		pr_info("%u functions on %u bus%s (ECAM at 0x%llx, segment %u, buses %02x-%02x)\n",
			nr_functions, nr_buses, nr_buses == 1 ? "" : "es",
			(unsigned long long)r.base, r.segment, r.bus_start, r.bus_end);
	else
		pr_info("%u functions on %u bus%s (config space through port I/O)\n", nr_functions,
			nr_buses, nr_buses == 1 ? "" : "es");
}

static int pci_init(void)
{
	int err = pci_cfg_setup();

	if (err) {
		pr_info("no config-space access mechanism; no PCI\n");
		return 0;
	}
	pci_scan_all();
	pci_log_summary();
	iommu_init();
	return 0;
}
bus_initcall(pci_init);

/* ---- Identity and checked config access --------------------------------------------------- */

struct device *pci_to_device(struct pci_dev *pdev)
{
	return &pdev->dev;
}

const char *pci_name(const struct pci_dev *pdev)
{
	return pdev->dev.name;
}

u16 pci_vendor(const struct pci_dev *pdev)
{
	return pdev->vendor;
}

u16 pci_device(const struct pci_dev *pdev)
{
	return pdev->device;
}

u32 pci_class(const struct pci_dev *pdev)
{
	return pdev->class;
}

u8 pci_revision(const struct pci_dev *pdev)
{
	return pdev->revision;
}

static bool cfg_offset_ok(const struct pci_dev *pdev, size_t offset, unsigned int width)
{
	return offset < pdev->cfg_size && width <= pdev->cfg_size - offset &&
	       !(offset & (width - 1));
}

static u32 cfg_read(const struct pci_dev *pdev, size_t offset, unsigned int width)
{
	static bool warned;

	if (!cfg_offset_ok(pdev, offset, width)) {
		if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
			pr_warn("%s: bad config read of %u bytes at 0x%zx (warned once)\n",
				pdev->dev.name, width, offset);
		return width == 4 ? 0xffffffffU : (1U << (8 * width)) - 1;
	}
	return __pci_read(pdev, (u16)offset, width);
}

static int cfg_write(struct pci_dev *pdev, size_t offset, unsigned int width, u32 val)
{
	if (!cfg_offset_ok(pdev, offset, width))
		return -ERANGE;
	if (pci_cfg_protected(pdev, (u16)offset, width))
		return -EPERM;
	__pci_write(pdev, (u16)offset, width, val);
	return 0;
}

u8 pci_cfg_read8(const struct pci_dev *pdev, size_t offset)
{
	return (u8)cfg_read(pdev, offset, 1);
}

u16 pci_cfg_read16(const struct pci_dev *pdev, size_t offset)
{
	return (u16)cfg_read(pdev, offset, 2);
}

u32 pci_cfg_read32(const struct pci_dev *pdev, size_t offset)
{
	return cfg_read(pdev, offset, 4);
}

int pci_cfg_write8(struct pci_dev *pdev, size_t offset, u8 val)
{
	return cfg_write(pdev, offset, 1, val);
}

int pci_cfg_write16(struct pci_dev *pdev, size_t offset, u16 val)
{
	return cfg_write(pdev, offset, 2, val);
}

int pci_cfg_write32(struct pci_dev *pdev, size_t offset, u32 val)
{
	return cfg_write(pdev, offset, 4, val);
}
