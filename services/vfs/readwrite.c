// SPDX-License-Identifier: MPL-2.0
// read/write/pread/pwrite/lseek/fsync/ioctl on open files, truncate and ftruncate.
#include <hal/errno.h>
#include <hal/mm.h>
#include "internal.h"

#define MAX_RW_COUNT (0x7fffffffUL & ~(PAGE_SIZE - 1)) /* what Linux moves per call */

static bool has_pos_lock(const struct file *f)
{
	return f->mode & FMODE_LSEEK;
}

static ssize_t do_read(struct file *f, void *buf, size_t len, s64 *pos)
{
	if (!(f->mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op || !f->f_op->read)
		return S_ISDIR(f->inode->mode) ? -EISDIR : -EINVAL;
	if (!len)
		return 0;
	return f->f_op->read(f, buf, MIN(len, MAX_RW_COUNT), pos);
}

/* A write by someone without CAP_FSETID drops set-user-ID and set-group-ID. */
static int remove_privs(struct file *f)
{
	u32 mode = READ_ONCE(f->inode->mode);
	struct iattr a = { .valid = ATTR_KILL_SUID | ATTR_KILL_SGID };

	if (!S_ISREG(mode) || cred_capable(f->cred, CAP_FSETID))
		return 0;
	if (!(mode & S_ISUID) && (mode & (S_ISGID | S_IXGRP)) != (S_ISGID | S_IXGRP))
		return 0;
	return notify_change(f->inode, &a);
}

static ssize_t do_write(struct file *f, const void *buf, size_t len, s64 *pos)
{
	int err;

	if (!(f->mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (!len)
		return 0;
	err = remove_privs(f);
	if (err)
		return err;
	return f->f_op->write(f, buf, MIN(len, MAX_RW_COUNT), pos);
}

ssize_t vfs_read(struct file *f, void *buf, size_t len)
{
	ssize_t ret;
	s64 pos;

	if (!has_pos_lock(f))
		return do_read(f, buf, len, &f->pos);
	mutex_lock(&f->pos_lock);
	pos = f->pos;
	ret = do_read(f, buf, len, &pos);
	f->pos = pos;
	mutex_unlock(&f->pos_lock);
	return ret;
}

ssize_t vfs_write(struct file *f, const void *buf, size_t len)
{
	ssize_t ret;
	s64 pos;

	if (!has_pos_lock(f))
		return do_write(f, buf, len, &f->pos);
	mutex_lock(&f->pos_lock);
	pos = f->pos;
	ret = do_write(f, buf, len, &pos);
	f->pos = pos;
	mutex_unlock(&f->pos_lock);
	return ret;
}

ssize_t vfs_pread(struct file *f, void *buf, size_t len, s64 pos)
{
	if (pos < 0)
		return -EINVAL;
	if (!(f->mode & FMODE_PREAD))
		return (f->mode & FMODE_PATH) ? -EBADF : -ESPIPE;
	return do_read(f, buf, len, &pos);
}

/* Like Linux, a file opened O_APPEND appends even through pwrite(). */
ssize_t vfs_pwrite(struct file *f, const void *buf, size_t len, s64 pos)
{
	if (pos < 0)
		return -EINVAL;
	if (!(f->mode & FMODE_PWRITE))
		return (f->mode & FMODE_PATH) ? -EBADF : -ESPIPE;
	return do_write(f, buf, len, &pos);
}

/* The new position for SEEK_SET/CUR/END, or -EINVAL when it is negative or overflows. */
static s64 seek_base(struct file *f, s64 offset, int whence)
{
	s64 base = whence == SEEK_CUR ? f->pos : whence == SEEK_END ? inode_size(f->inode) : 0;
	s64 pos;

	if (__builtin_add_overflow(base, offset, &pos) || pos < 0)
		return -EINVAL;
	return pos;
}

static s64 seek_data_hole(struct file *f, s64 offset, int whence)
{
	s64 size = inode_size(f->inode);

	if (offset < 0 || offset >= size)
		return -ENXIO;
	if (f->f_op && f->f_op->seek_data)
		return f->f_op->seek_data(f, offset, whence);
	return whence == SEEK_DATA ? offset : size;
}

s64 vfs_lseek(struct file *f, s64 offset, int whence)
{
	s64 pos;

	if (f->mode & FMODE_PATH)
		return -EBADF;
	if (!(f->mode & FMODE_LSEEK))
		return -ESPIPE;
	if (whence < SEEK_SET || whence > SEEK_HOLE)
		return -EINVAL;
	if (S_ISDIR(f->inode->mode) && whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	mutex_lock(&f->pos_lock);
	if (whence == SEEK_DATA || whence == SEEK_HOLE)
		pos = seek_data_hole(f, offset, whence);
	else
		pos = seek_base(f, offset, whence);
	if (pos >= 0)
		f->pos = pos;
	mutex_unlock(&f->pos_lock);
	return pos;
}

int vfs_fsync(struct file *f, bool datasync)
{
	if (f->mode & FMODE_PATH)
		return -EBADF;
	if (!f->f_op || !f->f_op->fsync)
		return S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode) ? 0 : -EINVAL;
	return f->f_op->fsync(f, datasync);
}

long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (f->mode & FMODE_PATH)
		return -EBADF;
	if (!f->f_op || !f->f_op->ioctl)
		return -ENOTTY;
	return f->f_op->ioctl(f, cmd, arg);
}

static int do_truncate(struct inode *inode, s64 length)
{
	struct iattr a = { .valid = ATTR_SIZE, .size = length };

	return notify_change(inode, &a);
}

int vfs_truncate(const struct vfs_ctx *ctx, const char *path, s64 length)
{
	struct inode *inode;
	struct path p;
	int err;

	if (length < 0)
		return -EINVAL;
	err = resolve(ctx, path, LOOKUP_FOLLOW, &p);
	if (err)
		return err;
	inode = d_inode(p.dentry);
	if (S_ISDIR(inode->mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->mode))
		err = -EINVAL;
	else
		err = vfs_permission(ctx->cred, inode, MAY_WRITE);
	if (!err)
		err = do_truncate(inode, length);
	path_put(&p);
	return err;
}

int vfs_ftruncate(struct file *f, s64 length)
{
	if (length < 0)
		return -EINVAL;
	if (f->mode & FMODE_PATH)
		return -EBADF;
	if (!S_ISREG(f->inode->mode) || !(f->mode & FMODE_WRITE))
		return -EINVAL;
	return do_truncate(f->inode, length);
}
