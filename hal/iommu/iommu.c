// SPDX-License-Identifier: MPL-2.0
// The generic IOMMU layer: one translation domain per DMA-capable device, made at its first
// mapping, with a first-fit allocator of I/O virtual addresses; faults are logged and kept.
#define pr_fmt(fmt) "iommu: " fmt

#include <hal/arch_iommu.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/lib/list.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/rawlock.h>
#include "../bus/device.h"
#include "iommu.h"

/* Device addresses start at 1 MiB, so 0 and small numbers are never valid DMA addresses. */
#define IOVA_BASE 0x100000ULL
/* Writes here are interrupt messages, never DMA: no mapping may cover the window. */
#define MSI_WINDOW_START 0xfee00000ULL
#define MSI_WINDOW_END	 0xfef00000ULL
#define FAULTS_LOGGED	 16

struct iova_range {
	struct list_head link;
	u64 start, end; /* [start, end) */
};

/* One per requester id: functions behind one conventional PCI bridge share it. */
struct iommu_domain {
	struct list_head link; /* all domains (attach_lock) */
	u16 segment, rid;      /* the requester it translates for */
	struct arch_iommu_domain *arch;
	struct raw_lock lock;	 /* the range list and the arch tables */
	struct list_head ranges; /* allocated and reserved ranges, sorted by start (lock) */
	u64 limit;		 /* first address past the hardware's reach */
};

static bool dma_remapping_on;
static struct raw_lock attach_lock = RAW_LOCK_INIT; /* device -> domain binding */
static LIST_HEAD(domains);			    /* (attach_lock) */
static struct raw_lock fault_lock = RAW_LOCK_INIT;
static struct iommu_fault last_fault; /* (fault_lock) */
static u64 nr_faults;		      /* (fault_lock) */

void iommu_init(void)
{
	int err = arch_iommu_probe();

	if (!err) {
		dma_remapping_on = true;
		return;
	}
	if (err == -ENODEV)
		pr_info("none found: devices DMA to physical addresses\n");
	else
		pr_err("setup failed (%d): devices DMA to physical addresses\n", err);
}

bool iommu_translates(const struct device *dev)
{
	return dma_remapping_on && arch_iommu_covers(dev->segment, dev->rid);
}

static int range_insert_before(struct list_head *pos, u64 start, u64 end)
{
	struct iova_range *r = kmalloc(sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->start = start;
	r->end = end;
	list_add_tail(&r->link, pos);
	return 0;
}

static struct iommu_domain *domain_new(struct device *dev)
{
	struct iommu_domain *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	INIT_LIST_HEAD(&d->ranges);
	d->arch = arch_iommu_domain_create(dev->segment, dev->rid, &d->limit);
	if (!d->arch)
		goto out_free;
	/* On failure the arch domain stays allocated: its id and tables are boot-lifetime. */
	if (d->limit > MSI_WINDOW_START &&
	    range_insert_before(&d->ranges, MSI_WINDOW_START, MSI_WINDOW_END))
		goto out_free;
	if (arch_iommu_attach(d->arch, dev->segment, dev->rid))
		goto out_free_ranges;
	d->segment = dev->segment;
	d->rid = dev->rid;
	list_add_tail(&d->link, &domains);
	return d;
out_free_ranges:
	if (!list_empty(&d->ranges))
		kfree(list_first_entry(&d->ranges, struct iova_range, link));
out_free:
	kfree(d);
	return NULL;
}

static struct iommu_domain *domain_find(u16 segment, u16 rid)
{
	struct iommu_domain *d;

	list_for_each_entry(d, &domains, link)
		if (d->segment == segment && d->rid == rid)
			return d;
	return NULL;
}

/* The device's domain, made (and its context entry written) when its requester has none. */
static struct iommu_domain *domain_get(struct device *dev)
{
	struct iommu_domain *d = __atomic_load_n(&dev->domain, __ATOMIC_ACQUIRE);
	unsigned long flags;

	if (d)
		return d;
	flags = raw_lock_irqsave(&attach_lock);
	d = dev->domain;
	if (!d) {
		d = domain_find(dev->segment, dev->rid) ?: domain_new(dev);
		__atomic_store_n(&dev->domain, d, __ATOMIC_RELEASE);
	}
	raw_unlock_irqrestore(&attach_lock, flags);
	return d;
}

/* First fit below @top; the new range goes into the sorted list. Caller holds d->lock. */
static int iova_alloc(struct iommu_domain *d, size_t len, u64 top, u64 *out)
{
	u64 cand = IOVA_BASE;
	struct iova_range *r;
	int err;

	list_for_each_entry(r, &d->ranges, link) {
		if (cand + len <= r->start)
			break;
		cand = MAX(cand, r->end);
	}
	if (cand + len > top || cand + len < cand)
		return -ENOSPC;
	err = range_insert_before(&r->link, cand, cand + len);
	if (!err)
		*out = cand;
	return err;
}

static struct iova_range *iova_find(struct iommu_domain *d, u64 iova)
{
	struct iova_range *r;

	list_for_each_entry(r, &d->ranges, link)
		if (iova >= r->start && iova < r->end)
			return r;
	return NULL;
}

int iommu_map(struct device *dev, paddr_t pa, size_t len, unsigned int prot, u64 *iova)
{
	struct iommu_domain *d;
	unsigned long flags;
	u64 top;
	int err;

	if (!len || (pa | len) & (PAGE_SIZE - 1) || !(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (!iommu_translates(dev))
		return -ENODEV;
	d = domain_get(dev);
	if (!d)
		return -ENOMEM;
	top = MIN(d->limit, dev->dma_mask == ~0ULL ? ~0ULL : dev->dma_mask + 1);
	flags = raw_lock_irqsave(&d->lock);
	err = iova_alloc(d, len, top, iova);
	if (!err) {
		err = arch_iommu_map(d->arch, *iova, pa, len, prot);
		if (err) {
			struct iova_range *r = iova_find(d, *iova);

			list_del(&r->link);
			kfree(r);
		}
	}
	raw_unlock_irqrestore(&d->lock, flags);
	return err;
}

void iommu_unmap(struct device *dev, u64 iova, size_t len)
{
	struct iommu_domain *d = __atomic_load_n(&dev->domain, __ATOMIC_ACQUIRE);
	struct iova_range *r = NULL;
	unsigned long flags;

	if (!d)
		goto bad;
	flags = raw_lock_irqsave(&d->lock);
	r = iova_find(d, iova);
	if (r && r->start == iova && r->end - r->start == len) {
		arch_iommu_unmap(d->arch, iova, len);
		list_del(&r->link);
	} else {
		r = NULL;
	}
	raw_unlock_irqrestore(&d->lock, flags);
	if (r) {
		kfree(r);
		return;
	}
bad:
	pr_err("%s: unmap of 0x%llx+0x%zx that is not a mapping\n", dev->name,
	       (unsigned long long)iova, len);
	WARN_ON_ONCE(1);
}

bool iommu_iova_mapped(struct device *dev, u64 iova)
{
	struct iommu_domain *d = __atomic_load_n(&dev->domain, __ATOMIC_ACQUIRE);
	unsigned long flags;
	bool mapped;

	if (!d)
		return false;
	flags = raw_lock_irqsave(&d->lock);
	mapped = iova_find(d, iova) && !(iova >= MSI_WINDOW_START && iova < MSI_WINDOW_END);
	raw_unlock_irqrestore(&d->lock, flags);
	return mapped;
}

/* ---- Interrupt remapping ------------------------------------------------------------------ */

bool iommu_irq_remapping(void)
{
	return arch_iommu_irq_remapping();
}

int iommu_msi_remap(const struct device *dev, int irq, struct msi_msg *msg, u32 *handle)
{
	unsigned int vector;
	u32 dest;
	int err = irq_target(irq, &vector, &dest);

	if (err)
		return err;
	return arch_iommu_msi_remap(dev->segment, dev->rid, vector, dest, msg, handle);
}

void iommu_msi_unmap(u32 handle)
{
	arch_iommu_msi_unmap(handle);
}

/* ---- Faults ------------------------------------------------------------------------------- */

void hal_iommu_fault(const struct iommu_fault *f)
{
	unsigned long flags = raw_lock_irqsave(&fault_lock);
	u64 n = ++nr_faults;

	last_fault = *f;
	raw_unlock_irqrestore(&fault_lock, flags);
	if (n <= FAULTS_LOGGED)
		pr_warn("%s fault: %04x:%02x:%02x.%u %s 0x%llx blocked: %s (reason 0x%02x)\n",
			f->irq ? "interrupt" : "DMA", f->segment, f->rid >> 8, (f->rid >> 3) & 0x1f,
			f->rid & 7,
			f->irq	 ? "index" :
			f->write ? "write to" :
				   "read from",
			(unsigned long long)f->addr, arch_iommu_fault_reason(f), f->reason);
	else if (n == FAULTS_LOGGED + 1)
		pr_warn("more faults: counted, no longer logged\n");
}

void iommu_fault_poll(void)
{
	if (dma_remapping_on)
		arch_iommu_fault_poll();
}

u64 iommu_fault_count(void)
{
	return __atomic_load_n(&nr_faults, __ATOMIC_RELAXED);
}

bool iommu_fault_last(struct iommu_fault *out)
{
	unsigned long flags = raw_lock_irqsave(&fault_lock);
	bool any = nr_faults != 0;

	*out = last_fault;
	raw_unlock_irqrestore(&fault_lock, flags);
	return any;
}
