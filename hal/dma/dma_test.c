// SPDX-License-Identifier: MPL-2.0
// ktests of the DMA API's bookkeeping (bounds, directions, references, device addresses) on a
// stand-in device; real device DMA is tested in hal/iommu/iommu_test.c.
#include <hal/dma.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/pmm.h>
#include "../bus/device.h"
#include "../iommu/iommu.h"

/* No device answers to this requester id; with an IOMMU it gets a domain of its own. */
static struct device test_dev = {
	.name = "ktest-dma",
	.segment = 0,
	.rid = 0xfef8,
	.dma_mask = 0xffffffffULL,
};

KTEST(dma, set_mask_bounds)
{
	struct device d = test_dev;

	KEXPECT_EQ(dma_set_mask(&d, 31), -EINVAL);
	KEXPECT_EQ(dma_set_mask(&d, 65), -EINVAL);
	KEXPECT_EQ(dma_set_mask(&d, 64), 0);
	KEXPECT_EQ(d.dma_mask, ~0ULL);
	KEXPECT_EQ(dma_set_mask(&d, 40), 0);
	KEXPECT_EQ(d.dma_mask, (1ULL << 40) - 1);
	KEXPECT_EQ(dma_set_mask(NULL, 32), -EINVAL);
}

KTEST(dma, coherent_accessors_are_checked)
{
	struct dma_coherent *buf = dma_coherent_alloc(&test_dev, 100);
	u8 bytes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, back[8];

	KASSERT_TRUE(!IS_ERR(buf));
	KEXPECT_EQ(dma_coherent_size(buf), 100);
	KEXPECT_EQ(dma_coherent_daddr(buf) & (PAGE_SIZE - 1), 0);
	KEXPECT_NE(dma_coherent_daddr(buf), 0);
	KEXPECT_EQ(dma_coherent_read32(buf, 0), 0); /* zeroed */
	KEXPECT_EQ(dma_coherent_write(buf, 92, bytes, 8), 0);
	KEXPECT_EQ(dma_coherent_read(buf, 92, back, 8), 0);
	KEXPECT_MEMEQ(back, bytes, 8);
	KEXPECT_EQ(dma_coherent_write(buf, 93, bytes, 8), -ERANGE);
	KEXPECT_EQ(dma_coherent_read(buf, 101, back, 0), -ERANGE);
	KEXPECT_EQ(dma_coherent_fill(buf, 0, 0xff, 101), -ERANGE);
	KEXPECT_EQ(dma_coherent_write32(buf, 96, 0x11223344), 0);
	KEXPECT_EQ(dma_coherent_read16(buf, 96), 0x3344);
	KEXPECT_EQ(dma_coherent_read32(buf, 98), 0xffffffffU); /* misaligned */
	KEXPECT_EQ(dma_coherent_write64(buf, 96, 0), -ERANGE); /* runs past 100 */
	KEXPECT_EQ(dma_coherent_read64(buf, 200), ~0ULL);
	dma_coherent_free(buf);
	dma_coherent_free(NULL);
	KEXPECT_EQ(PTR_ERR(dma_coherent_alloc(&test_dev, 0)), -EINVAL);
}

KTEST(dma, stream_map_keeps_offset_and_reference)
{
	struct frame *f = frame_alloc_contig(2);
	struct dma_stream *s;

	KASSERT_TRUE(!IS_ERR(f));
	s = dma_stream_map(&test_dev, f, PAGE_SIZE - 16, 64, DMA_FROM_DEVICE);
	KASSERT_TRUE(!IS_ERR(s));
	KEXPECT_EQ(dma_stream_daddr(s) & (PAGE_SIZE - 1), PAGE_SIZE - 16);
	KEXPECT_EQ(dma_stream_len(s), 64);
	KEXPECT_EQ(f->refcount, 2); /* the mapping holds the pages */
	if (!iommu_translates(&test_dev))
		KEXPECT_EQ(dma_stream_daddr(s), frame_to_paddr(f) + PAGE_SIZE - 16);
	KEXPECT_EQ(dma_stream_sync_for_cpu(s, 0, 64), 0);
	KEXPECT_EQ(dma_stream_sync_for_device(s, 60, 4), 0);
	KEXPECT_EQ(dma_stream_sync_for_device(s, 60, 5), -ERANGE);
	dma_stream_unmap(s);
	KEXPECT_EQ(f->refcount, 1);
	frame_put(f);
}

KTEST(dma, stream_map_rejects_bad_arguments)
{
	struct frame *f = frame_alloc();

	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(PTR_ERR(dma_stream_map(&test_dev, f, 0, PAGE_SIZE + 1, DMA_TO_DEVICE)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(dma_stream_map(&test_dev, f, PAGE_SIZE, 1, DMA_TO_DEVICE)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(dma_stream_map(&test_dev, f, 0, 0, DMA_TO_DEVICE)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(dma_stream_map(&test_dev, f, 0, 8, (enum dma_direction)0)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(dma_stream_map(&test_dev, NULL, 0, 8, DMA_TO_DEVICE)), -EINVAL);
	KEXPECT_EQ(f->refcount, 1);
	frame_put(f);
}

KTEST(dma, physical_addresses_respect_the_mask)
{
	struct device d = test_dev;
	struct frame *f = frame_alloc();
	struct dma_stream *s;

	KASSERT_TRUE(!IS_ERR(f));
	d.segment = 0xffff; /* no IOMMU serves this segment: physical addresses */
	d.domain = NULL;
	s = dma_stream_map(&d, f, 0, 8, DMA_BIDIRECTIONAL);
	KASSERT_TRUE(!IS_ERR(s));
	KEXPECT_EQ(dma_stream_daddr(s), frame_to_paddr(f));
	dma_stream_unmap(s);
	d.dma_mask = frame_to_paddr(f) - 1; /* pretend the device cannot reach the frame */
	KEXPECT_EQ(PTR_ERR(dma_stream_map(&d, f, 0, 8, DMA_TO_DEVICE)), -EIO);
	frame_put(f);
}
