// SPDX-License-Identifier: MPL-2.0
// Devices on buses for drivers: PCI functions with checked config space, BARs as io_mem/io_port
// handles, the capability list, MSI/MSI-X vectors, and drivers that bind to functions by id.
#ifndef HAL_BUS_H
#define HAL_BUS_H

#include <hal/compiler.h>
#include <hal/io.h>
#include <hal/lib/list.h>
#include <hal/types.h>

/*
 * struct device - anything that can master DMA (a PCI function today). Opaque: the DMA API
 * (hal/dma.h) takes one to know which IOMMU context, if any, translates for the device.
 */
struct device;

/*
 * struct pci_dev - one PCI function found at boot. Opaque. Functions are never removed (no
 * hot-plug), so a pointer stays valid for the life of the kernel.
 */
struct pci_dev;

/* Config-space registers drivers commonly read (PCI Local Bus 3.0, chapter 6). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_CLASS_REVISION	0x08
#define PCI_HEADER_TYPE		0x0e
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_COMMAND_IO		 0x0001
#define PCI_COMMAND_MEMORY	 0x0002
#define PCI_COMMAND_MASTER	 0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400

/* Capability ids (pci_find_capability) and extended ones (pci_find_ext_capability). */
#define PCI_CAP_ID_PM	   0x01
#define PCI_CAP_ID_MSI	   0x05
#define PCI_CAP_ID_VNDR	   0x09
#define PCI_CAP_ID_EXP	   0x10
#define PCI_CAP_ID_MSIX	   0x11
#define PCI_CAP_ID_SATA	   0x12
#define PCI_EXT_CAP_ID_ERR 0x0001
#define PCI_EXT_CAP_ID_ATS 0x000f

#define PCI_NUM_BARS 6
#define PCI_ANY_ID   0xffffU

/* ---- Identity ----------------------------------------------------------------------------- */

/* pci_to_device - the DMA-capable device behind @pdev, for the dma_* API. */
struct device *pci_to_device(struct pci_dev *pdev);

/* pci_name - "ssss:bb:dd.f" (segment, bus, device, function). Never NULL. */
const char *pci_name(const struct pci_dev *pdev);

u16 pci_vendor(const struct pci_dev *pdev);
u16 pci_device(const struct pci_dev *pdev);
/* pci_class - the 24-bit class code: base class << 16 | sub-class << 8 | prog-if. */
u32 pci_class(const struct pci_dev *pdev);
u8 pci_revision(const struct pci_dev *pdev);

/* ---- Config space ------------------------------------------------------------------------- */

/*
 * pci_cfg_read8/16/32 - read config space at @offset (naturally aligned, inside the 256-byte
 * header or the 4 KiB extended space when the platform has ECAM). A bad offset reads as all
 * ones, like a missing device. Any context.
 */
u8 pci_cfg_read8(const struct pci_dev *pdev, size_t offset);
u16 pci_cfg_read16(const struct pci_dev *pdev, size_t offset);
u32 pci_cfg_read32(const struct pci_dev *pdev, size_t offset);

/*
 * pci_cfg_write8/16/32 - write config space. The framework keeps what could point the device
 * at memory it was not given: the BARs and expansion ROM, the bridge windows, the MSI and
 * MSI-X capabilities and the command register's decode bits are written only through the
 * functions below. Any context.
 * Returns 0, -ERANGE for a bad or misaligned offset, -EPERM for a register the framework owns.
 */
int pci_cfg_write8(struct pci_dev *pdev, size_t offset, u8 val);
int pci_cfg_write16(struct pci_dev *pdev, size_t offset, u16 val);
int pci_cfg_write32(struct pci_dev *pdev, size_t offset, u32 val);

/*
 * pci_find_capability - config offset of the first capability with @cap_id, or 0 when the
 * function has none. pci_find_next_capability continues after the one at @pos (vendor
 * capabilities such as virtio's come several times). The walk is bounded, so a looping list
 * cannot hang it. Any context.
 */
u8 pci_find_capability(const struct pci_dev *pdev, u8 cap_id);
u8 pci_find_next_capability(const struct pci_dev *pdev, u8 pos, u8 cap_id);

/* pci_find_ext_capability - offset (>= 0x100) of an extended capability, or 0. */
u16 pci_find_ext_capability(const struct pci_dev *pdev, u16 cap_id);

/* ---- BARs --------------------------------------------------------------------------------- */

/* pci_bar_size - length of BAR @bar in bytes; 0 when absent, unassigned or out of range. */
u64 pci_bar_size(const struct pci_dev *pdev, unsigned int bar);
/* pci_bar_is_io - true for an I/O-port BAR. */
bool pci_bar_is_io(const struct pci_dev *pdev, unsigned int bar);

/*
 * pci_bar_iomem - a handle on memory BAR @bar, mapped uncached, covering the whole BAR.
 * Drop it with iomem_put(). Process context or boot (may map).
 * Returns the handle, ERR_PTR(-EINVAL) when @bar is not a memory BAR with an address, or
 * ERR_PTR(-ENOMEM).
 */
struct io_mem *pci_bar_iomem(struct pci_dev *pdev, unsigned int bar);

/*
 * pci_bar_ioport - a handle on I/O BAR @bar. Drop it with ioport_put().
 * Returns the handle, ERR_PTR(-EINVAL) when @bar is not an I/O BAR, or ERR_PTR(-ENODEV)/
 * ERR_PTR(-ENOMEM) from the port layer.
 */
struct io_port *pci_bar_ioport(struct pci_dev *pdev, unsigned int bar);

/*
 * pci_enable_device - turn on memory and I/O decoding for the BARs the function has.
 * pci_set_master - allow (or stop) the function to master DMA. Only DMA set up through
 * hal/dma.h reaches memory when an IOMMU is on. Any context. Return 0.
 */
int pci_enable_device(struct pci_dev *pdev);
int pci_set_master(struct pci_dev *pdev, bool enable);

/* ---- Interrupts --------------------------------------------------------------------------- */

/* A device interrupt handler: runs in IRQ context on the CPU the vector was routed to. */
typedef void (*pci_irq_handler_t)(void *arg);

/*
 * pci_msix_vectors - number of MSI-X table entries of @pdev, or -ENODEV without MSI-X.
 * pci_msix_enable - allocate @nvec interrupt vectors, point MSI-X table entries 0..nvec-1 at
 * them (through the interrupt-remapping table when VT-d remaps interrupts) and turn MSI-X
 * on with every entry masked. pci_msix_set_handler then binds entry @entry to @fn(@arg) and
 * unmasks it. pci_msix_disable turns MSI-X off and frees the vectors.
 * Process context or boot. Return 0, -ENODEV without MSI-X, -EINVAL for a bad count or
 * entry, -EBUSY when already enabled, -ENOSPC when out of vectors, -EOPNOTSUPP when the
 * platform has no MSI support yet.
 */
int pci_msix_vectors(const struct pci_dev *pdev);
int pci_msix_enable(struct pci_dev *pdev, unsigned int nvec);
int pci_msix_set_handler(struct pci_dev *pdev, unsigned int entry, pci_irq_handler_t fn, void *arg);
int pci_msix_mask(struct pci_dev *pdev, unsigned int entry, bool masked);
void pci_msix_disable(struct pci_dev *pdev);

/*
 * pci_msi_enable - one MSI vector for a function without MSI-X (AHCI and friends), routed
 * like MSI-X entries and handled by @fn(@arg). pci_msi_disable undoes it.
 * Same context and errors as pci_msix_enable (-ENODEV without an MSI capability).
 */
int pci_msi_enable(struct pci_dev *pdev, pci_irq_handler_t fn, void *arg);
void pci_msi_disable(struct pci_dev *pdev);

/* ---- Finding functions and binding drivers ------------------------------------------------ */

/*
 * pci_next - iterate over every function: pci_next(NULL) is the first, NULL ends the walk.
 * pci_find_device / pci_find_class - the next function after @from (NULL: from the start)
 * with these ids (PCI_ANY_ID matches any) or whose class code masked with @mask equals
 * @class. Any context after the bus initcall.
 */
struct pci_dev *pci_next(struct pci_dev *from);
struct pci_dev *pci_find_device(u16 vendor, u16 device, struct pci_dev *from);
struct pci_dev *pci_find_class(u32 class, u32 mask, struct pci_dev *from);

struct pci_device_id {
	u16 vendor; /* PCI_ANY_ID for any */
	u16 device; /* PCI_ANY_ID for any */
	u32 class;  /* compared after masking with class_mask (0: class ignored) */
	u32 class_mask;
};

/*
 * struct pci_driver - a driver: probe() is called once for each unbound function matching an
 * entry of @ids (the table ends with an all-zero entry).
 * probe returns 0 to keep the function, or a negative errno to leave it unbound.
 */
struct pci_driver {
	const char *name;
	const struct pci_device_id *ids;
	int (*probe)(struct pci_dev *pdev, const struct pci_device_id *id);
	struct list_head link; /* the framework's; leave it alone */
};

/*
 * pci_register_driver - add @drv and probe it against every unbound function.
 * Process context. Returns the number of functions it bound (>= 0), or -EINVAL.
 */
int pci_register_driver(struct pci_driver *drv);

/* pci_set_drvdata / pci_get_drvdata - the bound driver's private pointer. */
void pci_set_drvdata(struct pci_dev *pdev, void *data);
void *pci_get_drvdata(const struct pci_dev *pdev);

#endif /* HAL_BUS_H */
