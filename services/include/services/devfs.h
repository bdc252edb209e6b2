// SPDX-License-Identifier: MPL-2.0
// Device files: the character devices Keel has (by Linux major:minor) and devtmpfs, a tmpfs
// that comes with their nodes.
#ifndef SERVICES_DEVFS_H
#define SERVICES_DEVFS_H

#include <hal/types.h>

struct inode;
struct file;

struct devfs_node {
	const char *name;
	u32 major, minor;
	u32 perm;
};

/* The nodes devtmpfs creates, ended by a NULL name. */
extern const struct devfs_node devfs_nodes[];

/* devfs_chr_open - open a character device node by its number: 0 or -ENXIO. */
int devfs_chr_open(struct inode *inode, struct file *file);

/*
 * devfs_init - register the character devices for device-node opens and the "devtmpfs"
 * file system type. Once, at boot, after vfs_init(). Returns 0 or -errno.
 */
int devfs_init(void);

#endif /* SERVICES_DEVFS_H */
