// SPDX-License-Identifier: MPL-2.0
// File descriptor system calls: read/write/writev on the console and on VFS files, ioctl,
// readlink. The console is the framework's log output until a TTY driver exists.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include "syscall.h"

#define IOV_MAX 1024
#define CHUNK	512
#define MAX_RW	0x7ffff000L /* Linux's MAX_RW_COUNT */

struct iovec64 {
	u64 base;
	u64 len;
};

/* Write @len user bytes at @buf to @e, a chunk at a time. */
static long write_user(struct thread *t, struct fd_entry *e, vaddr_t buf, size_t len)
{
	char chunk[CHUNK];
	size_t done = 0;

	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));
		long w;

		if (copy_from_user(t->proc->mm, chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		if (e->kind == FD_CONSOLE) {
			log_raw("%.*s", (int)n, chunk);
			w = (long)n;
		} else {
			w = vfs_write(e->file, chunk, n);
		}
		if (w <= 0)
			return done ? (long)done : w;
		done += (size_t)w;
		if ((size_t)w < n)
			break;
	}
	return (long)done;
}

/* Read into user memory: the console has no input yet and reads as end of file. */
static long read_user(struct thread *t, struct fd_entry *e, vaddr_t buf, size_t len)
{
	char chunk[CHUNK];
	size_t done = 0;

	if (e->kind == FD_CONSOLE)
		return 0;
	/* As Linux: a buffer that cannot take the data fails before the file position moves. */
	if (!mm_access_ok(t->proc->mm, buf, len, VM_WRITE))
		return -EFAULT;
	while (done < len) {
		long r = vfs_read(e->file, chunk, MIN(len - done, sizeof(chunk)));

		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		if (copy_to_user(t->proc->mm, buf + done, chunk, (size_t)r))
			return done ? (long)done : -EFAULT;
		done += (size_t)r;
	}
	return (long)done;
}

long sys_write(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	ret = write_user(t, &e, a[1], MIN(a[2], (unsigned long)MAX_RW));
	fd_release(&e);
	return ret;
}

long sys_read(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	ret = read_user(t, &e, a[1], MIN(a[2], (unsigned long)MAX_RW));
	fd_release(&e);
	return ret;
}

/* Linux checks the whole vector first: a negative or overflowing total is -EINVAL. */
static long check_iov(const struct iovec64 *iov, unsigned long cnt)
{
	u64 total = 0;

	for (unsigned long i = 0; i < cnt; i++) {
		if (iov[i].len > (u64)MAX_RW || (total += iov[i].len) > (u64)MAX_RW)
			return -EINVAL;
	}
	return 0;
}

static long writev_iov(struct thread *t, struct fd_entry *e, const struct iovec64 *iov,
		       unsigned long cnt)
{
	long total = 0;

	for (unsigned long i = 0; i < cnt; i++) {
		long w;

		if (!iov[i].len)
			continue;
		w = write_user(t, e, iov[i].base, iov[i].len);
		if (w < 0)
			return total ? total : w;
		total += w;
		if ((u64)w < iov[i].len)
			break;
	}
	return total;
}

static long readv_iov(struct thread *t, struct fd_entry *e, const struct iovec64 *iov,
		      unsigned long cnt)
{
	long total = 0;

	for (unsigned long i = 0; i < cnt; i++) {
		long r;

		if (!iov[i].len)
			continue;
		r = read_user(t, e, iov[i].base, iov[i].len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((u64)r < iov[i].len)
			break;
	}
	return total;
}

/* readv and writev: the vector is read and checked whole before any data moves. */
static long do_rwv(struct thread *t, const unsigned long *a, bool write)
{
	unsigned long cnt = a[2];
	struct iovec64 *iov;
	struct fd_entry e;
	long ret;

	if (cnt > IOV_MAX)
		return -EINVAL;
	ret = fd_lookup(t, a[0], &e);
	if (ret)
		return ret;
	iov = kcalloc(cnt ? cnt : 1, sizeof(*iov));
	ret = iov ? copy_from_user(t->proc->mm, iov, a[1], cnt * sizeof(*iov)) : -ENOMEM;
	if (!ret)
		ret = check_iov(iov, cnt);
	if (!ret)
		ret = write ? writev_iov(t, &e, iov, cnt) : readv_iov(t, &e, iov, cnt);
	kfree(iov);
	fd_release(&e);
	return ret;
}

long sys_writev(struct thread *t, const unsigned long *a)
{
	return do_rwv(t, a, true);
}

long sys_readv(struct thread *t, const unsigned long *a)
{
	return do_rwv(t, a, false);
}
/* No TTY yet: the console answers terminal ioctls as a non-terminal does. */
long sys_ioctl(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	ret = e.kind == FD_FILE ? vfs_ioctl(e.file, (unsigned int)a[1], a[2]) : -ENOTTY;
	fd_release(&e);
	return ret;
}

static long do_readlinkat(struct thread *t, long dirfd, vaddr_t upath, vaddr_t ubuf, long len)
{
	size_t size = MIN((unsigned long)len, (unsigned long)PATH_MAX);
	struct fd_entry hold = { .kind = FD_NONE };
	char *path, *buf;
	struct vfs_ctx ctx;
	long ret;

	if (len <= 0)
		return -EINVAL;
	path = user_path(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	buf = kmalloc(size);
	ret = buf ? at_ctx(t, dirfd, path, &ctx, &hold) : -ENOMEM;
	if (!ret)
		ret = vfs_readlinkat(&ctx, path, buf, size);
	if (ret > 0 && copy_to_user(t->proc->mm, ubuf, buf, (size_t)ret))
		ret = -EFAULT;
	fd_release(&hold);
	kfree(buf);
	kfree(path);
	return ret;
}

long sys_readlink(struct thread *t, const unsigned long *a)
{
	return do_readlinkat(t, AT_FDCWD, a[0], a[1], (long)a[2]);
}

long sys_readlinkat(struct thread *t, const unsigned long *a)
{
	return do_readlinkat(t, (long)a[0], a[1], a[2], (long)a[3]);
}
