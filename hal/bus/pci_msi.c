// SPDX-License-Identifier: MPL-2.0
// MSI and MSI-X: vectors from the interrupt layer, messages written by the framework only
// (through the IOMMU's interrupt-remapping table when it is on), INTx turned off meanwhile.
#define pr_fmt(fmt) "pci: " fmt

#include <hal/err.h>
#include <hal/errno.h>
#include <hal/io.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/mm.h>
#include "../iommu/iommu.h"
#include "pci_internal.h"

#define MSI_FLAGS	  2
#define MSI_FLAGS_ENABLE  0x0001
#define MSI_FLAGS_QSIZE	  0x0070 /* multiple message enable */
#define MSI_FLAGS_64BIT	  0x0080
#define MSI_FLAGS_MASKBIT 0x0100
#define MSI_ADDR_LO	  4
#define MSI_ADDR_HI	  8
#define MSI_DATA_32	  8
#define MSI_DATA_64	  12
#define MSI_MASK_32	  12
#define MSI_MASK_64	  16

#define MSIX_FLAGS	   2
#define MSIX_FLAGS_QSIZE   0x07ff
#define MSIX_FLAGS_MASKALL 0x4000
#define MSIX_FLAGS_ENABLE  0x8000
#define MSIX_TABLE	   4
#define MSIX_BIR_MASK	   0x7
#define MSIX_ENTRY_SIZE	   16
#define MSIX_ENTRY_ADDR_LO 0
#define MSIX_ENTRY_ADDR_HI 4
#define MSIX_ENTRY_DATA	   8
#define MSIX_ENTRY_CTRL	   12
#define MSIX_ENTRY_MASKED  0x1
#define MSI_MAX_VECTORS	   32

/* The interrupt state of a function while MSI or MSI-X is on (pdev->msix). */
struct pci_msix {
	bool msix; /* else plain MSI (one vector) */
	u8 cap;	   /* capability offset */
	int irq;   /* first of nvec interrupt numbers */
	unsigned int nvec;
	struct io_mem *table; /* MSI-X table: the BAR slice holding it */
	bool remapped;	      /* handles[] are interrupt-remapping entries */
	u32 handles[MSI_MAX_VECTORS];
};

static void msi_spurious(void *arg)
{
	struct pci_dev *pdev = arg;

	pr_warn("%s: interrupt on a vector without a handler\n", pdev->dev.name);
}

static struct pci_msix *msix_state_new(struct pci_dev *pdev, u8 cap, unsigned int nvec,
				       pci_irq_handler_t fn, void *arg)
{
	struct pci_msix *m;

	if (!IS_ENABLED(CONFIG_ARCH_HAS_MSI))
		return ERR_PTR(-EOPNOTSUPP);
	if (pdev->msix)
		return ERR_PTR(-EBUSY);
	m = kzalloc(sizeof(*m));
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->cap = cap;
	m->nvec = nvec;
	m->irq = irq_msi_alloc(nvec, fn ? fn : msi_spurious, fn ? arg : pdev);
	if (m->irq < 0) {
		int err = m->irq;

		kfree(m);
		return ERR_PTR(err == -EINVAL ? -EINVAL : -ENOSPC);
	}
	return m;
}

static void msix_state_free(struct pci_msix *m)
{
	if (m->remapped)
		for (unsigned int i = 0; i < m->nvec; i++)
			iommu_msi_unmap(m->handles[i]);
	irq_msi_free(m->irq, m->nvec);
	iomem_put(m->table);
	kfree(m);
}

/* The message that raises vector @i, remapped when the IOMMU remaps interrupts. */
static int msi_message(struct pci_dev *pdev, struct pci_msix *m, unsigned int i,
		       struct msi_msg *msg)
{
	int err = irq_msi_compose(m->irq + (int)i, msg);

	if (err || !iommu_irq_remapping())
		return err;
	err = iommu_msi_remap(&pdev->dev, m->irq + (int)i, msg, &m->handles[i]);
	if (!err)
		m->remapped = true;
	return err;
}

/* Release the vectors already remapped when a later one fails. */
static void msi_messages_undo(struct pci_msix *m, unsigned int done)
{
	if (m->remapped)
		for (unsigned int i = 0; i < done; i++)
			iommu_msi_unmap(m->handles[i]);
	m->remapped = false;
}

/* ---- MSI ---------------------------------------------------------------------------------- */

static void msi_write(struct pci_dev *pdev, u8 cap, u16 flags, const struct msi_msg *msg)
{
	bool is64 = flags & MSI_FLAGS_64BIT;

	__pci_write(pdev, cap + MSI_ADDR_LO, 4, (u32)msg->addr);
	if (is64)
		__pci_write(pdev, cap + MSI_ADDR_HI, 4, (u32)(msg->addr >> 32));
	__pci_write(pdev, cap + (is64 ? MSI_DATA_64 : MSI_DATA_32), 2, (u16)msg->data);
	if (flags & MSI_FLAGS_MASKBIT)
		__pci_write(pdev, cap + (is64 ? MSI_MASK_64 : MSI_MASK_32), 4, 0);
}

int pci_msi_enable(struct pci_dev *pdev, pci_irq_handler_t fn, void *arg)
{
	u8 cap = pci_find_capability(pdev, PCI_CAP_ID_MSI);
	struct pci_msix *m;
	struct msi_msg msg;
	u16 flags;
	int err;

	if (!cap)
		return -ENODEV;
	if (!fn)
		return -EINVAL;
	m = msix_state_new(pdev, cap, 1, fn, arg);
	if (IS_ERR(m))
		return (int)PTR_ERR(m);
	err = msi_message(pdev, m, 0, &msg);
	if (err) {
		msix_state_free(m);
		return err;
	}
	flags = (u16)__pci_read(pdev, cap + MSI_FLAGS, 2);
	msi_write(pdev, cap, flags, &msg);
	__pci_write(pdev, cap + MSI_FLAGS, 2, (flags & ~MSI_FLAGS_QSIZE) | MSI_FLAGS_ENABLE);
	pci_command_update(pdev, 0, PCI_COMMAND_INTX_DISABLE);
	pdev->msix = m;
	return 0;
}

void pci_msi_disable(struct pci_dev *pdev)
{
	struct pci_msix *m = pdev->msix;
	u16 flags;

	if (!m || m->msix)
		return;
	flags = (u16)__pci_read(pdev, m->cap + MSI_FLAGS, 2);
	__pci_write(pdev, m->cap + MSI_FLAGS, 2, flags & ~MSI_FLAGS_ENABLE);
	pdev->msix = NULL;
	msix_state_free(m);
}

/* ---- MSI-X -------------------------------------------------------------------------------- */

int pci_msix_vectors(const struct pci_dev *pdev)
{
	u8 cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);

	if (!cap)
		return -ENODEV;
	return (__pci_read(pdev, cap + MSIX_FLAGS, 2) & MSIX_FLAGS_QSIZE) + 1;
}

/* A handle on exactly the table, inside the BAR its BIR names. */
static struct io_mem *msix_table_map(struct pci_dev *pdev, u8 cap, unsigned int nr)
{
	u32 tbl = __pci_read(pdev, cap + MSIX_TABLE, 4);
	struct io_mem *bar = pci_bar_iomem(pdev, tbl & MSIX_BIR_MASK);
	struct io_mem *table;

	if (IS_ERR(bar))
		return bar;
	table = iomem_slice(bar, tbl & ~MSIX_BIR_MASK, (size_t)nr * MSIX_ENTRY_SIZE);
	iomem_put(bar);
	return table;
}

static int msix_program(struct pci_dev *pdev, struct pci_msix *m)
{
	struct msi_msg msg;

	for (unsigned int i = 0; i < m->nvec; i++) {
		size_t e = (size_t)i * MSIX_ENTRY_SIZE;
		int err = msi_message(pdev, m, i, &msg);

		if (err) {
			msi_messages_undo(m, i);
			return err;
		}
		iomem_write32(m->table, e + MSIX_ENTRY_CTRL, MSIX_ENTRY_MASKED);
		iomem_write32(m->table, e + MSIX_ENTRY_ADDR_LO, (u32)msg.addr);
		iomem_write32(m->table, e + MSIX_ENTRY_ADDR_HI, (u32)(msg.addr >> 32));
		iomem_write32(m->table, e + MSIX_ENTRY_DATA, msg.data);
	}
	return 0;
}

int pci_msix_enable(struct pci_dev *pdev, unsigned int nvec)
{
	int size = pci_msix_vectors(pdev);
	u8 cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	struct pci_msix *m;
	u16 flags;
	int err;

	if (size < 0)
		return size;
	if (!nvec || nvec > (unsigned int)size || nvec > MSI_MAX_VECTORS)
		return -EINVAL;
	m = msix_state_new(pdev, cap, nvec, NULL, NULL);
	if (IS_ERR(m))
		return (int)PTR_ERR(m);
	m->msix = true;
	m->table = msix_table_map(pdev, cap, (unsigned int)size);
	if (IS_ERR(m->table)) {
		err = (int)PTR_ERR(m->table);
		m->table = NULL;
		goto out_free;
	}
	/* Enabled with the whole function masked while the entries are written (6.8.2.3). */
	flags = (u16)__pci_read(pdev, cap + MSIX_FLAGS, 2);
	__pci_write(pdev, cap + MSIX_FLAGS, 2, flags | MSIX_FLAGS_ENABLE | MSIX_FLAGS_MASKALL);
	err = msix_program(pdev, m);
	if (err) {
		__pci_write(pdev, cap + MSIX_FLAGS, 2, flags & ~MSIX_FLAGS_ENABLE);
		goto out_free;
	}
	pci_command_update(pdev, 0, PCI_COMMAND_INTX_DISABLE);
	__pci_write(pdev, cap + MSIX_FLAGS, 2, (flags | MSIX_FLAGS_ENABLE) & ~MSIX_FLAGS_MASKALL);
	pdev->msix = m;
	return 0;
out_free:
	msix_state_free(m);
	return err;
}

int pci_msix_mask(struct pci_dev *pdev, unsigned int entry, bool masked)
{
	struct pci_msix *m = pdev->msix;

	if (!m || !m->msix || entry >= m->nvec)
		return -EINVAL;
	return iomem_write32(m->table, (size_t)entry * MSIX_ENTRY_SIZE + MSIX_ENTRY_CTRL,
			     masked ? MSIX_ENTRY_MASKED : 0);
}

int pci_msix_set_handler(struct pci_dev *pdev, unsigned int entry, pci_irq_handler_t fn, void *arg)
{
	struct pci_msix *m = pdev->msix;
	int err;

	if (!m || !m->msix || entry >= m->nvec || !fn)
		return -EINVAL;
	err = irq_set_handler(m->irq + (int)entry, fn, arg);
	return err ?: pci_msix_mask(pdev, entry, false);
}

void pci_msix_disable(struct pci_dev *pdev)
{
	struct pci_msix *m = pdev->msix;
	u16 flags;

	if (!m || !m->msix)
		return;
	for (unsigned int i = 0; i < m->nvec; i++)
		pci_msix_mask(pdev, i, true);
	flags = (u16)__pci_read(pdev, m->cap + MSIX_FLAGS, 2);
	__pci_write(pdev, m->cap + MSIX_FLAGS, 2, flags & ~MSIX_FLAGS_ENABLE);
	pdev->msix = NULL;
	msix_state_free(m);
}
