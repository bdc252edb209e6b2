// SPDX-License-Identifier: MPL-2.0
// MSI messages in the x86 compatibility format (SDM 11.11): the address selects the target
// LAPIC, the data the vector; edge-triggered, fixed delivery, physical destination.
#include <hal/arch.h>
#include <hal/irq_core.h>
#include <hal/log.h>

#define MSI_ADDR_BASE	    0xfee00000ULL
#define MSI_ADDR_DEST_SHIFT 12
#define MSI_DATA_FIXED	    (0u << 8)
#define MSI_DATA_EDGE	    (0u << 15)

void arch_msi_compose(unsigned int vector, u32 dest_hwid, struct msi_msg *msg)
{
	/* 8 destination bits: APIC ids above 255 are reachable only through an IOMMU's IRTEs. */
	WARN_ON_ONCE(dest_hwid > 0xff);
	msg->addr = MSI_ADDR_BASE | (u64)(dest_hwid & 0xff) << MSI_ADDR_DEST_SHIFT;
	msg->data = MSI_DATA_EDGE | MSI_DATA_FIXED | (vector & 0xff);
}
