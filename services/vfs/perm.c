// SPDX-License-Identifier: MPL-2.0
// Permission checks with Linux's rules: owner, group or other bits, then the capabilities
// that override them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER), sticky directories.
#include <hal/errno.h>
#include "internal.h"

/* The owner/group/other bits that apply to @cred, as Linux's acl_permission_check(). */
static int mode_check(const struct cred *cred, struct inode *inode, int mask)
{
	u32 mode = READ_ONCE(inode->mode);

	if (cred->fsuid == READ_ONCE(inode->uid))
		mode >>= 6;
	else if (cred_in_group(cred, READ_ONCE(inode->gid)))
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

static int generic_permission(const struct cred *cred, struct inode *inode, int mask)
{
	u32 mode = READ_ONCE(inode->mode);

	if (!mode_check(cred, inode, mask))
		return 0;
	if (S_ISDIR(mode)) {
		if (!(mask & MAY_WRITE) && cred_capable(cred, CAP_DAC_READ_SEARCH))
			return 0;
		return cred_capable(cred, CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	if (mask == MAY_READ && cred_capable(cred, CAP_DAC_READ_SEARCH))
		return 0;
	/* Even root may only execute a file some execute bit allows. */
	if ((!(mask & MAY_EXEC) || (mode & S_IXUGO)) && cred_capable(cred, CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

int vfs_permission(const struct cred *cred, struct inode *inode, int mask)
{
	u32 mode = READ_ONCE(inode->mode);

	if ((mask & MAY_WRITE) && (READ_ONCE(inode->sb->flags) & MS_RDONLY) &&
	    (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)))
		return -EROFS;
	return generic_permission(cred, inode, mask & (MAY_READ | MAY_WRITE | MAY_EXEC));
}

bool inode_owner_or_capable(const struct cred *cred, struct inode *inode)
{
	return cred->fsuid == READ_ONCE(inode->uid) || cred_capable(cred, CAP_FOWNER);
}

/* In a sticky directory only the file's owner, the directory's owner or CAP_FOWNER delete. */
static bool sticky_denies(const struct cred *cred, struct inode *dir, struct inode *victim)
{
	if (!(READ_ONCE(dir->mode) & S_ISVTX))
		return false;
	if (cred->fsuid == READ_ONCE(victim->uid) || cred->fsuid == READ_ONCE(dir->uid))
		return false;
	return !cred_capable(cred, CAP_FOWNER);
}

int may_delete(const struct cred *cred, struct inode *dir, struct inode *victim, bool isdir)
{
	int err = vfs_permission(cred, dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	if (sticky_denies(cred, dir, victim))
		return -EPERM;
	if (isdir && !S_ISDIR(victim->mode))
		return -ENOTDIR;
	if (!isdir && S_ISDIR(victim->mode))
		return -EISDIR;
	return 0;
}

int may_create(const struct cred *cred, struct mount *mnt, struct inode *dir)
{
	(void)mnt;
	if (inode_nlink(dir) == 0)
		return -ENOENT;
	return vfs_permission(cred, dir, MAY_WRITE | MAY_EXEC);
}

void inode_init_owner(struct inode *inode, struct inode *dir, u32 mode, const struct cred *cred)
{
	inode->uid = cred->fsuid;
	inode->gid = cred->fsgid;
	if (dir && (READ_ONCE(dir->mode) & S_ISGID)) {
		inode->gid = READ_ONCE(dir->gid);
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	}
	if (!S_ISDIR(mode) && (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
	    !cred_in_group(cred, inode->gid) && !cred_capable(cred, CAP_FSETID))
		mode &= ~S_ISGID;
	inode->mode = mode;
}
