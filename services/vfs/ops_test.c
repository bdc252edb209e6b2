// SPDX-License-Identifier: MPL-2.0
// ktests for open flags, read/write/lseek, getdents64 across calls, directory operations,
// device nodes and attribute changes, each against Linux's results.
#include <hal/ktest.h>
#include <hal/mm.h>
#include <hal/lib/printf.h>
#include "internal.h"
#include "vfs_test.h"

KTEST(vfs, open_flags)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	char buf[32];
	struct file *f;

	KASSERT_EQ(vfs_mkdirat(&ctx, "/to", 0755), 0);
	KEXPECT_EQ(test_write(&ctx, "/to/f", "hello", 0644), 0);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to/f", O_CREAT | O_EXCL | O_RDWR, 0644)), -EEXIST);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to/f", O_RDONLY | O_DIRECTORY, 0)), -ENOTDIR);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to", O_WRONLY, 0)), -EISDIR);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to", O_RDONLY | O_TRUNC, 0)), -EISDIR);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to", O_CREAT | O_RDONLY, 0)), -EISDIR);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to/new/", O_CREAT | O_RDWR, 0644)), -EISDIR);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to/g", O_CREAT | O_DIRECTORY, 0644)), -EINVAL);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to/missing", O_RDONLY, 0)), -ENOENT);
	/* O_CREAT through a dangling symlink creates its target; O_EXCL refuses. */
	KEXPECT_EQ(vfs_symlinkat(&ctx, "target", "/to/ln"), 0);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/to/ln", O_CREAT | O_EXCL | O_WRONLY, 0600)),
		   -EEXIST);
	f = vfs_openat(&ctx, "/to/ln", O_CREAT | O_WRONLY, 0600);
	KEXPECT_EQ(test_err(f), 0);
	if (!IS_ERR(f))
		vfs_file_put(f);
	KEXPECT_NE(test_ino(&ctx, "/to/target", 0), 0);
	/* Access modes. */
	f = vfs_openat(&ctx, "/to/f", O_WRONLY, 0);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_read(f, buf, 4), -EBADF);
	vfs_file_put(f);
	f = vfs_openat(&ctx, "/to/f", O_RDONLY, 0);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_write(f, "x", 1), -EBADF);
	vfs_file_put(f);
	f = vfs_openat(&ctx, "/to/f", O_PATH, 0);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_read(f, buf, 4), -EBADF);
	KEXPECT_EQ(vfs_lseek(f, 0, SEEK_SET), -EBADF);
	vfs_file_put(f);
	f = vfs_openat(&ctx, "/to/ln", O_PATH | O_NOFOLLOW, 0);
	KEXPECT_EQ(test_err(f), 0);
	if (!IS_ERR(f)) {
		KEXPECT_TRUE(S_ISLNK(f->inode->mode));
		vfs_file_put(f);
	}
	/* O_APPEND writes at the end, even with pwrite; O_TRUNC empties. */
	f = vfs_openat(&ctx, "/to/f", O_WRONLY | O_APPEND, 0);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_write(f, " world", 6), 6);
	KEXPECT_EQ(vfs_pwrite(f, "!", 1, 0), 1);
	vfs_file_put(f);
	KEXPECT_EQ(test_read(&ctx, "/to/f", buf, sizeof(buf)), 12);
	KEXPECT_STREQ(buf, "hello world!");
	f = vfs_openat(&ctx, "/to/f", O_WRONLY | O_TRUNC, 0);
	KASSERT_TRUE(!IS_ERR(f));
	vfs_file_put(f);
	KEXPECT_EQ(test_read(&ctx, "/to/f", buf, sizeof(buf)), 0);
}

KTEST(vfs, read_write_lseek)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct file *f, *d;
	char buf[16];

	KASSERT_EQ(vfs_mkdirat(&ctx, "/trw", 0755), 0);
	f = vfs_openat(&ctx, "/trw/f", O_CREAT | O_RDWR, 0644);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_write(f, "0123456789", 10), 10);
	KEXPECT_EQ(vfs_lseek(f, 0, SEEK_CUR), 10);
	KEXPECT_EQ(vfs_read(f, buf, sizeof(buf)), 0);
	KEXPECT_EQ(vfs_lseek(f, 2, SEEK_SET), 2);
	KEXPECT_EQ(vfs_read(f, buf, 3), 3);
	KEXPECT_MEMEQ(buf, "234", 3);
	KEXPECT_EQ(vfs_lseek(f, -1, SEEK_END), 9);
	KEXPECT_EQ(vfs_lseek(f, -1, SEEK_SET), -EINVAL);
	KEXPECT_EQ(vfs_lseek(f, -20, SEEK_CUR), -EINVAL);
	KEXPECT_EQ(vfs_lseek(f, 0, 5), -EINVAL);
	KEXPECT_EQ(vfs_lseek(f, 0x7fffffffffffffffLL, SEEK_END), -EINVAL);
	KEXPECT_EQ(vfs_lseek(f, 0, SEEK_CUR), 9);
	KEXPECT_EQ(vfs_pread(f, buf, 4, 6), 4);
	KEXPECT_MEMEQ(buf, "6789", 4);
	KEXPECT_EQ(vfs_pread(f, buf, 4, -1), -EINVAL);
	KEXPECT_EQ(vfs_pwrite(f, "ab", 2, 20), 2);
	KEXPECT_EQ(vfs_lseek(f, 0, SEEK_CUR), 9);
	KEXPECT_EQ(vfs_lseek(f, 0, SEEK_END), 22);
	KEXPECT_EQ(vfs_pread(f, buf, 16, 8), 14);
	KEXPECT_MEMEQ(buf, "89\0\0\0\0\0\0\0\0\0\0ab", 14);
	/* Everything within one page is data; past the end is ENXIO. */
	KEXPECT_EQ(vfs_lseek(f, 3, SEEK_DATA), 3);
	KEXPECT_EQ(vfs_lseek(f, 3, SEEK_HOLE), 22);
	KEXPECT_EQ(vfs_lseek(f, 22, SEEK_DATA), -ENXIO);
	KEXPECT_EQ(vfs_lseek(f, -1, SEEK_HOLE), -ENXIO);
	KEXPECT_EQ(vfs_fsync(f, false), 0);
	KEXPECT_EQ(vfs_ioctl(f, 0x5401, 0), -ENOTTY);
	vfs_file_put(f);
	d = vfs_openat(&ctx, "/trw", O_RDONLY, 0);
	KASSERT_TRUE(!IS_ERR(d));
	KEXPECT_EQ(vfs_read(d, buf, 4), -EISDIR);
	KEXPECT_EQ(vfs_lseek(d, 0, SEEK_END), -EINVAL);
	KEXPECT_EQ(vfs_lseek(d, 1, SEEK_SET), 1);
	vfs_file_put(d);
}

/* Read a directory with a small buffer; count entries and check each name once. */
static int count_entries(struct file *d, size_t bufsize, u8 *seen, int nseen)
{
	u8 buf[256];
	int total = 0;
	ssize_t n;

	while ((n = vfs_getdents64(d, buf, bufsize)) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct linux_dirent64 *e = (struct linux_dirent64 *)(buf + off);
			int idx;

			if (e->d_name[0] == 'e' && !kstrtoint(e->d_name + 1, 10, &idx) &&
			    idx >= 0 && idx < nseen)
				seen[idx]++;
			total++;
			off += e->d_reclen;
		}
	}
	return n < 0 ? (int)n : total;
}

KTEST(vfs, getdents64)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	u8 seen[50] = { 0 }, buf[64];
	char name[32];
	struct file *d;
	struct linux_dirent64 *e = (struct linux_dirent64 *)buf;
	s64 resume;

	KASSERT_EQ(vfs_mkdirat(&ctx, "/tgd", 0755), 0);
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "/tgd/e%d", i);
		KEXPECT_EQ(test_write(&ctx, name, "", 0644), 0);
	}
	d = vfs_openat(&ctx, "/tgd", O_RDONLY | O_DIRECTORY, 0);
	KASSERT_TRUE(!IS_ERR(d));
	KEXPECT_EQ(vfs_getdents64(d, buf, 8), -EINVAL);
	KEXPECT_EQ(count_entries(d, 100, seen, 50), 52);
	for (int i = 0; i < 50; i++)
		KEXPECT_EQ(seen[i], 1);
	/* Positions are stable: resume after e9 although entries before it went away. */
	KEXPECT_EQ(vfs_lseek(d, 0, SEEK_SET), 0);
	KEXPECT_EQ(vfs_getdents64(d, buf, 24), 24);
	KEXPECT_EQ(e->d_off, 1);
	KEXPECT_STREQ(e->d_name, ".");
	KEXPECT_EQ(e->d_type, DT_DIR);
	KEXPECT_EQ(e->d_reclen, 24);
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "/tgd/e%d", i);
		KEXPECT_EQ(vfs_unlinkat(&ctx, name, 0), 0);
	}
	KEXPECT_EQ(vfs_lseek(d, 12, SEEK_SET), 12);
	KEXPECT_GT(vfs_getdents64(d, buf, 32), 0);
	KEXPECT_STREQ(e->d_name, "e10");
	KEXPECT_EQ(e->d_type, DT_REG);
	resume = e->d_off;
	memset(seen, 0, sizeof(seen));
	KEXPECT_EQ(vfs_lseek(d, resume, SEEK_SET), resume);
	KEXPECT_EQ(count_entries(d, 200, seen, 50), 39);
	KEXPECT_EQ(seen[10], 0);
	KEXPECT_EQ(seen[49], 1);
	vfs_file_put(d);
	d = vfs_openat(&ctx, "/tgd/e20", O_RDONLY, 0);
	KASSERT_TRUE(!IS_ERR(d));
	KEXPECT_EQ(vfs_getdents64(d, buf, sizeof(buf)), -ENOTDIR);
	vfs_file_put(d);
}

KTEST(vfs, dir_ops)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct cred *user = test_user(1000, 1000, 0);
	struct vfs_ctx uctx = test_ctx(user);
	struct kstat st;

	KASSERT_EQ(vfs_mkdirat(&ctx, "/td", 0755), 0);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/td", 0755), -EEXIST);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/td/.", 0755), -EEXIST);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/", 0755), -EEXIST);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/td/no/sub", 0755), -ENOENT);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/td/sub", 0755), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/td", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 3);
	KEXPECT_EQ(test_write(&ctx, "/td/sub/f", "abc", 0644), 0);
	KEXPECT_EQ(vfs_rmdirat(&ctx, "/td/sub"), -ENOTEMPTY);
	KEXPECT_EQ(vfs_rmdirat(&ctx, "/td/sub/."), -EINVAL);
	KEXPECT_EQ(vfs_rmdirat(&ctx, "/td/sub/.."), -ENOTEMPTY);
	KEXPECT_EQ(vfs_rmdirat(&ctx, "/"), -EBUSY);
	KEXPECT_EQ(vfs_rmdirat(&ctx, "/td/sub/f"), -ENOTDIR);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/td/sub", 0), -EISDIR);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/td/sub/f/", 0), -ENOTDIR);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/td/sub/", 0), -EISDIR);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/td/nothing/", 0), -ENOENT);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/td/.", 0), -EISDIR);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/td/sub", 0x1), -EINVAL);
	/* Hard links. */
	KEXPECT_EQ(vfs_linkat(&ctx, "/td/sub/f", &ctx, "/td/hard", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/td/hard", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 2);
	KEXPECT_EQ(st.ino, test_ino(&ctx, "/td/sub/f", 0));
	KEXPECT_EQ(vfs_linkat(&ctx, "/td/sub/f", &ctx, "/td/hard", 0), -EEXIST);
	KEXPECT_EQ(vfs_linkat(&ctx, "/td/sub", &ctx, "/td/dirlink", 0), -EPERM);
	KEXPECT_EQ(vfs_linkat(&ctx, "/td/none", &ctx, "/td/x", 0), -ENOENT);
	KEXPECT_EQ(vfs_linkat(&ctx, "/td/sub/f", &ctx, "/td/x/", 0), -ENOENT);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "sub/f", "/td/sym"), 0);
	KEXPECT_EQ(vfs_linkat(&ctx, "/td/sym", &ctx, "/td/symhard", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/td/symhard", AT_SYMLINK_NOFOLLOW, &st), 0);
	KEXPECT_TRUE(S_ISLNK(st.mode));
	KEXPECT_EQ(vfs_linkat(&ctx, "/td/sym", &ctx, "/td/followed", AT_SYMLINK_FOLLOW), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/td/followed", AT_SYMLINK_NOFOLLOW, &st), 0);
	KEXPECT_EQ(st.nlink, 3);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/td/sub/f", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/td/hard", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 2);
	KEXPECT_EQ(vfs_rmdirat(&ctx, "/td/sub/"), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/td", 0, &st), 0);
	KEXPECT_EQ(st.nlink, 2);
	/* Device nodes and FIFOs. */
	KEXPECT_EQ(vfs_mknodat(&ctx, "/td/null", S_IFCHR | 0666, MKDEV(1, 3)), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/td/null", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFCHR | 0666);
	KEXPECT_EQ(st.rdev, MKDEV(1, 3));
	KEXPECT_EQ(vfs_mknodat(&ctx, "/td/fifo", S_IFIFO | 0600, 0), 0);
	KEXPECT_EQ(vfs_mknodat(&ctx, "/td/plain", 0644, 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/td/plain", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFREG | 0644);
	KEXPECT_EQ(vfs_mknodat(&ctx, "/td/dir", S_IFDIR | 0755, 0), -EPERM);
	KEXPECT_EQ(vfs_mknodat(&ctx, "/td/bad", 0170000, 0), -EINVAL);
	KEXPECT_EQ(vfs_mkdirat(&ctx, "/td/pub", 0777), 0);
	KEXPECT_EQ(vfs_mknodat(&uctx, "/td/pub/blk", S_IFBLK | 0600, MKDEV(8, 0)), -EPERM);
	KEXPECT_EQ(vfs_mknodat(&uctx, "/td/pub/fifo", S_IFIFO | 0600, 0), 0);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/td/null", O_RDWR, 0)), -ENXIO);
	KEXPECT_EQ(test_err(vfs_openat(&ctx, "/td/fifo", O_RDONLY, 0)), -ENXIO);
	cred_put(user);
}

KTEST(vfs, attributes)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct cred *user = test_user(1000, 1000, 50);
	struct vfs_ctx uctx = test_ctx(user);
	struct vfs_timespec t[2] = { { 1000, 5 }, { 2000, 7 } };
	struct kstat st;
	struct file *f;

	KASSERT_NOT_NULL(user);
	KASSERT_EQ(vfs_mkdirat(&ctx, "/ta", 0777), 0);
	KEXPECT_EQ(test_write(&ctx, "/ta/rootf", "x", 0666), 0);
	KEXPECT_EQ(test_write(&uctx, "/ta/mine", "x", 0644), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/mine", 0, &st), 0);
	KEXPECT_EQ(st.uid, 1000);
	KEXPECT_EQ(st.gid, 1000);
	KEXPECT_EQ(vfs_fchmodat(&uctx, "/ta/rootf", 0600, 0), -EPERM);
	KEXPECT_EQ(vfs_fchmodat(&uctx, "/ta/mine", 04755, 0), 0);
	KEXPECT_EQ(vfs_fchownat(&uctx, "/ta/mine", 0, (u32)-1, 0), -EPERM);
	KEXPECT_EQ(vfs_fchownat(&uctx, "/ta/mine", (u32)-1, 7, 0), -EPERM);
	KEXPECT_EQ(vfs_fchownat(&uctx, "/ta/mine", (u32)-1, 50, 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/mine", 0, &st), 0);
	KEXPECT_EQ(st.gid, 50);
	KEXPECT_EQ(st.mode, S_IFREG | 0755); /* chown cleared set-user-ID */
	/* Setting S_ISGID for a group one is not in drops it. */
	KEXPECT_EQ(vfs_fchownat(&ctx, "/ta/mine", (u32)-1, 9, 0), 0);
	KEXPECT_EQ(vfs_fchmodat(&uctx, "/ta/mine", 02755, 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/mine", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFREG | 0755);
	/* A write by a non-root caller drops set-user-ID. */
	KEXPECT_EQ(vfs_fchmodat(&ctx, "/ta/rootf", 04777, 0), 0);
	KEXPECT_EQ(test_write(&uctx, "/ta/rootf", "y", 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/rootf", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFREG | 0777);
	/* utimensat: explicit times need ownership, "now" only write access. */
	KEXPECT_EQ(vfs_utimensat(&ctx, "/ta/rootf", t, 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/rootf", 0, &st), 0);
	KEXPECT_EQ(st.atime.tv_sec, 1000);
	KEXPECT_EQ(st.atime.tv_nsec, 5);
	KEXPECT_EQ(st.mtime.tv_sec, 2000);
	KEXPECT_EQ(vfs_utimensat(&uctx, "/ta/rootf", t, 0), -EPERM);
	KEXPECT_EQ(vfs_utimensat(&uctx, "/ta/rootf", NULL, 0), 0);
	t[0].tv_nsec = UTIME_OMIT;
	t[1].tv_nsec = UTIME_OMIT;
	KEXPECT_EQ(vfs_utimensat(&uctx, "/ta/missing", t, 0), 0);
	t[1].tv_nsec = 1000000000;
	KEXPECT_EQ(vfs_utimensat(&ctx, "/ta/rootf", t, 0), -EINVAL);
	t[1].tv_nsec = 0;
	KEXPECT_EQ(vfs_utimensat(&ctx, "/ta/rootf", t, 0), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/rootf", 0, &st), 0);
	KEXPECT_EQ(st.mtime.tv_sec, 2000);
	KEXPECT_EQ(st.mtime.tv_nsec, 0);
	KEXPECT_NE(st.atime.tv_sec, 1000);
	/* truncate. */
	KEXPECT_EQ(vfs_truncate(&ctx, "/ta", 0), -EISDIR);
	KEXPECT_EQ(vfs_truncate(&ctx, "/ta/rootf", -1), -EINVAL);
	KEXPECT_EQ(vfs_truncate(&ctx, "/ta/rootf", 10000), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/rootf", 0, &st), 0);
	KEXPECT_EQ(st.size, 10000);
	KEXPECT_NE(st.mtime.tv_sec, 2000);
	KEXPECT_EQ(vfs_fchmodat(&ctx, "/ta/mine", 0444, 0), 0);
	KEXPECT_EQ(vfs_truncate(&uctx, "/ta/mine", 0), -EACCES);
	f = vfs_openat(&ctx, "/ta/rootf", O_RDONLY, 0);
	KASSERT_TRUE(!IS_ERR(f));
	KEXPECT_EQ(vfs_ftruncate(f, 0), -EINVAL);
	vfs_file_put(f);
	KEXPECT_EQ(vfs_mknodat(&ctx, "/ta/fifo", S_IFIFO | 0644, 0), 0);
	KEXPECT_EQ(vfs_truncate(&ctx, "/ta/fifo", 0), -EINVAL);
	KEXPECT_EQ(vfs_symlinkat(&ctx, "mine", "/ta/ln"), 0);
	KEXPECT_EQ(vfs_fchmodat(&ctx, "/ta/ln", 0600, AT_SYMLINK_NOFOLLOW), -EOPNOTSUPP);
	KEXPECT_EQ(vfs_fchownat(&ctx, "/ta/ln", 5, 5, AT_SYMLINK_NOFOLLOW), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/ln", AT_SYMLINK_NOFOLLOW, &st), 0);
	KEXPECT_EQ(st.uid, 5);
	KEXPECT_EQ(vfs_statat(&ctx, "/ta/ln", 0x4000, &st), -EINVAL);
	cred_put(user);
}
