// SPDX-License-Identifier: MPL-2.0
// Demand paging: a fault inside a VMA that allows the access gets a zeroed page; and user
// copies that fault pages in as user code would, so a syscall buffer in fresh heap works.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <services/process.h>

u32 mm_prot_from_linux(u32 prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* Map one zeroed page at @page with @prot. */
static int fill_zero_page(struct mm *mm, vaddr_t page, u32 prot)
{
	struct frame *f = frame_alloc();
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = vm_space_map(mm->space, page, f, VM_PROP(prot));
	frame_put(f);
	return err;
}

/*
 * A write to a page of a writable private VMA that is mapped read-only: the page is (or was)
 * shared with a fork, so the writer gets its own copy. Without a way to read a frame's
 * reference count, a page that is no longer shared is copied too (correct, one copy more).
 */
static int cow_page(struct mm *mm, const struct vma *vma, vaddr_t page, const struct vm_mapping *m)
{
	struct frame *f;
	int err;

	if (vma->flags & VMA_SHARED) /* shared pages are never copied */
		return vm_space_map(mm->space, page, m->frame, VM_PROP(vma->prot));
	f = frame_alloc();
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = frame_copy(f, 0, m->frame, m->offset, PAGE_SIZE);
	if (!err)
		err = vm_space_map(mm->space, page, f, VM_PROP(vma->prot));
	frame_put(f);
	return err;
}

/* Resolve @access at @page of @vma (which allows it): demand-zero or copy-on-write. */
static int fault_page(struct mm *mm, const struct vma *vma, vaddr_t page, u32 access)
{
	struct vm_mapping m;
	int err = 0;

	if (vm_space_query(mm->space, page, &m))
		return fill_zero_page(mm, page, vma->prot);
	if ((access & VM_WRITE) && !(m.prop.flags & VM_WRITE))
		err = cow_page(mm, vma, page, &m);
	else if ((m.prop.flags & access) != access) /* keep a shared page read-only */
		err = vm_space_map(mm->space, page, m.frame,
				   VM_PROP(vma->prot & ~(m.prop.flags & VM_WRITE ? 0 : VM_WRITE)));
	/* otherwise another thread resolved it meanwhile: retry */
	frame_put(m.frame);
	return err;
}

int mm_fault(struct mm *mm, vaddr_t addr, u32 access, bool present)
{
	struct vma *vma;
	int err = -EFAULT;

	(void)present; /* the page table says better what is there now */
	mutex_lock(&mm->lock);
	vma = mm_find_vma(mm, addr);
	if (vma && (vma->prot & access) == access)
		err = fault_page(mm, vma, ALIGN_DOWN(addr, PAGE_SIZE), access) ? -EFAULT : 0;
	mutex_unlock(&mm->lock);
	return err;
}

/*
 * A fault that resolved without the copy getting further means the space is not the one
 * this task runs (or the page vanished again): give up rather than spin.
 */
int copy_from_user(struct mm *mm, void *dst, vaddr_t src, size_t len)
{
	size_t done = 0, n;
	bool retried = false;

	while (done < len) {
		n = vm_read_partial((u8 *)dst + done, src + done, len - done);
		done += n;
		if (done == len)
			break;
		if ((!n && retried) || mm_fault(mm, src + done, VM_READ, false))
			return -EFAULT;
		retried = !n;
	}
	return 0;
}

int copy_to_user(struct mm *mm, vaddr_t dst, const void *src, size_t len)
{
	size_t done = 0, n;
	bool retried = false;

	while (done < len) {
		n = vm_write_partial(dst + done, (const u8 *)src + done, len - done);
		done += n;
		if (done == len)
			break;
		if ((!n && retried) || mm_fault(mm, dst + done, VM_WRITE, false))
			return -EFAULT;
		retried = !n;
	}
	return 0;
}

int mm_write_remote(struct mm *mm, vaddr_t dst, const void *src, size_t len)
{
	size_t off = dst & (PAGE_SIZE - 1);
	struct vm_mapping m;
	int err;

	if (off + len > PAGE_SIZE)
		return -EINVAL;
	err = mm_fault(mm, dst, VM_WRITE, false); /* maps it, or breaks the sharing */
	if (!err)
		err = vm_space_query(mm->space, dst, &m) ? -EFAULT : 0;
	if (err)
		return err;
	err = frame_write(m.frame, m.offset + off, src, len) ? -EFAULT : 0;
	frame_put(m.frame);
	return err;
}

int mm_map_anon(struct mm *mm, vaddr_t addr, size_t len, u32 prot, u32 flags)
{
	int err;

	mutex_lock(&mm->lock);
	err = mm_insert_vma(mm, addr, addr + len, prot, flags | VMA_ANON);
	mutex_unlock(&mm->lock);
	return err;
}

/* Back [addr, addr + len) with one frame per page, copying the part of @bytes that falls in. */
static int fill_pages(struct mm *mm, vaddr_t addr, size_t len, u32 prot, size_t off,
		      const void *bytes, size_t nbytes)
{
	for (size_t pg = 0; pg < len; pg += PAGE_SIZE) {
		struct frame *f = frame_alloc();
		size_t lo = MAX(pg, off), hi = MIN(pg + PAGE_SIZE, off + nbytes);
		int err = 0;

		if (IS_ERR(f))
			return PTR_ERR(f);
		if (lo < hi)
			err = frame_write(f, lo - pg, (const u8 *)bytes + (lo - off), hi - lo);
		if (!err)
			err = vm_space_map(mm->space, addr + pg, f, VM_PROP(prot));
		frame_put(f);
		if (err)
			return err;
	}
	return 0;
}

int mm_map_eager(struct mm *mm, vaddr_t addr, size_t len, u32 prot, u32 flags, size_t off,
		 const void *bytes, size_t nbytes)
{
	int err;

	mutex_lock(&mm->lock);
	err = mm_insert_vma(mm, addr, addr + len, prot, flags);
	if (!err) {
		err = fill_pages(mm, addr, len, prot, off, bytes, nbytes);
		if (err)
			mm_remove_range(mm, addr, addr + len);
	}
	mutex_unlock(&mm->lock);
	return err;
}

bool mm_access_ok(struct mm *mm, vaddr_t addr, size_t len, u32 access)
{
	vaddr_t end = addr + len;
	bool ok = true;

	if (end < addr || end > vm_space_user_end())
		return false;
	mutex_lock(&mm->lock);
	while (ok && addr < end) {
		struct vma *v = mm_find_vma(mm, addr);

		ok = v && (v->prot & access) == access;
		if (ok)
			addr = v->end;
	}
	mutex_unlock(&mm->lock);
	return ok;
}
