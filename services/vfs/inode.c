// SPDX-License-Identifier: MPL-2.0
// Inodes: allocation and reference counting, link counts, timestamps, and applying attribute
// changes (chmod, chown, utimens, truncate) after the VFS has checked them.
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/time.h>
#include <hal/lib/string.h>
#include "internal.h"

struct inode *inode_alloc(struct super_block *sb)
{
	struct inode *inode = kzalloc(sizeof(*inode));

	if (!inode)
		return NULL;
	inode->sb = sb;
	refcount_set(&inode->ref, 1);
	spin_lock_init(&inode->lock);
	rwsem_init(&inode->rwsem);
	inode->nlink = 1;
	inode->atime = inode->mtime = inode->ctime = inode_now();
	spin_lock(&sb->lock);
	list_add_tail(&inode->sb_link, &sb->inodes);
	spin_unlock(&sb->lock);
	return inode;
}

struct inode *iget(struct inode *inode)
{
	refcount_inc(&inode->ref);
	return inode;
}

static void inode_free(struct inode *inode)
{
	struct super_block *sb = inode->sb;

	spin_lock(&sb->lock);
	list_del(&inode->sb_link);
	spin_unlock(&sb->lock);
	kfree(inode);
}

void iput(struct inode *inode)
{
	if (!inode || !refcount_dec_and_test(&inode->ref))
		return;
	if (inode->sb->ops->evict_inode)
		inode->sb->ops->evict_inode(inode);
	inode_free(inode);
}

struct vfs_timespec inode_now(void)
{
	u64 ns = time_realtime_ns();

	return (struct vfs_timespec){ .tv_sec = (s64)(ns / NSEC_PER_SEC),
				      .tv_nsec = (s64)(ns % NSEC_PER_SEC) };
}

void inode_touch(struct inode *inode, u32 what)
{
	struct vfs_timespec now = inode_now();

	spin_lock(&inode->lock);
	if (what & ATTR_ATIME)
		inode->atime = now;
	if (what & ATTR_MTIME)
		inode->mtime = now;
	if (what & ATTR_CTIME)
		inode->ctime = now;
	spin_unlock(&inode->lock);
}

void inode_inc_nlink(struct inode *inode)
{
	spin_lock(&inode->lock);
	inode->nlink++;
	spin_unlock(&inode->lock);
}

void inode_dec_nlink(struct inode *inode)
{
	spin_lock(&inode->lock);
	if (!WARN_ON_ONCE(inode->nlink == 0))
		inode->nlink--;
	spin_unlock(&inode->lock);
}

u32 inode_nlink(struct inode *inode)
{
	return READ_ONCE(inode->nlink);
}

s64 inode_size(struct inode *inode)
{
	return READ_ONCE(inode->size);
}

void inode_set_size(struct inode *inode, s64 size)
{
	spin_lock(&inode->lock);
	WRITE_ONCE(inode->size, size);
	spin_unlock(&inode->lock);
}

/* relatime: atime moves when it is older than mtime or ctime, or a day old. */
void inode_touch_atime(struct inode *inode)
{
	struct vfs_timespec now = inode_now();

	spin_lock(&inode->lock);
	if (inode->atime.tv_sec <= inode->mtime.tv_sec ||
	    inode->atime.tv_sec <= inode->ctime.tv_sec || now.tv_sec - inode->atime.tv_sec >= 86400)
		inode->atime = now;
	spin_unlock(&inode->lock);
}

void vfs_setattr_copy(struct inode *inode, const struct iattr *a)
{
	spin_lock(&inode->lock);
	if (a->valid & ATTR_UID)
		inode->uid = a->uid;
	if (a->valid & ATTR_GID)
		inode->gid = a->gid;
	if (a->valid & ATTR_MODE)
		inode->mode = (inode->mode & S_IFMT) | (a->mode & S_IALLUGO);
	if (a->valid & ATTR_KILL_SUID)
		inode->mode &= ~S_ISUID;
	if ((a->valid & ATTR_KILL_SGID) && (inode->mode & S_IXGRP))
		inode->mode &= ~S_ISGID;
	if (a->valid & ATTR_ATIME)
		inode->atime = a->atime;
	if (a->valid & ATTR_MTIME)
		inode->mtime = a->mtime;
	if (a->valid & ATTR_CTIME)
		inode->ctime = a->ctime;
	spin_unlock(&inode->lock);
}

/*
 * notify_change - apply a checked @attr: ctime always moves with a change, as in Linux.
 * Takes the inode's rwsem. Returns 0 or the file system's error.
 */
int notify_change(struct inode *inode, struct iattr *attr)
{
	int ret;

	attr->ctime = inode_now();
	attr->valid |= ATTR_CTIME;
	if ((attr->valid & ATTR_SIZE) && !(attr->valid & ATTR_MTIME)) {
		attr->mtime = attr->ctime;
		attr->valid |= ATTR_MTIME;
	}
	rwsem_write_lock(&inode->rwsem);
	if (inode->i_op && inode->i_op->setattr) {
		ret = inode->i_op->setattr(inode, attr);
	} else if (attr->valid & ATTR_SIZE) {
		ret = -EPERM;
	} else {
		vfs_setattr_copy(inode, attr);
		ret = 0;
	}
	rwsem_write_unlock(&inode->rwsem);
	return ret;
}

static atomic_t anon_dev_next = ATOMIC_INIT(0);

struct super_block *sb_alloc(const struct fs_type *type, const struct super_operations *ops)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return NULL;
	sb->type = type;
	sb->ops = ops;
	sb->dev = MKDEV(0, atomic_inc_return(&anon_dev_next));
	sb->blocksize = PAGE_SIZE;
	spin_lock_init(&sb->lock);
	INIT_LIST_HEAD(&sb->inodes);
	mutex_init(&sb->rename_mutex);
	return sb;
}

void sb_free(struct super_block *sb)
{
	struct inode *inode, *n;

	if (sb->root)
		dput(sb->root);
	list_for_each_entry_safe(inode, n, &sb->inodes, sb_link) {
		if (sb->ops->evict_inode)
			sb->ops->evict_inode(inode);
		list_del(&inode->sb_link);
		kfree(inode);
	}
	kfree(sb);
}
