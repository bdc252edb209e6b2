// SPDX-License-Identifier: MPL-2.0
// Namespace changes in one directory: mkdir, mknod, symlink, link, rmdir, unlink, and
// readlink, with Linux's order of checks (EEXIST before EROFS before EACCES...).
#include <hal/errno.h>
#include <hal/mm.h>
#include <hal/lib/string.h>
#include "internal.h"

static void create_end(struct create_ctx *c)
{
	if (c->dir)
		rwsem_write_unlock(&c->dir->rwsem);
	if (!IS_ERR_OR_NULL(c->dentry))
		dput(c->dentry);
	nd_free(c->nd);
}

/*
 * Walk to the parent of @name, lock it and look up the final component for a create: a
 * negative dentry in c->dentry, or -EEXIST / -ENOENT (trailing slash on a non-directory)
 * / -EROFS. Always call create_end().
 */
static int create_begin(struct create_ctx *c, const struct vfs_ctx *ctx, const char *name,
			bool want_dir)
{
	struct nameidata *nd;
	int err;

	memset(c, 0, sizeof(*c));
	err = nd_alloc(&c->nd);
	if (err)
		return err;
	nd = c->nd;
	err = nd_init(nd, ctx, name, 0);
	if (!err)
		err = path_parent(nd, name);
	if (err)
		return err;
	if (nd->last_type != LAST_NORM)
		return -EEXIST;
	c->dir = d_inode(nd->path.dentry);
	rwsem_write_lock(&c->dir->rwsem);
	c->dentry = lookup_child_locked(nd->path.dentry, &nd->last);
	if (IS_ERR(c->dentry))
		return PTR_ERR(c->dentry);
	if (c->dentry->inode)
		return -EEXIST;
	if (nd->trailing_slash && !want_dir)
		return -ENOENT;
	return mnt_readonly(nd->path.mnt) ? -EROFS : 0;
}

/* Hand the new @inode to the negative dentry, or pass an error on. */
static int create_finish(struct create_ctx *c, struct inode *inode)
{
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	d_add(c->dentry, inode);
	return 0;
}

int vfs_mkdirat(const struct vfs_ctx *ctx, const char *path, u32 mode)
{
	struct create_ctx c;
	int err = create_begin(&c, ctx, path, true);

	if (!err)
		err = may_create(ctx->cred, c.nd->path.mnt, c.dir);
	if (!err && !c.dir->i_op->mkdir)
		err = -EPERM;
	if (!err)
		err = create_finish(&c, c.dir->i_op->mkdir(c.dir, &c.dentry->name,
							   S_IFDIR | (mode & (S_IRWXU | S_IRWXG |
									      S_IRWXO | S_ISVTX)),
							   ctx->cred));
	create_end(&c);
	return err;
}

/* Linux's may_mknod(): which file types mknod makes. */
static int mknod_type(u32 *mode)
{
	switch (*mode & S_IFMT) {
	case 0:
		*mode |= S_IFREG;
		return 0;
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return 0;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

int vfs_mknodat(const struct vfs_ctx *ctx, const char *path, u32 mode, u32 rdev)
{
	struct create_ctx c;
	int err = mknod_type(&mode);

	if (err)
		return err;
	err = create_begin(&c, ctx, path, false);
	if (!err)
		err = may_create(ctx->cred, c.nd->path.mnt, c.dir);
	if (!err && (S_ISCHR(mode) || S_ISBLK(mode)) && !cred_capable(ctx->cred, CAP_MKNOD))
		err = -EPERM;
	if (!err && !c.dir->i_op->create)
		err = -EPERM;
	if (!err) {
		mode = (mode & S_IFMT) | (mode & S_IALLUGO);
		err = create_finish(&c,
				    c.dir->i_op->create(c.dir, &c.dentry->name, mode,
							S_ISCHR(mode) || S_ISBLK(mode) ? rdev : 0,
							ctx->cred));
	}
	create_end(&c);
	return err;
}

int vfs_symlinkat(const struct vfs_ctx *ctx, const char *target, const char *path)
{
	struct create_ctx c;
	size_t len = strnlen(target, PATH_MAX);
	int err;

	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	if (!len)
		return -ENOENT;
	err = create_begin(&c, ctx, path, false);
	if (!err)
		err = may_create(ctx->cred, c.nd->path.mnt, c.dir);
	if (!err && !c.dir->i_op->symlink)
		err = -EPERM;
	if (!err)
		err = create_finish(&c, c.dir->i_op->symlink(c.dir, &c.dentry->name, target,
							     ctx->cred));
	create_end(&c);
	return err;
}

static int link_checks(const struct cred *cred, struct create_ctx *c, struct inode *inode)
{
	int err = may_create(cred, c->nd->path.mnt, c->dir);

	if (err)
		return err;
	if (S_ISDIR(inode->mode))
		return -EPERM;
	if (!c->dir->i_op->link)
		return -EPERM;
	return inode_nlink(inode) ? 0 : -ENOENT;
}

int vfs_linkat(const struct vfs_ctx *octx, const char *oldpath, const struct vfs_ctx *nctx,
	       const char *newpath, int flags)
{
	unsigned int lf = (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0;
	struct create_ctx c;
	struct inode *inode;
	struct path old;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = resolve(octx, oldpath, lf | ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &old);
	if (err)
		return err;
	inode = d_inode(old.dentry);
	err = create_begin(&c, nctx, newpath, false);
	if (!err && c.nd->path.mnt != old.mnt)
		err = -EXDEV;
	if (!err)
		err = link_checks(nctx->cred, &c, inode);
	if (!err) {
		rwsem_write_lock(&inode->rwsem);
		err = link_checks(nctx->cred, &c, inode);
		if (!err)
			err = c.dir->i_op->link(inode, c.dir, &c.dentry->name);
		rwsem_write_unlock(&inode->rwsem);
	}
	if (!err)
		d_add(c.dentry, iget(inode));
	create_end(&c);
	path_put(&old);
	return err;
}

/*
 * Walk to the parent of @name, lock it and look up the final, existing component for a
 * removal. Errors in Linux's order; always call create_end().
 */
static int remove_begin(struct create_ctx *c, const struct vfs_ctx *ctx, const char *name,
			bool isdir)
{
	static const int not_norm[2][4] = {
		/* LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT */
		{ 0, -EISDIR, -EISDIR, -EISDIR },   /* unlink */
		{ 0, -EBUSY, -EINVAL, -ENOTEMPTY }, /* rmdir */
	};
	struct nameidata *nd;
	int err;

	memset(c, 0, sizeof(*c));
	err = nd_alloc(&c->nd);
	if (err)
		return err;
	nd = c->nd;
	err = nd_init(nd, ctx, name, 0);
	if (!err)
		err = path_parent(nd, name);
	if (!err)
		err = not_norm[isdir][nd->last_type];
	if (!err && mnt_readonly(nd->path.mnt))
		err = -EROFS;
	if (err)
		return err;
	c->dir = d_inode(nd->path.dentry);
	rwsem_write_lock(&c->dir->rwsem);
	c->dentry = lookup_child_locked(nd->path.dentry, &nd->last);
	if (IS_ERR(c->dentry))
		return PTR_ERR(c->dentry);
	if (!isdir && nd->trailing_slash)
		return !c->dentry->inode	       ? -ENOENT :
		       S_ISDIR(c->dentry->inode->mode) ? -EISDIR :
							 -ENOTDIR;
	if (!c->dentry->inode)
		return -ENOENT;
	err = may_delete(ctx->cred, c->dir, c->dentry->inode, isdir);
	if (!err && d_mountpoint(c->dentry))
		err = -EBUSY;
	return err;
}

int vfs_rmdirat(const struct vfs_ctx *ctx, const char *path)
{
	struct create_ctx c;
	struct inode *victim;
	int err = remove_begin(&c, ctx, path, true);

	if (!err && !c.dir->i_op->rmdir)
		err = -EPERM;
	if (!err) {
		victim = c.dentry->inode;
		rwsem_write_lock(&victim->rwsem);
		err = c.dir->i_op->rmdir(c.dir, &c.dentry->name, victim);
		rwsem_write_unlock(&victim->rwsem);
	}
	if (!err)
		d_drop(c.dentry);
	create_end(&c);
	return err;
}

int vfs_unlinkat(const struct vfs_ctx *ctx, const char *path, int flags)
{
	struct create_ctx c;
	int err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if (flags & AT_REMOVEDIR)
		return vfs_rmdirat(ctx, path);
	err = remove_begin(&c, ctx, path, false);
	if (!err && !c.dir->i_op->unlink)
		err = -EPERM;
	if (!err)
		err = c.dir->i_op->unlink(c.dir, &c.dentry->name, c.dentry->inode);
	if (!err)
		d_drop(c.dentry);
	create_end(&c);
	return err;
}

ssize_t vfs_readlinkat(const struct vfs_ctx *ctx, const char *path, char *buf, size_t size)
{
	struct inode *inode;
	struct path p;
	int err;

	if ((ssize_t)size <= 0)
		return -EINVAL;
	err = resolve(ctx, path, LOOKUP_EMPTY, &p);
	if (err)
		return err;
	inode = d_inode(p.dentry);
	if (!S_ISLNK(inode->mode) || !inode->i_op || !inode->i_op->readlink) {
		err = -EINVAL;
	} else {
		err = inode->i_op->readlink(inode, buf, size);
		inode_touch_atime(inode);
	}
	path_put(&p);
	return err;
}
