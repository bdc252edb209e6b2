// SPDX-License-Identifier: MPL-2.0
// The physical frame allocator (a buddy allocator) and its per-frame metadata, for hal/ only.
#ifndef HAL_PMM_H
#define HAL_PMM_H

#include <hal/compiler.h>
#include <hal/boot_info.h>
#include <hal/lib/list.h>
#include <hal/mm.h>
#include <hal/types.h>

#ifdef CONFIG_FRAME_MAX_ORDER
#define FRAME_MAX_ORDER CONFIG_FRAME_MAX_ORDER
#else
#define FRAME_MAX_ORDER 10
#endif

/* What a frame is used for; only block heads carry the real answer, later pages say TAIL. */
enum frame_use {
	FRAME_RESERVED,	  /* not managed: holes, firmware, kernel image, initrd, this metadata */
	FRAME_FREE,	  /* head of a free buddy block */
	FRAME_TAIL,	  /* a later page of a block */
	FRAME_PAGES,	  /* pmm_alloc_pages(): hal's own (page tables, stacks) */
	FRAME_SEGMENT,	  /* behind a struct frame handle (frame_alloc*) */
	FRAME_SLAB,	  /* a slab of a kmem_cache */
	FRAME_HEAP_LARGE, /* a kmalloc() bigger than the largest size class */
};

/*
 * struct frame - metadata of one physical page, one per page of managed memory in an array
 * indexed by page number. The head of an allocated block is also the opaque handle that
 * mm.h hands to services. Fields are protected by the pmm lock while the block is free, and
 * belong to the block's owner while it is allocated.
 */
struct frame {
	struct list_head link; /* FREE: its free list; SLAB: the cache's slab list (cache lock) */
	union {
		size_t npages;	    /* SEGMENT and HEAP_LARGE heads: length of the run */
		struct frame *head; /* TAIL of an allocated block: its first page */
		struct {
			struct kmem_cache *cache;
			void *freelist; /* first free object (cache lock) */
		} slab;			/* SLAB heads */
	};
	u32 refcount; /* SEGMENT heads: handles held (atomic) */
	u16 inuse;    /* SLAB heads: objects handed out (cache lock) */
	u8 use;	      /* enum frame_use */
	u8 order;     /* FREE heads: block order; allocated heads: order of the buddy block */
};

/*
 * pmm_init - build the allocator from the boot memory map: usable RAM minus the kernel image,
 * the initrd, every non-usable region and whatever lies above arch_direct_map_limit(). The
 * metadata array is carved out of that memory. Boot CPU, once, before any allocation.
 */
void pmm_init(const struct boot_info *bi);

/*
 * pmm_alloc_run - @npages contiguous pages (not zeroed), aligned to the next power of two of
 * @npages, marked @use, later pages marked TAIL. Any context but NMI. Returns the head, or
 * NULL when no block is big enough (or @npages > 1 << FRAME_MAX_ORDER).
 */
struct frame *pmm_alloc_run(size_t npages, enum frame_use use);

/* pmm_free_run - give back a run from pmm_alloc_run() (warns on a double or bad free). */
void pmm_free_run(struct frame *head, size_t npages);

/*
 * pmm_alloc_pages - 2^@order pages (not zeroed) for hal's own use. Any context but NMI.
 * Returns the physical address, or 0 when out of memory (page 0 is never handed out).
 */
paddr_t pmm_alloc_pages(unsigned int order);
void pmm_free_pages(paddr_t pa, unsigned int order);

/*
 * pmm_alloc_pages_below - like pmm_alloc_pages(), but the whole block ends at or below
 * physical address @limit (e.g. 1 MiB for an x86 start-up trampoline, 4 GiB for 32-bit DMA
 * or page tables loaded in 32-bit mode). Scans the free lists. Returns 0 when none is free.
 */
paddr_t pmm_alloc_pages_below(unsigned int order, paddr_t limit);

/* pmm_order_for - the smallest order whose block holds @npages pages. */
unsigned int pmm_order_for(size_t npages);

/* Conversions between metadata, physical addresses and the direct map. Any context. */
paddr_t frame_to_paddr(const struct frame *f);
void *frame_to_virt(const struct frame *f);
/* paddr_to_frame / virt_to_frame - NULL when the page is outside the managed range. */
struct frame *paddr_to_frame(paddr_t pa);
struct frame *virt_to_frame(const void *va);

/* pmm_total_frames / pmm_free_frames - pages managed / free right now. */
size_t pmm_total_frames(void);
size_t pmm_free_frames(void);

#endif /* HAL_PMM_H */
