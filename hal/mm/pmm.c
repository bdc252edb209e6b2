// SPDX-License-Identifier: MPL-2.0
// The buddy frame allocator: free blocks of 2^order pages, split on allocation and merged
// with their buddy on free, over the metadata array of every managed page.
#define pr_fmt(fmt) "mm: " fmt

#include <hal/arch.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/pmm.h>
#include <hal/rawlock.h>
#include "memmap.h"

/* Everything below is written once by pmm_init() and read-only afterwards... */
static struct frame *frames; /* metadata of pages base_pfn .. base_pfn + nr_pfns - 1 */
static u64 base_pfn, nr_pfns;
static size_t total_frames;

/* ...except the free lists, protected by pmm_lock. */
static struct raw_lock pmm_lock = RAW_LOCK_INIT;
static struct list_head free_area[FRAME_MAX_ORDER + 1];
static size_t free_frames;

static struct memmap boot_memmap;

static struct frame *pfn_frame(u64 pfn)
{
	return &frames[pfn - base_pfn];
}

static u64 frame_pfn(const struct frame *f)
{
	return base_pfn + (u64)(f - frames);
}

static bool pfn_managed(u64 pfn)
{
	return pfn >= base_pfn && pfn - base_pfn < nr_pfns;
}

unsigned int pmm_order_for(size_t npages)
{
	unsigned int order = 0;

	while (((size_t)1 << order) < npages)
		order++;
	return order;
}

/* Put a block back, merging it with its buddy as long as the buddy is a free block too. */
static void free_block_locked(u64 pfn, unsigned int order)
{
	struct frame *f;

	while (order < FRAME_MAX_ORDER) {
		u64 buddy = pfn ^ (1ULL << order);
		struct frame *b;

		if (!pfn_managed(buddy))
			break;
		b = pfn_frame(buddy);
		if (b->use != FRAME_FREE || b->order != order)
			break;
		list_del(&b->link);
		b->use = FRAME_TAIL;
		pfn &= ~(1ULL << order);
		order++;
	}
	f = pfn_frame(pfn);
	f->use = FRAME_FREE;
	f->order = order;
	list_add(&f->link, &free_area[order]);
}

/* Free @count pages from @pfn as the largest naturally aligned blocks that fit. */
static void free_range_locked(u64 pfn, u64 count)
{
	free_frames += count;
	while (count) {
		unsigned int order = 0;

		while (order < FRAME_MAX_ORDER && !(pfn & (1ULL << order)) &&
		       (2ULL << order) <= count)
			order++;
		free_block_locked(pfn, order);
		pfn += 1ULL << order;
		count -= 1ULL << order;
	}
}

/*
 * The first free block of at least @order whose first 2^@order pages end at or below @limit
 * (the split below keeps the low end). With no limit that is the head of the first non-empty
 * list, so the common case stays O(1); a limit scans the lists.
 */
static struct frame *find_block_locked(unsigned int order, paddr_t limit, unsigned int *found)
{
	for (unsigned int o = order; o <= FRAME_MAX_ORDER; o++) {
		struct frame *f;

		list_for_each_entry(f, &free_area[o], link) {
			if (frame_to_paddr(f) + (PAGE_SIZE << order) - 1 <= limit - 1) {
				*found = o;
				return f;
			}
		}
	}
	return NULL;
}

/*
 * Take a free block of exactly @order ending at or below @limit (0: anywhere), splitting a
 * bigger one if needed. Its head is marked @use before the lock drops, so a concurrent free
 * never takes it for a free buddy.
 */
static struct frame *alloc_block_locked(unsigned int order, enum frame_use use, paddr_t limit)
{
	unsigned int o;
	struct frame *f = find_block_locked(order, limit, &o);

	if (!f)
		return NULL;
	list_del(&f->link);
	while (o > order) {
		struct frame *half;

		o--;
		half = f + (1UL << o);
		half->use = FRAME_FREE;
		half->order = o;
		list_add(&half->link, &free_area[o]);
	}
	f->use = use;
	f->order = order;
	free_frames -= 1UL << order;
	return f;
}

static void mark_run(struct frame *head, size_t npages)
{
	head->refcount = 0;
	head->inuse = 0;
	INIT_LIST_HEAD(&head->link);
	for (size_t i = 1; i < npages; i++) {
		head[i].use = FRAME_TAIL;
		head[i].head = head;
	}
}

static struct frame *alloc_run_below(size_t npages, enum frame_use use, paddr_t limit)
{
	unsigned int order = pmm_order_for(npages);
	unsigned long flags;
	struct frame *f;

	if (!npages || order > FRAME_MAX_ORDER)
		return NULL;
	flags = raw_lock_irqsave(&pmm_lock);
	f = alloc_block_locked(order, use, limit);
	/* Give back the part of the power-of-two block the caller did not ask for. */
	if (f && npages < (1UL << order))
		free_range_locked(frame_pfn(f) + npages, (1UL << order) - npages);
	raw_unlock_irqrestore(&pmm_lock, flags);
	if (f)
		mark_run(f, npages);
	return f;
}

struct frame *pmm_alloc_run(size_t npages, enum frame_use use)
{
	return alloc_run_below(npages, use, 0);
}

static bool run_is_allocated(const struct frame *head, size_t npages)
{
	u64 pfn = frame_pfn(head);

	return head >= frames && pfn_managed(pfn) && npages && pfn_managed(pfn + npages - 1) &&
	       head->use != FRAME_FREE && head->use != FRAME_TAIL && head->use != FRAME_RESERVED;
}

void pmm_free_run(struct frame *head, size_t npages)
{
	unsigned long flags;

	/* A second free of the same run finds its head already FREE (or merged: TAIL). */
	if (WARN_ON(!run_is_allocated(head, npages)))
		return;
	flags = raw_lock_irqsave(&pmm_lock);
	free_range_locked(frame_pfn(head), npages);
	raw_unlock_irqrestore(&pmm_lock, flags);
}

paddr_t pmm_alloc_pages(unsigned int order)
{
	struct frame *f = order <= FRAME_MAX_ORDER ? pmm_alloc_run(1UL << order, FRAME_PAGES) :
						     NULL;

	return f ? frame_to_paddr(f) : 0;
}

paddr_t pmm_alloc_pages_below(unsigned int order, paddr_t limit)
{
	struct frame *f;

	if (!limit || order > FRAME_MAX_ORDER)
		return 0;
	f = alloc_run_below(1UL << order, FRAME_PAGES, limit);
	return f ? frame_to_paddr(f) : 0;
}

void pmm_free_pages(paddr_t pa, unsigned int order)
{
	struct frame *f = paddr_to_frame(pa);

	if (WARN_ON(!f || !IS_ALIGNED(pa, PAGE_SIZE << order) || f->use != FRAME_PAGES))
		return;
	pmm_free_run(f, 1UL << order);
}

paddr_t frame_to_paddr(const struct frame *f)
{
	return frame_pfn(f) << PAGE_SHIFT;
}

void *frame_to_virt(const struct frame *f)
{
	return arch_phys_to_virt(frame_to_paddr(f));
}

struct frame *paddr_to_frame(paddr_t pa)
{
	u64 pfn = pa >> PAGE_SHIFT;

	return frames && pfn_managed(pfn) ? pfn_frame(pfn) : NULL;
}

struct frame *virt_to_frame(const void *va)
{
	return paddr_to_frame(arch_virt_to_phys(va));
}

size_t pmm_total_frames(void)
{
	return total_frames;
}

size_t pmm_free_frames(void)
{
	return __atomic_load_n(&free_frames, __ATOMIC_RELAXED);
}

/* Place the metadata array in free memory itself and mark every page reserved. */
static bool pmm_setup_metadata(struct memmap *m)
{
	u64 bytes;
	paddr_t pa;

	base_pfn = m->ranges[0].start >> PAGE_SHIFT;
	nr_pfns = (m->ranges[m->nr - 1].end >> PAGE_SHIFT) - base_pfn;
	bytes = nr_pfns * sizeof(struct frame);
	pa = memmap_take(m, bytes);
	if (!pa)
		return false;
	frames = arch_phys_to_virt(pa);
	memset(frames, 0, bytes); /* 0 is FRAME_RESERVED */
	pr_debug("frame metadata: %llu KiB for %llu pages at [mem 0x%016llx-0x%016llx]\n",
		 (unsigned long long)(bytes >> 10), (unsigned long long)nr_pfns,
		 (unsigned long long)pa, (unsigned long long)(pa + bytes - 1));
	return true;
}

void pmm_init(const struct boot_info *bi)
{
	struct memmap *m = &boot_memmap;
	unsigned long flags;

	for (unsigned int o = 0; o <= FRAME_MAX_ORDER; o++)
		INIT_LIST_HEAD(&free_area[o]);
	memmap_build(m, bi, arch_direct_map_limit());
	memmap_log(bi, m->usable_bytes);
	if (!m->nr || !pmm_setup_metadata(m))
		panic("mm: no usable memory for the frame allocator");
	flags = raw_lock_irqsave(&pmm_lock);
	for (unsigned int i = 0; i < m->nr; i++) {
		u64 pfn = m->ranges[i].start >> PAGE_SHIFT;
		u64 count = (m->ranges[i].end - m->ranges[i].start) >> PAGE_SHIFT;

		free_range_locked(pfn, count);
	}
	total_frames = free_frames;
	raw_unlock_irqrestore(&pmm_lock, flags);
}
