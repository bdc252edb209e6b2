// SPDX-License-Identifier: MPL-2.0
// struct device as the framework sees it: who a DMA master is to the IOMMU and the DMA API.
// Shared by hal/bus, hal/dma and hal/iommu; drivers only hold pointers.
#ifndef HAL_BUS_DEVICE_H
#define HAL_BUS_DEVICE_H

#include <hal/types.h>

struct iommu_domain;

struct device {
	char name[16]; /* "ssss:bb:dd.f" for PCI */
	u16 segment;   /* PCI segment group */
	/*
	 * The requester id its DMA and MSIs carry to the IOMMU: bus << 8 | devfn, or the id of
	 * the bridge that forwards them (behind conventional PCI, several functions share one).
	 */
	u16 rid;
	u64 dma_mask; /* highest device address the device can emit */
	/*
	 * The IOMMU domain translating this device's DMA, made at its first DMA mapping and kept
	 * for good; NULL without an IOMMU. Set once under the iommu attach lock, then read-only.
	 */
	struct iommu_domain *domain;
};

#endif /* HAL_BUS_DEVICE_H */
