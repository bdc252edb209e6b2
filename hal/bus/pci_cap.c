// SPDX-License-Identifier: MPL-2.0
// The PCI capability lists (bounded walks, so a looping list cannot hang the kernel) and the
// map of config registers only the framework may write.
#include <hal/bus.h>
#include "pci_internal.h"

#define CAP_FIRST	 0x40 /* capabilities live after the 64-byte header */
#define CAP_WALK_MAX	 48   /* (256 - 64) / 4 */
#define EXT_CAP_FIRST	 0x100
#define EXT_CAP_WALK_MAX 480 /* (4096 - 256) / 8 */

#define MSI_FLAGS	  2
#define MSI_FLAGS_64BIT	  0x0080
#define MSI_FLAGS_MASKBIT 0x0100
#define MSIX_CAP_LEN	  12

static u8 cap_walk(const struct pci_dev *pdev, u8 ptr, u8 cap_id)
{
	for (int ttl = CAP_WALK_MAX; ttl > 0; ttl--) {
		u16 hdr;

		ptr &= ~3;
		if (ptr < CAP_FIRST)
			return 0;
		hdr = (u16)__pci_read(pdev, ptr, 2);
		if ((hdr & 0xff) == 0xff)
			return 0;
		if ((hdr & 0xff) == cap_id)
			return ptr;
		ptr = (u8)(hdr >> 8);
	}
	return 0;
}

u8 pci_find_capability(const struct pci_dev *pdev, u8 cap_id)
{
	if (!(__pci_read(pdev, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	return cap_walk(pdev, (u8)__pci_read(pdev, PCI_CAPABILITY_LIST, 1), cap_id);
}

u8 pci_find_next_capability(const struct pci_dev *pdev, u8 pos, u8 cap_id)
{
	if (pos < CAP_FIRST || pos > PCI_CFG_SIZE - 4)
		return 0;
	return cap_walk(pdev, (u8)__pci_read(pdev, pos + 1, 1), cap_id);
}

u16 pci_find_ext_capability(const struct pci_dev *pdev, u16 cap_id)
{
	u16 pos = EXT_CAP_FIRST;

	if (pdev->cfg_size < PCI_CFG_EXT_SIZE)
		return 0;
	for (int ttl = EXT_CAP_WALK_MAX; ttl > 0; ttl--) {
		u32 hdr = __pci_read(pdev, pos, 4);

		if (!hdr || hdr == 0xffffffffU)
			return 0;
		if ((hdr & 0xffff) == cap_id)
			return pos;
		pos = (u16)((hdr >> 20) & ~3U);
		if (pos < EXT_CAP_FIRST)
			return 0;
	}
	return 0;
}

static bool overlaps(u16 off, unsigned int width, u16 start, u16 end)
{
	return off < end && off + width > start;
}

static u16 msi_cap_len(const struct pci_dev *pdev, u8 pos)
{
	u16 flags = (u16)__pci_read(pdev, pos + MSI_FLAGS, 2);

	return 10 + (flags & MSI_FLAGS_64BIT ? 4 : 0) + (flags & MSI_FLAGS_MASKBIT ? 10 : 0);
}

static bool header_protected(const struct pci_dev *pdev, u16 off, unsigned int width)
{
	if (overlaps(off, width, PCI_COMMAND, PCI_COMMAND + 2))
		return true;
	if (pdev->hdr_type == PCI_HEADER_BRIDGE)
		/* BARs, bus numbers, I/O and memory windows, expansion ROM. */
		return overlaps(off, width, PCI_BAR0, 0x1e) || overlaps(off, width, 0x20, 0x34) ||
		       overlaps(off, width, PCI_ROM_ADDRESS1, PCI_ROM_ADDRESS1 + 4);
	return overlaps(off, width, PCI_BAR0, PCI_BAR0 + 4 * PCI_NUM_BARS) ||
	       overlaps(off, width, PCI_ROM_ADDRESS, PCI_ROM_ADDRESS + 4);
}

bool pci_cfg_protected(const struct pci_dev *pdev, u16 off, unsigned int width)
{
	u8 pos;

	if (header_protected(pdev, off, width))
		return true;
	/* Message address and data decide where the device writes: the framework's. */
	pos = pci_find_capability(pdev, PCI_CAP_ID_MSI);
	if (pos && overlaps(off, width, pos, pos + msi_cap_len(pdev, pos)))
		return true;
	pos = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	return pos && overlaps(off, width, pos, pos + MSIX_CAP_LEN);
}
