// SPDX-License-Identifier: MPL-2.0
// Calls on open descriptors: pwrite64, fcntl, fchmod, fchown, ftruncate, fsync, fdatasync;
// pipe and pipe2.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <services/pipe.h>
#include "syscall.h"

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC	1

/* The status flags fcntl(F_SETFL) may change, as in Linux's setfl(). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

/* Run @fn on descriptor @fd's file; -EINVAL for the console (not a file system object). */
static long on_file(struct thread *t, unsigned long fd,
		    long (*fn)(struct file *f, const unsigned long *a), const unsigned long *a)
{
	struct fd_entry e;
	long ret = fd_lookup(t, fd, &e);

	if (ret)
		return ret;
	ret = e.kind == FD_FILE ? fn(e.file, a) : -EINVAL;
	fd_release(&e);
	return ret;
}

long sys_pwrite64(struct thread *t, const unsigned long *a)
{
	size_t len = MIN(a[2], (unsigned long)65536);
	struct fd_entry e;
	void *buf;
	long ret;

	if ((long)a[3] < 0)
		return -EINVAL;
	ret = fd_lookup(t, a[0], &e);
	if (ret)
		return ret;
	if (e.kind != FD_FILE) {
		fd_release(&e);
		return -ESPIPE;
	}
	buf = kmalloc(len ? len : 1);
	ret = buf ? copy_from_user(t->proc->mm, buf, a[1], len) : -ENOMEM;
	if (!ret)
		ret = vfs_pwrite(e.file, buf, len, (s64)a[3]);
	kfree(buf);
	fd_release(&e);
	return ret;
}

static long set_status(struct thread *t, unsigned long fd, u32 flags)
{
	struct process *p = t->proc;
	struct fd_entry e;
	long ret = fd_lookup(t, fd, &e);

	if (ret)
		return ret;
	if (e.kind == FD_FILE) {
		WRITE_ONCE(e.file->flags, (e.file->flags & ~SETFL_MASK) | (flags & SETFL_MASK));
	} else {
		spin_lock(&p->lock);
		p->fds[fd].status = (p->fds[fd].status & ~SETFL_MASK) | (flags & SETFL_MASK);
		spin_unlock(&p->lock);
	}
	fd_release(&e);
	return 0;
}

long sys_fcntl(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret;

	switch (a[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return fd_dup(t, a[0], a[2], false, a[1] == F_DUPFD_CLOEXEC);
	case F_SETFL:
		return set_status(t, a[0], (u32)a[2]);
	case F_GETFD:
	case F_SETFD:
	case F_GETFL:
		break;
	default:
		return -EINVAL;
	}
	ret = fd_lookup(t, a[0], &e);
	if (ret)
		return ret;
	if (a[1] == F_GETFD) {
		ret = e.cloexec ? FD_CLOEXEC : 0;
	} else if (a[1] == F_GETFL) {
		ret = e.kind == FD_FILE ? (long)READ_ONCE(e.file->flags) & ~O_CLOEXEC : e.status;
	} else {
		spin_lock(&t->proc->lock);
		t->proc->fds[a[0]].cloexec = a[2] & FD_CLOEXEC;
		spin_unlock(&t->proc->lock);
	}
	fd_release(&e);
	return ret;
}

static long do_fchmod(struct file *f, const unsigned long *a)
{
	return vfs_fchmod(f, (u32)a[1] & S_IALLUGO);
}

static long do_fchown(struct file *f, const unsigned long *a)
{
	return vfs_fchown(f, (u32)a[1], (u32)a[2]);
}

static long do_ftruncate(struct file *f, const unsigned long *a)
{
	return (long)a[1] < 0 ? -EINVAL : vfs_ftruncate(f, (s64)a[1]);
}

static long do_fsync(struct file *f, const unsigned long *a)
{
	return vfs_fsync(f, a[6]);
}

long sys_fchmod(struct thread *t, const unsigned long *a)
{
	return on_file(t, a[0], do_fchmod, a);
}

long sys_fchown(struct thread *t, const unsigned long *a)
{
	return on_file(t, a[0], do_fchown, a);
}

long sys_ftruncate(struct thread *t, const unsigned long *a)
{
	return on_file(t, a[0], do_ftruncate, a);
}

long sys_fsync(struct thread *t, const unsigned long *a)
{
	unsigned long args[7] = { a[0], 0, 0, 0, 0, 0, false };

	return on_file(t, a[0], do_fsync, args);
}

long sys_fdatasync(struct thread *t, const unsigned long *a)
{
	unsigned long args[7] = { a[0], 0, 0, 0, 0, 0, true };

	return on_file(t, a[0], do_fsync, args);
}

/* pipe2: both ends installed, then the pair copied out (both closed again on -EFAULT). */
static long do_pipe2(struct thread *t, vaddr_t ufds, unsigned long flags)
{
	struct file *r, *w;
	int fds[2];
	long ret;

	if (flags & ~(unsigned long)(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL; /* O_DIRECT (packet mode) is not supported */
	ret = pipe_create(t->proc->cred, (int)flags, &r, &w);
	if (ret)
		return ret;
	fds[0] = fd_install(t, r, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		vfs_file_put(w);
		return fds[0];
	}
	fds[1] = fd_install(t, w, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		fd_close(t, (unsigned long)fds[0]);
		return fds[1];
	}
	if (copy_to_user(t->proc->mm, ufds, fds, sizeof(fds))) {
		fd_close(t, (unsigned long)fds[0]);
		fd_close(t, (unsigned long)fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(struct thread *t, const unsigned long *a)
{
	return do_pipe2(t, a[0], 0);
}

long sys_pipe2(struct thread *t, const unsigned long *a)
{
	return do_pipe2(t, a[0], a[1]);
}
