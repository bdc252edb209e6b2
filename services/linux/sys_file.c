// SPDX-License-Identifier: MPL-2.0
// Opening and inspecting files: openat/open, close, lseek, pread64, and the stat family in
// the x86_64 struct stat layout.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include "syscall.h"

/* The console until a TTY exists: Linux's /dev/console, character device 5:1. */
#define CONSOLE_MAJOR 5
#define CONSOLE_MINOR 1

/* struct stat of x86_64 Linux (arch/x86/include/uapi/asm/stat.h): 144 bytes. */
struct linux_stat {
	u64 st_dev;
	u64 st_ino;
	u64 st_nlink;
	u32 st_mode;
	u32 st_uid;
	u32 st_gid;
	u32 pad0;
	u64 st_rdev;
	s64 st_size;
	s64 st_blksize;
	s64 st_blocks;
	s64 st_atime, st_atime_nsec;
	s64 st_mtime, st_mtime_nsec;
	s64 st_ctime, st_ctime_nsec;
	s64 reserved[3];
};

/* What user space sees of a device number (Linux's new_encode_dev). */
static u64 encode_dev(u32 major, u32 minor)
{
	return (minor & 0xff) | ((u64)major << 8) | ((u64)(minor & ~0xffu) << 12);
}

static void fill_stat(struct linux_stat *st, const struct kstat *k)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = encode_dev(MAJOR(k->dev), MINOR(k->dev));
	st->st_ino = k->ino;
	st->st_nlink = k->nlink;
	st->st_mode = k->mode;
	st->st_uid = k->uid;
	st->st_gid = k->gid;
	st->st_rdev = encode_dev(MAJOR(k->rdev), MINOR(k->rdev));
	st->st_size = k->size;
	st->st_blksize = k->blksize;
	st->st_blocks = (s64)k->blocks;
	st->st_atime = k->atime.tv_sec;
	st->st_atime_nsec = k->atime.tv_nsec;
	st->st_mtime = k->mtime.tv_sec;
	st->st_mtime_nsec = k->mtime.tv_nsec;
	st->st_ctime = k->ctime.tv_sec;
	st->st_ctime_nsec = k->ctime.tv_nsec;
}

static void console_stat(struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0600;
	st->st_nlink = 1;
	st->st_rdev = encode_dev(CONSOLE_MAJOR, CONSOLE_MINOR);
	st->st_blksize = 1024;
}

static long do_openat(struct thread *t, long dirfd, vaddr_t upath, int flags, u32 mode)
{
	char *path = user_path(upath);
	struct fd_entry hold;
	struct vfs_ctx ctx;
	struct file *f;
	long ret;

	if (IS_ERR(path))
		return PTR_ERR(path);
	ret = at_ctx(t, dirfd, path, &ctx, &hold);
	if (!ret) {
		f = vfs_openat(&ctx, path, flags, mode & ~t->proc->umask & S_IALLUGO);
		ret = IS_ERR(f) ? PTR_ERR(f) : fd_install(t, f, flags & O_CLOEXEC);
	}
	fd_release(&hold);
	kfree(path);
	return ret;
}

long sys_openat(struct thread *t, const unsigned long *a)
{
	return do_openat(t, (long)a[0], a[1], (int)a[2], (u32)a[3]);
}

long sys_open(struct thread *t, const unsigned long *a)
{
	return do_openat(t, AT_FDCWD, a[0], (int)a[1], (u32)a[2]);
}

long sys_creat(struct thread *t, const unsigned long *a)
{
	return do_openat(t, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, (u32)a[1]);
}

long sys_close(struct thread *t, const unsigned long *a)
{
	return fd_close(t, a[0]);
}

long sys_lseek(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	ret = e.kind == FD_FILE ? vfs_lseek(e.file, (s64)a[1], (int)a[2]) : -ESPIPE;
	fd_release(&e);
	return ret;
}

long sys_pread64(struct thread *t, const unsigned long *a)
{
	size_t len = MIN(a[2], (unsigned long)0x7ffff000);
	struct fd_entry e;
	void *buf;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	if (e.kind != FD_FILE) {
		fd_release(&e);
		return -ESPIPE;
	}
	if (!mm_access_ok(t->proc->mm, a[1], MIN(len, (size_t)65536), VM_WRITE)) {
		fd_release(&e);
		return -EFAULT;
	}
	buf = kmalloc(MIN(len, (size_t)65536));
	ret = buf ? vfs_pread(e.file, buf, MIN(len, (size_t)65536), (s64)a[3]) : -ENOMEM;
	if (ret > 0 && copy_to_user(t->proc->mm, a[1], buf, (size_t)ret))
		ret = -EFAULT;
	kfree(buf);
	fd_release(&e);
	return ret;
}

static long stat_fd(struct thread *t, unsigned long fd, vaddr_t ubuf)
{
	struct linux_stat st;
	struct fd_entry e;
	struct kstat k;
	long ret = fd_lookup(t, fd, &e);

	if (ret)
		return ret;
	if (e.kind == FD_CONSOLE)
		console_stat(&st);
	else if (!(ret = vfs_fstat(e.file, &k)))
		fill_stat(&st, &k);
	fd_release(&e);
	return ret ? ret : copy_to_user(t->proc->mm, ubuf, &st, sizeof(st));
}

static long stat_path(struct thread *t, long dirfd, vaddr_t upath, vaddr_t ubuf, int flags)
{
	char *path = user_path(upath);
	struct linux_stat st;
	struct fd_entry hold;
	struct vfs_ctx ctx;
	struct kstat k;
	long ret;

	if (IS_ERR(path))
		return PTR_ERR(path);
	if (!path[0] && (flags & AT_EMPTY_PATH) && (int)dirfd != AT_FDCWD) {
		kfree(path);
		return stat_fd(t, (unsigned long)(int)dirfd, ubuf);
	}
	ret = at_ctx(t, dirfd, path, &ctx, &hold);
	if (!ret)
		ret = vfs_statat(&ctx, path, flags, &k);
	if (!ret) {
		fill_stat(&st, &k);
		ret = copy_to_user(t->proc->mm, ubuf, &st, sizeof(st));
	}
	fd_release(&hold);
	kfree(path);
	return ret;
}

long sys_fstat(struct thread *t, const unsigned long *a)
{
	return stat_fd(t, a[0], a[1]);
}

long sys_stat(struct thread *t, const unsigned long *a)
{
	return stat_path(t, AT_FDCWD, a[0], a[1], 0);
}

long sys_lstat(struct thread *t, const unsigned long *a)
{
	return stat_path(t, AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

long sys_newfstatat(struct thread *t, const unsigned long *a)
{
	if (a[3] & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	return stat_path(t, (long)a[0], a[1], a[2], (int)a[3]);
}
