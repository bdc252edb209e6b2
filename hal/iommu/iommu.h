// SPDX-License-Identifier: MPL-2.0
// The framework's IOMMU layer as the bus and DMA code see it: per-device domains with an I/O
// virtual address allocator, mapping of physical ranges, and the fault log. hal/ only.
#ifndef HAL_IOMMU_IOMMU_H
#define HAL_IOMMU_IOMMU_H

#include <hal/arch_iommu.h>
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/types.h>

struct device;
struct msi_msg;

#ifdef CONFIG_IOMMU

/*
 * iommu_init - find and enable the platform's IOMMU(s) after PCI enumeration: from then on a
 * device reaches only memory mapped for it through iommu_map(). Boot, once.
 */
void iommu_init(void);

/* iommu_translates - true when DMA of @dev goes through an enabled IOMMU. Any context. */
bool iommu_translates(const struct device *dev);

/*
 * iommu_map - give @dev access @prot to [@pa, @pa + @len) (page aligned) at a fresh I/O
 * virtual address below its DMA mask, returned in *@iova. Process context or boot.
 * Returns 0, -EINVAL, -ENOSPC (no address space left), -ENOMEM, or -ENODEV when @dev is not
 * translated.
 */
int iommu_map(struct device *dev, paddr_t pa, size_t len, unsigned int prot, u64 *iova);

/*
 * iommu_unmap - take back a range iommu_map() returned (same @iova and @len). The device
 * cannot reach it any more when this returns (IOTLB invalidated). Process context or boot.
 */
void iommu_unmap(struct device *dev, u64 iova, size_t len);

/* iommu_iova_mapped - is @iova inside a live mapping of @dev? (tests) */
bool iommu_iova_mapped(struct device *dev, u64 iova);

/*
 * iommu_irq_remapping - interrupt remapping is on: MSI messages must be rewritten with
 * iommu_msi_remap() before a device may use them.
 * iommu_msi_remap - turn @msg (compatibility format, for interrupt @irq) into a remappable
 * message for @dev, taking an interrupt-remapping table entry returned in *@handle.
 * iommu_msi_unmap - free the entry. Boot or process context. 0, -ENOSPC, -ENODEV.
 */
bool iommu_irq_remapping(void);
int iommu_msi_remap(const struct device *dev, int irq, struct msi_msg *msg, u32 *handle);
void iommu_msi_unmap(u32 handle);

/*
 * Fault log: faults are drained from the hardware (from the fault interrupt or by
 * iommu_fault_poll()), logged and counted. iommu_fault_count - faults seen since boot;
 * iommu_fault_last - copy the most recent to *@out (false when there was none).
 */
void iommu_fault_poll(void);
u64 iommu_fault_count(void);
bool iommu_fault_last(struct iommu_fault *out);

#else

static inline void iommu_init(void)
{
}

static inline bool iommu_translates(const struct device *dev)
{
	(void)dev;
	return false;
}

static inline int iommu_map(struct device *dev, paddr_t pa, size_t len, unsigned int prot,
			    u64 *iova)
{
	(void)dev, (void)pa, (void)len, (void)prot, (void)iova;
	return -ENODEV;
}

static inline void iommu_unmap(struct device *dev, u64 iova, size_t len)
{
	(void)dev, (void)iova, (void)len;
}

static inline bool iommu_irq_remapping(void)
{
	return false;
}

static inline int iommu_msi_remap(const struct device *dev, int irq, struct msi_msg *msg,
				  u32 *handle)
{
	(void)dev, (void)irq, (void)msg, (void)handle;
	return -ENODEV;
}

static inline void iommu_msi_unmap(u32 handle)
{
	(void)handle;
}

#endif /* CONFIG_IOMMU */

#endif /* HAL_IOMMU_IOMMU_H */
