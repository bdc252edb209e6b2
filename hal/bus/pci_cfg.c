// SPDX-License-Identifier: MPL-2.0
// PCI config-space access: memory-mapped ECAM windows described by ACPI's MCFG, and the x86
// port-I/O mechanism #1 (0xcf8/0xcfc) as the fallback for the first 256 bytes of segment 0.
#define pr_fmt(fmt) "pci: " fmt

#include <hal/errno.h>
#include <hal/acpi.h>
#include <hal/arch_iommu.h>
#include <hal/err.h>
#include <hal/iomem.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/rawlock.h>
#include "pci_internal.h"

#define ECAM_BUS_SIZE (1UL << 20) /* 32 devices x 8 functions x 4 KiB */
#define MAX_ECAM      8

#define CF8_ADDR   0
#define CFC_DATA   4
#define CF8_ENABLE 0x80000000U

struct ecam_region {
	paddr_t base; /* address of bus 0 of the segment (MCFG's convention) */
	u16 segment;
	u8 bus_start, bus_end;
	void **bus_map; /* per bus: its 1 MiB mapped uncached, or NULL (made at boot) */
};

static struct ecam_region ecam[MAX_ECAM];
static unsigned int nr_ecam;
static struct io_port *cf8_port;		 /* mechanism #1, when the arch has port I/O */
static struct raw_lock cf8_lock = RAW_LOCK_INIT; /* the address/data pair is one access */

int pci_ecam_add(u16 segment, u8 bus_start, u8 bus_end, paddr_t base)
{
	struct ecam_region *r;

	if (bus_end < bus_start || nr_ecam == MAX_ECAM)
		return -EINVAL;
	r = &ecam[nr_ecam];
	r->bus_map = kcalloc(bus_end - bus_start + 1, sizeof(void *));
	if (!r->bus_map)
		return -ENOMEM;
	r->base = base;
	r->segment = segment;
	r->bus_start = bus_start;
	r->bus_end = bus_end;
	nr_ecam++;
	return 0;
}

static struct ecam_region *ecam_find(u16 segment, u8 bus)
{
	for (unsigned int i = 0; i < nr_ecam; i++)
		if (ecam[i].segment == segment && bus >= ecam[i].bus_start &&
		    bus <= ecam[i].bus_end)
			return &ecam[i];
	return NULL;
}

/* The mapped 1 MiB of @bus; maps it on first use, which only the boot-time scan does. */
static void *ecam_bus(struct ecam_region *r, u8 bus, bool may_map)
{
	void **slot = &r->bus_map[bus - r->bus_start];
	void *va;

	if (*slot || !may_map)
		return *slot;
	va = iomem_map_phys(r->base + ((paddr_t)bus << 20), ECAM_BUS_SIZE, CACHE_UC);
	if (IS_ERR(va)) {
		pr_warn("cannot map ECAM of bus %02x: %d\n", bus, (int)PTR_ERR(va));
		return NULL;
	}
	*slot = va;
	return va;
}

void *pci_cfg_ecam_for(u16 segment, u8 bus, u8 devfn)
{
	struct ecam_region *r = ecam_find(segment, bus);
	u8 *va = r ? ecam_bus(r, bus, true) : NULL;

	return va ? va + ((size_t)devfn << 12) : NULL;
}

static u32 ecam_read(const u8 *fn, u16 offset, unsigned int width)
{
	switch (width) {
	case 1:
		return mmio_read8(fn + offset);
	case 2:
		return mmio_read16(fn + offset);
	default:
		return mmio_read32(fn + offset);
	}
}

static void ecam_write(u8 *fn, u16 offset, unsigned int width, u32 val)
{
	switch (width) {
	case 1:
		mmio_write8(fn + offset, (u8)val);
		break;
	case 2:
		mmio_write16(fn + offset, (u16)val);
		break;
	default:
		mmio_write32(fn + offset, val);
		break;
	}
}

static u32 cf8_address(u8 bus, u8 devfn, u16 offset)
{
	return CF8_ENABLE | (u32)bus << 16 | (u32)devfn << 8 | (offset & 0xfc);
}

static u32 cf8_read(u8 bus, u8 devfn, u16 offset, unsigned int width)
{
	unsigned long flags = raw_lock_irqsave(&cf8_lock);
	size_t data = CFC_DATA + (offset & 3);
	u32 v;

	ioport_write32(cf8_port, CF8_ADDR, cf8_address(bus, devfn, offset));
	if (width == 1)
		v = ioport_read8(cf8_port, data);
	else if (width == 2)
		v = ioport_read16(cf8_port, data);
	else
		v = ioport_read32(cf8_port, data);
	raw_unlock_irqrestore(&cf8_lock, flags);
	return v;
}

static void cf8_write(u8 bus, u8 devfn, u16 offset, unsigned int width, u32 val)
{
	unsigned long flags = raw_lock_irqsave(&cf8_lock);
	size_t data = CFC_DATA + (offset & 3);

	ioport_write32(cf8_port, CF8_ADDR, cf8_address(bus, devfn, offset));
	if (width == 1)
		ioport_write8(cf8_port, data, (u8)val);
	else if (width == 2)
		ioport_write16(cf8_port, data, (u16)val);
	else
		ioport_write32(cf8_port, data, val);
	raw_unlock_irqrestore(&cf8_lock, flags);
}

static u32 all_ones(unsigned int width)
{
	return width == 4 ? 0xffffffffU : (1U << (width * 8)) - 1;
}

u32 pci_raw_read(u16 segment, u8 bus, u8 devfn, u16 offset, unsigned int width)
{
	struct ecam_region *r = ecam_find(segment, bus);
	u8 *va = r ? ecam_bus(r, bus, false) : NULL;

	if (va && offset + width <= PCI_CFG_EXT_SIZE)
		return ecam_read(va + ((size_t)devfn << 12), offset, width);
	if (!r && cf8_port && segment == 0 && offset + width <= PCI_CFG_SIZE)
		return cf8_read(bus, devfn, offset, width);
	return all_ones(width);
}

void pci_raw_write(u16 segment, u8 bus, u8 devfn, u16 offset, unsigned int width, u32 val)
{
	struct ecam_region *r = ecam_find(segment, bus);
	u8 *va = r ? ecam_bus(r, bus, false) : NULL;

	if (va && offset + width <= PCI_CFG_EXT_SIZE)
		ecam_write(va + ((size_t)devfn << 12), offset, width, val);
	else if (!r && cf8_port && segment == 0 && offset + width <= PCI_CFG_SIZE)
		cf8_write(bus, devfn, offset, width, val);
}

u32 hal_pci_config_read(u16 segment, u8 bus, u8 devfn, u16 offset, unsigned int width)
{
	return pci_raw_read(segment, bus, devfn, offset, width);
}

u32 __pci_read(const struct pci_dev *pdev, u16 offset, unsigned int width)
{
	if (pdev->ecam)
		return ecam_read(pdev->ecam, offset, width);
	return pci_raw_read(pdev->dev.segment, pdev->bus, pdev->devfn, offset, width);
}

void __pci_write(const struct pci_dev *pdev, u16 offset, unsigned int width, u32 val)
{
	if (pdev->ecam)
		ecam_write(pdev->ecam, offset, width, val);
	else
		pci_raw_write(pdev->dev.segment, pdev->bus, pdev->devfn, offset, width, val);
}

const char *pci_cfg_mechanism(void)
{
	return nr_ecam ? "ECAM" : "port I/O";
}

unsigned int pci_ecam_regions(struct pci_ecam_info *out, unsigned int max)
{
	unsigned int i;

	for (i = 0; i < nr_ecam && i < max; i++) {
		out[i].base = ecam[i].base;
		out[i].segment = ecam[i].segment;
		out[i].bus_start = ecam[i].bus_start;
		out[i].bus_end = ecam[i].bus_end;
	}
	return nr_ecam;
}

int pci_ecam_from_firmware(void)
{
	unsigned int n;
	int err = 0;

	if (!IS_ENABLED(CONFIG_ARCH_HAS_ACPI))
		return -ENODEV;
	n = acpi_mcfg_count();
	for (unsigned int i = 0; i < n && !err; i++) {
		const struct acpi_mcfg_region *r = acpi_mcfg_get(i);

		err = pci_ecam_add(r->segment, r->bus_start, r->bus_end, r->base);
	}
	return err ?: n ? 0 : -ENODEV;
}

/* Mechanism #1 exists if the address register keeps what was written (PCI 2.x, 3.2.2.3.2). */
static bool cf8_probe(void)
{
	struct io_port *port = ioport_create(0xcf8, 8);
	u32 old, back;

	if (IS_ERR(port))
		return false;
	old = ioport_read32(port, CF8_ADDR);
	ioport_write32(port, CF8_ADDR, CF8_ENABLE);
	back = ioport_read32(port, CF8_ADDR);
	ioport_write32(port, CF8_ADDR, old);
	if (back != CF8_ENABLE) {
		ioport_put(port);
		return false;
	}
	cf8_port = port;
	return true;
}

int pci_cfg_setup(void)
{
	int err = pci_ecam_from_firmware();

	if (err && err != -ENODEV)
		pr_warn("MCFG unusable (%d), trying port I/O\n", err);
	if (!cf8_probe() && !nr_ecam)
		return -ENODEV;
	return 0;
}
