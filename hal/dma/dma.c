// SPDX-License-Identifier: MPL-2.0
// The DMA API: coherent buffers and streaming mappings of frames. Device addresses come from
// the IOMMU when one translates for the device, otherwise they are physical addresses checked
// against the device's DMA mask.
#define pr_fmt(fmt) "dma: " fmt

#include <hal/dma.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/pmm.h>
#include "../bus/device.h"
#include "../iommu/iommu.h"

struct dma_coherent {
	struct device *dev;
	struct frame *frame; /* the zeroed, contiguous pages */
	u8 *va;		     /* their kernel address: never handed out */
	size_t size;	     /* what the caller asked for: accessors stop here */
	size_t map_len;	     /* whole pages mapped for the device */
	dma_addr_t daddr;
	bool iommu; /* daddr is an IOVA to give back */
};

struct dma_stream {
	struct device *dev;
	struct frame *frame; /* referenced while mapped */
	size_t offset, len;  /* the range of the frame */
	dma_addr_t daddr;    /* of byte @offset */
	u64 map_base;	     /* IOVA of the first mapped page */
	size_t map_len;
	bool iommu;
};

int dma_set_mask(struct device *dev, unsigned int bits)
{
	if (!dev || bits < 32 || bits > 64)
		return -EINVAL;
	dev->dma_mask = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
	return 0;
}

static unsigned int dir_prot(enum dma_direction dir)
{
	return (dir & DMA_TO_DEVICE ? IOMMU_READ : 0) | (dir & DMA_FROM_DEVICE ? IOMMU_WRITE : 0);
}

/*
 * Give @dev access to the physical pages [@pa, @pa + @len): an IOVA when an IOMMU translates
 * for it, the physical address itself otherwise (if the device can reach it).
 */
static int dma_map_pages(struct device *dev, paddr_t pa, size_t len, unsigned int prot,
			 dma_addr_t *daddr, bool *iommu)
{
	u64 iova;
	int err;

	*iommu = iommu_translates(dev);
	if (!*iommu) {
		if (pa + len - 1 > dev->dma_mask) {
			pr_warn("%s: memory at 0x%llx is out of the device's reach\n", dev->name,
				(unsigned long long)pa);
			return -EIO;
		}
		*daddr = pa;
		return 0;
	}
	err = iommu_map(dev, pa, len, prot, &iova);
	if (err)
		return err == -ENOSPC ? -ENOMEM : err;
	*daddr = iova;
	return 0;
}

/* ---- Coherent buffers --------------------------------------------------------------------- */

struct dma_coherent *dma_coherent_alloc(struct device *dev, size_t size)
{
	struct dma_coherent *buf;
	size_t npages;
	int err;

	if (!dev || !size || size > frame_contig_max() * PAGE_SIZE)
		return ERR_PTR(-EINVAL);
	npages = DIV_ROUND_UP(size, PAGE_SIZE);
	buf = kzalloc(sizeof(*buf));
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->frame = frame_alloc_contig(npages);
	if (IS_ERR(buf->frame)) {
		err = (int)PTR_ERR(buf->frame);
		goto out_free;
	}
	buf->dev = dev;
	buf->va = frame_to_virt(buf->frame);
	buf->size = size;
	buf->map_len = npages * PAGE_SIZE;
	err = dma_map_pages(dev, frame_to_paddr(buf->frame), buf->map_len, IOMMU_READ | IOMMU_WRITE,
			    &buf->daddr, &buf->iommu);
	if (err)
		goto out_put;
	return buf;
out_put:
	frame_put(buf->frame);
out_free:
	kfree(buf);
	return ERR_PTR(err);
}

void dma_coherent_free(struct dma_coherent *buf)
{
	if (!buf || IS_ERR(buf))
		return;
	if (buf->iommu)
		iommu_unmap(buf->dev, buf->daddr, buf->map_len);
	frame_put(buf->frame);
	kfree(buf);
}

dma_addr_t dma_coherent_daddr(const struct dma_coherent *buf)
{
	return buf->daddr;
}

size_t dma_coherent_size(const struct dma_coherent *buf)
{
	return buf->size;
}

static bool range_ok(size_t size, size_t offset, size_t len)
{
	return offset <= size && len <= size - offset;
}

int dma_coherent_read(const struct dma_coherent *buf, size_t offset, void *dst, size_t len)
{
	if (!range_ok(buf->size, offset, len))
		return -ERANGE;
	memcpy(dst, buf->va + offset, len);
	return 0;
}

int dma_coherent_write(struct dma_coherent *buf, size_t offset, const void *src, size_t len)
{
	if (!range_ok(buf->size, offset, len))
		return -ERANGE;
	memcpy(buf->va + offset, src, len);
	return 0;
}

int dma_coherent_fill(struct dma_coherent *buf, size_t offset, int byte, size_t len)
{
	if (!range_ok(buf->size, offset, len))
		return -ERANGE;
	memset(buf->va + offset, byte, len);
	return 0;
}

static bool field_ok(const struct dma_coherent *buf, size_t offset, size_t width)
{
	static bool warned;

	if (range_ok(buf->size, offset, width) && !(offset & (width - 1)))
		return true;
	if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
		pr_warn("%s: bad %zu-byte access at 0x%zx of a %zu-byte buffer (warned once)\n",
			buf->dev->name, width, offset, buf->size);
	return false;
}

/* Relaxed atomics: one untorn access the device may race with; dma_*mb() orders them. */
#define DMA_FIELD_ACCESSORS(width)                                                              \
	u##width dma_coherent_read##width(const struct dma_coherent *buf, size_t offset)        \
	{                                                                                       \
		if (!field_ok(buf, offset, width / 8))                                          \
			return (u##width) ~0ULL;                                                \
		return __atomic_load_n((const u##width *)(buf->va + offset), __ATOMIC_RELAXED); \
	}                                                                                       \
	int dma_coherent_write##width(struct dma_coherent *buf, size_t offset, u##width val)    \
	{                                                                                       \
		if (!field_ok(buf, offset, width / 8))                                          \
			return -ERANGE;                                                         \
		__atomic_store_n((u##width *)(buf->va + offset), val, __ATOMIC_RELAXED);        \
		return 0;                                                                       \
	}
DMA_FIELD_ACCESSORS(16)
DMA_FIELD_ACCESSORS(32)
DMA_FIELD_ACCESSORS(64)

/*
 * Every platform Keel runs on snoops DMA, so ordering is all the CPU owes the device. A full
 * fence is at least as strong as the device-visible barrier each arch would need.
 */
void dma_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void dma_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void dma_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* ---- Streaming mappings ------------------------------------------------------------------- */

struct dma_stream *dma_stream_map(struct device *dev, struct frame *frame, size_t offset,
				  size_t len, enum dma_direction dir)
{
	struct dma_stream *s;
	paddr_t pa, first;
	int err;

	if (!dev || !frame || !len || !range_ok(frame_size(frame), offset, len) ||
	    dir < DMA_TO_DEVICE || dir > DMA_BIDIRECTIONAL)
		return ERR_PTR(-EINVAL);
	s = kzalloc(sizeof(*s));
	if (!s)
		return ERR_PTR(-ENOMEM);
	pa = frame_to_paddr(frame) + offset;
	first = ALIGN_DOWN(pa, PAGE_SIZE);
	s->map_len = ALIGN_UP(pa + len, PAGE_SIZE) - first;
	err = dma_map_pages(dev, first, s->map_len, dir_prot(dir), &s->map_base, &s->iommu);
	if (err) {
		kfree(s);
		return ERR_PTR(err);
	}
	s->dev = dev;
	s->frame = frame_get(frame);
	s->offset = offset;
	s->len = len;
	s->daddr = s->map_base + (pa - first);
	return s;
}

void dma_stream_unmap(struct dma_stream *s)
{
	if (!s || IS_ERR(s))
		return;
	/* The device must lose the pages before the frame can be freed and reused. */
	if (s->iommu)
		iommu_unmap(s->dev, s->map_base, s->map_len);
	frame_put(s->frame);
	kfree(s);
}

dma_addr_t dma_stream_daddr(const struct dma_stream *s)
{
	return s->daddr;
}

size_t dma_stream_len(const struct dma_stream *s)
{
	return s->len;
}

int dma_stream_sync_for_device(struct dma_stream *s, size_t offset, size_t len)
{
	if (!range_ok(s->len, offset, len))
		return -ERANGE;
	dma_wmb();
	return 0;
}

int dma_stream_sync_for_cpu(struct dma_stream *s, size_t offset, size_t len)
{
	if (!range_ok(s->len, offset, len))
		return -ERANGE;
	dma_rmb();
	return 0;
}
