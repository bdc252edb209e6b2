// SPDX-License-Identifier: MPL-2.0
// VT-d translation structures: context entries that bind a requester to a domain, and the
// domain's second-level page tables (4 KiB pages, read/write bits per page).
#define pr_fmt(fmt) "iommu: " fmt

#include <hal/arch.h>
#include <hal/arch_iommu.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/pmm.h>
#include <arch/vtd.h>

#define PT_ENTRIES    512
#define PT_LEVEL_BITS 9

struct arch_iommu_domain {
	struct vtd_unit *unit;
	u16 did;
	u64 *pgd; /* top-level table */
	paddr_t pgd_pa;
};

struct arch_iommu_domain *arch_iommu_domain_create(u16 segment, u16 rid, u64 *iova_limit)
{
	struct vtd_unit *u = vtd_unit_for(segment, rid);
	struct arch_iommu_domain *d;
	unsigned long flags;
	unsigned long did;

	if (!u)
		return NULL;
	d = kzalloc(sizeof(*d));
	if (!d)
		return NULL;
	d->pgd = vtd_table_alloc(u, &d->pgd_pa);
	if (!d->pgd)
		goto out_free;
	flags = raw_lock_irqsave(&u->lock);
	did = find_first_zero_bit(u->dids, u->nr_dids);
	if (did < u->nr_dids)
		__set_bit(did, u->dids);
	raw_unlock_irqrestore(&u->lock, flags);
	if (did >= u->nr_dids)
		goto out_free_pgd;
	d->unit = u;
	d->did = (u16)did;
	*iova_limit = 1ULL << (30 + 9 * u->agaw_code);
	return d;
out_free_pgd:
	pmm_free_pages(d->pgd_pa, 0);
out_free:
	kfree(d);
	return NULL;
}

/* The context table of @bus, made and hooked into the root table on first use. (u->lock) */
static u64 *context_table(struct vtd_unit *u, u8 bus)
{
	paddr_t pa;
	u64 *ctx = u->ctx[bus];

	if (ctx)
		return ctx;
	ctx = vtd_table_alloc(u, &pa);
	if (!ctx)
		return NULL;
	u->root[2 * bus + 1] = 0;
	__atomic_store_n(&u->root[2 * bus], pa | VTD_PRESENT, __ATOMIC_RELEASE);
	vtd_flush_cache(u, &u->root[2 * bus], 16);
	u->ctx[bus] = ctx;
	return ctx;
}

int arch_iommu_attach(struct arch_iommu_domain *d, u16 segment, u16 rid)
{
	struct vtd_unit *u = d->unit;
	unsigned long flags = raw_lock_irqsave(&u->lock);
	u64 *ctx = context_table(u, (u8)(rid >> 8));
	u64 *ce;
	int err = 0;

	(void)segment;
	if (!ctx) {
		err = -ENOMEM;
		goto out;
	}
	ce = &ctx[2 * (u8)rid];
	if (ce[0] & VTD_PRESENT) {
		err = -EBUSY;
		goto out;
	}
	/* High half first: the present bit in the low half publishes the entry. */
	ce[1] = u->agaw_code | (u64)d->did << VTD_CTX_DID_SHIFT;
	__atomic_store_n(&ce[0], d->pgd_pa | VTD_PRESENT, __ATOMIC_RELEASE);
	vtd_flush_cache(u, ce, 16);
out:
	raw_unlock_irqrestore(&u->lock, flags);
	if (err)
		return err;
	/* Needed only in caching mode, where absent entries may be cached too; cheap otherwise. */
	err = vtd_qi_submit(u, VTD_QI_CC | VTD_QI_GRAN_DEVICE | (u64)d->did << 16 | (u64)rid << 32,
			    0);
	return err ?: vtd_flush_iotlb(u, d->did, 0, 0);
}

static unsigned int sl_index(u64 iova, unsigned int level)
{
	return (iova >> (PAGE_SHIFT + PT_LEVEL_BITS * (level - 1))) & (PT_ENTRIES - 1);
}

/* The leaf entry for @iova, making missing tables when @alloc; NULL when absent or no memory. */
static u64 *pte_walk(struct arch_iommu_domain *d, u64 iova, bool alloc)
{
	u64 *table = d->pgd;

	for (unsigned int level = d->unit->levels; level > 1; level--) {
		u64 *e = &table[sl_index(iova, level)];
		paddr_t pa;

		if (!(*e & (VTD_SL_R | VTD_SL_W))) {
			if (!alloc)
				return NULL;
			table = vtd_table_alloc(d->unit, &pa);
			if (!table)
				return NULL;
			__atomic_store_n(e, pa | VTD_SL_R | VTD_SL_W, __ATOMIC_RELEASE);
			vtd_flush_cache(d->unit, e, sizeof(*e));
			continue;
		}
		table = arch_phys_to_virt(*e & VTD_ADDR_MASK);
	}
	return &table[sl_index(iova, 1)];
}

static void unmap_range(struct arch_iommu_domain *d, u64 iova, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		u64 *pte = pte_walk(d, iova + off, false);

		if (pte) {
			__atomic_store_n(pte, 0, __ATOMIC_RELAXED);
			vtd_flush_cache(d->unit, pte, sizeof(*pte));
		}
	}
}

int arch_iommu_map(struct arch_iommu_domain *d, u64 iova, paddr_t pa, size_t len, unsigned int prot)
{
	u64 bits = (prot & IOMMU_READ ? VTD_SL_R : 0) | (prot & IOMMU_WRITE ? VTD_SL_W : 0);

	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		u64 *pte = pte_walk(d, iova + off, true);
		int err = !pte ? -ENOMEM : (*pte & (VTD_SL_R | VTD_SL_W)) ? -EEXIST : 0;

		if (err) {
			unmap_range(d, iova, off);
			return err;
		}
		__atomic_store_n(pte, (pa + off) | bits, __ATOMIC_RELEASE);
		vtd_flush_cache(d->unit, pte, sizeof(*pte));
	}
	/* Entries went from absent to present: only caching-mode hardware needs a flush. */
	if (d->unit->cap & VTD_CAP_CM)
		vtd_flush_iotlb(d->unit, d->did, iova, len);
	return 0;
}

void arch_iommu_unmap(struct arch_iommu_domain *d, u64 iova, size_t len)
{
	unmap_range(d, iova, len);
	if (vtd_flush_iotlb(d->unit, d->did, iova, len))
		panic("iommu: IOTLB flush failed: unmapped memory may still be reachable");
}
