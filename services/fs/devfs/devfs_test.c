// SPDX-License-Identifier: MPL-2.0
// Tests of devtmpfs: a mount holds the nodes with Linux's numbers, and they open the drivers.
#include <hal/errno.h>
#include <hal/ktest.h>
#include "../../vfs/vfs_test.h"
#include <services/devfs.h>

static ssize_t rw(const struct vfs_ctx *ctx, const char *path, bool write, char *buf, size_t n)
{
	struct file *f = vfs_openat(ctx, path, write ? O_WRONLY : O_RDONLY, 0);
	ssize_t r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = write ? vfs_write(f, buf, n) : vfs_read(f, buf, n);
	vfs_file_put(f);
	return r;
}

KTEST(devfs, nodes_and_drivers)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct kstat st;
	char buf[8] = "xxxxxxx";
	int err = devfs_init();

	KEXPECT_TRUE(err == 0 || err == -EEXIST);
	KASSERT_EQ(vfs_mkdirat(&ctx, "/ktest-dev", 0755), 0);
	KASSERT_EQ(vfs_mount(&ctx, "devtmpfs", "/ktest-dev", "devtmpfs", 0, NULL), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ktest-dev/console", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFCHR | 0600u);
	KEXPECT_EQ(st.rdev, MKDEV(5, 1));
	KEXPECT_EQ(vfs_statat(&ctx, "/ktest-dev/ttyS0", 0, &st), 0);
	KEXPECT_EQ(st.rdev, MKDEV(4, 64));
	KEXPECT_EQ(vfs_statat(&ctx, "/ktest-dev/urandom", 0, &st), 0);
	KEXPECT_EQ(st.rdev, MKDEV(1, 9));
	KEXPECT_EQ(rw(&ctx, "/ktest-dev/null", true, buf, 4), 4);
	KEXPECT_EQ(rw(&ctx, "/ktest-dev/null", false, buf, 4), 0);
	KEXPECT_EQ(rw(&ctx, "/ktest-dev/zero", false, buf, 4), 4);
	KEXPECT_EQ(buf[0] | buf[3], 0);
	KEXPECT_EQ(rw(&ctx, "/ktest-dev/full", true, buf, 4), -ENOSPC);
	KEXPECT_EQ(rw(&ctx, "/ktest-dev/full", false, buf, 4), 4);
	KEXPECT_EQ(rw(&ctx, "/ktest-dev/random", false, buf, 8), 8);
	KEXPECT_EQ(vfs_umount(&ctx, "/ktest-dev", 0), 0);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/ktest-dev", AT_REMOVEDIR), 0);
}
