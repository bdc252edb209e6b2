// SPDX-License-Identifier: MPL-2.0
// ktests for the frame allocator and the frame API.
#include <hal/err.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include <hal/pmm.h>

static u8 page_buf[PAGE_SIZE];

static bool frame_is_zero(const struct frame *f)
{
	for (size_t off = 0; off < frame_size(f); off += PAGE_SIZE) {
		if (frame_read(f, off, page_buf, PAGE_SIZE))
			return false;
		for (size_t i = 0; i < PAGE_SIZE; i++) {
			if (page_buf[i])
				return false;
		}
	}
	return true;
}

KTEST(frame, alloc_is_zeroed)
{
	struct frame *f = frame_alloc();
	size_t free_before;

	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(frame_npages(f), 1);
	KEXPECT_EQ(frame_size(f), PAGE_SIZE);
	KEXPECT_TRUE(frame_is_zero(f));
	KEXPECT_EQ(frame_fill(f, 0, 0xa5, PAGE_SIZE), 0);
	free_before = frame_free_count();
	frame_put(f);
	KEXPECT_EQ(frame_free_count(), free_before + 1);
	/* The page just freed is the first one handed out again: it must come back clean. */
	f = frame_alloc();
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_TRUE(frame_is_zero(f));
	frame_put(f);
}

KTEST(frame, read_write_roundtrip)
{
	struct frame *f = frame_alloc();
	const char msg[] = "framekernel";
	char back[sizeof(msg)] = { 0 };

	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(frame_write(f, 100, msg, sizeof(msg)), 0);
	KEXPECT_EQ(frame_read(f, 100, back, sizeof(back)), 0);
	KEXPECT_STREQ(back, msg);
	KEXPECT_EQ(frame_write(f, PAGE_SIZE - 2, "xy", 2), 0);
	KEXPECT_EQ(frame_read(f, PAGE_SIZE - 1, back, 1), 0);
	KEXPECT_EQ(back[0], 'y');
	frame_put(f);
}

KTEST(frame, bounds)
{
	struct frame *f = frame_alloc();
	u8 b = 0;

	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(frame_read(f, PAGE_SIZE, &b, 1), -EINVAL);
	KEXPECT_EQ(frame_read(f, PAGE_SIZE - 1, &b, 1), 0);
	KEXPECT_EQ(frame_read(f, PAGE_SIZE, &b, 0), 0);
	KEXPECT_EQ(frame_read(f, PAGE_SIZE + 1, &b, 0), -EINVAL);
	KEXPECT_EQ(frame_write(f, 0, page_buf, PAGE_SIZE + 1), -EINVAL);
	KEXPECT_EQ(frame_write(f, 1, page_buf, PAGE_SIZE), -EINVAL);
	/* offset + len wraps around: must still be refused. */
	KEXPECT_EQ(frame_fill(f, SIZE_MAX, 0, 2), -EINVAL);
	KEXPECT_EQ(frame_fill(f, 2, 0, SIZE_MAX), -EINVAL);
	KEXPECT_EQ(frame_copy(f, 0, f, 1, PAGE_SIZE), -EINVAL);
	KEXPECT_TRUE(frame_is_zero(f));
	frame_put(f);
}

KTEST(frame, refcount)
{
	struct frame *f = frame_alloc();
	size_t free_before;

	KASSERT_TRUE(!IS_ERR(f));
	free_before = frame_free_count();
	KEXPECT_TRUE(frame_get(f) == f);
	frame_put(f);
	KEXPECT_EQ(frame_free_count(), free_before);
	KEXPECT_EQ(frame_write(f, 0, "a", 1), 0);
	frame_put(f);
	KEXPECT_EQ(frame_free_count(), free_before + 1);
	frame_put(NULL);
}

KTEST(frame, contiguous_alignment)
{
	static const size_t sizes[] = { 1, 2, 3, 5, 8, 13, 64 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t free_before = frame_free_count();
		struct frame *f = frame_alloc_contig(sizes[i]);
		size_t align = PAGE_SIZE << pmm_order_for(sizes[i]);

		KASSERT_TRUE(!IS_ERR(f));
		KEXPECT_EQ(frame_npages(f), sizes[i]);
		KEXPECT_EQ(frame_to_paddr(f) & (align - 1), 0);
		KEXPECT_EQ(frame_free_count(), free_before - sizes[i]);
		KEXPECT_TRUE(frame_is_zero(f));
		KEXPECT_EQ(frame_fill(f, 0, 0x5a, frame_size(f)), 0);
		frame_put(f);
		KEXPECT_EQ(frame_free_count(), free_before);
	}
}

KTEST(frame, contig_limits)
{
	KEXPECT_EQ(PTR_ERR(frame_alloc_contig(0)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(frame_alloc_contig(frame_contig_max() + 1)), -EINVAL);
}

KTEST(frame, copy)
{
	struct frame *a = frame_alloc(), *b = frame_alloc_contig(2);
	char out[4] = { 0 };

	KASSERT_TRUE(!IS_ERR(a) && !IS_ERR(b));
	KEXPECT_EQ(frame_write(a, PAGE_SIZE - 3, "cow", 3), 0);
	KEXPECT_EQ(frame_copy(b, PAGE_SIZE - 1, a, PAGE_SIZE - 3, 3), 0);
	KEXPECT_EQ(frame_read(b, PAGE_SIZE - 1, out, 3), 0);
	KEXPECT_STREQ(out, "cow");
	KEXPECT_EQ(frame_copy(a, 0, b, PAGE_SIZE, PAGE_SIZE + 1), -EINVAL);
	frame_put(a);
	frame_put(b);
}

/* Take every free page as pmm blocks chained on @held, largest first. */
static size_t exhaust(struct list_head *held)
{
	size_t pages = 0;

	for (int order = FRAME_MAX_ORDER; order >= 0; order--) {
		struct frame *f;

		while ((f = pmm_alloc_run(1UL << order, FRAME_PAGES))) {
			list_add(&f->link, held);
			pages += 1UL << order;
		}
	}
	return pages;
}

KTEST(frame, exhaust_and_recover)
{
	size_t free_before = frame_free_count();
	LIST_HEAD(held);
	struct frame *f, *next;
	size_t taken = exhaust(&held);

	KEXPECT_EQ(taken, free_before);
	KEXPECT_EQ(frame_free_count(), 0);
	KEXPECT_EQ(PTR_ERR(frame_alloc()), -ENOMEM);
	KEXPECT_EQ(pmm_alloc_pages(0), 0);
	list_for_each_entry_safe(f, next, &held, link)
		pmm_free_run(f, 1UL << f->order);
	KEXPECT_EQ(frame_free_count(), free_before);
	/* Freed blocks merged again: a largest block is available. */
	f = frame_alloc_contig(frame_contig_max());
	KASSERT_TRUE(!IS_ERR(f));
	frame_put(f);
	KEXPECT_EQ(frame_free_count(), free_before);
}

KTEST(frame, pmm_pages)
{
	paddr_t pa = pmm_alloc_pages(2);

	KASSERT_NE(pa, 0);
	KEXPECT_EQ(pa & (4 * PAGE_SIZE - 1), 0);
	KEXPECT_TRUE(paddr_to_frame(pa) != NULL);
	KEXPECT_EQ(pmm_alloc_pages(FRAME_MAX_ORDER + 1), 0);
	pmm_free_pages(pa, 2);
}
