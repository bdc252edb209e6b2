// SPDX-License-Identifier: MPL-2.0
// ktests for the path walk: ".", "..", mount crossings, symlinks and ELOOP, name limits,
// trailing slashes and permission checks for a non-root caller.
#include <hal/ktest.h>
#include <hal/mm.h>
#include <hal/lib/printf.h>
#include "internal.h"
#include "vfs_test.h"

KTEST(vfs, walk_dots_and_slashes)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct vfs_ctx rel = ctx;
	u64 ino;

	KASSERT_EQ(vfs_mkdirat(&ctx, "/tw", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tw/a", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tw/a/b/", 0755), 0);
	ino = test_ino(&ctx, "/tw/a/b", 0);
	KEXPECT_NE(ino, 0);
	KEXPECT_EQ(test_ino(&ctx, "/tw/a/../a/./b", 0), ino);
	KEXPECT_EQ(test_ino(&ctx, "//tw///a//b/", 0), ino);
	KEXPECT_EQ(test_ino(&ctx, "/../../tw/a/b/.", 0), ino);
	KEXPECT_EQ(test_ino(&ctx, "/..", 0), test_ino(&ctx, "/", 0));
	KASSERT_EQ(vfs_resolve(&ctx, "/tw/a", 0, &rel.cwd), 0);
	KEXPECT_EQ(test_ino(&rel, "b", 0), ino);
	KEXPECT_EQ(test_ino(&rel, "../a/b", 0), ino);
	KEXPECT_EQ(test_ino(&rel, "", AT_EMPTY_PATH), test_ino(&ctx, "/tw/a", 0));
	KEXPECT_EQ(test_ino(&rel, "", 0), 0);
	path_put(&rel.cwd);
	/* A chroot: ".." stops at the new root, "/" means it. */
	KASSERT_EQ(vfs_resolve(&ctx, "/tw/a", 0, &rel.root), 0);
	rel.cwd = rel.root;
	KEXPECT_EQ(test_ino(&rel, "/b", 0), ino);
	KEXPECT_EQ(test_ino(&rel, "../../b", 0), ino);
	path_put(&rel.root);
}

KTEST(vfs, walk_errors)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct kstat st;
	char *name = kmalloc(PATH_MAX + 8);

	KASSERT_NOT_NULL(name);
	KASSERT_EQ(vfs_mkdirat(&ctx, "/te", 0755), 0);
	KEXPECT_EQ(test_write(&ctx, "/te/f", "x", 0644), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/te/missing", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_statat(&ctx, "/te/missing/x", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_statat(&ctx, "/te/f/x", 0, &st), -ENOTDIR);
	KEXPECT_EQ(vfs_statat(&ctx, "/te/f/", 0, &st), -ENOTDIR);
	KEXPECT_EQ(vfs_statat(&ctx, "/te/f/.", 0, &st), -ENOTDIR);
	KEXPECT_EQ(vfs_statat(&ctx, "", 0, &st), -ENOENT);
	/* 255 bytes per component are fine, 256 are not. */
	memcpy(name, "/te/", 4);
	memset(name + 4, 'n', 255);
	name[259] = '\0';
	KEXPECT_EQ(vfs_mkdirat(&ctx, name, 0755), 0);
	KEXPECT_EQ(vfs_statat(&ctx, name, 0, &st), 0);
	name[259] = 'n';
	name[260] = '\0';
	KEXPECT_EQ(vfs_statat(&ctx, name, 0, &st), -ENAMETOOLONG);
	KEXPECT_EQ(vfs_mkdirat(&ctx, name, 0755), -ENAMETOOLONG);
	/* 4095 bytes of path are walked; 4096 are too long before any lookup. */
	for (int i = 0; i < PATH_MAX; i += 2)
		memcpy(name + i, "./", 2);
	name[PATH_MAX - 1] = '\0';
	KEXPECT_EQ(vfs_statat(&ctx, name, 0, &st), 0);
	name[PATH_MAX - 1] = '.';
	name[PATH_MAX] = '\0';
	KEXPECT_EQ(vfs_statat(&ctx, name, 0, &st), -ENAMETOOLONG);
	kfree(name);
}

KTEST(vfs, symlinks)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	char buf[64], name[32];
	struct kstat st;
	u64 dir_ino;

	KASSERT_EQ(vfs_mkdirat(&ctx, "/ts", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/ts/d", 0755), 0);
	KEXPECT_EQ(test_write(&ctx, "/ts/d/f", "data", 0644), 0);
	dir_ino = test_ino(&ctx, "/ts/d", 0);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "d", "/ts/rel"), 0);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "/ts/d/f", "/ts/abs"), 0);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "rel/f", "/ts/chain"), 0);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "nowhere", "/ts/dangling"), 0);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "loop2", "/ts/loop1"), 0);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "loop1", "/ts/loop2"), 0);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "self/x", "/ts/self"), 0);
	KEXPECT_EQ(test_read(&ctx, "/ts/abs", buf, sizeof(buf)), 4);
	KEXPECT_EQ(test_read(&ctx, "/ts/chain", buf, sizeof(buf)), 4);
	KEXPECT_STREQ(buf, "data");
	KEXPECT_EQ(test_read(&ctx, "/ts/rel/f", buf, sizeof(buf)), 4);
	KEXPECT_EQ(test_ino(&ctx, "/ts/rel", 0), dir_ino);
	KEXPECT_EQ(test_ino(&ctx, "/ts/rel/", AT_SYMLINK_NOFOLLOW), dir_ino);
	KEXPECT_NE(test_ino(&ctx, "/ts/rel", AT_SYMLINK_NOFOLLOW), dir_ino);
	KEXPECT_EQ(vfs_statat(&ctx, "/ts/rel", AT_SYMLINK_NOFOLLOW, &st), 0);
	KEXPECT_TRUE(S_ISLNK(st.mode));
	KEXPECT_EQ(st.size, 1);
	KEXPECT_EQ(vfs_statat(&ctx, "/ts/dangling", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_statat(&ctx, "/ts/loop1", 0, &st), -ELOOP);
	KEXPECT_EQ(vfs_statat(&ctx, "/ts/loop1/x", 0, &st), -ELOOP);
	KEXPECT_EQ(vfs_statat(&ctx, "/ts/self", 0, &st), -ELOOP);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/ts/abs", O_RDONLY | O_NOFOLLOW, 0)), -ELOOP);
	KEXPECT_EQ(vfs_readlinkat(&ctx, "/ts/chain", buf, sizeof(buf)), 5);
	KEXPECT_MEMEQ(buf, "rel/f", 5);
	KEXPECT_EQ(vfs_readlinkat(&ctx, "/ts/chain", buf, 3), 3);
	KEXPECT_EQ(vfs_readlinkat(&ctx, "/ts/d", buf, sizeof(buf)), -EINVAL);
	/* 40 links in a chain resolve; the 41st is one too many. */
	for (int i = 1; i <= 41; i++) {
		char target[32];

		snprintf(name, sizeof(name), "/ts/c%d", i);
		snprintf(target, sizeof(target), i == 1 ? "d" : "c%d", i - 1);
		KEXPECT_EQ(vfs_symlinkat(&ctx, target, name), 0);
	}
	KEXPECT_EQ(test_ino(&ctx, "/ts/c40", 0), dir_ino);
	KEXPECT_EQ(test_ino(&ctx, "/ts/c40/f", 0), test_ino(&ctx, "/ts/d/f", 0));
	KEXPECT_EQ(vfs_statat(&ctx, "/ts/c41", 0, &st), -ELOOP);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "", "/ts/empty"), -ENOENT);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "x", "/ts/d"), -EEXIST);
}

KTEST(vfs, permissions)
{
	struct vfs_ctx root = test_ctx(cred_root());
	struct cred *user = test_user(1000, 1000, 50);
	struct vfs_ctx ctx = test_ctx(user);
	struct kstat st;

	KASSERT_NOT_NULL(user);
	KASSERT_EQ(vfs_mkdirat(&root, "/tp", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&root, "/tp/private", 0700), 0);
	KEXPECT_EQ(test_write(&root, "/tp/private/f", "x", 0644), 0);
	KEXPECT_EQ(test_write(&root, "/tp/secret", "x", 0600), 0);
	KEXPECT_EQ(test_write(&root, "/tp/ro", "x", 0444), 0);
	KEXPECT_EQ(test_write(&root, "/tp/none", "x", 0), 0);
	KEXPECT_EQ(test_write(&root, "/tp/grp", "x", 0060), 0);
	KEXPECT_EQ(vfs_fchownat(&root, "/tp/grp", 0, 50, 0), 0);
	/* Search permission on every directory of the way. */
	KEXPECT_EQ(vfs_statat(&ctx, "/tp/private/f", 0, &st), -EACCES);
	KEXPECT_EQ(vfs_statat(&ctx, "/tp/private/missing", 0, &st), -EACCES);
	KEXPECT_EQ(vfs_statat(&ctx, "/tp/private", 0, &st), 0);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/tp/secret", O_RDONLY, 0)), -EACCES);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/tp/ro", O_WRONLY, 0)), -EACCES);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/tp/ro", O_RDONLY | O_TRUNC, 0)), -EACCES);
	KEXPECT_EQ(vfs_accessat(&ctx, "/tp/ro", R_OK, 0), 0);
	KEXPECT_EQ(vfs_accessat(&ctx, "/tp/ro", W_OK, 0), -EACCES);
	KEXPECT_EQ(vfs_accessat(&ctx, "/tp/grp", R_OK | W_OK, 0), 0);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/tp/new", O_CREAT | O_WRONLY, 0644)), -EACCES);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tp/newdir", 0755), -EACCES);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/tp/ro", 0), -EACCES);
	/* Root reads and writes anything, but executes only what has an x bit. */
	KEXPECT_EQ(vfs_accessat(&root, "/tp/none", R_OK | W_OK, 0), 0);
	KEXPECT_EQ(vfs_accessat(&root, "/tp/none", X_OK, 0), -EACCES);
	KEXPECT_EQ(vfs_accessat(&root, "/tp/private", X_OK, 0), 0);
	/* Sticky directories: only owners delete. */
	KEXPECT_EQ(vfs_mkdirat(&root, "/tp/tmp", 01777), 0);
	KEXPECT_EQ(test_write(&root, "/tp/tmp/rootfile", "x", 0666), 0);
	KEXPECT_EQ(test_write(&ctx, "/tp/tmp/mine", "x", 0644), 0);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/tp/tmp/rootfile", 0), -EPERM);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/tp/tmp/mine", 0), 0);
	KEXPECT_EQ(vfs_accessat(&ctx, "/tp/ro", 8, 0), -EINVAL);
	cred_put(user);
}

KTEST(vfs, mounts)
{
	struct vfs_ctx root = test_ctx(cred_root());
	struct cred *user = test_user(1000, 1000, 0);
	struct vfs_ctx uctx = test_ctx(user);
	struct kstat st, mst;
	struct kstatfs sfs;
	struct file *f;

	KASSERT_EQ(vfs_mkdirat(&root, "/tm", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&root, "/tm/mnt", 0755), 0);
	KEXPECT_EQ(test_write(&root, "/tm/mnt/under", "x", 0644), 0);
	KEXPECT_EQ(vfs_mount(&uctx, "none", "/tm/mnt", "tmpfs", 0, NULL), -EPERM);
	KEXPECT_EQ(vfs_mount(&root, "none", "/tm/mnt", "nosuchfs", 0, NULL), -ENODEV);
	KEXPECT_EQ(vfs_mount(&root, "none", "/tm/mnt/under", "tmpfs", 0, NULL), -ENOTDIR);
	KASSERT_EQ(vfs_mount(&root, "none", "/tm/mnt", "tmpfs", 0, "size=64k,mode=0700"), 0);
	KEXPECT_EQ(vfs_statat(&root, "/tm/mnt/under", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_statat(&root, "/tm/mnt", 0, &mst), 0);
	KEXPECT_EQ(mst.mode, S_IFDIR | 0700);
	KEXPECT_EQ(vfs_statat(&root, "/tm", 0, &st), 0);
	KEXPECT_NE(st.dev, mst.dev);
	KEXPECT_EQ(test_ino(&root, "/tm/mnt/..", 0), st.ino);
	KEXPECT_EQ(vfs_statfs(&root, "/tm/mnt", &sfs), 0);
	KEXPECT_EQ(sfs.type, TMPFS_MAGIC);
	KEXPECT_EQ(sfs.blocks, 16);
	f = vfs_openat(&root, "/tm/mnt/inside", O_CREAT | O_RDWR, 0644);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_rmdirat(&root, "/tm/mnt"), -EBUSY);
	KEXPECT_EQ(vfs_renameat2(&root, "/tm/mnt", &root, "/tm/other", 0), -EBUSY);
	KEXPECT_EQ(vfs_umount(&root, "/tm/mnt", 0), -EBUSY);
	KEXPECT_EQ(vfs_renameat2(&root, "/tm/mnt/inside", &root, "/tm/x", 0), -EXDEV);
	KEXPECT_EQ(vfs_linkat(&root, "/tm/mnt/inside", &root, "/tm/x", 0), -EXDEV);
	vfs_file_put(f);
	KEXPECT_EQ(vfs_umount(&root, "/tm", 0), -EINVAL);
	KEXPECT_EQ(vfs_umount(&uctx, "/tm/mnt", 0), -EPERM);
	KEXPECT_EQ(vfs_umount(&root, "/", 0), -EBUSY);
	KEXPECT_EQ(vfs_umount(&root, "/tm/mnt", 0), 0);
	KEXPECT_EQ(vfs_statat(&root, "/tm/mnt/under", 0, &st), 0);
	KEXPECT_EQ(vfs_statat(&root, "/tm/mnt/inside", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_umount(&root, "/tm/mnt", 0), -EINVAL);
	/* Stacked mounts: the top one is seen, each umount peels one. */
	KEXPECT_EQ(vfs_mount(&root, "a", "/tm/mnt", "tmpfs", 0, NULL), 0);
	KEXPECT_EQ(vfs_mkdirat(&root, "/tm/mnt/lower", 0755), 0);
	KEXPECT_EQ(vfs_mount(&root, "b", "/tm/mnt", "tmpfs", MS_RDONLY, NULL), 0);
	KEXPECT_EQ(vfs_statat(&root, "/tm/mnt/lower", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_mkdirat(&root, "/tm/mnt/x", 0755), -EROFS);
	KEXPECT_EQ(test_err(vfs_openat(&root, "/tm/mnt/y", O_CREAT | O_WRONLY, 0644)), -EROFS);
	KEXPECT_EQ(vfs_umount(&root, "/tm/mnt", 0), 0);
	KEXPECT_EQ(vfs_statat(&root, "/tm/mnt/lower", 0, &st), 0);
	KEXPECT_EQ(vfs_umount(&root, "/tm/mnt", MNT_DETACH), 0);
	cred_put(user);
}

KTEST(vfs, d_path)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct path p;
	char buf[64];

	KASSERT_EQ(vfs_mkdirat(&ctx, "/tdp", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tdp/sub", 0755), 0);
	KASSERT_EQ(vfs_resolve(&ctx, "/tdp/sub", 0, &p), 0);
	KEXPECT_EQ(vfs_d_path(NULL, &p, buf, sizeof(buf)), 8);
	KEXPECT_STREQ(buf, "/tdp/sub");
	KEXPECT_EQ(vfs_d_path(NULL, &p, buf, 5), -ENAMETOOLONG);
	KEXPECT_EQ(vfs_rmdirat(&ctx, "/tdp/sub"), 0);
	KEXPECT_GT(vfs_d_path(NULL, &p, buf, sizeof(buf)), 0);
	KEXPECT_STREQ(buf, "/tdp/sub (deleted)");
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tdp/sub/x", 0755), -ENOENT);
	path_put(&p);
	vfs_root_path(&p);
	KEXPECT_EQ(vfs_d_path(NULL, &p, buf, sizeof(buf)), 1);
	KEXPECT_STREQ(buf, "/");
	path_put(&p);
}
