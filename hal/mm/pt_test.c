// SPDX-License-Identifier: MPL-2.0
// ktests of the generic page-table walker, on scratch trees that no CPU runs on.
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/pmm.h>
#include "pt.h"

#define MiB (1UL << 20)
#define GiB (1UL << 30)

/* A scratch root and the free-frame count before it, to catch leaked tables. */
struct scratch {
	paddr_t root;
	size_t free_before;
};

static bool scratch_init(struct scratch *s)
{
	s->free_before = pmm_free_frames();
	s->root = pt_alloc_table();
	return s->root != 0;
}

static size_t scratch_fini(struct scratch *s)
{
	pt_free_tables(s->root, 0, ARCH_PT_ENTRIES);
	pt_free_table(s->root);
	return s->free_before - pmm_free_frames();
}

static const struct vm_prop rw = { VM_READ | VM_WRITE, CACHE_WB };

KTEST(pt, map_query_unmap_4k)
{
	struct scratch s;
	unsigned int level;
	pte_t e;

	KASSERT_TRUE(scratch_init(&s));
	KEXPECT_EQ(pt_map(s.root, 0x400000, 0x123000, 3 * PAGE_SIZE, rw, 1), 0);
	KEXPECT_TRUE(pt_query(s.root, 0x401000, &e, &level));
	KEXPECT_EQ(level, 1);
	KEXPECT_EQ(arch_pte_paddr(e, level), 0x124000);
	KEXPECT_EQ(arch_pte_prop(e, level).flags & VM_RWX, VM_READ | VM_WRITE);
	KEXPECT_FALSE(pt_query(s.root, 0x403000, &e, &level));
	KEXPECT_FALSE(pt_query(s.root, 0x3ff000, &e, &level));
	KEXPECT_EQ(pt_map(s.root, 0x402000, 0x200000, PAGE_SIZE, rw, 1), -EEXIST);
	KEXPECT_EQ(pt_unmap(s.root, 0x3ff000, 5 * PAGE_SIZE, NULL, NULL), 3);
	KEXPECT_FALSE(pt_query(s.root, 0x401000, &e, &level));
	KEXPECT_EQ(scratch_fini(&s), 0);
}

KTEST(pt, huge_leaves_where_aligned)
{
	struct scratch s;
	unsigned int level;
	pte_t e;

	KASSERT_TRUE(scratch_init(&s));
	/* 4 KiB short of 2 MiB alignment at the start: one small page, then huge ones. */
	KEXPECT_EQ(pt_map(s.root, 0x1ff000, 0x1ff000, 4 * MiB + PAGE_SIZE, rw, 2), 0);
	KEXPECT_TRUE(pt_query(s.root, 0x1ff000, &e, &level));
	KEXPECT_EQ(level, 1);
	KEXPECT_TRUE(pt_query(s.root, 0x300000, &e, &level));
	KEXPECT_EQ(level, 2);
	KEXPECT_EQ(arch_pte_paddr(e, level), 0x200000);
	KEXPECT_TRUE(pt_query(s.root, 0x5ff000, &e, &level));
	KEXPECT_EQ(level, 2);
	/* Misaligned physical addresses force small pages. */
	KEXPECT_EQ(pt_map(s.root, 0x40000000, 0x1000, 2 * MiB, rw, 2), 0);
	KEXPECT_TRUE(pt_query(s.root, 0x40000000, &e, &level));
	KEXPECT_EQ(level, 1);
	KEXPECT_EQ(scratch_fini(&s), 0);
}

KTEST(pt, gigabyte_leaf_when_supported)
{
	struct scratch s;
	unsigned int level;
	pte_t e;

	if (!arch_pt_leaf_ok(3))
		KTEST_SKIP("no 1 GiB leaves on this CPU");
	KASSERT_TRUE(scratch_init(&s));
	KEXPECT_EQ(pt_map(s.root, 2 * GiB, GiB, GiB, rw, 3), 0);
	KEXPECT_TRUE(pt_query(s.root, 2 * GiB + 12345 * PAGE_SIZE, &e, &level));
	KEXPECT_EQ(level, 3);
	KEXPECT_EQ(arch_pte_paddr(e, level), GiB);
	KEXPECT_EQ(scratch_fini(&s), 0);
}

/* Unmapping or protecting part of a huge leaf splits it and keeps the rest as it was. */
KTEST(pt, split_keeps_neighbours)
{
	struct scratch s;
	unsigned int level;
	pte_t e;

	KASSERT_TRUE(scratch_init(&s));
	KASSERT_EQ(pt_map(s.root, 0x800000, 0x800000, 2 * MiB, rw, 2), 0);
	KEXPECT_EQ(pt_protect(s.root, 0x801000, PAGE_SIZE, VM_READ), 1);
	KEXPECT_TRUE(pt_query(s.root, 0x801000, &e, &level));
	KEXPECT_EQ(level, 1);
	KEXPECT_EQ(arch_pte_prop(e, level).flags & VM_RWX, VM_READ);
	KEXPECT_EQ(arch_pte_paddr(e, level), 0x801000);
	KEXPECT_TRUE(pt_query(s.root, 0x9ff000, &e, &level));
	KEXPECT_EQ(arch_pte_prop(e, level).flags & VM_RWX, VM_READ | VM_WRITE);
	KEXPECT_EQ(arch_pte_paddr(e, level), 0x9ff000);
	KEXPECT_EQ(pt_unmap(s.root, 0x802000, PAGE_SIZE, NULL, NULL), 1);
	KEXPECT_FALSE(pt_query(s.root, 0x802000, &e, &level));
	KEXPECT_TRUE(pt_query(s.root, 0x803000, &e, &level));
	KEXPECT_EQ(scratch_fini(&s), 0);
}

/* Every property the encoder accepts comes back from the decoder, at every leaf level. */
KTEST(pt, prop_roundtrip)
{
	static const u32 flags[] = { VM_READ,
				     VM_READ | VM_WRITE,
				     VM_READ | VM_EXEC,
				     VM_READ | PT_USER,
				     VM_READ | VM_WRITE | PT_GLOBAL,
				     0 };
	static const enum cache_policy caches[] = { CACHE_WB, CACHE_WT, CACHE_WC, CACHE_UC };

	for (unsigned int level = 1; level <= 2; level++) {
		for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
			for (size_t j = 0; j < ARRAY_SIZE(caches); j++) {
				struct vm_prop p = { flags[i], caches[j] }, q;
				pte_t e = arch_pte_leaf(0x40000000, p, level);

				q = arch_pte_prop(e, level);
				KEXPECT_TRUE(arch_pte_valid(e));
				KEXPECT_TRUE(arch_pte_is_leaf(e, level));
				KEXPECT_EQ(arch_pte_paddr(e, level), 0x40000000);
				KEXPECT_EQ(q.flags & (VM_RWX | PT_USER | PT_GLOBAL), flags[i]);
				if (flags[i] & VM_RWX)
					KEXPECT_EQ(q.cache, caches[j]);
			}
		}
	}
}

/* A mapping without rights stays valid and keeps its address (PROT_NONE). */
KTEST(pt, no_rights_keeps_mapping)
{
	struct scratch s;
	unsigned int level;
	pte_t e;

	KASSERT_TRUE(scratch_init(&s));
	KASSERT_EQ(pt_map(s.root, 0x10000, 0x77000, PAGE_SIZE, rw, 1), 0);
	KEXPECT_EQ(pt_protect(s.root, 0x10000, PAGE_SIZE, 0), 1);
	KEXPECT_TRUE(pt_query(s.root, 0x10000, &e, &level));
	KEXPECT_EQ(arch_pte_prop(e, level).flags & VM_RWX, 0);
	KEXPECT_EQ(arch_pte_paddr(e, level), 0x77000);
	KEXPECT_EQ(pt_protect(s.root, 0x10000, PAGE_SIZE, VM_READ | VM_WRITE), 1);
	KEXPECT_TRUE(pt_query(s.root, 0x10000, &e, &level));
	KEXPECT_EQ(arch_pte_prop(e, level).flags & VM_RWX, VM_READ | VM_WRITE);
	KEXPECT_EQ(scratch_fini(&s), 0);
}

struct collected {
	unsigned int leaves;
	size_t bytes;
	vaddr_t first;
};

static void collect(void *arg, vaddr_t va, pte_t old, unsigned int level)
{
	struct collected *c = arg;

	(void)old;
	if (!c->leaves++)
		c->first = va;
	c->bytes += 1UL << arch_pt_level_shift(level);
}

KTEST(pt, unmap_reports_each_leaf)
{
	struct collected c = { 0 };
	struct scratch s;

	KASSERT_TRUE(scratch_init(&s));
	KASSERT_EQ(pt_map(s.root, 0x200000, 0x200000, 2 * MiB, rw, 2), 0);
	KASSERT_EQ(pt_map(s.root, 0x400000, 0x900000, 2 * PAGE_SIZE, rw, 1), 0);
	KEXPECT_EQ(pt_unmap(s.root, 0, 8 * MiB, collect, &c), 512 + 2);
	KEXPECT_EQ(c.leaves, 3);
	KEXPECT_EQ(c.bytes, 2 * MiB + 2 * PAGE_SIZE);
	KEXPECT_EQ(c.first, 0x200000);
	KEXPECT_EQ(scratch_fini(&s), 0);
}

/* The top of the address space: the last entry's end wraps to 0 and must stop the walk. */
KTEST(pt, top_of_address_space)
{
	vaddr_t va = (vaddr_t)0 - 2 * PAGE_SIZE;
	struct scratch s;
	unsigned int level;
	pte_t e;

	KASSERT_TRUE(scratch_init(&s));
	KEXPECT_EQ(pt_map(s.root, va, 0x5000, PAGE_SIZE, rw, 1), 0);
	KEXPECT_TRUE(pt_query(s.root, va, &e, &level));
	KEXPECT_EQ(pt_unmap(s.root, va, PAGE_SIZE, NULL, NULL), 1);
	KEXPECT_EQ(scratch_fini(&s), 0);
}
