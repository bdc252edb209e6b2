// SPDX-License-Identifier: MPL-2.0
// The VMA set of an address space: non-overlapping page-aligned ranges in a red-black tree by
// start address, with insertion, lookup, splitting removal and gap search.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <services/process.h>

/* Linux's x86_64 layout without randomisation: the stack right below the top page. */
#define STACK_GAP (128UL << 20)

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return ERR_PTR(-ENOMEM);
	mm->space = vm_space_create();
	if (IS_ERR(mm->space)) {
		long err = PTR_ERR(mm->space);

		kfree(mm);
		return ERR_PTR(err);
	}
	mutex_init(&mm->lock);
	mm->vmas = RB_ROOT;
	mm->stack_top = vm_space_user_end() - PAGE_SIZE;
	mm->mmap_base = mm->stack_top - STACK_GAP;
	return mm;
}

void mm_destroy(struct mm *mm)
{
	struct rb_node *n;

	if (!mm)
		return;
	while ((n = mm->vmas.rb_node)) {
		rb_erase(n, &mm->vmas);
		kfree(rb_entry(n, struct vma, node));
	}
	vm_space_put(mm->space);
	kfree(mm);
}

struct vma *mm_find_vma(struct mm *mm, vaddr_t addr)
{
	struct rb_node *n = mm->vmas.rb_node;

	while (n) {
		struct vma *v = rb_entry(n, struct vma, node);

		if (addr < v->start)
			n = n->rb_left;
		else if (addr >= v->end)
			n = n->rb_right;
		else
			return v;
	}
	return NULL;
}

struct vma *mm_first_vma(struct mm *mm)
{
	struct rb_node *n = mm->vmas.rb_node;

	while (n && n->rb_left)
		n = n->rb_left;
	return rb_entry_safe(n, struct vma, node);
}

struct vma *mm_next_vma(struct vma *vma)
{
	struct rb_node *n = &vma->node;

	if (n->rb_right) {
		n = n->rb_right;
		while (n->rb_left)
			n = n->rb_left;
		return rb_entry(n, struct vma, node);
	}
	while (rb_parent(n) && n == rb_parent(n)->rb_right)
		n = rb_parent(n);
	return rb_entry_safe(rb_parent(n), struct vma, node);
}

/* The first VMA that ends above @addr (it may start above it too), or NULL. */
static struct vma *first_vma_ending_after(struct mm *mm, vaddr_t addr)
{
	struct rb_node *n = mm->vmas.rb_node;
	struct vma *best = NULL;

	while (n) {
		struct vma *v = rb_entry(n, struct vma, node);

		if (v->end > addr) {
			best = v;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

static void link_vma(struct mm *mm, struct vma *vma)
{
	struct rb_node **link = &mm->vmas.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (vma->start < rb_entry(parent, struct vma, node)->start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&vma->node, parent, link);
	rb_insert_color(&vma->node, &mm->vmas);
}

static bool range_ok(vaddr_t start, vaddr_t end)
{
	return start < end && IS_ALIGNED(start, PAGE_SIZE) && IS_ALIGNED(end, PAGE_SIZE) &&
	       end <= vm_space_user_end();
}

int mm_insert_vma(struct mm *mm, vaddr_t start, vaddr_t end, u32 prot, u32 flags)
{
	struct vma *next, *vma;

	if (!range_ok(start, end))
		return -EINVAL;
	next = first_vma_ending_after(mm, start);
	if (next && next->start < end)
		return -EEXIST;
	vma = kzalloc(sizeof(*vma));
	if (!vma)
		return -ENOMEM;
	vma->start = start;
	vma->end = end;
	vma->prot = prot;
	vma->flags = flags;
	link_vma(mm, vma);
	return 0;
}

/* Cut @vma in two at @addr (inside it): the upper part becomes a new VMA. */
static int split_vma(struct mm *mm, struct vma *vma, vaddr_t addr)
{
	struct vma *upper = kzalloc(sizeof(*upper));

	if (!upper)
		return -ENOMEM;
	*upper = *vma;
	upper->start = addr;
	vma->end = addr;
	link_vma(mm, upper);
	return 0;
}

int mm_split_at(struct mm *mm, vaddr_t addr)
{
	struct vma *v = mm_find_vma(mm, addr);

	return v && v->start < addr ? split_vma(mm, v, addr) : 0;
}

int mm_remove_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct vma *v;
	int err;

	if (!range_ok(start, end))
		return -EINVAL;
	while ((v = first_vma_ending_after(mm, start)) && v->start < end) {
		if (v->start < start) {
			err = split_vma(mm, v, start);
			if (err)
				return err;
			continue;
		}
		if (v->end > end) {
			err = split_vma(mm, v, end);
			if (err)
				return err;
		}
		rb_erase(&v->node, &mm->vmas);
		kfree(v);
	}
	return vm_space_unmap(mm->space, start, end - start);
}

static bool range_free(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct vma *next = first_vma_ending_after(mm, start);

	return range_ok(start, end) && (!next || next->start >= end);
}

/* The highest free gap of @len bytes ending at or below @top, or 0. */
static vaddr_t top_down_gap(struct mm *mm, vaddr_t top, size_t len)
{
	vaddr_t end = top;

	while (end >= len + PAGE_SIZE) {
		struct vma *v = first_vma_ending_after(mm, end - len);

		if (!v || v->start >= end)
			return end - len;
		end = v->start; /* try right below the VMA in the way */
	}
	return 0;
}

long mm_unmapped_area(struct mm *mm, vaddr_t hint, size_t len)
{
	vaddr_t addr;

	if (!len || len > vm_space_user_end())
		return -ENOMEM;
	hint = ALIGN_DOWN(hint, PAGE_SIZE);
	if (hint && hint + len > hint && range_free(mm, hint, hint + len))
		return (long)hint;
	addr = top_down_gap(mm, mm->mmap_base, len);
	return addr ? (long)addr : -ENOMEM;
}
