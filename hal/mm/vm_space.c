// SPDX-License-Identifier: MPL-2.0
// User address spaces: page tables whose user half maps counted frames through a cursor, and
// TLB shootdown to every CPU that runs a space before an unmapped frame is released.
#define pr_fmt(fmt) "vm: " fmt

#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/err.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/pmm.h>
#include <hal/sync.h>
#include <hal/task.h>
#include "kmap.h"
#include "pt.h"

/* Past this many pages a flush drops the whole TLB instead of page by page. */
#define TLB_FLUSH_ALL_PAGES 32
/* Frames an open cursor may hold back for release after the next flush. */
#define CURSOR_BATCH 64

struct vm_space {
	paddr_t root;	       /* set at creation */
	u32 refcount;	       /* atomic */
	struct mutex lock;     /* one cursor at a time; held from begin to end */
	u32 cursor_busy;       /* the same, before tasks exist (atomic flag) */
	struct cpumask active; /* CPUs whose translation root this is (atomic bit updates) */
};

struct vm_cursor {
	struct vm_space *space;
	vaddr_t start, end, va;
	vaddr_t flush_start, flush_end; /* pending invalidation, empty when equal */
	size_t flush_pages;
	unsigned int npending;
	struct frame *pending[CURSOR_BATCH]; /* references to drop after the flush */
};

/* The space each CPU runs on (NULL: kernel tables only), with a reference. */
static struct vm_space *active_space[NR_CPUS];

static unsigned int this_cpu(void)
{
	return IS_ENABLED(CONFIG_ARCH_HAS_SMP) ? cpu_id() : 0;
}

/* Cursors may sleep for each other once there are tasks; spin before that. */
static void space_lock(struct vm_space *s)
{
	if (IS_ENABLED(CONFIG_ARCH_HAS_TASKS)) {
		mutex_lock(&s->lock);
		return;
	}
	while (__atomic_exchange_n(&s->cursor_busy, 1, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
}

static void space_unlock(struct vm_space *s)
{
	if (IS_ENABLED(CONFIG_ARCH_HAS_TASKS))
		mutex_unlock(&s->lock);
	else
		__atomic_store_n(&s->cursor_busy, 0, __ATOMIC_RELEASE);
}

/* ---- TLB shootdown ------------------------------------------------------------------------ */

struct tlb_request {
	paddr_t root; /* flush only where this root is active; 0 = kernel half, everywhere */
	vaddr_t va;
	size_t len;
};

/* Runs on each target CPU, interrupts off. */
static void tlb_flush_local(void *arg)
{
	const struct tlb_request *r = arg;

	if (r->root && arch_pt_active() != r->root)
		return; /* switched away since: the CR3 write flushed the space */
	if (r->len > TLB_FLUSH_ALL_PAGES * PAGE_SIZE) {
		if (r->root)
			arch_tlb_flush_all();
		else
			arch_tlb_flush_global();
		return;
	}
	for (vaddr_t va = r->va; va < r->va + r->len; va += PAGE_SIZE)
		arch_tlb_flush_page(va);
}

/*
 * Flush on every CPU of @mask (or this one only until cross-CPU calls exist). The page-table
 * change is visible before the mask is read (seq_cst): a CPU that joins later loads the new
 * tables.
 */
static void tlb_shootdown(const struct cpumask *mask, struct tlb_request *r)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (IS_ENABLED(CONFIG_ARCH_HAS_SMP)) {
		preempt_disable();
		smp_call_function_many(mask, tlb_flush_local, r, true);
		preempt_enable();
	} else if (cpumask_test(0, mask)) {
		unsigned long flags = arch_irq_save();

		tlb_flush_local(r);
		arch_irq_restore(flags);
	}
}

void tlb_flush_kernel_range(vaddr_t va, size_t len)
{
	struct tlb_request r = { 0, va, len };
	struct cpumask all;

	cpumask_clear(&all);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		cpumask_set(cpu, &all);
	tlb_shootdown(&all, &r);
}

static void tlb_flush_space(struct vm_space *s, vaddr_t va, size_t len)
{
	struct tlb_request r = { s->root, va, len };
	struct cpumask mask;

	for (size_t i = 0; i < ARRAY_SIZE(mask.bits); i++)
		mask.bits[i] = __atomic_load_n(&s->active.bits[i], __ATOMIC_SEQ_CST);
	if (!cpumask_empty(&mask))
		tlb_shootdown(&mask, &r);
}

/* ---- Spaces ------------------------------------------------------------------------------- */

vaddr_t vm_space_user_end(void)
{
	return ARCH_USER_VA_END;
}

struct vm_space *vm_space_create(void)
{
	paddr_t kroot = kmap_root();
	struct vm_space *s;
	pte_t *k, *u;

	if (!kroot)
		return ERR_PTR(-ENOMEM); /* no kernel tables to share */
	s = kzalloc(sizeof(*s));
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->root = pt_alloc_table();
	if (!s->root) {
		kfree(s);
		return ERR_PTR(-ENOMEM);
	}
	/* The kernel half's root entries never change after boot: copy them once. */
	k = arch_phys_to_virt(kroot);
	u = arch_phys_to_virt(s->root);
	memcpy(&u[ARCH_KERNEL_ROOT_FIRST], &k[ARCH_KERNEL_ROOT_FIRST],
	       (ARCH_PT_ENTRIES - ARCH_KERNEL_ROOT_FIRST) * sizeof(pte_t));
	s->refcount = 1;
	if (IS_ENABLED(CONFIG_ARCH_HAS_TASKS))
		mutex_init(&s->lock);
	return s;
}

struct vm_space *vm_space_get(struct vm_space *s)
{
	__atomic_fetch_add(&s->refcount, 1, __ATOMIC_RELAXED);
	return s;
}

static long cursor_unmap_range(struct vm_cursor *c, vaddr_t va, size_t len);
static void cursor_flush(struct vm_cursor *c);

void vm_space_put(struct vm_space *s)
{
	struct vm_cursor c = { .space = s };

	if (!s || __atomic_sub_fetch(&s->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	WARN_ON(!cpumask_empty(&s->active));
	c.end = ARCH_USER_VA_END;
	cursor_unmap_range(&c, 0, ARCH_USER_VA_END);
	cursor_flush(&c);
	pt_free_tables(s->root, 0, ARCH_KERNEL_ROOT_FIRST);
	pt_free_table(s->root);
	kfree(s);
}

/* Join @s before loading its root, leave the old space after: see tlb_shootdown(). */
void vm_space_activate(struct vm_space *s)
{
	unsigned int cpu = this_cpu();
	struct vm_space *old = active_space[cpu];

	if (old == s)
		return;
	if (s) {
		vm_space_get(s);
		__atomic_fetch_or(&s->active.bits[cpu / BITS_PER_LONG],
				  1UL << (cpu % BITS_PER_LONG), __ATOMIC_SEQ_CST);
		arch_pt_activate(s->root);
	} else {
		arch_pt_activate(kmap_root());
	}
	active_space[cpu] = s;
	if (old) {
		__atomic_fetch_and(&old->active.bits[cpu / BITS_PER_LONG],
				   ~(1UL << (cpu % BITS_PER_LONG)), __ATOMIC_SEQ_CST);
		vm_space_put(old);
	}
}

struct vm_space *vm_space_active(void)
{
	return active_space[this_cpu()];
}

/* ---- Cursors ------------------------------------------------------------------------------ */

static bool user_range_ok(vaddr_t start, vaddr_t end)
{
	return IS_ALIGNED(start | end, PAGE_SIZE) && start < end && end <= ARCH_USER_VA_END;
}

struct vm_cursor *vm_cursor_begin(struct vm_space *s, vaddr_t start, vaddr_t end)
{
	struct vm_cursor *c;

	if (IS_ERR_OR_NULL(s) || !user_range_ok(start, end))
		return ERR_PTR(-EINVAL);
	c = kzalloc(sizeof(*c));
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->space = s;
	c->start = c->va = start;
	c->end = end;
	space_lock(s);
	return c;
}

/* Flush what the cursor changed, then drop the references of the frames it unmapped. */
static void cursor_flush(struct vm_cursor *c)
{
	if (c->flush_pages)
		tlb_flush_space(c->space, c->flush_start, c->flush_end - c->flush_start);
	for (unsigned int i = 0; i < c->npending; i++)
		frame_put(c->pending[i]);
	c->flush_start = c->flush_end = 0;
	c->flush_pages = 0;
	c->npending = 0;
}

void vm_cursor_end(struct vm_cursor *c)
{
	if (IS_ERR_OR_NULL(c))
		return;
	cursor_flush(c);
	space_unlock(c->space);
	kfree(c);
}

static void cursor_note_flush(struct vm_cursor *c, vaddr_t va, size_t len)
{
	if (!c->flush_pages) {
		c->flush_start = va;
		c->flush_end = va + len;
	} else {
		c->flush_start = MIN(c->flush_start, va);
		c->flush_end = MAX(c->flush_end, va + len);
	}
	c->flush_pages += len >> PAGE_SHIFT;
}

/* The handle a mapped page belongs to: the head of its segment. */
static struct frame *page_owner(paddr_t pa)
{
	struct frame *f = paddr_to_frame(pa);

	if (f && f->use == FRAME_TAIL)
		f = f->head;
	if (WARN_ON_ONCE(!f || f->use != FRAME_SEGMENT))
		return NULL;
	return f;
}

/* pt_unmap() callback: queue one reference per 4 KiB page for after the flush. */
static void cursor_collect(void *arg, vaddr_t va, pte_t old, unsigned int level)
{
	struct vm_cursor *c = arg;
	size_t len = 1UL << arch_pt_level_shift(level);
	paddr_t pa = arch_pte_paddr(old, level);

	cursor_note_flush(c, va, len);
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		struct frame *f = page_owner(pa + off);

		if (!f)
			continue;
		if (c->npending == CURSOR_BATCH)
			cursor_flush(c);
		c->pending[c->npending++] = f;
	}
}

static long cursor_unmap_range(struct vm_cursor *c, vaddr_t va, size_t len)
{
	return pt_unmap(c->space->root, va, len, cursor_collect, c);
}

vaddr_t vm_cursor_va(const struct vm_cursor *c)
{
	return c->va;
}

int vm_cursor_jump(struct vm_cursor *c, vaddr_t va)
{
	if (!IS_ALIGNED(va, PAGE_SIZE) || va < c->start || va > c->end)
		return -EINVAL;
	c->va = va;
	return 0;
}

/* Is [va, va + len) a page-multiple span inside the rest of the cursor's range? */
static bool cursor_span_ok(const struct vm_cursor *c, size_t len)
{
	return IS_ALIGNED(len, PAGE_SIZE) && len <= c->end - c->va;
}

int vm_cursor_skip(struct vm_cursor *c, size_t len)
{
	if (!cursor_span_ok(c, len))
		return -EINVAL;
	c->va += len;
	return 0;
}

int vm_cursor_map(struct vm_cursor *c, struct frame *f, struct vm_prop prop)
{
	size_t npages = IS_ERR_OR_NULL(f) ? 0 : frame_npages(f), len = npages << PAGE_SHIFT;
	long unmapped;
	int err;

	if (!npages || !cursor_span_ok(c, len))
		return -EINVAL;
	prop.flags = (prop.flags & (VM_RWX | VM_ACCESSED | VM_DIRTY)) | PT_USER;
	if (cursor_unmap_range(c, c->va, len) < 0)
		return -ENOMEM;
	__atomic_fetch_add(&f->refcount, (u32)npages, __ATOMIC_RELAXED);
	err = pt_map(c->space->root, c->va, frame_to_paddr(f), len, prop, 1);
	if (err) {
		/* Take back what got mapped (its references go after the flush), then the rest. */
		unmapped = cursor_unmap_range(c, c->va, len);
		for (long i = MAX(unmapped, 0); i < (long)npages; i++)
			frame_put(f);
		return err == -EEXIST ? -EINVAL : err;
	}
	c->va += len;
	return 0;
}

int vm_cursor_unmap(struct vm_cursor *c, size_t len)
{
	if (!cursor_span_ok(c, len))
		return -EINVAL;
	if (cursor_unmap_range(c, c->va, len) < 0)
		return -ENOMEM;
	c->va += len;
	return 0;
}

int vm_cursor_protect(struct vm_cursor *c, size_t len, u32 flags)
{
	long n;

	if (!cursor_span_ok(c, len))
		return -EINVAL;
	n = pt_protect(c->space->root, c->va, len, flags & VM_RWX);
	if (n < 0)
		return (int)n;
	if (n)
		cursor_note_flush(c, c->va, len);
	c->va += len;
	return 0;
}

int vm_cursor_query(struct vm_cursor *c, struct vm_mapping *out)
{
	unsigned int level;
	struct frame *f;
	paddr_t pa;
	pte_t e;

	if (c->va >= c->end || !pt_query(c->space->root, c->va, &e, &level))
		return -ENOENT;
	pa = arch_pte_paddr(e, level) + (c->va & ((1UL << arch_pt_level_shift(level)) - 1));
	f = page_owner(pa);
	if (!f)
		return -ENOENT;
	out->frame = frame_get(f);
	out->offset = pa - frame_to_paddr(f);
	out->prop = arch_pte_prop(e, level);
	out->prop.flags &= VM_RWX | VM_ACCESSED | VM_DIRTY;
	return 0;
}

int vm_space_query(struct vm_space *s, vaddr_t va, struct vm_mapping *out)
{
	vaddr_t page = ALIGN_DOWN(va, PAGE_SIZE);
	struct vm_cursor *c;
	int err;

	if (va >= ARCH_USER_VA_END)
		return -EINVAL;
	c = vm_cursor_begin(s, page, page + PAGE_SIZE);
	if (IS_ERR(c))
		return (int)PTR_ERR(c);
	err = vm_cursor_query(c, out);
	vm_cursor_end(c);
	return err;
}

int vm_space_map(struct vm_space *s, vaddr_t va, struct frame *f, struct vm_prop prop)
{
	size_t len = IS_ERR_OR_NULL(f) ? 0 : frame_size(f);
	struct vm_cursor *c;
	int err;

	if (!len || va + len < va)
		return -EINVAL;
	c = vm_cursor_begin(s, va, va + len);
	if (IS_ERR(c))
		return (int)PTR_ERR(c);
	err = vm_cursor_map(c, f, prop);
	vm_cursor_end(c);
	return err;
}

int vm_space_unmap(struct vm_space *s, vaddr_t va, size_t len)
{
	struct vm_cursor *c;
	int err;

	if (va + len < va)
		return -EINVAL;
	c = vm_cursor_begin(s, va, va + len);
	if (IS_ERR(c))
		return (int)PTR_ERR(c);
	err = vm_cursor_unmap(c, len);
	vm_cursor_end(c);
	return err;
}
