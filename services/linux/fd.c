// SPDX-License-Identifier: MPL-2.0
// The descriptor table of a process: lookup with a reference, lowest-free allocation under
// RLIMIT_NOFILE, and close.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include "syscall.h"

int fd_lookup(struct thread *t, unsigned long fd, struct fd_entry *out)
{
	struct process *p = t->proc;
	int err = -EBADF;

	if (fd >= PROC_MAX_FDS)
		return -EBADF;
	spin_lock(&p->lock);
	*out = p->fds[fd];
	if (out->kind != FD_NONE)
		err = 0;
	if (out->kind == FD_FILE)
		file_get(out->file);
	spin_unlock(&p->lock);
	return err;
}

void fd_release(struct fd_entry *e)
{
	if (e->kind == FD_FILE)
		vfs_file_put(e->file);
}

int fd_install(struct thread *t, struct file *file, bool cloexec)
{
	struct process *p = t->proc;
	u64 limit = MIN(p->rlim[RLIMIT_NOFILE].cur, (u64)PROC_MAX_FDS);
	int fd;

	spin_lock(&p->lock);
	for (fd = 0; fd < (int)limit; fd++) {
		if (p->fds[fd].kind == FD_NONE) {
			p->fds[fd] = (struct fd_entry){ .kind = FD_FILE,
							.cloexec = cloexec,
							.file = file };
			break;
		}
	}
	spin_unlock(&p->lock);
	if (fd == (int)limit) {
		vfs_file_put(file);
		return -EMFILE;
	}
	return fd;
}

int fd_close(struct thread *t, unsigned long fd)
{
	struct process *p = t->proc;
	struct fd_entry e = { .kind = FD_NONE };

	if (fd >= PROC_MAX_FDS)
		return -EBADF;
	spin_lock(&p->lock);
	e = p->fds[fd];
	p->fds[fd] = (struct fd_entry){ .kind = FD_NONE };
	spin_unlock(&p->lock);
	if (e.kind == FD_NONE)
		return -EBADF;
	fd_release(&e);
	return 0;
}

char *user_path(vaddr_t uaddr)
{
	char *path = kmalloc(PATH_MAX);
	long n;

	if (!path)
		return ERR_PTR(-ENOMEM);
	n = vm_strncpy_from(path, uaddr, PATH_MAX);
	if (n < 0) {
		kfree(path);
		return ERR_PTR(n);
	}
	return path;
}

int fd_dup(struct thread *t, unsigned long oldfd, unsigned long newfd, bool exact, bool cloexec)
{
	struct process *p = t->proc;
	u64 limit = MIN(p->rlim[RLIMIT_NOFILE].cur, (u64)PROC_MAX_FDS);
	struct fd_entry e, victim = { .kind = FD_NONE };
	int err = fd_lookup(t, oldfd, &e), fd = -EMFILE;

	if (err)
		return err;
	if (newfd >= limit) {
		fd_release(&e);
		return exact ? -EBADF : -EINVAL;
	}
	e.cloexec = cloexec;
	spin_lock(&p->lock);
	if (exact) {
		victim = p->fds[newfd];
		fd = (int)newfd;
	} else {
		for (u64 i = newfd; i < limit && fd < 0; i++)
			if (p->fds[i].kind == FD_NONE)
				fd = (int)i;
	}
	if (fd >= 0)
		p->fds[fd] = e;
	spin_unlock(&p->lock);
	fd_release(&victim);
	if (fd < 0)
		fd_release(&e);
	return fd;
}

int at_ctx(struct thread *t, long dirfd, const char *path, struct vfs_ctx *ctx,
	   struct fd_entry *hold)
{
	int err;

	hold->kind = FD_NONE;
	process_vfs_ctx(t->proc, ctx);
	if ((int)dirfd == AT_FDCWD || path[0] == '/')
		return 0;
	err = fd_lookup(t, (unsigned long)(int)dirfd, hold);
	if (err)
		return err;
	if (hold->kind != FD_FILE)
		return -ENOTDIR;
	ctx->cwd = hold->file->path;
	return 0;
}
