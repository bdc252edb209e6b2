// SPDX-License-Identifier: MPL-2.0
// Memory for services: ref-counted physical frames behind opaque handles, and the kernel heap.
#ifndef HAL_MM_H
#define HAL_MM_H

#include <hal/compiler.h>
#include <hal/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)

/* ---- Frames ------------------------------------------------------------------------------- */

/*
 * struct frame - a handle on one page of physical memory, or on a physically contiguous run
 * of pages (a "segment"). Its contents are reached only through frame_read/write/fill, which
 * check every offset, so holding a handle never gives away a physical address or a mapping.
 * Handles are counted references: the memory returns to the allocator at the last
 * frame_put(). Every frame is zeroed before it reaches a caller.
 */
struct frame;

/*
 * frame_alloc - one zeroed page with a reference count of 1. Any context but NMI.
 * Returns the handle or ERR_PTR(-ENOMEM).
 */
struct frame *frame_alloc(void);

/*
 * frame_alloc_contig - @npages zeroed, physically contiguous pages as one handle, aligned to
 * the next power of two of @npages (for devices with alignment rules). Any context but NMI.
 * Returns the handle, ERR_PTR(-EINVAL) for 0 or more than frame_contig_max() pages, or
 * ERR_PTR(-ENOMEM).
 */
struct frame *frame_alloc_contig(size_t npages);

/* frame_contig_max - the largest @npages frame_alloc_contig() accepts. */
size_t frame_contig_max(void);

/* frame_get - take another reference on @f. Returns @f. Any context. */
struct frame *frame_get(struct frame *f);

/* frame_put - drop a reference; the last one frees the pages. NULL is ignored. Any context. */
void frame_put(struct frame *f);

/* frame_npages / frame_size - length of the handle's memory in pages and in bytes. */
size_t frame_npages(const struct frame *f);
size_t frame_size(const struct frame *f);

/*
 * frame_read / frame_write / frame_fill - copy @len bytes out of, into, or set them in @f
 * starting at byte @offset. Any context. Return 0, or -EINVAL when [offset, offset + len)
 * is not inside the handle's memory (nothing is copied then).
 */
int frame_read(const struct frame *f, size_t offset, void *buf, size_t len);
int frame_write(struct frame *f, size_t offset, const void *buf, size_t len);
int frame_fill(struct frame *f, size_t offset, int byte, size_t len);

/*
 * frame_copy - copy @len bytes from @src at @src_off to @dst at @dst_off (copy-on-write).
 * Returns 0 or -EINVAL when either range is out of bounds.
 */
int frame_copy(struct frame *dst, size_t dst_off, const struct frame *src, size_t src_off,
	       size_t len);

/* frame_total_count / frame_free_count - pages the allocator manages / has free now. */
size_t frame_total_count(void);
size_t frame_free_count(void);

/* ---- Kernel heap -------------------------------------------------------------------------- */

/*
 * kmalloc - @size bytes of kernel memory, not zeroed, aligned to at least 8 bytes (a
 * power-of-two size up to PAGE_SIZE is aligned to its size; bigger ones to PAGE_SIZE).
 * kmalloc(0) returns a valid minimal object. Any context but NMI; does not sleep.
 * Returns NULL when out of memory.
 */
void *kmalloc(size_t size) __attribute__((malloc, alloc_size(1)));
/* kzalloc - kmalloc() and zero it. */
void *kzalloc(size_t size) __attribute__((malloc, alloc_size(1)));
/* kcalloc - a zeroed array of @n elements of @size; NULL when n * size overflows. */
void *kcalloc(size_t n, size_t size) __attribute__((malloc, alloc_size(1, 2)));
/*
 * krealloc - resize @p to @size, keeping the old contents up to the smaller size. @p NULL
 * acts as kmalloc(); @size 0 frees @p and returns NULL. On failure @p is untouched and NULL
 * is returned.
 */
void *krealloc(void *p, size_t size) __attribute__((alloc_size(2)));
/* kfree - release memory from the kmalloc family; NULL is ignored. Any context but NMI. */
void kfree(const void *p);
/* ksize - the usable size of @p (at least what was asked for); 0 for NULL. */
size_t ksize(const void *p);

/*
 * Slab caches: many objects of one size, packed into pages.
 * kmem_cache_create - a cache of @size-byte objects aligned to @align (a power of two up to
 * PAGE_SIZE; 0 = 8). @name must stay valid while the cache lives. Returns the cache,
 * ERR_PTR(-EINVAL) for a bad size or alignment, or ERR_PTR(-ENOMEM).
 */
struct kmem_cache;
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
/* kmem_cache_destroy - free an empty cache (warns and keeps it when objects are still live). */
void kmem_cache_destroy(struct kmem_cache *cache);
/* kmem_cache_alloc - one object, not zeroed; NULL when out of memory. Any context but NMI. */
void *kmem_cache_alloc(struct kmem_cache *cache) __attribute__((malloc));
/* kmem_cache_zalloc - one zeroed object; NULL when out of memory. */
void *kmem_cache_zalloc(struct kmem_cache *cache) __attribute__((malloc));
/* kmem_cache_free - return @obj to @cache; NULL is ignored. */
void kmem_cache_free(struct kmem_cache *cache, void *obj);

#endif /* HAL_MM_H */
