// SPDX-License-Identifier: MPL-2.0
// Private to hal/mm/: the slab cache structure shared by slab.c and kmalloc.c.
#ifndef HAL_MM_SLAB_H
#define HAL_MM_SLAB_H

#include <hal/lib/list.h>
#include <hal/mm.h>
#include <hal/pmm.h>
#include <hal/rawlock.h>

/* Slabs are at most PAGE_SIZE << SLAB_MAX_ORDER bytes; bigger objects go to kmalloc_large. */
#define SLAB_MAX_ORDER 3
#define SLAB_MIN_ALIGN 8
/* What a freed object is filled with in CONFIG_HEAP_DEBUG builds (Linux's POISON_FREE). */
#define SLAB_POISON 0x6b

struct kmem_cache {
	const char *name;
	struct raw_lock lock;
	struct list_head partial; /* slabs with a free object, via frame.link (lock) */
	struct list_head full;	  /* slabs with none free (lock) */
	size_t nr_slabs;	  /* (lock) */
	size_t nr_inuse;	  /* objects handed out (lock) */
	u32 size;		  /* object size callers asked for */
	u32 stride;		  /* distance between objects in a slab */
	u16 objs_per_slab;
	u8 order;	       /* a slab is 2^order pages */
	struct list_head node; /* in the list of all caches (cache_list_lock) */
};

/* slab_init - set up the cache of caches that kmem_cache_create() uses. Boot CPU, once. */
void slab_init(void);

/* kmem_cache_setup - initialise @c in place (static caches) and list it. 0 or -EINVAL. */
int kmem_cache_setup(struct kmem_cache *c, const char *name, size_t size, size_t align);

/* slab_head - the slab head frame holding @obj, or NULL when @obj is not in a slab. */
struct frame *slab_head(const void *obj);

/* slab_free - return @obj to the slab @slab it lives in (checks it really is an object). */
void slab_free(struct frame *slab, void *obj);

#endif /* HAL_MM_SLAB_H */
