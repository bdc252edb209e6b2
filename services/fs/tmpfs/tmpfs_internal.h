// SPDX-License-Identifier: MPL-2.0
// tmpfs's private structures: per-instance limits, page maps of regular files, directory
// entries with stable getdents cookies, symlink targets.
#ifndef SERVICES_TMPFS_INTERNAL_H
#define SERVICES_TMPFS_INTERNAL_H

#include <hal/mm.h>
#include <hal/lib/rbtree.h>
#include <services/vfs.h>

struct tmpfs_sb {
	u64 max_pages;	   /* size= in pages; constant */
	u64 max_inodes;	   /* nr_inodes=; constant */
	atomic64_t pages;  /* pages in use by every file */
	atomic64_t inodes; /* inodes alive */
	atomic64_t next_ino;
	u32 root_mode;
	u32 root_uid, root_gid;
};

/* One page of a regular file; absent pages are holes that read as zeros. */
struct tmpfs_page {
	struct rb_node node; /* in tmpfs_node.pages, by index */
	u64 index;
	struct frame *frame;
};

/* A name in a directory; holds a reference on @inode (the link). */
struct tmpfs_dirent {
	struct list_head link; /* in tmpfs_node.entries, by ascending cookie */
	u64 cookie;	       /* the getdents position of this entry */
	struct inode *inode;
	u32 len;
	char name[];
};

/* inode->fs_private. Fields are guarded by the inode's rwsem. */
struct tmpfs_node {
	struct rb_root pages;	  /* regular file */
	struct list_head entries; /* directory */
	u64 next_cookie;	  /* directory: starts at 2 after "." and ".." */
	u64 nr_entries;		  /* directory */
	u64 parent_ino;		  /* directory: what ".." reports */
	char *target;		  /* symlink: kmalloc'd, constant */
	u32 target_len;
};

static inline struct tmpfs_sb *tmpfs_sb(const struct super_block *sb)
{
	return sb->fs_private;
}

static inline struct tmpfs_node *tmpfs_node(const struct inode *inode)
{
	return inode->fs_private;
}

extern const struct inode_operations tmpfs_dir_iops;
extern const struct file_operations tmpfs_dir_fops;
extern const struct inode_operations tmpfs_file_iops;
extern const struct file_operations tmpfs_file_fops;
extern const struct inode_operations tmpfs_symlink_iops;
extern const struct inode_operations tmpfs_special_iops;

/* tmpfs.c */
struct inode *tmpfs_new_inode(struct super_block *sb, struct inode *dir, u32 mode, u32 rdev,
			      const struct cred *cred);
int tmpfs_setattr(struct inode *inode, const struct iattr *attr);

/* tmpfs_file.c */
int tmpfs_truncate_pages(struct inode *inode, s64 size);
void tmpfs_free_pages(struct inode *inode);

#endif /* SERVICES_TMPFS_INTERNAL_H */
