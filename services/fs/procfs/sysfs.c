// SPDX-License-Identifier: MPL-2.0
// A minimal "sysfs": the standard top-level directories, empty until drivers export objects,
// so that mounting /sys works and tools find the layout they expect.
#include <hal/errno.h>
#include <hal/sync.h>
#include "internal.h"

#define DIR_MODE (S_IFDIR | 0555)

static const struct pfs_entry sysfs_entries[] = {
	{ .name = "block", .mode = DIR_MODE },	 { .name = "bus", .mode = DIR_MODE },
	{ .name = "class", .mode = DIR_MODE },	 { .name = "dev", .mode = DIR_MODE },
	{ .name = "devices", .mode = DIR_MODE }, { .name = "firmware", .mode = DIR_MODE },
	{ .name = "fs", .mode = DIR_MODE },	 { .name = "kernel", .mode = DIR_MODE },
	{ .name = "module", .mode = DIR_MODE },	 { 0 },
};

static const struct pfs_entry sysfs_root = { .name = "", .mode = DIR_MODE, .dir = sysfs_entries };

static struct super_block *sysfs_mount(const struct fs_type *type, u32 flags, const char *source,
				       const char *data)
{
	(void)flags;
	(void)source;
	(void)data;
	return pfs_mount_tree(type, SYSFS_MAGIC, &sysfs_root);
}

static struct fs_type sysfs_fs_type = {
	.name = "sysfs",
	.mount = sysfs_mount,
	.kill_sb = pfs_kill_sb,
};

int sysfs_init(void)
{
	static DEFINE_MUTEX(lock);
	static bool done;
	int err = 0;

	mutex_lock(&lock);
	if (!done)
		err = vfs_register_fs(&sysfs_fs_type);
	done = !err;
	mutex_unlock(&lock);
	return err;
}
