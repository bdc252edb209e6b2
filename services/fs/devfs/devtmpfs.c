// SPDX-License-Identifier: MPL-2.0
// devtmpfs: each mount is a fresh tmpfs holding Keel's device nodes (mount -t devtmpfs
// devtmpfs /dev), and device-node opens anywhere reach the drivers in devices.c.
#define pr_fmt(fmt) "devfs: " fmt

#include <hal/err.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <services/devfs.h>
#include <services/vfs.h>

static int add_node(struct inode *dir, const struct devfs_node *n)
{
	struct qstr name = { .name = n->name, .len = (u32)strlen(n->name) };
	struct inode *inode;

	inode = dir->i_op->create(dir, &name, S_IFCHR | n->perm, MKDEV(n->major, n->minor),
				  cred_root());
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	iput(inode);
	return 0;
}

/* A tmpfs instance (the super block stays tmpfs's) with the nodes in its root. */
static struct super_block *devtmpfs_mount(const struct fs_type *type, u32 flags, const char *source,
					  const char *data)
{
	struct super_block *sb;
	struct inode *root;
	int err = 0;

	(void)type;
	(void)data;
	sb = tmpfs_fs_type.mount(&tmpfs_fs_type, flags, source, "mode=0755");
	if (IS_ERR(sb))
		return sb;
	root = sb->root->inode;
	rwsem_write_lock(&root->rwsem);
	for (const struct devfs_node *n = devfs_nodes; n->name && !err; n++)
		err = add_node(root, n);
	rwsem_write_unlock(&root->rwsem);
	if (err) {
		tmpfs_fs_type.kill_sb(sb);
		return ERR_PTR(err);
	}
	return sb;
}

static void devtmpfs_kill_sb(struct super_block *sb)
{
	tmpfs_fs_type.kill_sb(sb);
}

static struct fs_type devtmpfs_fs_type = {
	.name = "devtmpfs",
	.mount = devtmpfs_mount,
	.kill_sb = devtmpfs_kill_sb,
};

int devfs_init(void)
{
	int err = vfs_register_special(S_IFCHR, devfs_chr_open);

	if (!err)
		err = vfs_register_fs(&devtmpfs_fs_type);
	if (err)
		pr_err("cannot register device files: %d\n", err);
	return err;
}
