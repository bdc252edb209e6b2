// SPDX-License-Identifier: MPL-2.0
// tmpfs and ramfs: file systems in memory. Instances, mount options (size=, nr_inodes=,
// mode=, uid=, gid=), inode creation and eviction, statfs and attribute changes.
#include <hal/errno.h>
#include <hal/mm.h>
#include <hal/lib/string.h>
#include "tmpfs_internal.h"

const struct inode_operations tmpfs_special_iops = { .setattr = tmpfs_setattr };

static void set_ops(struct inode *inode)
{
	switch (inode->mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_iops;
		inode->f_op = &tmpfs_dir_fops;
		break;
	case S_IFREG:
		inode->i_op = &tmpfs_file_iops;
		inode->f_op = &tmpfs_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_symlink_iops;
		break;
	default:
		inode->i_op = &tmpfs_special_iops;
		break;
	}
}

/*
 * A new inode of @mode owned as a child of @dir (NULL for the root) created by @cred.
 * Returns it with one reference, or ERR_PTR(-ENOSPC) past nr_inodes, ERR_PTR(-ENOMEM).
 */
struct inode *tmpfs_new_inode(struct super_block *sb, struct inode *dir, u32 mode, u32 rdev,
			      const struct cred *cred)
{
	struct tmpfs_sb *sbi = tmpfs_sb(sb);
	struct tmpfs_node *node;
	struct inode *inode;

	if ((u64)atomic64_inc_return(&sbi->inodes) > sbi->max_inodes) {
		atomic64_dec(&sbi->inodes);
		return ERR_PTR(-ENOSPC);
	}
	node = kzalloc(sizeof(*node));
	inode = node ? inode_alloc(sb) : NULL;
	if (!inode) {
		kfree(node);
		atomic64_dec(&sbi->inodes);
		return ERR_PTR(-ENOMEM);
	}
	INIT_LIST_HEAD(&node->entries);
	node->next_cookie = 2;
	inode->fs_private = node;
	inode->ino = (u64)atomic64_inc_return(&sbi->next_ino);
	inode->rdev = rdev;
	inode_init_owner(inode, dir, mode, cred);
	set_ops(inode);
	return inode;
}

static void tmpfs_evict(struct inode *inode)
{
	struct tmpfs_node *node = tmpfs_node(inode);
	struct tmpfs_dirent *e, *n;

	if (!node)
		return;
	tmpfs_free_pages(inode);
	/* Only a dead instance evicts a non-empty directory: its children go too. */
	list_for_each_entry_safe(e, n, &node->entries, link)
		kfree(e);
	kfree(node->target);
	kfree(node);
	inode->fs_private = NULL;
	atomic64_dec(&tmpfs_sb(inode->sb)->inodes);
}

static int tmpfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct tmpfs_sb *sbi = tmpfs_sb(sb);
	u64 used = (u64)atomic64_read(&sbi->pages), files = (u64)atomic64_read(&sbi->inodes);

	st->blocks = sbi->max_pages;
	st->bfree = st->bavail = sbi->max_pages > used ? sbi->max_pages - used : 0;
	st->files = sbi->max_inodes;
	st->ffree = sbi->max_inodes > files ? sbi->max_inodes - files : 0;
	return 0;
}

static const struct super_operations tmpfs_sops = {
	.evict_inode = tmpfs_evict,
	.statfs = tmpfs_statfs,
};

int tmpfs_setattr(struct inode *inode, const struct iattr *attr)
{
	int err;

	if (attr->valid & ATTR_SIZE) {
		if (!S_ISREG(inode->mode))
			return -EINVAL;
		err = tmpfs_truncate_pages(inode, attr->size);
		if (err)
			return err;
	}
	vfs_setattr_copy(inode, attr);
	return 0;
}

/* "123", "64k", "16m", "1g", or "50%" of memory, as a byte count. */
static int parse_size(const char *s, u64 *bytes)
{
	char buf[32];
	size_t n = strlen(s);
	unsigned long long v;
	unsigned int shift = 0;
	bool pct = false;

	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n + 1);
	switch (buf[n - 1]) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	case '%':
		pct = true;
		break;
	}
	if (shift || pct)
		buf[n - 1] = '\0';
	if (kstrtoull(buf, 10, &v) || v > (~0ULL >> 30))
		return -EINVAL;
	*bytes = pct ? frame_total_count() * PAGE_SIZE / 100 * v : v << shift;
	return 0;
}

static int parse_option(struct tmpfs_sb *sbi, char *opt)
{
	char *val = strchr(opt, '=');
	unsigned long long v;
	u64 bytes;

	if (!val)
		return -EINVAL;
	*val++ = '\0';
	if (!strcmp(opt, "size")) {
		if (parse_size(val, &bytes))
			return -EINVAL;
		sbi->max_pages = DIV_ROUND_UP(bytes, PAGE_SIZE);
		return 0;
	}
	if (kstrtoull(val, !strcmp(opt, "mode") ? 8 : 10, &v) || v > 0xffffffffULL)
		return -EINVAL;
	if (!strcmp(opt, "nr_inodes"))
		sbi->max_inodes = v;
	else if (!strcmp(opt, "mode"))
		sbi->root_mode = (u32)v & S_IALLUGO;
	else if (!strcmp(opt, "uid"))
		sbi->root_uid = (u32)v;
	else if (!strcmp(opt, "gid"))
		sbi->root_gid = (u32)v;
	else
		return -EINVAL;
	return 0;
}

static int parse_options(struct tmpfs_sb *sbi, const char *data)
{
	char *copy, *p, *opt;
	int err = 0;

	if (!data || !*data)
		return 0;
	copy = kmalloc(strlen(data) + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, strlen(data) + 1);
	p = copy;
	while (!err && (opt = strsep(&p, ",")))
		if (*opt)
			err = parse_option(sbi, opt);
	kfree(copy);
	return err;
}

static int make_root(struct super_block *sb)
{
	struct tmpfs_sb *sbi = tmpfs_sb(sb);
	struct inode *root = tmpfs_new_inode(sb, NULL, S_IFDIR | sbi->root_mode, 0, cred_root());

	if (IS_ERR(root))
		return PTR_ERR(root);
	root->uid = sbi->root_uid;
	root->gid = sbi->root_gid;
	root->nlink = 2;
	tmpfs_node(root)->parent_ino = root->ino;
	sb->root = d_make_root(root);
	if (!sb->root) {
		iput(root);
		return -ENOMEM;
	}
	return 0;
}

static void tmpfs_kill_sb(struct super_block *sb)
{
	struct tmpfs_sb *sbi = tmpfs_sb(sb);

	sb_free(sb);
	kfree(sbi);
}

static struct super_block *tmpfs_mount(const struct fs_type *type, u32 flags, const char *source,
				       const char *data)
{
	struct tmpfs_sb *sbi = kzalloc(sizeof(*sbi));
	struct super_block *sb = sbi ? sb_alloc(type, &tmpfs_sops) : NULL;
	int err = -ENOMEM;

	(void)flags;
	(void)source;
	if (!sb)
		goto out_free;
	sb->fs_private = sbi;
	sb->magic = TMPFS_MAGIC;
	sbi->max_pages = frame_total_count() / 2;
	sbi->max_inodes = sbi->max_pages;
	sbi->root_mode = 01777;
	err = parse_options(sbi, data);
	if (!err)
		err = make_root(sb);
	if (!err)
		return sb;
	tmpfs_kill_sb(sb);
	return ERR_PTR(err);
out_free:
	kfree(sbi);
	return ERR_PTR(err);
}

struct fs_type tmpfs_fs_type = {
	.name = "tmpfs",
	.mount = tmpfs_mount,
	.kill_sb = tmpfs_kill_sb,
};

/* ramfs: tmpfs without limits (Linux's ramfs ignores size= and grows until memory ends). */
static struct super_block *ramfs_mount(const struct fs_type *type, u32 flags, const char *source,
				       const char *data)
{
	struct super_block *sb = tmpfs_mount(type, flags, source, data);

	if (IS_ERR(sb))
		return sb;
	sb->magic = RAMFS_MAGIC;
	tmpfs_sb(sb)->max_pages = ~0ULL;
	tmpfs_sb(sb)->max_inodes = ~0ULL;
	return sb;
}

struct fs_type ramfs_fs_type = {
	.name = "ramfs",
	.mount = ramfs_mount,
	.kill_sb = tmpfs_kill_sb,
};
