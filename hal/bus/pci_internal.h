// SPDX-License-Identifier: MPL-2.0
// What the PCI files of hal/bus share: the function record, config-space backends, the list.
#ifndef HAL_BUS_PCI_INTERNAL_H
#define HAL_BUS_PCI_INTERNAL_H

#include <hal/bus.h>
#include <hal/lib/list.h>
#include <hal/types.h>
#include "device.h"

#define PCI_CFG_SIZE	 256
#define PCI_CFG_EXT_SIZE 4096
#define PCI_MAX_BUSES	 256

#define PCI_BAR0		0x10
#define PCI_BRIDGE_BAR_COUNT	2
#define PCI_ROM_ADDRESS		0x30
#define PCI_ROM_ADDRESS1	0x38 /* type 1 headers */
#define PCI_CAPABILITY_LIST	0x34
#define PCI_STATUS_CAP_LIST	0x0010
#define PCI_HEADER_TYPE_MASK	0x7f
#define PCI_HEADER_MULTI	0x80
#define PCI_HEADER_NORMAL	0
#define PCI_HEADER_BRIDGE	1
#define PCI_PRIMARY_BUS		0x18
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBORDINATE_BUS	0x1a
#define PCI_EXP_FLAGS		2   /* in the PCI Express capability */
#define PCI_EXP_TYPE_PCI_BRIDGE 0x7 /* device/port type: PCIe-to-PCI bridge */

#define PCI_BAR_IO	      0x1
#define PCI_BAR_MEM_TYPE_MASK 0x6
#define PCI_BAR_MEM_TYPE_64   0x4
#define PCI_BAR_PREFETCH      0x8

#define PCI_DEVFN(dev, fn) ((u8)(((dev) << 3) | (fn)))
#define PCI_SLOT(devfn)	   (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)	   ((devfn) & 0x07)

enum pci_bar_kind { PCI_BAR_NONE, PCI_BAR_MEM32, PCI_BAR_MEM64, PCI_BAR_PORT };

struct pci_bar {
	u64 addr; /* bus (= physical) address the firmware assigned */
	u64 size;
	u8 kind; /* enum pci_bar_kind; the upper half of a 64-bit BAR is NONE */
	bool prefetch;
	struct io_mem *map; /* shared mapping, made at first pci_bar_iomem(); slices go out */
};

struct pci_msix;

/*
 * struct pci_dev - one function. Written during enumeration on the boot CPU; afterwards
 * only the fields marked (pci lock) change.
 */
struct pci_dev {
	struct device dev;
	struct list_head link; /* the global function list, in discovery order */
	u16 vendor, device;
	u32 class;
	u8 revision;
	u8 hdr_type; /* without the multi-function bit */
	u8 bus, devfn;
	u16 cfg_size; /* 4096 with ECAM, 256 through port I/O */
	void *ecam;   /* this function's 4 KiB of ECAM, or NULL for port I/O */
	struct pci_bar bar[PCI_NUM_BARS];
	struct pci_msix *msix;		 /* while MSI/MSI-X is on; the bound driver's to change */
	const struct pci_driver *driver; /* (pci lock) */
	void *drvdata;
};

/* Every function found, in discovery order; appended to at boot only. */
extern struct list_head pci_devices;

/* ---- Config-space backends (pci_cfg.c) ---------------------------------------------------- */

/*
 * pci_cfg_setup - pick ECAM regions from the ACPI MCFG table, falling back to port I/O
 * mechanism #1 on the architectures that have it. Boot. Returns 0 or -ENODEV.
 */
int pci_cfg_setup(void);
/* An ECAM window: buses [bus_start, bus_end] of @segment, @base being where bus 0 would be. */
struct pci_ecam_info {
	paddr_t base;
	u16 segment;
	u8 bus_start, bus_end;
};

/* pci_ecam_add - record an ECAM window (from MCFG). Boot. Returns 0, -EINVAL or -ENOMEM. */
int pci_ecam_add(u16 segment, u8 bus_start, u8 bus_end, paddr_t base);
/* pci_ecam_regions - copy up to @max windows to @out; returns how many there are. */
unsigned int pci_ecam_regions(struct pci_ecam_info *out, unsigned int max);
/*
 * pci_ecam_from_firmware - add the ECAM windows the firmware describes (ACPI MCFG) through
 * pci_ecam_add(). Boot. Returns 0, -ENODEV when there is no description, or another errno.
 */
int pci_ecam_from_firmware(void);
/* pci_cfg_ecam_for - the 4 KiB ECAM window of a function, NULL when it has none. Boot. */
void *pci_cfg_ecam_for(u16 segment, u8 bus, u8 devfn);
/* pci_cfg_mechanism - "ECAM" or "port I/O", for the boot log. */
const char *pci_cfg_mechanism(void);

/* Raw config access by address: no permission checks (framework use only). */
u32 pci_raw_read(u16 segment, u8 bus, u8 devfn, u16 offset, unsigned int width);
void pci_raw_write(u16 segment, u8 bus, u8 devfn, u16 offset, unsigned int width, u32 val);

/* Raw access to a known function; @offset is trusted. */
u32 __pci_read(const struct pci_dev *pdev, u16 offset, unsigned int width);
void __pci_write(const struct pci_dev *pdev, u16 offset, unsigned int width, u32 val);

/* ---- Enumeration helpers ------------------------------------------------------------------ */

/* pci_bars_probe - size and record the BARs of @pdev (decoding off while sizing). Boot. */
void pci_bars_probe(struct pci_dev *pdev);
/* pci_command_update - clear then set bits of the command register, atomically. Any context. */
void pci_command_update(struct pci_dev *pdev, u16 clear, u16 set);
/* pci_cfg_protected - true when a driver may not write [@offset, @offset + @width). */
bool pci_cfg_protected(const struct pci_dev *pdev, u16 offset, unsigned int width);

#endif /* HAL_BUS_PCI_INTERNAL_H */
