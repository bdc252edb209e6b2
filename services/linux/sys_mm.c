// SPDX-License-Identifier: MPL-2.0
// Memory system calls: thin wrappers over the process's mm (services/vm).
#include <hal/errno.h>
#include <hal/mm.h>
#include "syscall.h"

long sys_brk(struct thread *t, const unsigned long *a)
{
	return mm_brk(t->proc->mm, a[0]);
}

/*
 * The checks Linux makes on a file mapping's descriptor, in its order. File mappings
 * themselves need the page cache: -ENODEV, as for a file that cannot be mapped.
 */
static long check_file_map(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret;

	if (a[5] & (PAGE_SIZE - 1))
		return -EINVAL;
	ret = fd_lookup(t, (unsigned long)(int)a[4], &e);
	if (ret)
		return ret;
	ret = -ENODEV;
	if (e.kind == FD_FILE && !(e.file->mode & FMODE_READ))
		ret = -EACCES;
	else if (e.kind == FD_FILE && (a[3] & MAP_SHARED) && (a[2] & PROT_WRITE) &&
		 !(e.file->mode & FMODE_WRITE))
		ret = -EACCES;
	fd_release(&e);
	return ret;
}

long sys_mmap(struct thread *t, const unsigned long *a)
{
	if (!(a[3] & MAP_ANONYMOUS))
		return check_file_map(t, a);
	return mm_mmap(t->proc->mm, a[0], a[1], (u32)a[2], (u32)a[3], (int)a[4], a[5]);
}

long sys_munmap(struct thread *t, const unsigned long *a)
{
	return mm_munmap(t->proc->mm, a[0], a[1]);
}

long sys_mprotect(struct thread *t, const unsigned long *a)
{
	return mm_mprotect(t->proc->mm, a[0], a[1], (u32)a[2]);
}
