// SPDX-License-Identifier: MPL-2.0
// Arch contract, IOMMU part: DMA remapping hardware (Intel VT-d on x86_64) under the generic
// domain/IOVA layer of hal/iommu, and interrupt remapping for MSI. Only with ARCH_HAS_IOMMU.
#ifndef HAL_ARCH_IOMMU_H
#define HAL_ARCH_IOMMU_H

#include <hal/compiler.h>
#include <hal/types.h>

/* What a device may do to a mapping. */
#define IOMMU_READ  0x1 /* the device reads memory (DMA_TO_DEVICE) */
#define IOMMU_WRITE 0x2 /* the device writes memory (DMA_FROM_DEVICE) */

/* One blocked DMA or interrupt request, as the hardware reported it. */
struct iommu_fault {
	u16 segment;
	u16 rid;    /* requester: bus << 8 | devfn */
	u64 addr;   /* page of the faulting address (or interrupt index << 48 for IR faults) */
	u8 reason;  /* hardware fault reason code */
	bool write; /* a write request (else read) */
	bool irq;   /* an interrupt-remapping fault */
};

/*
 * hal_pci_config_read - config space of @segment:@bus:@devfn at @offset (@width 1, 2 or 4
 * bytes), all ones when nothing answers; provided by hal/bus for resolving firmware device
 * paths. Boot, after PCI enumeration.
 */
u32 hal_pci_config_read(u16 segment, u8 bus, u8 devfn, u16 offset, unsigned int width);

#ifdef CONFIG_ARCH_HAS_IOMMU

struct msi_msg;

/* The arch's translation context: page tables and a domain id on one remapping unit. */
struct arch_iommu_domain;

/*
 * arch_iommu_probe - find the remapping hardware in the firmware tables, set it up and turn
 * DMA remapping on (every device is blocked until a domain is attached to it), and interrupt
 * remapping when the platform asks for it. Logs what it did. Boot, once, after PCI
 * enumeration, before any driver. Returns 0, -ENODEV when there is no IOMMU, or an errno.
 */
int arch_iommu_probe(void);

/* arch_iommu_covers - does an enabled unit translate requester @rid of @segment? Any context. */
bool arch_iommu_covers(u16 segment, u16 rid);

/*
 * arch_iommu_domain_create - a new, empty domain on the unit covering @segment:@rid, and the
 * first I/O virtual address past its reach in *@iova_limit (2^address width).
 * Boot or process context. Returns the domain or NULL (no memory, no domain ids left).
 */
struct arch_iommu_domain *arch_iommu_domain_create(u16 segment, u16 rid, u64 *iova_limit);

/*
 * arch_iommu_attach - point requester @rid's context entry at @dom: from then on its DMA is
 * translated by @dom's tables. Boot or process context. Returns 0, -EBUSY when the requester
 * is attached already, -ENOMEM.
 */
int arch_iommu_attach(struct arch_iommu_domain *dom, u16 segment, u16 rid);

/*
 * arch_iommu_map - map [@iova, @iova + @len) to [@pa, ...) with IOMMU_READ/IOMMU_WRITE @prot,
 * page by page; @iova, @pa and @len page aligned and not mapped yet. Caller holds the domain
 * lock. Returns 0, -EEXIST or -ENOMEM (nothing stays mapped then).
 */
int arch_iommu_map(struct arch_iommu_domain *dom, u64 iova, paddr_t pa, size_t len,
		   unsigned int prot);

/*
 * arch_iommu_unmap - clear [@iova, @iova + @len) and invalidate the IOTLB: when this returns
 * no device of @dom can reach those pages. Caller holds the domain lock.
 */
void arch_iommu_unmap(struct arch_iommu_domain *dom, u64 iova, size_t len);

/*
 * arch_iommu_fault_poll - drain the hardware fault records into hal_iommu_fault(). Any
 * context (the fault interrupt calls it too).
 */
void arch_iommu_fault_poll(void);

/* arch_iommu_fault_reason - a short text for a fault reason code. */
const char *arch_iommu_fault_reason(const struct iommu_fault *f);

/*
 * arch_iommu_irq_remapping - interrupt remapping is on.
 * arch_iommu_msi_remap - write an interrupt-remapping entry delivering @vector to CPU
 * @dest_hwid, accepted only from requester @segment:@rid, and rewrite @msg into the
 * remappable form that selects it; *@handle names the entry.
 * arch_iommu_msi_unmap - clear the entry (and flush the interrupt entry cache).
 * Boot or process context. Return 0, -ENOSPC (table full), -ENODEV (no remapping).
 */
bool arch_iommu_irq_remapping(void);
int arch_iommu_msi_remap(u16 segment, u16 rid, unsigned int vector, u32 dest_hwid,
			 struct msi_msg *msg, u32 *handle);
void arch_iommu_msi_unmap(u32 handle);

/* hal_iommu_fault - the arch reports one fault (log, count, keep the last). Any context. */
void hal_iommu_fault(const struct iommu_fault *f);

#endif /* CONFIG_ARCH_HAS_IOMMU */

#endif /* HAL_ARCH_IOMMU_H */
