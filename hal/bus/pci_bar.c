// SPDX-License-Identifier: MPL-2.0
// PCI BARs: sized once at boot with decoding off, then handed to drivers only as io_mem /
// io_port handles over exactly the BAR, never as an address.
#define pr_fmt(fmt) "pci: " fmt

#include <hal/err.h>
#include <hal/errno.h>
#include <hal/iomem.h>
#include <hal/log.h>
#include <hal/rawlock.h>
#include "pci_internal.h"

/* Serializes the command register's read-modify-write and the BAR mappings' creation. */
static struct raw_lock pci_lock = RAW_LOCK_INIT;

static u32 bar_probe_dword(struct pci_dev *pdev, u16 off, u32 *orig)
{
	u32 mask;

	*orig = __pci_read(pdev, off, 4);
	__pci_write(pdev, off, 4, 0xffffffffU);
	mask = __pci_read(pdev, off, 4);
	__pci_write(pdev, off, 4, *orig);
	return mask;
}

/* Size BAR @i; returns how many BAR slots it used (2 for a 64-bit memory BAR). */
static unsigned int bar_probe_one(struct pci_dev *pdev, unsigned int i, unsigned int nbars)
{
	struct pci_bar *b = &pdev->bar[i];
	u16 off = (u16)(PCI_BAR0 + 4 * i);
	u32 orig, mask, orig_hi = 0, mask_hi = 0xffffffffU;
	u64 m;

	mask = bar_probe_dword(pdev, off, &orig);
	if (!mask || mask == 0xffffffffU)
		return 1; /* unimplemented (or a broken read) */
	if (orig & PCI_BAR_IO) {
		b->kind = PCI_BAR_PORT;
		b->addr = orig & ~3U;
		b->size = (~((mask & ~3U) | 0xffff0000U) + 1) & 0xffff;
		return 1;
	}
	b->prefetch = orig & PCI_BAR_PREFETCH;
	b->kind = PCI_BAR_MEM32;
	if ((orig & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64 && i + 1 < nbars) {
		b->kind = PCI_BAR_MEM64;
		mask_hi = bar_probe_dword(pdev, off + 4, &orig_hi);
	}
	m = (u64)mask_hi << 32 | (mask & ~0xfU);
	b->size = ~m + 1;
	b->addr = (u64)orig_hi << 32 | (orig & ~0xfU);
	return b->kind == PCI_BAR_MEM64 ? 2 : 1;
}

void pci_bars_probe(struct pci_dev *pdev)
{
	unsigned int nbars;
	u16 cmd;

	if (pdev->hdr_type == PCI_HEADER_NORMAL)
		nbars = PCI_NUM_BARS;
	else if (pdev->hdr_type == PCI_HEADER_BRIDGE)
		nbars = PCI_BRIDGE_BAR_COUNT;
	else
		return;
	/* With decoding on, the all-ones probe would briefly claim a huge address window. */
	cmd = (u16)__pci_read(pdev, PCI_COMMAND, 2);
	__pci_write(pdev, PCI_COMMAND, 2, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned int i = 0; i < nbars;)
		i += bar_probe_one(pdev, i, nbars);
	__pci_write(pdev, PCI_COMMAND, 2, cmd);
	/* A BAR the firmware left at 0 is not assigned: it must not be handed out. */
	for (unsigned int i = 0; i < nbars; i++)
		if (!pdev->bar[i].addr)
			pdev->bar[i].size = 0;
}

static const struct pci_bar *bar_get(const struct pci_dev *pdev, unsigned int bar)
{
	if (bar >= PCI_NUM_BARS || pdev->bar[bar].kind == PCI_BAR_NONE || !pdev->bar[bar].size)
		return NULL;
	return &pdev->bar[bar];
}

u64 pci_bar_size(const struct pci_dev *pdev, unsigned int bar)
{
	const struct pci_bar *b = bar_get(pdev, bar);

	return b ? b->size : 0;
}

bool pci_bar_is_io(const struct pci_dev *pdev, unsigned int bar)
{
	const struct pci_bar *b = bar_get(pdev, bar);

	return b && b->kind == PCI_BAR_PORT;
}

/* The BAR's shared mapping, made once; callers get slices so each can iomem_put its own. */
static struct io_mem *bar_mapping(struct pci_bar *b)
{
	struct io_mem *io = __atomic_load_n(&b->map, __ATOMIC_ACQUIRE);
	unsigned long flags;

	if (io)
		return io;
	io = iomem_create(b->addr, b->size, CACHE_UC);
	if (IS_ERR(io))
		return io;
	flags = raw_lock_irqsave(&pci_lock);
	if (!b->map) {
		__atomic_store_n(&b->map, io, __ATOMIC_RELEASE);
		io = NULL;
	}
	raw_unlock_irqrestore(&pci_lock, flags);
	iomem_put(io); /* lost a race: drop ours */
	return b->map;
}

struct io_mem *pci_bar_iomem(struct pci_dev *pdev, unsigned int bar)
{
	struct pci_bar *b = (struct pci_bar *)bar_get(pdev, bar);
	struct io_mem *io;

	if (!b || b->kind == PCI_BAR_PORT)
		return ERR_PTR(-EINVAL);
	if (b->size > SIZE_MAX)
		return ERR_PTR(-ENOMEM);
	io = bar_mapping(b);
	if (IS_ERR(io))
		return io;
	return iomem_slice(io, 0, (size_t)b->size);
}

struct io_port *pci_bar_ioport(struct pci_dev *pdev, unsigned int bar)
{
	const struct pci_bar *b = bar_get(pdev, bar);

	if (!b || b->kind != PCI_BAR_PORT || b->addr + b->size > 0x10000)
		return ERR_PTR(-EINVAL);
	return ioport_create((u16)b->addr, (u32)b->size);
}

void pci_command_update(struct pci_dev *pdev, u16 clear, u16 set)
{
	unsigned long flags = raw_lock_irqsave(&pci_lock);
	u16 cmd = (u16)__pci_read(pdev, PCI_COMMAND, 2);

	__pci_write(pdev, PCI_COMMAND, 2, (cmd & ~clear) | set);
	raw_unlock_irqrestore(&pci_lock, flags);
}

int pci_enable_device(struct pci_dev *pdev)
{
	u16 set = 0;

	for (unsigned int i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = bar_get(pdev, i);

		if (b)
			set |= b->kind == PCI_BAR_PORT ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
	}
	pci_command_update(pdev, 0, set);
	return 0;
}

int pci_set_master(struct pci_dev *pdev, bool enable)
{
	pci_command_update(pdev, enable ? 0 : PCI_COMMAND_MASTER, enable ? PCI_COMMAND_MASTER : 0);
	return 0;
}
