// SPDX-License-Identifier: MPL-2.0
// ktests for tmpfs: sparse files and holes, truncation, size and inode limits, files that
// live on after unlink, and timestamps.
#include <hal/ktest.h>
#include <hal/mm.h>
#include <hal/time.h>
#include <hal/lib/string.h>
#include "tmpfs_internal.h"
#include "../../vfs/vfs_test.h"

static struct vfs_ctx mount_scratch(const char *dir, const char *opts)
{
	struct vfs_ctx ctx = test_ctx(cred_root());

	vfs_mkdirat(&ctx, dir, 0755);
	vfs_mount(&ctx, "tmpfs", dir, "tmpfs", 0, opts);
	return ctx;
}

KTEST(tmpfs, sparse_files)
{
	struct vfs_ctx ctx = mount_scratch("/tsp", NULL);
	u8 *buf = kmalloc(2 * PAGE_SIZE);
	struct kstat st;
	struct file *f;

	KASSERT_NOT_NULL(buf);
	f = vfs_openat(&ctx, "/tsp/f", O_CREAT | O_RDWR, 0644);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_pwrite(f, "end", 3, 1 << 20), 3);
	KEXPECT_EQ(vfs_fstat(f, &st), 0);
	KEXPECT_EQ(st.size, (1 << 20) + 3);
	KEXPECT_EQ(st.blocks, PAGE_SIZE / 512);
	memset(buf, 0xaa, PAGE_SIZE);
	KEXPECT_EQ(vfs_pread(f, buf, PAGE_SIZE, 4096 * 7 + 100), PAGE_SIZE);
	KEXPECT_TRUE(!memchr(buf, 0xaa, PAGE_SIZE));
	KEXPECT_EQ(vfs_pread(f, buf, 10, (1 << 20) - 2), 5);
	KEXPECT_MEMEQ(buf, "\0\0end", 5);
	KEXPECT_EQ(vfs_lseek(f, 0, SEEK_DATA), 1 << 20);
	KEXPECT_EQ(vfs_lseek(f, 0, SEEK_HOLE), 0);
	KEXPECT_EQ(vfs_lseek(f, (1 << 20) + 1, SEEK_HOLE), (1 << 20) + 3);
	KEXPECT_EQ(vfs_lseek(f, (1 << 20) + 1, SEEK_DATA), (1 << 20) + 1);
	/* Shrinking zeroes the cut tail: growing again shows zeros, not old bytes. */
	KEXPECT_EQ(vfs_pwrite(f, "abcdef", 6, 10), 6);
	KEXPECT_EQ(vfs_ftruncate(f, 12), 0);
	KEXPECT_EQ(vfs_fstat(f, &st), 0);
	KEXPECT_EQ(st.blocks, PAGE_SIZE / 512);
	KEXPECT_EQ(vfs_ftruncate(f, 20), 0);
	KEXPECT_EQ(vfs_pread(f, buf, 20, 0), 20);
	KEXPECT_MEMEQ(buf + 10, "ab\0\0\0\0\0\0\0\0", 10);
	KEXPECT_EQ(vfs_pwrite(f, "x", 1, MAX_LFS_FILESIZE), -EFBIG);
	KEXPECT_EQ(vfs_ftruncate(f, -5), -EINVAL);
	vfs_file_put(f);
	KEXPECT_EQ(vfs_umount(&ctx, "/tsp", 0), 0);
	kfree(buf);
}

KTEST(tmpfs, limits)
{
	struct vfs_ctx ctx = mount_scratch("/tli", "size=16k,nr_inodes=4");
	u8 *buf = kzalloc(5 * PAGE_SIZE);
	struct kstatfs sfs;
	struct file *f;

	KASSERT_NOT_NULL(buf);
	f = vfs_openat(&ctx, "/tli/big", O_CREAT | O_WRONLY, 0644);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_write(f, buf, 5 * PAGE_SIZE), 4 * PAGE_SIZE);
	KEXPECT_EQ(vfs_write(f, buf, 1), -ENOSPC);
	KEXPECT_EQ(vfs_statfs(&ctx, "/tli", &sfs), 0);
	KEXPECT_EQ(sfs.bfree, 0);
	KEXPECT_EQ(vfs_ftruncate(f, PAGE_SIZE), 0);
	KEXPECT_EQ(vfs_statfs(&ctx, "/tli", &sfs), 0);
	KEXPECT_EQ(sfs.bfree, 3);
	vfs_file_put(f);
	/* Four inodes: the root, "big" and two more. */
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tli/a", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tli/b", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/tli/c", 0755), -ENOSPC);
	KEXPECT_EQ(vfs_rmdirat(&ctx, "/tli/b"), 0);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "a", "/tli/c"), 0);
	KEXPECT_EQ(vfs_umount(&ctx, "/tli", 0), 0);
	KEXPECT_EQ(vfs_mount(&ctx, "tmpfs", "/tli", "tmpfs", 0, "size=12q"), -EINVAL);
	/* ramfs takes the same options but has no limits. */
	KEXPECT_EQ(vfs_mount(&ctx, "ramfs", "/tli", "ramfs", 0, "size=4k"), 0);
	KEXPECT_EQ(test_write(&ctx, "/tli/a", "x", 0644), 0);
	KEXPECT_EQ(test_write(&ctx, "/tli/b", "x", 0644), 0);
	KEXPECT_EQ(vfs_statfs(&ctx, "/tli", &sfs), 0);
	KEXPECT_EQ(sfs.type, RAMFS_MAGIC);
	KEXPECT_EQ(vfs_umount(&ctx, "/tli", 0), 0);
	KEXPECT_EQ(vfs_mount(&ctx, "tmpfs", "/tli", "tmpfs", 0, "bogus=1"), -EINVAL);
	kfree(buf);
}

KTEST(tmpfs, unlinked_file_lives_on)
{
	struct vfs_ctx ctx = mount_scratch("/tul", NULL);
	size_t before = frame_free_count();
	struct kstat st;
	struct file *f;
	char buf[8];

	f = vfs_openat(&ctx, "/tul/f", O_CREAT | O_RDWR, 0644);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_write(f, "alive", 5), 5);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/tul/f", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/tul/f", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_fstat(f, &st), 0);
	KEXPECT_EQ(st.nlink, 0);
	KEXPECT_EQ(vfs_pread(f, buf, 5, 0), 5);
	KEXPECT_MEMEQ(buf, "alive", 5);
	KEXPECT_EQ(vfs_linkat(&ctx, "/tul/f", &ctx, "/tul/g", 0), -ENOENT);
	vfs_file_put(f);
	KEXPECT_GE(frame_free_count() + 1, before);
	KEXPECT_EQ(vfs_umount(&ctx, "/tul", 0), 0);
}

KTEST(tmpfs, timestamps)
{
	struct vfs_ctx ctx = mount_scratch("/tts", NULL);
	struct vfs_timespec old[2] = { { 100, 0 }, { 100, 0 } };
	struct kstat st, dst;

	KEXPECT_EQ(test_write(&ctx, "/tts/f", "x", 0644), 0);
	KEXPECT_EQ(vfs_utimensat(&ctx, "/tts/f", old, 0), 0);
	KEXPECT_EQ(vfs_utimensat(&ctx, "/tts", old, 0), 0);
	KEXPECT_EQ(test_write(&ctx, "/tts/f", "more", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/tts/f", 0, &st), 0);
	KEXPECT_NE(st.mtime.tv_sec, 100);
	KEXPECT_EQ(st.atime.tv_sec, 100);
	KEXPECT_EQ(vfs_statat(&ctx, "/tts", 0, &dst), 0);
	KEXPECT_EQ(dst.mtime.tv_sec, 100); /* rewriting a file leaves its directory alone */
	KEXPECT_EQ(test_write(&ctx, "/tts/g", "", 0644), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/tts", 0, &dst), 0);
	KEXPECT_NE(dst.mtime.tv_sec, 100);
	KEXPECT_EQ(vfs_utimensat(&ctx, "/tts/f", old, 0), 0);
	KEXPECT_EQ(vfs_fchmodat(&ctx, "/tts/f", 0600, 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/tts/f", 0, &st), 0);
	KEXPECT_EQ(st.mtime.tv_sec, 100);
	KEXPECT_GE(st.ctime.tv_sec, dst.mtime.tv_sec);
	KEXPECT_EQ(vfs_umount(&ctx, "/tts", 0), 0);
}
