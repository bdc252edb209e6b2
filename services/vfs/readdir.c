// SPDX-License-Identifier: MPL-2.0
// getdents64(2): directory entries as struct linux_dirent64 records, resumable at the
// stable positions the file system hands out.
#include <hal/errno.h>
#include <hal/compiler.h>
#include <hal/lib/string.h>
#include "internal.h"

struct getdents_buf {
	struct dir_context ctx;
	u8 *buf;
	size_t len;
	size_t used;
	bool too_small; /* the first record did not fit */
};

static bool emit64(struct dir_context *ctx, const char *name, u32 len, u64 ino, u32 dtype,
		   s64 next_pos)
{
	struct getdents_buf *g = container_of(ctx, struct getdents_buf, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	struct linux_dirent64 rec;

	if (reclen > g->len - g->used) {
		g->too_small = g->used == 0;
		return false;
	}
	rec.d_ino = ino;
	rec.d_off = next_pos;
	rec.d_reclen = (u16)reclen;
	rec.d_type = (u8)dtype;
	memcpy(g->buf + g->used, &rec, offsetof(struct linux_dirent64, d_name));
	memcpy(g->buf + g->used + offsetof(struct linux_dirent64, d_name), name, len);
	memset(g->buf + g->used + offsetof(struct linux_dirent64, d_name) + len, 0,
	       reclen - offsetof(struct linux_dirent64, d_name) - len);
	g->used += reclen;
	return true;
}

ssize_t vfs_getdents64(struct file *f, void *buf, size_t len)
{
	struct getdents_buf g = { .ctx.emit = emit64, .buf = buf, .len = len };
	struct inode *inode = f->inode;
	int err;

	if (f->mode & FMODE_PATH)
		return -EBADF;
	if (!S_ISDIR(inode->mode) || !f->f_op || !f->f_op->iterate)
		return -ENOTDIR;
	mutex_lock(&f->pos_lock);
	g.ctx.pos = f->pos;
	rwsem_read_lock(&inode->rwsem);
	err = inode_nlink(inode) ? f->f_op->iterate(f, &g.ctx) : 0; /* a removed dir is empty */
	rwsem_read_unlock(&inode->rwsem);
	f->pos = g.ctx.pos;
	mutex_unlock(&f->pos_lock);
	if (err)
		return err;
	if (g.too_small)
		return -EINVAL;
	inode_touch_atime(inode);
	return (ssize_t)g.used;
}
