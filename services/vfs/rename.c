// SPDX-License-Identifier: MPL-2.0
// renameat2(2): locking two directories without deadlock, the loop checks ("a" into "a/b" is
// EINVAL, "a/b/c" over its ancestor "a" is ENOTEMPTY), RENAME_NOREPLACE and RENAME_EXCHANGE.
#include <hal/errno.h>
#include <hal/mm.h>
#include "internal.h"

struct rename_ctx {
	struct nameidata *ond, *nnd;
	struct dentry *op, *np;	  /* the two parents */
	struct dentry *old, *new; /* the two final components (new may be negative) */
	struct dentry *trap;	  /* the child of the ancestor parent towards the other */
	u32 flags;
	bool locked;
};

/* The child of @anc on the way down to its descendant @d. */
static struct dentry *child_towards(struct dentry *anc, struct dentry *d)
{
	struct dentry *p;

	spin_lock(&dcache_lock);
	while (d->parent != anc && d->parent != d)
		d = d->parent;
	p = d;
	spin_unlock(&dcache_lock);
	return p;
}

/*
 * Lock both parents. Renames across directories serialize on the super block's mutex, so
 * the ancestor relation cannot change under us; the ancestor is locked first.
 */
static void lock_rename(struct rename_ctx *r)
{
	struct dentry *a = r->op, *b = r->np;

	if (a == b) {
		rwsem_write_lock(&d_inode(a)->rwsem);
		return;
	}
	mutex_lock(&a->sb->rename_mutex);
	if (d_is_ancestor(b, a)) {
		r->trap = child_towards(b, a);
		a = r->np;
		b = r->op;
	} else if (d_is_ancestor(a, b)) {
		r->trap = child_towards(a, b);
	}
	rwsem_write_lock(&d_inode(a)->rwsem);
	rwsem_write_lock(&d_inode(b)->rwsem);
}

static void unlock_rename(struct rename_ctx *r)
{
	rwsem_write_unlock(&d_inode(r->op)->rwsem);
	if (r->op == r->np)
		return;
	rwsem_write_unlock(&d_inode(r->np)->rwsem);
	mutex_unlock(&r->op->sb->rename_mutex);
}

static int walk_parents(struct rename_ctx *r, const struct vfs_ctx *octx, const char *oldpath,
			const struct vfs_ctx *nctx, const char *newpath)
{
	int err = nd_alloc(&r->ond);

	if (!err)
		err = nd_alloc(&r->nnd);
	if (!err)
		err = nd_init(r->ond, octx, oldpath, 0);
	if (!err)
		err = path_parent(r->ond, oldpath);
	if (!err)
		err = nd_init(r->nnd, nctx, newpath, 0);
	if (!err)
		err = path_parent(r->nnd, newpath);
	if (err)
		return err;
	if (r->ond->path.mnt != r->nnd->path.mnt)
		return -EXDEV;
	if (r->ond->last_type != LAST_NORM)
		return -EBUSY;
	if (r->nnd->last_type != LAST_NORM)
		return (r->flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
	return mnt_readonly(r->ond->path.mnt) ? -EROFS : 0;
}

static int lookup_both(struct rename_ctx *r)
{
	r->old = lookup_child_locked(r->op, &r->ond->last);
	if (IS_ERR(r->old))
		return PTR_ERR(r->old);
	if (!r->old->inode)
		return -ENOENT;
	r->new = lookup_child_locked(r->np, &r->nnd->last);
	if (IS_ERR(r->new))
		return PTR_ERR(r->new);
	if ((r->flags & RENAME_EXCHANGE) && !r->new->inode)
		return -ENOENT;
	if ((r->flags & RENAME_NOREPLACE) && r->new->inode)
		return -EEXIST;
	return 0;
}

/* Trailing slashes demand directories; then the loop checks against the trap. */
static int shape_checks(struct rename_ctx *r)
{
	bool odir = S_ISDIR(r->old->inode->mode);
	bool ndir = r->new->inode &&S_ISDIR(r->new->inode->mode);

	if (!odir &&
	    (r->ond->trailing_slash || (r->nnd->trailing_slash && !(r->flags & RENAME_EXCHANGE))))
		return -ENOTDIR;
	if ((r->flags & RENAME_EXCHANGE) && !ndir && r->nnd->trailing_slash)
		return -ENOTDIR;
	if (r->old == r->trap)
		return -EINVAL;
	if (r->new->inode && r->new == r->trap)
		return (r->flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	return 0;
}

/* Linux's vfs_rename() permission and type checks. */
static int may_rename(struct rename_ctx *r, const struct cred *cred)
{
	struct inode *odir = d_inode(r->op), *ndir = d_inode(r->np);
	struct inode *src = r->old->inode, *dst = r->new->inode;
	bool isdir = S_ISDIR(src->mode);
	bool exch = r->flags & RENAME_EXCHANGE;
	int err = may_delete(cred, odir, src, isdir);

	if (!err)
		err = dst ? may_delete(cred, ndir, dst, exch ? S_ISDIR(dst->mode) : isdir) :
			    may_create(cred, r->nnd->path.mnt, ndir);
	if (!err && odir != ndir && isdir)
		err = vfs_permission(cred, src, MAY_WRITE);
	if (!err && odir != ndir && exch && S_ISDIR(dst->mode))
		err = vfs_permission(cred, dst, MAY_WRITE);
	if (!err && (d_mountpoint(r->old) || d_mountpoint(r->new)))
		err = -EBUSY;
	if (!err && !odir->i_op->rename)
		err = -EPERM;
	return err;
}

static int do_rename(struct rename_ctx *r)
{
	struct inode *victim = r->new->inode;
	bool lock_victim = victim && S_ISDIR(victim->mode) && !(r->flags & RENAME_EXCHANGE);
	int err;

	if (lock_victim)
		rwsem_write_lock(&victim->rwsem);
	err = d_inode(r->op)->i_op->rename(d_inode(r->op), &r->old->name, d_inode(r->np),
					   &r->new->name, r->flags);
	if (lock_victim)
		rwsem_write_unlock(&victim->rwsem);
	if (err)
		return err;
	if (r->flags & RENAME_EXCHANGE) {
		d_exchange(r->old, r->new);
		return 0;
	}
	d_drop(r->new);
	return d_move(r->old, r->np, &r->new->name);
}

static int rename_locked(struct rename_ctx *r, const struct cred *cred)
{
	int err = lookup_both(r);

	if (!err)
		err = shape_checks(r);
	if (!err && r->old->inode == r->new->inode)
		return 0;
	if (!err)
		err = may_rename(r, cred);
	if (!err)
		err = do_rename(r);
	return err;
}

int vfs_renameat2(const struct vfs_ctx *octx, const char *oldpath, const struct vfs_ctx *nctx,
		  const char *newpath, u32 flags)
{
	struct rename_ctx r = { .flags = flags };
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EOPNOTSUPP; /* overlayfs's business; tmpfs here has no whiteouts */
	err = walk_parents(&r, octx, oldpath, nctx, newpath);
	if (!err) {
		r.op = r.ond->path.dentry;
		r.np = r.nnd->path.dentry;
		lock_rename(&r);
		err = rename_locked(&r, octx->cred);
		unlock_rename(&r);
	}
	if (!IS_ERR_OR_NULL(r.old))
		dput(r.old);
	if (!IS_ERR_OR_NULL(r.new))
		dput(r.new);
	nd_free(r.ond);
	nd_free(r.nnd);
	return err;
}
