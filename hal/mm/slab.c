// SPDX-License-Identifier: MPL-2.0
// Slab caches: objects of one size packed into page blocks, with a free list threaded
// through the free objects and the slab's state kept in its head frame's metadata.
#define pr_fmt(fmt) "slab: " fmt

#include <hal/err.h>
#include <hal/heap.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include "slab.h"

static struct raw_lock cache_list_lock = RAW_LOCK_INIT;
static LIST_HEAD(cache_list);  /* every cache (cache_list_lock) */
static unsigned int nr_caches; /* (cache_list_lock) */
/* Bad frees and use-after-free writes caught so far (for tests and the log). */
static unsigned int heap_errors;
/* The cache that struct kmem_cache itself comes from. */
static struct kmem_cache cache_cache;

static void **free_ptr(void *obj)
{
	return obj;
}

/* The smallest slab (up to SLAB_MAX_ORDER) that wastes at most an eighth of itself. */
static unsigned int slab_order_for(size_t stride)
{
	unsigned int order = 0;

	for (; order < SLAB_MAX_ORDER; order++) {
		size_t bytes = PAGE_SIZE << order;

		if (bytes >= stride && (bytes % stride) * 8 <= bytes)
			break;
	}
	return order;
}

int kmem_cache_setup(struct kmem_cache *c, const char *name, size_t size, size_t align)
{
	unsigned long flags;

	align = align ? align : SLAB_MIN_ALIGN;
	if (!size || size > (PAGE_SIZE << SLAB_MAX_ORDER) || align > PAGE_SIZE ||
	    (align & (align - 1)))
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->size = size;
	c->stride = ALIGN_UP(MAX(size, sizeof(void *)), MAX(align, SLAB_MIN_ALIGN));
	c->order = slab_order_for(c->stride);
	c->objs_per_slab = (PAGE_SIZE << c->order) / c->stride;
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	flags = raw_lock_irqsave(&cache_list_lock);
	list_add_tail(&c->node, &cache_list);
	nr_caches++;
	raw_unlock_irqrestore(&cache_list_lock, flags);
	return 0;
}

/* A new slab with every object on its free list (poisoned in debug builds). */
static struct frame *slab_new(struct kmem_cache *c)
{
	struct frame *slab = pmm_alloc_run(1UL << c->order, FRAME_SLAB);
	u8 *base;
	void *next = NULL;

	if (!slab)
		return NULL;
	base = frame_to_virt(slab);
	for (unsigned int i = c->objs_per_slab; i > 0; i--) {
		void *obj = base + (size_t)(i - 1) * c->stride;

		if (IS_ENABLED(CONFIG_HEAP_DEBUG))
			memset(obj, SLAB_POISON, c->stride);
		*free_ptr(obj) = next;
		next = obj;
	}
	slab->slab.cache = c;
	slab->slab.freelist = next;
	slab->inuse = 0;
	c->nr_slabs++;
	return slab;
}

/* The offset of the first byte past the free pointer that lost its poison, or the stride. */
static size_t poison_mismatch(const struct kmem_cache *c, const void *obj)
{
	const u8 *p = obj;
	size_t i = sizeof(void *);

	while (i < c->stride && p[i] == SLAB_POISON)
		i++;
	return i;
}

/* Debug builds: a free object must still hold only poison past its free pointer. */
static void check_poison(struct kmem_cache *c, void *obj)
{
	size_t bad = poison_mismatch(c, obj);
	bool written_after_free = bad < c->stride;

	if (written_after_free) {
		pr_err("%s: object %p written after free (offset %zu)\n", c->name, obj, bad);
		__atomic_fetch_add(&heap_errors, 1, __ATOMIC_RELAXED);
	}
	WARN_ON(written_after_free);
}

static void *slab_pop_locked(struct kmem_cache *c, struct frame *slab)
{
	void *obj = slab->slab.freelist;

	slab->slab.freelist = *free_ptr(obj);
	slab->inuse++;
	c->nr_inuse++;
	if (!slab->slab.freelist)
		list_move_tail(&slab->link, &c->full);
	if (IS_ENABLED(CONFIG_HEAP_DEBUG))
		check_poison(c, obj);
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	unsigned long flags = raw_lock_irqsave(&c->lock);
	struct frame *slab = list_first_entry_or_null(&c->partial, struct frame, link);
	void *obj = NULL;

	if (!slab) {
		slab = slab_new(c);
		if (slab)
			list_add(&slab->link, &c->partial);
	}
	if (slab)
		obj = slab_pop_locked(c, slab);
	raw_unlock_irqrestore(&c->lock, flags);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	void *obj = kmem_cache_alloc(c);

	if (obj)
		memset(obj, 0, c->size);
	return obj;
}

struct frame *slab_head(const void *obj)
{
	struct frame *f = virt_to_frame(obj);

	if (f && f->use == FRAME_TAIL)
		f = f->head;
	return f && f->use == FRAME_SLAB ? f : NULL;
}

/* Is @obj already on @slab's free list? Debug builds walk the list; others check its head. */
static bool slab_obj_is_free(const struct kmem_cache *c, struct frame *slab, void *obj)
{
	void *p = slab->slab.freelist;

	if (!IS_ENABLED(CONFIG_HEAP_DEBUG))
		return p == obj;
	for (unsigned int n = 0; p && n <= c->objs_per_slab; n++, p = *free_ptr(p)) {
		if (p == obj)
			return true;
	}
	return false;
}

/* Is @obj the start of an object of @slab? */
static bool slab_obj_valid(const struct kmem_cache *c, struct frame *slab, const void *obj)
{
	size_t off = (size_t)((const u8 *)obj - (const u8 *)frame_to_virt(slab));

	return off % c->stride == 0 && off / c->stride < c->objs_per_slab;
}

static void slab_push_locked(struct kmem_cache *c, struct frame *slab, void *obj)
{
	if (IS_ENABLED(CONFIG_HEAP_DEBUG))
		memset(obj, SLAB_POISON, c->stride);
	if (!slab->slab.freelist)
		list_move_tail(&slab->link, &c->partial);
	*free_ptr(obj) = slab->slab.freelist;
	slab->slab.freelist = obj;
	slab->inuse--;
	c->nr_inuse--;
}

/* An empty slab goes back to the frame allocator unless it is the cache's last partial one. */
static bool slab_release_locked(struct kmem_cache *c, struct frame *slab)
{
	if (slab->inuse || list_is_singular(&c->partial))
		return false;
	list_del(&slab->link);
	c->nr_slabs--;
	return true;
}

void slab_free(struct frame *slab, void *obj)
{
	struct kmem_cache *c = slab->slab.cache;
	unsigned long flags = raw_lock_irqsave(&c->lock);
	bool release = false, ok = false;

	if (!slab_obj_valid(c, slab, obj))
		pr_err("%s: free of %p, not the start of an object\n", c->name, obj);
	else if (slab_obj_is_free(c, slab, obj))
		pr_err("%s: double free of %p\n", c->name, obj);
	else
		ok = true;
	if (ok) {
		slab_push_locked(c, slab, obj);
		release = slab_release_locked(c, slab);
	}
	raw_unlock_irqrestore(&c->lock, flags);
	/* The object is left alone: freeing it again would corrupt the free list. */
	if (WARN_ON(!ok))
		__atomic_fetch_add(&heap_errors, 1, __ATOMIC_RELAXED);
	if (release)
		pmm_free_run(slab, 1UL << c->order);
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct frame *slab;

	if (!obj)
		return;
	slab = slab_head(obj);
	if (WARN_ON(!slab || slab->slab.cache != c))
		return;
	slab_free(slab, obj);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c = kmem_cache_alloc(&cache_cache);
	int err;

	if (!c)
		return ERR_PTR(-ENOMEM);
	err = kmem_cache_setup(c, name, size, align);
	if (err) {
		kmem_cache_free(&cache_cache, c);
		return ERR_PTR(err);
	}
	return c;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	unsigned long flags;
	struct frame *slab, *next;

	if (IS_ERR_OR_NULL(c))
		return;
	if (WARN_ON(c->nr_inuse)) {
		pr_err("%s: destroyed with %zu objects in use; leaking it\n", c->name, c->nr_inuse);
		return;
	}
	flags = raw_lock_irqsave(&cache_list_lock);
	list_del(&c->node);
	nr_caches--;
	raw_unlock_irqrestore(&cache_list_lock, flags);
	list_for_each_entry_safe(slab, next, &c->partial, link)
		pmm_free_run(slab, 1UL << c->order);
	kmem_cache_free(&cache_cache, c);
}

unsigned int heap_error_count(void)
{
	return __atomic_load_n(&heap_errors, __ATOMIC_RELAXED);
}

unsigned int heap_nr_caches(void)
{
	return __atomic_load_n(&nr_caches, __ATOMIC_RELAXED);
}

void slab_init(void)
{
	kmem_cache_setup(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 0);
}
