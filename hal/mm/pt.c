// SPDX-License-Identifier: MPL-2.0
// The generic page-table walker: map, unmap, protect and query ranges of a tree whose entry
// format, depth and huge-page rules come from the arch (arch_mm.h). Tables are single pages
// from the frame allocator, reached through the direct map.
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/pmm.h>
#include "pt.h"

enum pt_op { PT_OP_MAP, PT_OP_UNMAP, PT_OP_PROTECT };

/* One range operation, carried down the recursion. */
struct pt_walk {
	enum pt_op op;
	vaddr_t start;		/* start of the whole range */
	paddr_t pa;		/* MAP: physical address that @start maps to */
	struct vm_prop prop;	/* MAP: properties; PROTECT: the new rights */
	unsigned int max_level; /* MAP: highest level a leaf may sit at */
	pt_leaf_fn fn;		/* UNMAP */
	void *arg;
	long pages; /* 4 KiB pages mapped, unmapped or changed */
};

static pte_t *table_virt(paddr_t table)
{
	return arch_phys_to_virt(table);
}

/* The hardware walker may set accessed/dirty bits at any time: access entries atomically. */
static pte_t pte_load(const pte_t *slot)
{
	return __atomic_load_n(slot, __ATOMIC_RELAXED);
}

static void pte_store(pte_t *slot, pte_t e)
{
	__atomic_store_n(slot, e, __ATOMIC_RELEASE);
}

static pte_t pte_xchg(pte_t *slot, pte_t e)
{
	return __atomic_exchange_n(slot, e, __ATOMIC_ACQ_REL);
}

paddr_t pt_alloc_table(void)
{
	paddr_t pa = pmm_alloc_pages(0);

	if (pa)
		memset(table_virt(pa), 0, PAGE_SIZE);
	return pa;
}

void pt_free_table(paddr_t table)
{
	pmm_free_pages(table, 0);
}

/*
 * Replace the huge leaf @e at @slot by a table of smaller leaves with the same translation
 * and properties, so that part of it can change. The TLB may still hold the huge entry;
 * it translates the same way until the caller flushes.
 */
static int split_leaf(pte_t *slot, pte_t e, unsigned int level)
{
	struct vm_prop prop = arch_pte_prop(e, level);
	paddr_t pa = arch_pte_paddr(e, level), table = pt_alloc_table();
	size_t step = 1UL << arch_pt_level_shift(level - 1);
	pte_t *t;

	if (!table)
		return -ENOMEM;
	t = table_virt(table);
	for (size_t i = 0; i < ARCH_PT_ENTRIES; i++)
		t[i] = arch_pte_leaf(pa + i * step, prop, level - 1);
	pte_store(slot, arch_pte_table(table, prop.flags & PT_USER));
	return 0;
}

static int walk_table(struct pt_walk *w, paddr_t table, unsigned int level, vaddr_t va,
		      vaddr_t end);

/* MAP one entry's share [va, next) of the range. */
static int map_entry(struct pt_walk *w, pte_t *slot, unsigned int level, vaddr_t va, vaddr_t next)
{
	size_t span = 1UL << arch_pt_level_shift(level);
	paddr_t pa = w->pa + (va - w->start);
	pte_t e = pte_load(slot);
	paddr_t table;

	if (level == 1 || (level <= w->max_level && arch_pt_leaf_ok(level) &&
			   IS_ALIGNED(va, span) && next - va == span && IS_ALIGNED(pa, span))) {
		if (arch_pte_valid(e))
			return -EEXIST;
		pte_store(slot, arch_pte_leaf(pa, w->prop, level));
		w->pages += span >> PAGE_SHIFT;
		return 0;
	}
	if (!arch_pte_valid(e)) {
		table = pt_alloc_table();
		if (!table)
			return -ENOMEM;
		e = arch_pte_table(table, w->prop.flags & PT_USER);
		pte_store(slot, e);
	} else if (arch_pte_is_leaf(e, level)) {
		return -EEXIST;
	}
	return walk_table(w, arch_pte_paddr(e, level), level - 1, va, next);
}

/* UNMAP or PROTECT one leaf that lies wholly inside the range. */
static void change_leaf(struct pt_walk *w, pte_t *slot, unsigned int level, vaddr_t va)
{
	pte_t old = pte_load(slot), new;

	if (w->op == PT_OP_UNMAP) {
		old = pte_xchg(slot, 0);
		if (w->fn)
			w->fn(w->arg, va, old, level);
	} else {
		/* Retry when the CPU set accessed/dirty between our load and the update. */
		do {
			struct vm_prop prop = arch_pte_prop(old, level);

			prop.flags = (prop.flags & ~VM_RWX) | (w->prop.flags & VM_RWX);
			new = arch_pte_leaf(arch_pte_paddr(old, level), prop, level);
		} while (!__atomic_compare_exchange_n(slot, &old, new, false, __ATOMIC_ACQ_REL,
						      __ATOMIC_RELAXED));
	}
	w->pages += 1L << (arch_pt_level_shift(level) - PAGE_SHIFT);
}

/* UNMAP or PROTECT one entry's share [va, next) of the range. */
static int change_entry(struct pt_walk *w, pte_t *slot, unsigned int level, vaddr_t va,
			vaddr_t next)
{
	size_t span = 1UL << arch_pt_level_shift(level);
	pte_t e = pte_load(slot);
	int err;

	if (!arch_pte_valid(e))
		return 0;
	if (arch_pte_is_leaf(e, level)) {
		if (IS_ALIGNED(va, span) && next - va == span) {
			change_leaf(w, slot, level, va);
			return 0;
		}
		err = split_leaf(slot, e, level);
		if (err)
			return err;
		e = pte_load(slot);
	}
	return walk_table(w, arch_pte_paddr(e, level), level - 1, va, next);
}

/* Apply @w to [va, end) inside the table at @level that covers it. */
static int walk_table(struct pt_walk *w, paddr_t table, unsigned int level, vaddr_t va, vaddr_t end)
{
	pte_t *t = table_virt(table);
	size_t span = 1UL << arch_pt_level_shift(level);
	int err = 0;

	while (va < end && !err) {
		vaddr_t next = ALIGN_DOWN(va, span) + span;
		pte_t *slot = &t[arch_pt_index(va, level)];

		if (next < va || next > end) /* the last entry of the space wraps to 0 */
			next = end;
		if (w->op == PT_OP_MAP)
			err = map_entry(w, slot, level, va, next);
		else
			err = change_entry(w, slot, level, va, next);
		va = next;
	}
	return err;
}

static bool range_ok(vaddr_t va, size_t len)
{
	return IS_ALIGNED(va, PAGE_SIZE) && IS_ALIGNED(len, PAGE_SIZE) && va + len >= va;
}

int pt_map(paddr_t root, vaddr_t va, paddr_t pa, size_t len, struct vm_prop prop,
	   unsigned int max_level)
{
	struct pt_walk w = {
		.op = PT_OP_MAP,
		.start = va,
		.pa = pa,
		.prop = prop,
		.max_level = max_level,
	};

	if (WARN_ON(!range_ok(va, len) || !IS_ALIGNED(pa, PAGE_SIZE)))
		return -EINVAL;
	return len ? walk_table(&w, root, ARCH_PT_LEVELS, va, va + len) : 0;
}

long pt_unmap(paddr_t root, vaddr_t va, size_t len, pt_leaf_fn fn, void *arg)
{
	struct pt_walk w = { .op = PT_OP_UNMAP, .start = va, .fn = fn, .arg = arg };
	int err;

	if (WARN_ON(!range_ok(va, len)))
		return -EINVAL;
	err = len ? walk_table(&w, root, ARCH_PT_LEVELS, va, va + len) : 0;
	return err ? err : w.pages;
}

long pt_protect(paddr_t root, vaddr_t va, size_t len, u32 flags)
{
	struct pt_walk w = { .op = PT_OP_PROTECT, .start = va, .prop = { flags, CACHE_WB } };
	int err;

	if (WARN_ON(!range_ok(va, len)))
		return -EINVAL;
	err = len ? walk_table(&w, root, ARCH_PT_LEVELS, va, va + len) : 0;
	return err ? err : w.pages;
}

bool pt_query(paddr_t root, vaddr_t va, pte_t *pte, unsigned int *level)
{
	paddr_t table = root;

	for (unsigned int l = ARCH_PT_LEVELS; l >= 1; l--) {
		pte_t e = pte_load(&table_virt(table)[arch_pt_index(va, l)]);

		if (!arch_pte_valid(e))
			return false;
		if (arch_pte_is_leaf(e, l)) {
			*pte = e;
			*level = l;
			return true;
		}
		table = arch_pte_paddr(e, l);
	}
	return false;
}

static void free_subtree(paddr_t table, unsigned int level)
{
	pte_t *t = table_virt(table);

	if (level > 1) {
		for (size_t i = 0; i < ARCH_PT_ENTRIES; i++) {
			if (arch_pte_valid(t[i]) && !arch_pte_is_leaf(t[i], level))
				free_subtree(arch_pte_paddr(t[i], level), level - 1);
		}
	}
	pt_free_table(table);
}

void pt_free_tables(paddr_t root, unsigned int first, unsigned int last)
{
	pte_t *t = table_virt(root);

	for (unsigned int i = first; i < last && i < ARCH_PT_ENTRIES; i++) {
		pte_t e = pte_xchg(&t[i], 0);

		if (arch_pte_valid(e) && !arch_pte_is_leaf(e, ARCH_PT_LEVELS))
			free_subtree(arch_pte_paddr(e, ARCH_PT_LEVELS), ARCH_PT_LEVELS - 1);
	}
}
