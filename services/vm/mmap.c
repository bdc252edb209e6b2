// SPDX-License-Identifier: MPL-2.0
// brk, mmap, munmap and mprotect with Linux's argument checks and results. Anonymous memory
// only for now: fork shares MAP_SHARED pages (populating them) and copies private ones on
// write; file mappings answer -ENODEV.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <services/process.h>

#define MMAP_MIN_ADDR 65536UL

long mm_brk(struct mm *mm, vaddr_t new_brk)
{
	vaddr_t old_end, new_end;
	long ret;

	mutex_lock(&mm->lock);
	ret = (long)mm->brk;
	if (new_brk < mm->start_brk)
		goto out;
	old_end = ALIGN_UP(mm->brk, PAGE_SIZE);
	new_end = ALIGN_UP(new_brk, PAGE_SIZE);
	if (new_end < old_end && mm_remove_range(mm, new_end, old_end))
		goto out;
	if (new_end > old_end &&
	    mm_insert_vma(mm, old_end, new_end, VM_READ | VM_WRITE, VMA_ANON | VMA_HEAP))
		goto out; /* Linux: a failed brk returns the old break */
	mm->brk = new_brk;
	ret = (long)new_brk;
out:
	mutex_unlock(&mm->lock);
	return ret;
}

static long mmap_check(vaddr_t addr, size_t len, u32 flags, u64 off)
{
	if (!len || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (ALIGN_UP(len, PAGE_SIZE) < len || ALIGN_UP(len, PAGE_SIZE) > vm_space_user_end())
		return -ENOMEM;
	switch (flags & 0x3) {
	case MAP_PRIVATE:
	case MAP_SHARED: /* VMA_SHARED: fork shares these pages instead of copying them */
	case MAP_SHARED_VALIDATE:
		break;
	default:
		return -EINVAL;
	}
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && addr < MMAP_MIN_ADDR)
		return -EPERM; /* Linux's vm.mmap_min_addr default */
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* file mappings arrive with the page cache */
	return 0;
}

long mm_mmap(struct mm *mm, vaddr_t addr, size_t len, u32 prot, u32 flags, int fd, u64 off)
{
	long ret = mmap_check(addr, len, flags, off);

	(void)fd; /* ignored for MAP_ANONYMOUS, as Linux ignores it */
	if (ret)
		return ret;
	len = ALIGN_UP(len, PAGE_SIZE);
	mutex_lock(&mm->lock);
	if (flags & MAP_FIXED_NOREPLACE) {
		ret = (long)addr;
	} else if (flags & MAP_FIXED) {
		ret = addr + len > vm_space_user_end() ? -ENOMEM : (long)addr;
		if (ret >= 0 && mm_remove_range(mm, addr, addr + len))
			ret = -ENOMEM;
	} else {
		ret = mm_unmapped_area(mm, addr >= MMAP_MIN_ADDR ? addr : 0, len);
	}
	if (ret >= 0) {
		int err = mm_insert_vma(mm, (vaddr_t)ret, (vaddr_t)ret + len,
					mm_prot_from_linux(prot),
					VMA_ANON | (flags & MAP_SHARED ? VMA_SHARED : 0));

		if (err)
			ret = err == -EINVAL ? -ENOMEM : err;
	}
	mutex_unlock(&mm->lock);
	return ret;
}

long mm_munmap(struct mm *mm, vaddr_t addr, size_t len)
{
	long ret;

	if ((addr & (PAGE_SIZE - 1)) || !len || ALIGN_UP(len, PAGE_SIZE) < len)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (addr + len < addr || addr + len > vm_space_user_end())
		return -EINVAL;
	mutex_lock(&mm->lock);
	ret = mm_remove_range(mm, addr, addr + len);
	mutex_unlock(&mm->lock);
	return ret;
}

/* Is [start, end) covered by VMAs without holes? */
static bool range_covered(struct mm *mm, vaddr_t start, vaddr_t end)
{
	while (start < end) {
		struct vma *v = mm_find_vma(mm, start);

		if (!v)
			return false;
		start = v->end;
	}
	return true;
}

/* Give [start, end) the rights @vmprot: VMAs split at the edges, pages re-protected. */
static long protect_range(struct mm *mm, vaddr_t start, vaddr_t end, u32 vmprot)
{
	struct vm_cursor *c;
	struct vma *v;
	int err = mm_split_at(mm, start);

	if (!err)
		err = mm_split_at(mm, end);
	if (err)
		return err;
	c = vm_cursor_begin(mm->space, start, end);
	if (IS_ERR(c))
		return PTR_ERR(c);
	for (vaddr_t a = start; a < end && !err; a = v->end) {
		v = mm_find_vma(mm, a);
		v->prot = vmprot;
		/* a private page may be shared with a fork: write access comes by fault (CoW) */
		err = vm_cursor_protect(c, v->end - v->start,
					v->flags & VMA_SHARED ? vmprot : vmprot & ~VM_WRITE);
	}
	vm_cursor_end(c);
	return err;
}

long mm_mprotect(struct mm *mm, vaddr_t addr, size_t len, u32 prot)
{
	vaddr_t end;
	long ret;

	if ((addr & (PAGE_SIZE - 1)) || (prot & ~(u32)(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (end < addr)
		return -ENOMEM;
	if (end == addr)
		return 0;
	mutex_lock(&mm->lock);
	ret = range_covered(mm, addr, end) ?
		      protect_range(mm, addr, end, mm_prot_from_linux(prot)) :
		      -ENOMEM;
	mutex_unlock(&mm->lock);
	return ret;
}
