// SPDX-License-Identifier: MPL-2.0
// open(2): the walk to the final component, O_CREAT/O_EXCL/O_TRUNC/O_NOFOLLOW/O_DIRECTORY/
// O_PATH rules, access checks, and the life of a struct file.
#include <hal/errno.h>
#include <hal/mm.h>
#include "internal.h"

static int (*special_open[3])(struct inode *inode, struct file *file); /* set once at boot */

static int special_index(u32 ifmt)
{
	switch (ifmt) {
	case S_IFCHR:
		return 0;
	case S_IFBLK:
		return 1;
	case S_IFIFO:
		return 2;
	default:
		return -1;
	}
}

int vfs_register_special(u32 ifmt, int (*open)(struct inode *inode, struct file *file))
{
	int i = special_index(ifmt);

	if (i < 0)
		return -EINVAL;
	WRITE_ONCE(special_open[i], open);
	return 0;
}

struct file *file_get(struct file *f)
{
	refcount_inc(&f->ref);
	return f;
}

void vfs_file_put(struct file *f)
{
	if (!f || !refcount_dec_and_test(&f->ref))
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->inode, f);
	path_put(&f->path);
	cred_put(f->cred);
	kfree(f);
}

/* The MAY_* an open with @flags needs (O_TRUNC needs write permission even read-only). */
static int acc_mode(int flags)
{
	static const int acc[4] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE,
				    MAY_READ | MAY_WRITE };
	int mask = acc[flags & O_ACCMODE];

	return (flags & O_TRUNC) ? mask | MAY_WRITE : mask;
}

static u32 fmode_of(int flags, u32 ifmt)
{
	u32 mode = 0;

	if ((flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR)
		mode |= FMODE_READ;
	if ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR)
		mode |= FMODE_WRITE;
	if (ifmt != S_IFIFO && ifmt != S_IFSOCK)
		mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	return mode;
}

/* The checks of Linux's may_open(): by file type, then permission. */
static int may_open(const struct cred *cred, const struct path *p, int mask, int flags)
{
	struct inode *inode = d_inode(p->dentry);

	switch (inode->mode & S_IFMT) {
	case S_IFLNK:
		return -ELOOP;
	case S_IFDIR:
		if (mask & MAY_WRITE)
			return -EISDIR;
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (p->mnt->flags & MS_NODEV)
			return -EACCES;
		break;
	}
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
		return -ENOTDIR;
	if (mask) {
		int err = vfs_permission(cred, inode, mask);

		if (err)
			return err;
	}
	if ((flags & O_NOATIME) && !inode_owner_or_capable(cred, inode))
		return -EPERM;
	return 0;
}

static struct file *file_alloc(const struct cred *cred, const struct path *p, int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	refcount_set(&f->ref, 1);
	f->path = *p;
	path_get(&f->path);
	f->inode = d_inode(p->dentry);
	f->cred = cred_get(cred);
	f->flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	mutex_init(&f->pos_lock);
	return f;
}

static int file_do_open(struct file *f)
{
	struct inode *inode = f->inode;
	int idx = special_index(inode->mode & S_IFMT);
	int (*open)(struct inode *inode, struct file *file);

	if (S_ISSOCK(inode->mode))
		return -ENXIO;
	if (idx >= 0) {
		open = READ_ONCE(special_open[idx]);
		return open ? open(inode, f) : -ENXIO;
	}
	f->f_op = inode->f_op;
	return f->f_op && f->f_op->open ? f->f_op->open(inode, f) : 0;
}

static int truncate_on_open(struct file *f)
{
	struct iattr a = { .valid = ATTR_SIZE | ATTR_MTIME, .size = 0 };

	a.mtime = inode_now();
	return notify_change(f->inode, &a);
}

struct file *file_open(const struct cred *cred, const struct path *p, int flags, bool created)
{
	u32 ifmt = d_inode(p->dentry)->mode & S_IFMT;
	struct file *f;
	int err;

	if (flags & O_PATH) {
		f = file_alloc(cred, p, flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
		if (f)
			f->mode = FMODE_PATH;
		return f ? f : ERR_PTR(-ENOMEM);
	}
	if (ifmt == S_IFIFO || ifmt == S_IFSOCK)
		flags &= ~O_TRUNC;
	err = may_open(cred, p, created ? 0 : acc_mode(flags), flags);
	if (err)
		return ERR_PTR(err);
	f = file_alloc(cred, p, flags);
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->mode = fmode_of(flags, ifmt);
	err = file_do_open(f);
	if (!err && (flags & O_TRUNC) && ifmt == S_IFREG && !created)
		err = truncate_on_open(f);
	if (err) {
		if (f->f_op && f->f_op->open && f->f_op->release)
			f->f_op->release(f->inode, f);
		f->f_op = NULL;
		vfs_file_put(f);
		return ERR_PTR(err);
	}
	return f;
}

struct file *vfs_open_path(const struct cred *cred, const struct path *path, int flags)
{
	return file_open(cred, path, flags, false);
}

/* O_CREAT of a missing final component: the file is made in the locked directory. */
static struct file *create_file(struct nameidata *nd, struct dentry *d, int flags, u32 mode)
{
	struct inode *dir = d_inode(nd->path.dentry), *inode;
	struct path p;
	int err;

	if (mnt_readonly(nd->path.mnt))
		return ERR_PTR(-EROFS);
	err = may_create(nd->cred, nd->path.mnt, dir);
	if (err)
		return ERR_PTR(err);
	inode = dir->i_op->create(dir, &d->name, S_IFREG | (mode & S_IALLUGO), 0, nd->cred);
	if (IS_ERR(inode))
		return ERR_PTR(PTR_ERR(inode));
	d_add(d, inode);
	p.mnt = nd->path.mnt;
	p.dentry = d;
	return file_open(nd->cred, &p, flags, true);
}

/*
 * The final component under O_CREAT: returns the file, or NULL with *@next set to the
 * existing positive dentry for the caller to open or follow.
 */
static struct file *open_create_last(struct nameidata *nd, int flags, u32 mode,
				     struct dentry **next)
{
	struct inode *dir = d_inode(nd->path.dentry);
	struct file *f = NULL;
	struct dentry *d;

	if (nd->last_type != LAST_NORM || nd->trailing_slash)
		return ERR_PTR(-EISDIR);
	rwsem_write_lock(&dir->rwsem);
	d = lookup_child_locked(nd->path.dentry, &nd->last);
	if (!IS_ERR(d) && !d->inode)
		f = create_file(nd, d, flags, mode);
	rwsem_write_unlock(&dir->rwsem);
	if (IS_ERR(d))
		return ERR_PTR(PTR_ERR(d));
	if (d->inode && !f) {
		*next = d;
		return NULL;
	}
	dput(d);
	return f;
}

static struct file *open_create(struct nameidata *nd, const char *name, int flags, u32 mode)
{
	struct dentry *d = NULL;
	struct path p;
	struct file *f;
	int err = path_parent(nd, name);

	for (;;) {
		if (err)
			return ERR_PTR(err);
		f = open_create_last(nd, flags, mode, &d);
		if (f)
			return f;
		if (flags & O_EXCL) {
			dput(d);
			return ERR_PTR(-EEXIST);
		}
		p.mnt = mnt_get(nd->path.mnt);
		p.dentry = d;
		d = NULL;
		if (!S_ISLNK(d_inode(p.dentry)->mode))
			break;
		err = (flags & O_NOFOLLOW) ? -ELOOP : follow_last(nd, p.dentry);
		path_put(&p);
	}
	if (S_ISDIR(d_inode(p.dentry)->mode))
		f = ERR_PTR(-EISDIR);
	else
		f = file_open(nd->cred, &p, flags, false);
	path_put(&p);
	return f;
}

static struct file *open_existing(struct nameidata *nd, const char *name, int flags)
{
	int err = path_lookup(nd, name);

	if (err)
		return ERR_PTR(err);
	if (S_ISLNK(d_inode(nd->path.dentry)->mode) && !(flags & O_PATH))
		return ERR_PTR(-ELOOP);
	return file_open(nd->cred, &nd->path, flags, false);
}

struct file *vfs_openat(const struct vfs_ctx *ctx, const char *path, int flags, u32 mode)
{
	unsigned int lf = 0;
	struct nameidata *nd;
	struct file *f;
	int err;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return ERR_PTR(-EOPNOTSUPP);
	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return ERR_PTR(-EINVAL);
	if (!(flags & O_NOFOLLOW) && !((flags & O_CREAT) && (flags & O_EXCL)))
		lf |= LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lf |= LOOKUP_DIRECTORY;
	err = nd_alloc(&nd);
	if (err)
		return ERR_PTR(err);
	err = nd_init(nd, ctx, path, lf);
	if (err)
		f = ERR_PTR(err);
	else if (flags & O_CREAT)
		f = open_create(nd, path, flags, mode);
	else
		f = open_existing(nd, path, flags);
	nd_free(nd);
	return f;
}
