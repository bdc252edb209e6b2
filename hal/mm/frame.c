// SPDX-License-Identifier: MPL-2.0
// The frame API of mm.h: zeroed, ref-counted pages behind opaque handles, with every access
// bounds-checked so a service never sees a physical address or an unchecked pointer.
#include <hal/err.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/pmm.h>

struct frame *frame_alloc(void)
{
	return frame_alloc_contig(1);
}

size_t frame_contig_max(void)
{
	return (size_t)1 << FRAME_MAX_ORDER;
}

struct frame *frame_alloc_contig(size_t npages)
{
	struct frame *f;

	if (!npages || npages > frame_contig_max())
		return ERR_PTR(-EINVAL);
	f = pmm_alloc_run(npages, FRAME_SEGMENT);
	if (!f)
		return ERR_PTR(-ENOMEM);
	memset(frame_to_virt(f), 0, npages << PAGE_SHIFT);
	f->npages = npages;
	__atomic_store_n(&f->refcount, 1, __ATOMIC_RELEASE);
	return f;
}

/* A handle that is not the head of a live segment is a caller bug, caught cheaply here. */
static bool frame_valid(const struct frame *f)
{
	return !WARN_ON_ONCE(IS_ERR_OR_NULL(f) || f->use != FRAME_SEGMENT ||
			     !__atomic_load_n(&f->refcount, __ATOMIC_RELAXED));
}

struct frame *frame_get(struct frame *f)
{
	if (frame_valid(f))
		__atomic_fetch_add(&f->refcount, 1, __ATOMIC_RELAXED);
	return f;
}

void frame_put(struct frame *f)
{
	if (!f || !frame_valid(f))
		return;
	/* Release orders our writes to the frame before whoever frees it. */
	if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		pmm_free_run(f, f->npages);
}

size_t frame_npages(const struct frame *f)
{
	return frame_valid(f) ? f->npages : 0;
}

size_t frame_size(const struct frame *f)
{
	return frame_npages(f) << PAGE_SHIFT;
}

/* The kernel address of [offset, offset + len) inside @f, or NULL when out of bounds. */
static u8 *frame_span(const struct frame *f, size_t offset, size_t len)
{
	size_t size;

	if (!frame_valid(f))
		return NULL;
	size = f->npages << PAGE_SHIFT;
	if (offset > size || len > size - offset)
		return NULL;
	return (u8 *)frame_to_virt(f) + offset;
}

int frame_read(const struct frame *f, size_t offset, void *buf, size_t len)
{
	const u8 *src = frame_span(f, offset, len);

	if (!src)
		return -EINVAL;
	memcpy(buf, src, len);
	return 0;
}

int frame_write(struct frame *f, size_t offset, const void *buf, size_t len)
{
	u8 *dst = frame_span(f, offset, len);

	if (!dst)
		return -EINVAL;
	memcpy(dst, buf, len);
	return 0;
}

int frame_fill(struct frame *f, size_t offset, int byte, size_t len)
{
	u8 *dst = frame_span(f, offset, len);

	if (!dst)
		return -EINVAL;
	memset(dst, byte, len);
	return 0;
}

int frame_copy(struct frame *dst, size_t dst_off, const struct frame *src, size_t src_off,
	       size_t len)
{
	u8 *to = frame_span(dst, dst_off, len);
	const u8 *from = frame_span(src, src_off, len);

	if (!to || !from)
		return -EINVAL;
	memmove(to, from, len);
	return 0;
}

size_t frame_total_count(void)
{
	return pmm_total_frames();
}

size_t frame_free_count(void)
{
	return pmm_free_frames();
}
