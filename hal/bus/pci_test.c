// SPDX-License-Identifier: MPL-2.0
// ktests of PCI enumeration, checked config access, capabilities, BAR handles and drivers,
// on the functions QEMU's q35 machine always has (host bridge, ICH9 AHCI at 00:1f.2).
#include <hal/bus.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/io.h>
#include <hal/ktest.h>
#include "../iommu/iommu.h"
#include "pci_internal.h"

#define CLASS_AHCI     0x010601
#define CLASS_HOST     0x060000
#define AHCI_ABAR      5
#define AHCI_IDP_BAR   4
#define AHCI_VS	       0x10
#define AHCI_IDP_INDEX 0x10 /* ICH9: the pair sits at 0x10/0x14 of the I/O BAR */
#define AHCI_IDP_DATA  0x14

static struct pci_dev *ahci(void)
{
	return pci_find_class(CLASS_AHCI, 0xffffff, NULL);
}

KTEST(pci, enumeration_found_host_bridge)
{
	struct pci_dev *host = pci_find_class(CLASS_HOST, 0xffff00, NULL);
	unsigned int n = 0;

	for (struct pci_dev *p = pci_next(NULL); p; p = pci_next(p))
		n++;
	if (!n)
		KTEST_SKIP("no PCI on this machine");
	KASSERT_NOT_NULL(host);
	KEXPECT_STREQ(pci_name(host), "0000:00:00.0");
	KEXPECT_NE(pci_vendor(host), 0xffff);
}

KTEST(pci, config_reads_match_identity)
{
	for (struct pci_dev *p = pci_next(NULL); p; p = pci_next(p)) {
		KEXPECT_EQ(pci_cfg_read16(p, PCI_VENDOR_ID), pci_vendor(p));
		KEXPECT_EQ(pci_cfg_read16(p, PCI_DEVICE_ID), pci_device(p));
		KEXPECT_EQ(pci_cfg_read32(p, PCI_CLASS_REVISION) >> 8, pci_class(p));
		KEXPECT_EQ(pci_cfg_read8(p, PCI_CLASS_REVISION), pci_revision(p));
	}
}

KTEST(pci, config_offsets_are_checked)
{
	struct pci_dev *p = pci_next(NULL);

	if (!p)
		KTEST_SKIP("no PCI on this machine");
	KEXPECT_EQ(pci_cfg_read32(p, p->cfg_size), 0xffffffffU);
	KEXPECT_EQ(pci_cfg_read32(p, p->cfg_size - 2), 0xffffffffU);
	KEXPECT_EQ(pci_cfg_read16(p, 1), 0xffff); /* misaligned */
	KEXPECT_EQ(pci_cfg_write32(p, p->cfg_size, 0), -ERANGE);
	KEXPECT_EQ(pci_cfg_write16(p, 3, 0), -ERANGE);
}

KTEST(pci, framework_registers_are_protected)
{
	struct pci_dev *p = ahci();
	u32 bar5;
	u8 line;

	if (!p)
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	bar5 = pci_cfg_read32(p, PCI_BAR0 + 4 * AHCI_ABAR);
	KEXPECT_EQ(pci_cfg_write32(p, PCI_BAR0 + 4 * AHCI_ABAR, 0x1000), -EPERM);
	KEXPECT_EQ(pci_cfg_write8(p, PCI_BAR0 + 4 * AHCI_ABAR + 3, 0), -EPERM);
	KEXPECT_EQ(pci_cfg_write16(p, PCI_COMMAND, 0), -EPERM);
	KEXPECT_EQ(pci_cfg_write32(p, PCI_ROM_ADDRESS, 0), -EPERM);
	KEXPECT_EQ(pci_cfg_read32(p, PCI_BAR0 + 4 * AHCI_ABAR), bar5);
	/* Writable: the interrupt line is scratch for software. */
	line = pci_cfg_read8(p, PCI_INTERRUPT_LINE);
	KEXPECT_EQ(pci_cfg_write8(p, PCI_INTERRUPT_LINE, 0x5a), 0);
	KEXPECT_EQ(pci_cfg_read8(p, PCI_INTERRUPT_LINE), 0x5a);
	KEXPECT_EQ(pci_cfg_write8(p, PCI_INTERRUPT_LINE, line), 0);
}

KTEST(pci, msi_capability_is_protected)
{
	struct pci_dev *p = ahci();
	u8 msi;

	if (!p)
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	msi = pci_find_capability(p, PCI_CAP_ID_MSI);
	KASSERT_NE(msi, 0);
	KEXPECT_EQ(pci_cfg_write32(p, msi + 4, 0xfee00000), -EPERM);
	KEXPECT_EQ(pci_cfg_write16(p, msi + 2, 1), -EPERM);
}

KTEST(pci, capability_walk)
{
	struct pci_dev *p = ahci();
	u8 msi, sata;

	if (!p)
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	msi = pci_find_capability(p, PCI_CAP_ID_MSI);
	sata = pci_find_capability(p, PCI_CAP_ID_SATA);
	KEXPECT_GE(msi, 0x40);
	KEXPECT_GE(sata, 0x40);
	KEXPECT_EQ(pci_cfg_read8(p, msi), PCI_CAP_ID_MSI);
	KEXPECT_EQ(pci_cfg_read8(p, sata), PCI_CAP_ID_SATA);
	KEXPECT_EQ(pci_find_next_capability(p, msi, PCI_CAP_ID_MSI), 0);
	KEXPECT_EQ(pci_find_capability(p, 0x3f), 0);
	KEXPECT_EQ(pci_find_next_capability(p, 0, PCI_CAP_ID_MSI), 0);
	KEXPECT_EQ(pci_msix_vectors(p), -ENODEV);
	/* Conventional functions have no extended list; the walk must end cleanly either way. */
	for (struct pci_dev *q = pci_next(NULL); q; q = pci_next(q)) {
		u16 pos = pci_find_ext_capability(q, PCI_EXT_CAP_ID_ERR);

		KEXPECT_TRUE(pos == 0 || pos >= 0x100);
	}
}

KTEST(pci, memory_bar_handle)
{
	struct pci_dev *p = ahci();
	struct io_mem *abar;

	if (!p)
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	KASSERT_TRUE(pci_bar_size(p, AHCI_ABAR) >= 0x200);
	KEXPECT_FALSE(pci_bar_is_io(p, AHCI_ABAR));
	abar = pci_bar_iomem(p, AHCI_ABAR);
	KASSERT_TRUE(!IS_ERR(abar));
	KEXPECT_EQ(iomem_size(abar), pci_bar_size(p, AHCI_ABAR));
	KEXPECT_EQ(iomem_read32(abar, AHCI_VS) >> 16, 1); /* AHCI 1.x */
	KEXPECT_EQ(iomem_read32(abar, iomem_size(abar)), 0xffffffffU);
	KEXPECT_EQ(iomem_write32(abar, iomem_size(abar), 0), -ERANGE);
	iomem_put(abar);
	KEXPECT_EQ(PTR_ERR(pci_bar_iomem(p, AHCI_IDP_BAR)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(pci_bar_iomem(p, PCI_NUM_BARS)), -EINVAL);
}

KTEST(pci, io_bar_handle)
{
	struct pci_dev *p = ahci();
	struct io_port *idp;

	if (!p)
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	if (!pci_bar_is_io(p, AHCI_IDP_BAR))
		KTEST_SKIP("AHCI without an index/data-pair I/O BAR");
	idp = pci_bar_ioport(p, AHCI_IDP_BAR);
	KASSERT_TRUE(!IS_ERR(idp));
	KEXPECT_EQ(ioport_size(idp), pci_bar_size(p, AHCI_IDP_BAR));
	/* Through the index/data pair the version register reads as through the memory BAR. */
	KEXPECT_EQ(ioport_write32(idp, AHCI_IDP_INDEX, AHCI_VS), 0);
	KEXPECT_EQ(ioport_read32(idp, AHCI_IDP_DATA) >> 16, 1);
	ioport_put(idp);
	KEXPECT_EQ(PTR_ERR(pci_bar_ioport(p, AHCI_ABAR)), -EINVAL);
}

static unsigned int probes;

static int refusing_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	(void)pdev, (void)id;
	probes++;
	return -ENODEV;
}

static const struct pci_device_id any_id[] = { { PCI_ANY_ID, PCI_ANY_ID, 0, 0 }, {} };
static const struct pci_device_id no_id[] = { { 0x1, 0x2, 0, 0 }, {} };

KTEST(pci, driver_matching_and_refusal)
{
	static struct pci_driver refuse_all = { .name = "ktest-refuse",
						.ids = any_id,
						.probe = refusing_probe };
	static struct pci_driver none = { .name = "ktest-none",
					  .ids = no_id,
					  .probe = refusing_probe };
	unsigned int unbound = 0;

	for (struct pci_dev *p = pci_next(NULL); p; p = pci_next(p))
		unbound += !p->driver;
	probes = 0;
	KEXPECT_EQ(pci_register_driver(&none), 0);
	KEXPECT_EQ(probes, 0);
	KEXPECT_EQ(pci_register_driver(&refuse_all), 0);
	KEXPECT_EQ(probes, unbound);
	for (struct pci_dev *p = pci_next(NULL); p; p = pci_next(p))
		KEXPECT_TRUE(p->driver != &refuse_all);
	KEXPECT_EQ(pci_register_driver(NULL), -EINVAL);
}

static struct pci_dev *free_msix_function(void)
{
	for (struct pci_dev *p = pci_next(NULL); p; p = pci_next(p))
		if (!p->driver && !p->msix && pci_msix_vectors(p) > 0)
			return p;
	return NULL;
}

static u32 msix_entry_read(struct pci_dev *p, unsigned int entry, unsigned int word)
{
	u8 cap = pci_find_capability(p, PCI_CAP_ID_MSIX);
	u32 tbl = pci_cfg_read32(p, cap + 4);
	struct io_mem *bar = pci_bar_iomem(p, tbl & 7);
	u32 v;

	if (IS_ERR(bar))
		return 0xffffffffU;
	v = iomem_read32(bar, (tbl & ~7U) + 16 * entry + 4 * word);
	iomem_put(bar);
	return v;
}

static void msix_nop(void *arg)
{
	(void)arg;
}

KTEST(pci, msix_table_programming)
{
	struct pci_dev *p = free_msix_function();
	u8 cap;
	u32 addr;

	if (!p)
		KTEST_SKIP("no free MSI-X function (q35 has none; virtio-pci and e1000e have it)");
	cap = pci_find_capability(p, PCI_CAP_ID_MSIX);
	KASSERT_EQ(pci_msix_enable(p, 1), 0);
	KEXPECT_EQ(pci_msix_enable(p, 1), -EBUSY);
	KEXPECT_EQ(pci_cfg_read16(p, cap + 2) & 0xc000, 0x8000); /* on, function unmasked */
	KEXPECT_EQ(msix_entry_read(p, 0, 3) & 1, 1);		 /* masked until a handler */
	addr = msix_entry_read(p, 0, 0);
	KEXPECT_EQ(addr >> 20, 0xfee);
	KEXPECT_EQ(!!(addr & (1U << 4)), iommu_irq_remapping()); /* remappable format */
	KEXPECT_EQ(pci_msix_set_handler(p, 1, msix_nop, NULL), -EINVAL);
	KEXPECT_EQ(pci_msix_set_handler(p, 0, msix_nop, NULL), 0);
	KEXPECT_EQ(msix_entry_read(p, 0, 3) & 1, 0);
	KEXPECT_EQ(pci_cfg_read16(p, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE,
		   PCI_COMMAND_INTX_DISABLE);
	pci_msix_disable(p);
	KEXPECT_EQ(pci_cfg_read16(p, cap + 2) & 0x8000, 0);
	KEXPECT_EQ(pci_msix_mask(p, 0, true), -EINVAL);
	KEXPECT_EQ(pci_msix_vectors(p) > 0, true);
}
