// SPDX-License-Identifier: MPL-2.0
// ktests for fork's copy-on-write: both spaces share a private page read-only, a write fault
// gives the writer its own copy, shared VMAs stay shared, and the frames go back at the end.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/ktest.h>
#include <services/process.h>

#define A 0x10000000UL
#define P PAGE_SIZE

/* The frame mapped at @va of @mm (a reference: frame_put it) and its rights, or NULL. */
static struct frame *mapped(struct mm *mm, vaddr_t va, u32 *flags)
{
	struct vm_mapping m;

	if (vm_space_query(mm->space, va, &m))
		return NULL;
	*flags = m.prop.flags & VM_RWX;
	return m.frame;
}

static char byte_at(struct mm *mm, vaddr_t va)
{
	struct vm_mapping m;
	char c = 0;

	if (vm_space_query(mm->space, va, &m))
		return 0;
	frame_read(m.frame, m.offset + (va & (P - 1)), &c, 1);
	frame_put(m.frame);
	return c;
}

KTEST(cow, child_write_leaves_parent_alone)
{
	struct mm *parent = mm_create(), *child;
	struct frame *pf, *cf;
	u32 pflags = 0, cflags = 0;

	KASSERT_TRUE(!IS_ERR(parent));
	KASSERT_EQ(mm_map_eager(parent, A, 2 * P, VM_READ | VM_WRITE, VMA_ANON, 0, "pp", 2), 0);
	child = mm_fork(parent);
	KASSERT_TRUE(!IS_ERR(child));
	pf = mapped(parent, A, &pflags);
	cf = mapped(child, A, &cflags);
	KEXPECT_TRUE(pf && pf == cf); /* one frame, shared */
	KEXPECT_EQ(pflags & VM_WRITE, 0u);
	KEXPECT_EQ(cflags & VM_WRITE, 0u);
	frame_put(cf);
	/* the child writes: its fault copies the page */
	KEXPECT_EQ(mm_write_remote(child, A, "c", 1), 0);
	cf = mapped(child, A, &cflags);
	KEXPECT_TRUE(cf && cf != pf);
	KEXPECT_TRUE(cflags & VM_WRITE);
	KEXPECT_EQ(byte_at(child, A), 'c');
	KEXPECT_EQ(byte_at(child, A + 1), 'p'); /* the rest of the page came along */
	KEXPECT_EQ(byte_at(parent, A), 'p');
	frame_put(cf);
	frame_put(pf);
	/* the parent's own write fault makes its page writable again */
	KEXPECT_EQ(mm_fault(parent, A, VM_WRITE, true), 0);
	pf = mapped(parent, A, &pflags);
	KEXPECT_TRUE(pflags & VM_WRITE);
	frame_put(pf);
	mm_destroy(child);
	mm_destroy(parent);
}

KTEST(cow, shared_vma_stays_shared)
{
	struct mm *parent = mm_create(), *child;
	u32 flags = 0;
	struct frame *f;

	KASSERT_TRUE(!IS_ERR(parent));
	KASSERT_EQ(mm_map_eager(parent, A, P, VM_READ | VM_WRITE, VMA_ANON | VMA_SHARED, 0, "s", 1),
		   0);
	child = mm_fork(parent);
	KASSERT_TRUE(!IS_ERR(child));
	f = mapped(child, A, &flags);
	KEXPECT_TRUE(flags & VM_WRITE);
	frame_put(f);
	KEXPECT_EQ(mm_write_remote(child, A, "x", 1), 0);
	KEXPECT_EQ(byte_at(parent, A), 'x');
	mm_destroy(child);
	mm_destroy(parent);
}

KTEST(cow, frames_return_after_both_exit)
{
	size_t before = frame_free_count();
	struct mm *parent = mm_create(), *child;

	KASSERT_TRUE(!IS_ERR(parent));
	KASSERT_EQ(mm_map_eager(parent, A, 4 * P, VM_READ | VM_WRITE, VMA_ANON, 0, NULL, 0), 0);
	child = mm_fork(parent);
	KASSERT_TRUE(!IS_ERR(child));
	KEXPECT_EQ(mm_write_remote(child, A + P, "c", 1), 0);
	mm_destroy(parent); /* the child's pages must outlive the parent's space */
	KEXPECT_EQ(byte_at(child, A + P), 'c');
	KEXPECT_EQ(byte_at(child, A + 2 * P), 0);
	mm_destroy(child);
	KEXPECT_EQ(frame_free_count(), before);
}
