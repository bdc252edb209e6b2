// SPDX-License-Identifier: MPL-2.0
// VT-d interrupt remapping: MSI messages name an entry of a table the kernel owns, which holds
// the vector, the destination CPU and the only requester allowed to use it.
#define pr_fmt(fmt) "iommu: " fmt

#include <hal/arch.h>
#include <hal/arch_iommu.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <arch/cpu.h>
#include <arch/vtd.h>

#define X86_MSR_APIC_BASE  0x1b
#define X86_APIC_BASE_EXTD (1ULL << 10) /* x2APIC mode */

#define MSI_ADDR_BASE	   0xfee00000ULL
#define MSI_ADDR_REMAPPED  (1U << 4) /* interrupt format: remappable */
#define MSI_ADDR_SHV	   (1U << 3) /* sub-handle valid: index += data[15:0] */
#define MSI_ADDR_HANDLE_15 (1U << 2)

#define IRTE_HANDLE(unit, idx) ((u32)(unit) << 16 | (idx))

/*
 * Let compatibility-format messages through (GCMD.CFI). Some implementations (QEMU's) do not
 * report CFIS and pass such messages anyway, so the status is not waited for.
 */
static void allow_compat_format(struct vtd_unit *u)
{
	u32 sts = vtd_read32(u, VTD_GSTS) & VTD_GCMD_PERSISTENT;

	vtd_write32(u, VTD_GCMD, sts | VTD_GCMD_CFI);
}

/*
 * vtd_ir_enable - install an empty remapping table and turn remapping on. In xAPIC mode the
 * IOAPIC still sends compatibility-format messages, so those are let through (CFI); with
 * x2APIC destinations (EIME) everything must be remapped.
 */
int vtd_ir_enable(struct vtd_unit *u)
{
	bool x2apic = x86_rdmsr(X86_MSR_APIC_BASE) & X86_APIC_BASE_EXTD;
	paddr_t pa;
	int err;

	u->eime = x2apic && (u->ecap & VTD_ECAP_EIM);
	if (x2apic && !u->eime)
		return -EOPNOTSUPP; /* 8-bit destinations cannot reach every x2APIC id */
	u->irt = vtd_table_alloc(u, &pa);
	if (!u->irt)
		return -ENOMEM;
	vtd_write64(u, VTD_IRTA, pa | (u->eime ? VTD_IRTA_EIME : 0) | VTD_IRTA_S);
	err = vtd_gcmd(u, VTD_GCMD_SIRTP, true);
	if (!err)
		err = vtd_qi_submit(u, VTD_QI_IEC, 0); /* global: forget cached entries */
	if (!err && !u->eime)
		allow_compat_format(u);
	if (!err)
		err = vtd_gcmd(u, VTD_GCMD_IRE, true);
	u->ir_on = !err;
	return err;
}

bool arch_iommu_irq_remapping(void)
{
	bool any = false;

	for (unsigned int i = 0; i < vtd_nr_units; i++)
		any |= vtd_units[i]->regs && vtd_units[i]->ir_on;
	return any;
}

static int irte_alloc(struct vtd_unit *u)
{
	unsigned long flags = raw_lock_irqsave(&u->irt_lock);
	unsigned long idx = find_first_zero_bit(u->irt_used, VTD_IRT_ENTRIES);

	if (idx < VTD_IRT_ENTRIES)
		__set_bit(idx, u->irt_used);
	raw_unlock_irqrestore(&u->irt_lock, flags);
	return idx < VTD_IRT_ENTRIES ? (int)idx : -ENOSPC;
}

static int irte_flush(struct vtd_unit *u, unsigned int idx)
{
	return vtd_qi_submit(u, VTD_QI_IEC | VTD_QI_IEC_INDEX | (u64)idx << 32, 0);
}

int arch_iommu_msi_remap(u16 segment, u16 rid, unsigned int vector, u32 dest_hwid,
			 struct msi_msg *msg, u32 *handle)
{
	struct vtd_unit *u = vtd_unit_for(segment, rid);
	unsigned int unit_nr;
	u64 *e;
	int idx;

	if (!u || !u->ir_on)
		return -ENODEV;
	idx = irte_alloc(u);
	if (idx < 0)
		return idx;
	for (unit_nr = 0; vtd_units[unit_nr] != u; unit_nr++)
		;
	/* Fixed delivery, physical destination, edge; only @rid may raise it (SVT = all bits). */
	e = &u->irt[2 * idx];
	e[1] = rid | VTD_IRTE_SVT_ALL;
	__atomic_store_n(&e[0],
			 VTD_PRESENT | (u64)(vector & 0xff) << 16 |
				 (u64)(u->eime ? dest_hwid : (dest_hwid & 0xff) << 8) << 32,
			 __ATOMIC_RELEASE);
	vtd_flush_cache(u, e, 16);
	if (irte_flush(u, (unsigned int)idx)) {
		arch_iommu_msi_unmap(IRTE_HANDLE(unit_nr, idx));
		return -EIO;
	}
	msg->addr = MSI_ADDR_BASE | (u64)(idx & 0x7fff) << 5 | MSI_ADDR_REMAPPED | MSI_ADDR_SHV |
		    (idx & 0x8000 ? MSI_ADDR_HANDLE_15 : 0);
	msg->data = 0; /* sub-handle 0 */
	*handle = IRTE_HANDLE(unit_nr, idx);
	return 0;
}

void arch_iommu_msi_unmap(u32 handle)
{
	unsigned int unit_nr = handle >> 16, idx = handle & 0xffff;
	struct vtd_unit *u;
	unsigned long flags;

	if (unit_nr >= vtd_nr_units || idx >= VTD_IRT_ENTRIES)
		return;
	u = vtd_units[unit_nr];
	__atomic_store_n(&u->irt[2 * idx], 0, __ATOMIC_RELEASE);
	u->irt[2 * idx + 1] = 0;
	vtd_flush_cache(u, &u->irt[2 * idx], 16);
	irte_flush(u, idx);
	flags = raw_lock_irqsave(&u->irt_lock);
	__clear_bit(idx, u->irt_used);
	raw_unlock_irqrestore(&u->irt_lock, flags);
}
