// SPDX-License-Identifier: MPL-2.0
// ktests for renameat2: replacing, directories, loop checks, NOREPLACE and EXCHANGE, and the
// dentry cache staying right afterwards.
#include <hal/ktest.h>
#include "internal.h"
#include "vfs_test.h"

static struct vfs_ctx setup(void)
{
	struct vfs_ctx ctx = test_ctx(cred_root());

	vfs_mkdirat(&ctx, "/tr", 0755);
	return ctx;
}

KTEST(vfs, rename_files)
{
	struct vfs_ctx ctx = setup();
	char buf[16];
	struct kstat st;
	struct file *f;
	u64 ino;

	KASSERT_EQ(vfs_mkdirat(&ctx, "/tr/f", 0755), 0);
	KEXPECT_EQ(test_write(&ctx, "/tr/f/a", "A", 0644), 0);
	KEXPECT_EQ(test_write(&ctx, "/tr/f/b", "B", 0644), 0);
	ino = test_ino(&ctx, "/tr/f/a", 0);
	f = vfs_openat(&ctx, "/tr/f/a", O_RDONLY, 0);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/a", &ctx, "/tr/f/c", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/f/a", 0, &st), -ENOENT);
	KEXPECT_EQ(test_ino(&ctx, "/tr/f/c", 0), ino);
	KEXPECT_EQ(vfs_read(f, buf, 1), 1); /* an open file survives the rename */
	vfs_file_put(f);
	/* Replacing: the victim's name now leads to the moved file. */
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/c", &ctx, "/tr/f/b", RENAME_NOREPLACE), -EEXIST);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/c", &ctx, "/tr/f/b", 0), 0);
	KEXPECT_EQ(test_read(&ctx, "/tr/f/b", buf, sizeof(buf)), 1);
	KEXPECT_STREQ(buf, "A");
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/f/c", 0, &st), -ENOENT);
	/* Hard links to one inode: nothing happens. */
	KEXPECT_EQ(vfs_linkat(&ctx, "/tr/f/b", &ctx, "/tr/f/h", 0), 0);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/b", &ctx, "/tr/f/h", 0), 0);
	KEXPECT_EQ(test_ino(&ctx, "/tr/f/b", 0), ino);
	KEXPECT_EQ(test_ino(&ctx, "/tr/f/h", 0), ino);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/missing", &ctx, "/tr/f/x", 0), -ENOENT);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/b", &ctx, "/tr/f/x", 8), -EINVAL);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/b", &ctx, "/tr/f/x",
				 RENAME_EXCHANGE | RENAME_NOREPLACE),
		   -EINVAL);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/b", &ctx, "/tr/f/x/", 0), -ENOTDIR);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/b/", &ctx, "/tr/f/x", 0), -ENOTDIR);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/.", &ctx, "/tr/f/x", 0), -EBUSY);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/b", &ctx, "/tr/f/..", 0), -EBUSY);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/f/b", &ctx, "/tr/f/..", RENAME_NOREPLACE), -EEXIST);
}

KTEST(vfs, rename_dirs)
{
	struct vfs_ctx ctx = setup();
	struct kstat st;

	KASSERT_EQ(vfs_mkdirat(&ctx, "/tr/d", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tr/d/a", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tr/d/a/b", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tr/d/empty", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tr/d/full", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tr/d/full/x", 0755), 0);
	KEXPECT_EQ(test_write(&ctx, "/tr/d/file", "", 0644), 0);
	/* Loops: into itself is EINVAL, over its own ancestor ENOTEMPTY. */
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/a", &ctx, "/tr/d/a/b/c", 0), -EINVAL);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/a", &ctx, "/tr/d/a/c", 0), -EINVAL);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/a/b", &ctx, "/tr/d", 0), -ENOTEMPTY);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/a/b", &ctx, "/tr/d/a", 0), -ENOTEMPTY);
	/* Type mismatches and non-empty victims. */
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/a", &ctx, "/tr/d/file", 0), -ENOTDIR);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/file", &ctx, "/tr/d/empty", 0), -EISDIR);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/a", &ctx, "/tr/d/full", 0), -ENOTEMPTY);
	/* A directory over an empty one, into another parent: link counts follow. */
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/a/", &ctx, "/tr/d/full/x/", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/d/full/x/b", 0, &st), 0);
	KEXPECT_EQ(test_ino(&ctx, "/tr/d/full/x/..", 0), test_ino(&ctx, "/tr/d/full", 0));
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/d/a", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/d", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 4); /* ".", "..", empty, full */
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/d/full", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 3);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/d/full/x", &ctx, "/tr/d/moved", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/d/full", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 2);
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/d/moved/b", 0, &st), 0);
}

KTEST(vfs, rename_exchange)
{
	struct vfs_ctx ctx = setup();
	struct kstat st;
	u64 dino, fino;

	KASSERT_EQ(vfs_mkdirat(&ctx, "/tr/x", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tr/x/dir", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tr/x/other", 0755), 0);
	KEXPECT_EQ(test_write(&ctx, "/tr/x/other/file", "", 0644), 0);
	dino = test_ino(&ctx, "/tr/x/dir", 0);
	fino = test_ino(&ctx, "/tr/x/other/file", 0);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/x/dir", &ctx, "/tr/x/none", RENAME_EXCHANGE), -ENOENT);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/x/dir", &ctx, "/tr/x/other/file", RENAME_EXCHANGE), 0);
	KEXPECT_EQ(test_ino(&ctx, "/tr/x/dir", 0), fino);
	KEXPECT_EQ(test_ino(&ctx, "/tr/x/other/file", 0), dino);
	KEXPECT_EQ(test_ino(&ctx, "/tr/x/other/file/..", 0), test_ino(&ctx, "/tr/x/other", 0));
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/x/other", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 3);
	KEXPECT_EQ(vfs_statat(&ctx, "/tr/x", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 3);
	KEXPECT_EQ(vfs_renameat2(&ctx, "/tr/x/other", &ctx, "/tr/x/other/file", RENAME_EXCHANGE),
		   -EINVAL);
}
