// SPDX-License-Identifier: MPL-2.0
// Memory for services: ref-counted physical frames behind opaque handles, and the kernel heap.
#ifndef HAL_MM_H
#define HAL_MM_H

#include <hal/compiler.h>
#include <hal/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)

/*
 * enum cache_policy - how the CPU caches a mapping. Normal memory is CACHE_WB; device
 * registers want CACHE_UC; frame buffers and other write-mostly device memory CACHE_WC.
 */
enum cache_policy {
	CACHE_WB, /* write-back: normal memory */
	CACHE_WT, /* write-through */
	CACHE_WC, /* write-combining, uncached reads */
	CACHE_UC, /* uncached, strongly ordered: device registers */
};

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

/* ---- User address spaces ------------------------------------------------------------------ */

/* Access rights of a mapping, and what the CPU recorded about it (query only). */
#define VM_READ	    (1u << 0)
#define VM_WRITE    (1u << 1)
#define VM_EXEC	    (1u << 2)
#define VM_ACCESSED (1u << 3) /* reported by queries: the page was touched */
#define VM_DIRTY    (1u << 4) /* reported by queries: the page was written */
#define VM_RWX	    (VM_READ | VM_WRITE | VM_EXEC)

/* struct vm_prop - the properties of one mapped page. */
struct vm_prop {
	u32 flags;		 /* VM_READ, VM_WRITE, VM_EXEC (+ VM_ACCESSED/VM_DIRTY) */
	enum cache_policy cache; /* CACHE_WB for normal memory */
};

#define VM_PROP(f) ((struct vm_prop){ .flags = (f), .cache = CACHE_WB })

/*
 * struct vm_space - a user address space: the user half of the virtual addresses, with its
 * own page tables; the kernel half is shared by every space. Frames are mapped into it
 * through a cursor; each mapped page holds a reference on its frame handle, dropped when the
 * page is unmapped (after every CPU's TLB has forgotten it). Counted: vm_space_get/put.
 */
struct vm_space;

/* vm_space_user_end - the first address above the user half ([0, end) is user space). */
vaddr_t vm_space_user_end(void);

/* vm_space_create - an empty space. Process context. Returns it or ERR_PTR(-ENOMEM). */
struct vm_space *vm_space_create(void);

/* vm_space_get - another reference on @s. Returns @s. Any context. */
struct vm_space *vm_space_get(struct vm_space *s);

/*
 * vm_space_put - drop a reference; the last one unmaps everything (dropping the frames) and
 * frees the page tables. The space must not be active on any CPU by then. Process context.
 */
void vm_space_put(struct vm_space *s);

/*
 * vm_space_activate - switch this CPU to @s (NULL: no user space, kernel only). The CPU holds
 * a reference on its active space. Preemption off or a single CPU; the caller (the
 * scheduler, user_mode_run) keeps the task on this CPU while the space matters.
 */
void vm_space_activate(struct vm_space *s);

/* vm_space_active - the space this CPU runs on now, or NULL. No reference is taken. */
struct vm_space *vm_space_active(void);

/*
 * struct vm_cursor - exclusive access to [start, end) of a space, at a current address that
 * map/unmap/protect/skip move forward. Until vm_cursor_end() other cursors on the space wait.
 * Unmapped frames are released and TLBs flushed (on every CPU that runs the space) in
 * vm_cursor_end(), so the pages of an unmapped frame are never reused while a stale
 * translation could still reach them.
 */
struct vm_cursor;

/*
 * vm_cursor_begin - a cursor over [@start, @end) of @s, positioned at @start. Both
 * page-aligned, inside the user half, start < end. Process context (may wait for another
 * cursor). Returns the cursor, ERR_PTR(-EINVAL) or ERR_PTR(-ENOMEM).
 */
struct vm_cursor *vm_cursor_begin(struct vm_space *s, vaddr_t start, vaddr_t end);

/* vm_cursor_end - flush, release the unmapped frames, unlock and free @c. */
void vm_cursor_end(struct vm_cursor *c);

/* vm_cursor_va - the cursor's current address. */
vaddr_t vm_cursor_va(const struct vm_cursor *c);

/* vm_cursor_jump - move to @va (page-aligned, inside the range). Returns 0 or -EINVAL. */
int vm_cursor_jump(struct vm_cursor *c, vaddr_t va);

/* vm_cursor_skip - move forward @len bytes (page multiple). Returns 0 or -EINVAL. */
int vm_cursor_skip(struct vm_cursor *c, size_t len);

/*
 * vm_cursor_map - map every page of @f at the current address with @prop and move past it.
 * Each page takes a reference on @f. Whatever was mapped there before is unmapped first.
 * Returns 0, -EINVAL (the frame does not fit in the rest of the range, or a bad handle),
 * or -ENOMEM (page tables; the range is left unmapped and the cursor does not move).
 */
int vm_cursor_map(struct vm_cursor *c, struct frame *f, struct vm_prop prop);

/*
 * vm_cursor_unmap - unmap [va, va + @len) (holes are fine) and move past it.
 * Returns 0, or -EINVAL when @len is not a page multiple or passes the range's end.
 */
int vm_cursor_unmap(struct vm_cursor *c, size_t len);

/*
 * vm_cursor_protect - set the access rights (VM_READ/VM_WRITE/VM_EXEC of @flags) of every
 * mapped page in [va, va + @len), keeping frames and cache policy; move past it.
 * Returns 0 or -EINVAL as vm_cursor_unmap().
 */
int vm_cursor_protect(struct vm_cursor *c, size_t len, u32 flags);

/*
 * vm_space_map / vm_space_unmap - vm_cursor_map() of @f at @va, vm_cursor_unmap() of
 * [@va, @va + @len), each in a short cursor of its own. Same context and returns as the
 * cursor calls, plus -EINVAL for a range outside the user half or not page-aligned.
 */
int vm_space_map(struct vm_space *s, vaddr_t va, struct frame *f, struct vm_prop prop);
int vm_space_unmap(struct vm_space *s, vaddr_t va, size_t len);

/* struct vm_mapping - what is mapped at an address. */
struct vm_mapping {
	struct frame *frame; /* a new reference on the frame handle: frame_put() it */
	size_t offset;	     /* byte offset of the page inside @frame */
	struct vm_prop prop;
};

/*
 * vm_cursor_query - what is mapped at the current address (the cursor does not move).
 * Returns 0 with @out filled, or -ENOENT when nothing is mapped there.
 */
int vm_cursor_query(struct vm_cursor *c, struct vm_mapping *out);

/*
 * vm_space_query - vm_cursor_query() of the page holding @va, in its own short cursor.
 * Returns 0, -ENOENT, or -EINVAL for an address outside the user half.
 */
int vm_space_query(struct vm_space *s, vaddr_t va, struct vm_mapping *out);

/*
 * struct vm_fault_info - a fault of user code on a user address, decoded by the framework and
 * handed to the space's owner (user_mode_run() reports it): demand paging and copy-on-write
 * are the owner's business.
 */
struct vm_fault_info {
	vaddr_t addr; /* the address the access tried to reach */
	u32 access;   /* VM_READ, VM_WRITE or VM_EXEC: what kind of access faulted */
	bool present; /* a page was mapped but does not allow @access */
};

/* ---- User memory access ------------------------------------------------------------------- */

/*
 * vm_read / vm_write - copy @len bytes from / to user address @src / @dst of this CPU's active
 * space. A range outside the user half, unmapped, or without the needed right gives -EFAULT
 * (partial copies are possible then); never a kernel crash. Process context (may fault).
 * Return 0 or -EFAULT.
 */
int vm_read(void *dst, vaddr_t src, size_t len);
int vm_write(vaddr_t dst, const void *src, size_t len);

/*
 * vm_read_partial / vm_write_partial - vm_read()/vm_write() that return how many bytes were
 * copied before the first fault (@len when all were; 0 for a range outside the user half), so
 * the space's owner can resolve a fault at @src/@dst + that count (demand paging) and resume.
 */
size_t vm_read_partial(void *dst, vaddr_t src, size_t len);
size_t vm_write_partial(vaddr_t dst, const void *src, size_t len);

/* vm_clear - zero @len user bytes at @dst. Returns 0 or -EFAULT. */
int vm_clear(vaddr_t dst, size_t len);

/*
 * vm_read_array / vm_write_array - vm_read()/vm_write() of @n elements of @size bytes.
 * Return 0, -EFAULT, or -EOVERFLOW when n * size does not fit in size_t.
 */
int vm_read_array(void *dst, vaddr_t src, size_t n, size_t size);
int vm_write_array(vaddr_t dst, const void *src, size_t n, size_t size);

/*
 * vm_strncpy_from - copy a NUL-terminated user string of at most @size bytes, NUL included,
 * into @dst. Returns its length (without the NUL; @dst is terminated), -ENAMETOOLONG when no
 * NUL is found in @size bytes (@dst holds the first @size - 1 bytes and a NUL), -EINVAL for
 * @size 0, or -EFAULT.
 */
long vm_strncpy_from(char *dst, vaddr_t src, size_t size);

#endif /* HAL_MM_H */
