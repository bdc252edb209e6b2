// SPDX-License-Identifier: MPL-2.0
// kmalloc and friends: size classes of slab caches, and whole page runs for big requests.
#define pr_fmt(fmt) "heap: " fmt

#include <hal/heap.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include "slab.h"

#define KMALLOC_MAX_CACHE_SIZE PAGE_SIZE

static const u16 kmalloc_sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096 };
static const char *const kmalloc_names[] = {
	"kmalloc-8",   "kmalloc-16",  "kmalloc-32",  "kmalloc-64", "kmalloc-96", "kmalloc-128",
	"kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
};
static struct kmem_cache kmalloc_caches[ARRAY_SIZE(kmalloc_sizes)];
static bool heap_ready;

/* The smallest size class that holds @size (the caller checked it is not too big). */
static struct kmem_cache *kmalloc_cache_for(size_t size)
{
	unsigned int i = 0;

	while (kmalloc_sizes[i] < size)
		i++;
	return &kmalloc_caches[i];
}

static void *kmalloc_large(size_t size)
{
	size_t npages;
	struct frame *f;

	if (size > (PAGE_SIZE << FRAME_MAX_ORDER))
		return NULL;
	npages = DIV_ROUND_UP(size, PAGE_SIZE);
	f = pmm_alloc_run(npages, FRAME_HEAP_LARGE);
	if (!f)
		return NULL;
	f->npages = npages;
	return frame_to_virt(f);
}

void *kmalloc(size_t size)
{
	if (WARN_ON_ONCE(!heap_ready))
		return NULL;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size);
	return kmem_cache_alloc(kmalloc_cache_for(size));
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *kcalloc(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kzalloc(bytes);
}

/* The head frame of a heap allocation: a slab or a large run. NULL when @p is not one. */
static struct frame *heap_frame(const void *p)
{
	struct frame *f = virt_to_frame(p);

	if (f && f->use == FRAME_TAIL)
		f = f->head;
	if (!f || (f->use != FRAME_SLAB && f->use != FRAME_HEAP_LARGE))
		return NULL;
	/* A large allocation is only ever freed by its first byte. */
	if (f->use == FRAME_HEAP_LARGE && p != frame_to_virt(f))
		return NULL;
	return f;
}

void kfree(const void *p)
{
	struct frame *f;

	if (!p)
		return;
	f = heap_frame(p);
	if (WARN_ON(!f)) {
		pr_err("kfree of %p, which is not a heap object\n", p);
		return;
	}
	if (f->use == FRAME_SLAB)
		slab_free(f, (void *)p);
	else
		pmm_free_run(f, f->npages);
}

size_t ksize(const void *p)
{
	struct frame *f = p ? heap_frame(p) : NULL;

	if (!f)
		return 0;
	if (f->use == FRAME_SLAB)
		return f->slab.cache->size;
	return f->npages << PAGE_SHIFT;
}

void *krealloc(void *p, size_t size)
{
	size_t old;
	void *n;

	if (!p)
		return kmalloc(size);
	if (!size) {
		kfree(p);
		return NULL;
	}
	old = ksize(p);
	if (size <= old)
		return p;
	n = kmalloc(size);
	if (n) {
		memcpy(n, p, old);
		kfree(p);
	}
	return n;
}

void heap_init(void)
{
	BUILD_BUG_ON(ARRAY_SIZE(kmalloc_names) != ARRAY_SIZE(kmalloc_sizes));
	slab_init();
	for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		if (kmem_cache_setup(&kmalloc_caches[i], kmalloc_names[i], kmalloc_sizes[i], 0))
			panic("heap: cannot set up %s", kmalloc_names[i]);
	}
	heap_ready = true;
}
