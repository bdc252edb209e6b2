// SPDX-License-Identifier: MPL-2.0
// fork's address space: the VMAs duplicated, shared mappings shared, private pages shared
// read-only by both spaces until a write fault gives the writer its own copy (fault.c).
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <services/process.h>

/* Share (or, for an odd handle, copy) the page @m maps into @dst's cursor position. */
static int share_page(struct vm_cursor *src, struct vm_cursor *dst, struct vm_mapping *m, bool cow)
{
	u32 flags = m->prop.flags & VM_RWX;
	struct vm_prop prop = m->prop;
	int err;

	if (cow && (flags & VM_WRITE)) {
		flags &= ~VM_WRITE;
		err = vm_cursor_protect(src, PAGE_SIZE, flags);
		if (err)
			return err;
		vm_cursor_jump(src, vm_cursor_va(src) - PAGE_SIZE);
	}
	prop.flags = flags;
	if (m->offset || frame_npages(m->frame) != 1) {
		struct frame *f = frame_alloc();

		if (IS_ERR(f))
			return PTR_ERR(f);
		err = frame_copy(f, 0, m->frame, m->offset, PAGE_SIZE);
		if (!err)
			err = vm_cursor_map(dst, f, prop);
		frame_put(f);
		return err;
	}
	return vm_cursor_map(dst, m->frame, prop);
}

/*
 * A MAP_SHARED page nobody touched yet: both sides must see the same page once one writes,
 * so it gets its frame now, in both spaces.
 */
static int populate_shared(struct vm_cursor *src, struct vm_cursor *dst, u32 prot)
{
	struct frame *f = frame_alloc();
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vm_cursor_map(src, f, VM_PROP(prot));
	if (!err)
		err = vm_cursor_map(dst, f, VM_PROP(prot));
	frame_put(f);
	return err;
}

/* Give @new the pages @old maps in @vma. */
static int copy_vma_pages(struct mm *old, struct mm *new, const struct vma *vma)
{
	struct vm_cursor *src, *dst;
	bool cow = !(vma->flags & VMA_SHARED);
	int err = 0;

	src = vm_cursor_begin(old->space, vma->start, vma->end);
	if (IS_ERR(src))
		return PTR_ERR(src);
	dst = vm_cursor_begin(new->space, vma->start, vma->end);
	if (IS_ERR(dst)) {
		vm_cursor_end(src);
		return PTR_ERR(dst);
	}
	for (vaddr_t va = vma->start; va < vma->end && !err; va += PAGE_SIZE) {
		struct vm_mapping m;

		vm_cursor_jump(src, va);
		vm_cursor_jump(dst, va);
		if (vm_cursor_query(src, &m)) {
			if (cow)
				continue; /* both get their own zero page on demand */
			err = populate_shared(src, dst, vma->prot);
			continue;
		}
		err = share_page(src, dst, &m, cow);
		frame_put(m.frame);
	}
	vm_cursor_end(dst);
	vm_cursor_end(src);
	return err;
}

struct mm *mm_fork(struct mm *mm)
{
	struct mm *new = mm_create();
	int err = 0;

	if (IS_ERR(new))
		return new;
	mutex_lock(&mm->lock);
	new->start_brk = mm->start_brk;
	new->brk = mm->brk;
	new->mmap_base = mm->mmap_base;
	new->stack_top = mm->stack_top;
	for (struct vma *v = mm_first_vma(mm); v && !err; v = mm_next_vma(v)) {
		err = mm_insert_vma(new, v->start, v->end, v->prot, v->flags);
		if (!err)
			err = copy_vma_pages(mm, new, v);
	}
	mutex_unlock(&mm->lock);
	if (err) {
		mm_destroy(new);
		return ERR_PTR(err);
	}
	return new;
}
