// SPDX-License-Identifier: MPL-2.0
// The kernel page tables, rebuilt at boot by the generic walker with W^X: the direct map of
// RAM (huge pages, no execute), the image with per-section rights, and the I/O window that
// iomem mappings are carved from.
#define pr_fmt(fmt) "mm: " fmt

#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/err.h>
#include <hal/initcall.h>
#include <hal/lib/list.h>
#include <hal/log.h>
#include <hal/pmm.h>
#include <hal/rawlock.h>
#include "kmap.h"
#include "pt.h"

#ifdef CONFIG_ARCH_HAS_PAGING

/* Written once by kmap_init(). */
static paddr_t kernel_root;
static struct phys_span direct_spans[64]; /* what the direct map covers, sorted */
static unsigned int nr_direct_spans;

/* A range of the I/O window in use; a free page after each one guards against overruns. */
struct window_area {
	struct list_head link; /* window_areas, sorted by start (window_lock) */
	vaddr_t start;
	size_t len;
	bool dying; /* being unmapped: no longer found by kmap_window_unmap() */
};

/* Protects window_areas and the kernel tables below the window. */
static struct raw_lock window_lock = RAW_LOCK_INIT;
static LIST_HEAD(window_areas);

paddr_t kmap_root(void)
{
	return kernel_root;
}

/* The direct-map address of physical @pa. */
static vaddr_t direct_va(paddr_t pa)
{
	return (vaddr_t)arch_phys_to_virt(pa);
}

/* Is every page of [va, va + len) mapped in the tree at @root? */
static bool range_mapped(paddr_t root, vaddr_t va, size_t len)
{
	vaddr_t end = va + len;
	unsigned int level;
	size_t span;
	pte_t e;

	for (va = ALIGN_DOWN(va, PAGE_SIZE); va < end; va = ALIGN_DOWN(va, span) + span) {
		if (!pt_query(root, va, &e, &level))
			return false;
		span = 1UL << arch_pt_level_shift(level);
	}
	return true;
}

bool kmap_direct_mapped(paddr_t pa, size_t len)
{
	if (pa + len < pa || pa + len > arch_direct_map_limit())
		return false;
	if (!kernel_root)
		return true;
	for (unsigned int i = 0; i < nr_direct_spans; i++) {
		if (pa >= direct_spans[i].start && pa + len <= direct_spans[i].end)
			return true;
	}
	return false;
}

bool kmap_direct_overlaps(paddr_t pa, size_t len)
{
	paddr_t end = pa + len < pa ? ~(paddr_t)0 : pa + len;

	if (!kernel_root)
		return pa < arch_direct_map_limit();
	for (unsigned int i = 0; i < nr_direct_spans; i++) {
		if (pa < direct_spans[i].end && end > direct_spans[i].start)
			return true;
	}
	return false;
}

/*
 * The end of the frame allocator's managed span, found by bisection from a page known to be
 * inside it (pages in the span have metadata). Until hal hands the boot memory map to
 * initcalls, this is how kmap tells where RAM ends.
 */
static paddr_t managed_top(void)
{
	paddr_t probe = pmm_alloc_pages(0), lo = probe, hi = arch_direct_map_limit();

	if (!probe)
		return 0;
	while (hi - lo > PAGE_SIZE) {
		paddr_t mid = ALIGN_DOWN(lo + (hi - lo) / 2, PAGE_SIZE);

		if (paddr_to_frame(mid))
			lo = mid;
		else
			hi = mid;
	}
	pmm_free_pages(probe, 0);
	return hi;
}

/*
 * Without the arch's list of RAM: from 0 to the top of managed memory, rounded up to 2 MiB so
 * that the firmware tables QEMU puts just above it stay readable.
 */
static unsigned int fallback_spans(struct phys_span *spans)
{
	paddr_t top = MIN(ALIGN_UP(managed_top(), 2UL << 20), arch_direct_map_limit());

	spans[0] = (struct phys_span){ 0, top };
	return top ? 1 : 0;
}

/* The direct map: every RAM span, read-write, never executable, in the largest pages. */
static int map_direct(paddr_t root, u64 *bytes)
{
	struct phys_span *spans = direct_spans;
	struct vm_prop prop = { VM_READ | VM_WRITE | PT_GLOBAL, CACHE_WB };
	unsigned int n = arch_ram_spans(spans, ARRAY_SIZE(direct_spans));
	int err = 0;

	if (!n)
		n = fallback_spans(spans);
	nr_direct_spans = n;
	*bytes = 0;
	for (unsigned int i = 0; i < n && !err; i++) {
		size_t len = spans[i].end - spans[i].start;

		err = pt_map(root, direct_va(spans[i].start), spans[i].start, len, prop,
			     ARCH_PT_LEVELS - 1);
		*bytes += len;
	}
	return n ? err : -ENOMEM;
}

/*
 * Each image section at its link address with its own rights; its alias in the direct map
 * loses execute and, unless the section is writable, write.
 */
static int map_image(paddr_t root)
{
	struct kernel_segment segs[8];
	unsigned int n = arch_kernel_segments(segs, ARRAY_SIZE(segs));
	long err = 0;

	for (unsigned int i = 0; i < n && err >= 0; i++) {
		struct kernel_segment *s = &segs[i];
		paddr_t pa = arch_virt_to_phys((void *)s->start);
		size_t len = s->end - s->start;
		struct vm_prop prop = { s->flags | PT_GLOBAL, CACHE_WB };

		if (WARN_ON((s->flags & VM_WRITE) && (s->flags & VM_EXEC)))
			return -EINVAL;
		err = pt_map(root, s->start, pa, len, prop, 2);
		if (!err && range_mapped(root, direct_va(pa), len))
			err = pt_protect(root, direct_va(pa), len, s->flags & ~VM_EXEC);
	}
	return err < 0 ? (int)err : 0;
}

/* Give the I/O window its root entries now: user roots copy the kernel's only once. */
static int prepare_window(paddr_t root)
{
	pte_t *t = arch_phys_to_virt(root);
	vaddr_t last = ARCH_IOMEM_BASE + ARCH_IOMEM_SIZE - 1;

	for (unsigned int i = arch_pt_index(ARCH_IOMEM_BASE, ARCH_PT_LEVELS);
	     i <= arch_pt_index(last, ARCH_PT_LEVELS); i++) {
		paddr_t table;

		if (arch_pte_valid(t[i]))
			continue;
		table = pt_alloc_table();
		if (!table)
			return -ENOMEM;
		t[i] = arch_pte_table(table, false);
	}
	return 0;
}

static int build_tables(paddr_t root, u64 *direct_bytes)
{
	int err = map_direct(root, direct_bytes);

	if (!err)
		err = map_image(root);
	if (!err)
		err = prepare_window(root);
	return err;
}

/* Build the kernel tables and move the boot CPU onto them. */
static int kmap_init(void)
{
	paddr_t root;
	u64 direct;
	int err;

	arch_mm_init();
	root = pt_alloc_table();
	if (!root)
		return -ENOMEM;
	err = build_tables(root, &direct);
	if (err) {
		pt_free_tables(root, 0, ARCH_PT_ENTRIES);
		pt_free_table(root);
		pr_err("kernel page tables: error %d, staying on the boot tables\n", err);
		return err;
	}
	arch_pt_activate(root);
	arch_tlb_flush_global();
	kernel_root = root;
	arch_kmap_switched(root);
	pr_info("kernel page tables: direct map %llu MiB (RW, NX), image W^X, I/O window %llu GiB\n",
		(unsigned long long)(direct >> 20), (unsigned long long)(ARCH_IOMEM_SIZE >> 30));
	return 0;
}
arch_initcall(kmap_init);

bool kmap_window_contains(vaddr_t va)
{
	return va >= ARCH_IOMEM_BASE && va - ARCH_IOMEM_BASE < ARCH_IOMEM_SIZE;
}

/* First fit, keeping a guard page after every area. Returns the start, or 0. */
static vaddr_t window_alloc_locked(struct window_area *a, size_t len)
{
	vaddr_t start = ARCH_IOMEM_BASE;
	struct window_area *it;

	list_for_each_entry(it, &window_areas, link) {
		if (it->start - start >= len + PAGE_SIZE)
			break;
		start = it->start + it->len + PAGE_SIZE;
	}
	if (ARCH_IOMEM_BASE + ARCH_IOMEM_SIZE - start < len + PAGE_SIZE)
		return 0;
	a->start = start;
	a->len = len;
	a->dying = false;
	/* Insert before @it (or at the tail when the loop ran out): the list stays sorted. */
	list_add_tail(&a->link, &it->link);
	return start;
}

void *kmap_window_map(paddr_t pa, size_t len, struct vm_prop prop)
{
	struct window_area *a;
	unsigned long flags;
	vaddr_t va;
	int err;

	if (!kernel_root)
		return ERR_PTR(-EOPNOTSUPP);
	if (!len || !IS_ALIGNED(pa | len, PAGE_SIZE) || pa + len < pa)
		return ERR_PTR(-EINVAL);
	a = kmalloc(sizeof(*a));
	if (!a)
		return ERR_PTR(-ENOMEM);
	prop.flags = (prop.flags & (VM_READ | VM_WRITE)) | PT_GLOBAL;
	flags = raw_lock_irqsave(&window_lock);
	va = window_alloc_locked(a, len);
	err = va ? pt_map(kernel_root, va, pa, len, prop, ARCH_PT_LEVELS - 1) : -ENOMEM;
	if (err && va) {
		pt_unmap(kernel_root, va, len, NULL, NULL);
		list_del(&a->link);
	}
	raw_unlock_irqrestore(&window_lock, flags);
	if (err) {
		kfree(a);
		return ERR_PTR(err);
	}
	return (void *)va;
}

int kmap_window_unmap(vaddr_t va)
{
	struct window_area *a, *found = NULL;
	unsigned long flags;

	flags = raw_lock_irqsave(&window_lock);
	list_for_each_entry(a, &window_areas, link) {
		if (a->start == va && !a->dying) {
			found = a;
			break;
		}
	}
	if (found) {
		found->dying = true;
		pt_unmap(kernel_root, va, found->len, NULL, NULL);
	}
	raw_unlock_irqrestore(&window_lock, flags);
	if (!found)
		return -EINVAL;
	/* Only once no CPU can still translate the range may another mapping take it. */
	tlb_flush_kernel_range(va, found->len);
	flags = raw_lock_irqsave(&window_lock);
	list_del(&found->link);
	raw_unlock_irqrestore(&window_lock, flags);
	kfree(found);
	return 0;
}

#else /* !CONFIG_ARCH_HAS_PAGING */

paddr_t kmap_root(void)
{
	return 0;
}

bool kmap_direct_mapped(paddr_t pa, size_t len)
{
	return pa + len >= pa && pa + len <= arch_direct_map_limit();
}

bool kmap_direct_overlaps(paddr_t pa, size_t len)
{
	return pa < MIN(pa + len, arch_direct_map_limit());
}

void *kmap_window_map(paddr_t pa, size_t len, struct vm_prop prop)
{
	(void)pa, (void)len, (void)prop;
	return ERR_PTR(-EOPNOTSUPP);
}

int kmap_window_unmap(vaddr_t va)
{
	(void)va;
	return -EINVAL;
}

bool kmap_window_contains(vaddr_t va)
{
	(void)va;
	return false;
}

#endif /* CONFIG_ARCH_HAS_PAGING */
