// SPDX-License-Identifier: MPL-2.0
// Reading and changing attributes: stat, access, chmod, chown, utimensat, with Linux's rules
// on who may change what and which bits a change clears.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include "internal.h"

void vfs_getattr(struct inode *inode, struct kstat *st)
{
	spin_lock(&inode->lock);
	st->dev = inode->sb->dev;
	st->ino = inode->ino;
	st->mode = inode->mode;
	st->nlink = inode->nlink;
	st->uid = inode->uid;
	st->gid = inode->gid;
	st->rdev = inode->rdev;
	st->size = inode->size;
	st->blksize = inode->sb->blocksize;
	st->blocks = inode->blocks;
	st->atime = inode->atime;
	st->mtime = inode->mtime;
	st->ctime = inode->ctime;
	spin_unlock(&inode->lock);
}

/* Resolve @path with the *at @flags every attribute call accepts. */
static int resolve_at(const struct vfs_ctx *ctx, const char *path, int flags, struct path *p)
{
	unsigned int lf = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;

	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	return resolve(ctx, path, lf, p);
}

int vfs_statat(const struct vfs_ctx *ctx, const char *path, int flags, struct kstat *st)
{
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	err = resolve_at(ctx, path, flags, &p);
	if (err)
		return err;
	vfs_getattr(d_inode(p.dentry), st);
	path_put(&p);
	return 0;
}

int vfs_fstat(struct file *f, struct kstat *st)
{
	vfs_getattr(f->inode, st);
	return 0;
}

int vfs_accessat(const struct vfs_ctx *ctx, const char *path, int mode, int flags)
{
	struct path p;
	int err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = resolve_at(ctx, path, flags, &p);
	if (err)
		return err;
	if (mode)
		err = vfs_permission(ctx->cred, d_inode(p.dentry), mode);
	path_put(&p);
	return err;
}

static int chmod_path(const struct cred *cred, const struct path *p, u32 mode)
{
	struct inode *inode = d_inode(p->dentry);
	struct iattr a = { .valid = ATTR_MODE, .mode = mode & S_IALLUGO };

	if (mnt_readonly(p->mnt))
		return -EROFS;
	if (!inode_owner_or_capable(cred, inode))
		return -EPERM;
	if (!cred_in_group(cred, READ_ONCE(inode->gid)) && !cred_capable(cred, CAP_FSETID))
		a.mode &= ~S_ISGID;
	return notify_change(inode, &a);
}

int vfs_fchmodat(const struct vfs_ctx *ctx, const char *path, u32 mode, int flags)
{
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = resolve_at(ctx, path, flags, &p);
	if (err)
		return err;
	if (S_ISLNK(d_inode(p.dentry)->mode))
		err = -EOPNOTSUPP;
	else
		err = chmod_path(ctx->cred, &p, mode);
	path_put(&p);
	return err;
}

int vfs_fchmod(struct file *f, u32 mode)
{
	if (f->mode & FMODE_PATH)
		return -EBADF;
	return chmod_path(f->cred, &f->path, mode);
}

/* Linux's chown rules: CAP_CHOWN changes anything; an owner only the group, to one of its own. */
static int chown_allowed(const struct cred *cred, struct inode *inode, const struct iattr *a)
{
	bool owner = cred->fsuid == READ_ONCE(inode->uid);

	if (cred_capable(cred, CAP_CHOWN))
		return 0;
	if ((a->valid & ATTR_UID) && (!owner || a->uid != READ_ONCE(inode->uid)))
		return -EPERM;
	if ((a->valid & ATTR_GID) &&
	    (!owner || (a->gid != READ_ONCE(inode->gid) && !cred_in_group(cred, a->gid))))
		return -EPERM;
	return 0;
}

static int chown_path(const struct cred *cred, const struct path *p, u32 uid, u32 gid)
{
	struct inode *inode = d_inode(p->dentry);
	struct iattr a = { .uid = uid, .gid = gid };
	int err;

	if (mnt_readonly(p->mnt))
		return -EROFS;
	if (uid != (u32)-1)
		a.valid |= ATTR_UID;
	if (gid != (u32)-1)
		a.valid |= ATTR_GID;
	if (!S_ISDIR(inode->mode))
		a.valid |= ATTR_KILL_SUID | ATTR_KILL_SGID;
	err = chown_allowed(cred, inode, &a);
	return err ? err : notify_change(inode, &a);
}

int vfs_fchownat(const struct vfs_ctx *ctx, const char *path, u32 uid, u32 gid, int flags)
{
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = resolve_at(ctx, path, flags, &p);
	if (err)
		return err;
	err = chown_path(ctx->cred, &p, uid, gid);
	path_put(&p);
	return err;
}

int vfs_fchown(struct file *f, u32 uid, u32 gid)
{
	if (f->mode & FMODE_PATH)
		return -EBADF;
	return chown_path(f->cred, &f->path, uid, gid);
}

static bool nsec_valid(s64 nsec)
{
	return nsec == UTIME_OMIT || nsec == UTIME_NOW || (nsec >= 0 && nsec < 1000000000);
}

/* One timestamp of utimensat(): sets @bit in a->valid unless omitted. */
static void utime_one(struct iattr *a, const struct vfs_timespec *t, struct vfs_timespec *dst,
		      u32 bit, struct vfs_timespec now)
{
	if (t && t->tv_nsec == UTIME_OMIT)
		return;
	*dst = (t && t->tv_nsec != UTIME_NOW) ? *t : now;
	a->valid |= bit;
}

static int utimens_path(const struct cred *cred, const struct path *p,
			const struct vfs_timespec *times)
{
	struct inode *inode = d_inode(p->dentry);
	struct vfs_timespec now = inode_now();
	struct iattr a = { 0 };
	int err;

	if (times && times[0].tv_nsec == UTIME_NOW && times[1].tv_nsec == UTIME_NOW)
		times = NULL;
	if (mnt_readonly(p->mnt))
		return -EROFS;
	if (!inode_owner_or_capable(cred, inode)) {
		/* Setting explicit times takes ownership; "now" takes write access. */
		if (times)
			return -EPERM;
		err = vfs_permission(cred, inode, MAY_WRITE);
		if (err)
			return err;
	}
	utime_one(&a, times ? &times[0] : NULL, &a.atime, ATTR_ATIME, now);
	utime_one(&a, times ? &times[1] : NULL, &a.mtime, ATTR_MTIME, now);
	return notify_change(inode, &a);
}

static int utimens_valid(const struct vfs_timespec *times)
{
	if (!times)
		return 1;
	if (times[0].tv_nsec == UTIME_OMIT && times[1].tv_nsec == UTIME_OMIT)
		return 0; /* Linux returns before even looking at the path */
	return nsec_valid(times[0].tv_nsec) && nsec_valid(times[1].tv_nsec) ? 1 : -EINVAL;
}

int vfs_utimensat(const struct vfs_ctx *ctx, const char *path, const struct vfs_timespec times[2],
		  int flags)
{
	struct path p;
	int err = utimens_valid(times);

	if (err <= 0)
		return err;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = resolve_at(ctx, path, flags, &p);
	if (err)
		return err;
	err = utimens_path(ctx->cred, &p, times);
	path_put(&p);
	return err;
}

int vfs_futimens(struct file *f, const struct vfs_timespec times[2])
{
	int err = utimens_valid(times);

	if (err <= 0)
		return err;
	return utimens_path(f->cred, &f->path, times);
}
