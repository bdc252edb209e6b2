// SPDX-License-Identifier: MPL-2.0
// ABI suite "files": descriptors, reads and writes, offsets, metadata, directories, links,
// pipes and fcntl, and the errno Linux gives for each kind of misuse.
#define _GNU_SOURCE
#define UTEST_SUITE "files"
#define UTEST_CHILD
#include "utest.h"

#include <stdint.h>
#include <sys/uio.h>
#include <time.h>

struct dirent64_abi {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* A page that is never writable, for "the kernel must not write here" checks. */
static const char read_only_page[4096] __attribute__((aligned(4096))) = "read-only";

static int put_file(const char *name, const char *text)
{
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	size_t len = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* The whole content of @name, NUL-terminated, in @buf of @size. */
static ssize_t get_file(const char *name, char *buf, size_t size)
{
	int fd = open(name, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	return n;
}

TEST(open_read_write)
{
	char buf[16];
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);

	REQUIRE(fd >= 0);
	CHECK_EQ(write(fd, "hello", 5), 5);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(write(fd, "", 0), 0);
	CHECK_EQ(close(fd), 0);
}

TEST(lowest_free_fd)
{
	int a = open(".", O_RDONLY | O_DIRECTORY), b, c;

	REQUIRE(a >= 0);
	b = dup(a);
	CHECK(b > a);
	CHECK_EQ(close(a), 0);
	c = open(".", O_RDONLY);
	CHECK_EQ(c, a);
	close(b);
	close(c);
}

TEST(lseek_whence)
{
	char buf[16];
	int p[2], fd = open("f", O_CREAT | O_RDWR, 0644);
	struct stat st;

	REQUIRE(fd >= 0);
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_EQ(lseek(fd, -3, SEEK_END), 7);
	CHECK_EQ(lseek(fd, 1, SEEK_CUR), 8);
	CHECK_ERR(lseek(fd, -100, SEEK_CUR), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 8);
	CHECK_ERR(lseek(fd, 0, 42), EINVAL);
	/* Past the end: a write there leaves a hole that reads back as zeros. */
	CHECK_EQ(lseek(fd, 20, SEEK_SET), 20);
	CHECK_EQ(write(fd, "x", 1), 1);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 21);
	CHECK_EQ(pread(fd, buf, 11, 10), 11);
	CHECK(!memcmp(buf, "\0\0\0\0\0\0\0\0\0\0x", 11));
	close(fd);
	REQUIRE(pipe(p) == 0);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	close(p[0]);
	close(p[1]);
}

TEST(pread_pwrite)
{
	char buf[8] = { 0 };
	int p[2], fd = open("f", O_CREAT | O_RDWR, 0644);

	REQUIRE(fd >= 0);
	CHECK_EQ(write(fd, "abcdef", 6), 6);
	CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
	CHECK_EQ(pwrite(fd, "XY", 2, 0), 2);
	CHECK_EQ(pread(fd, buf, 3, 1), 3);
	CHECK(!memcmp(buf, "Ycd", 3));
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2); /* the offset did not move */
	CHECK_EQ(pread(fd, buf, 3, 100), 0);
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK_ERR(pwrite(fd, "z", 1, -1), EINVAL);
	close(fd);
	/* Linux appends on an O_APPEND file whatever pwrite's offset says (pwrite(2), BUGS). */
	fd = open("f", O_WRONLY | O_APPEND);
	REQUIRE(fd >= 0);
	CHECK_EQ(pwrite(fd, "Z", 1, 0), 1);
	close(fd);
	CHECK_EQ(get_file("f", buf, sizeof(buf)), 7);
	CHECK(!strcmp(buf, "XYcdefZ"));
	REQUIRE(pipe(p) == 0);
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	CHECK_ERR(pwrite(p[1], buf, 1, 0), ESPIPE);
	close(p[0]);
	close(p[1]);
}

TEST(stat_fstat)
{
	struct stat st, st2;
	int fd;

	REQUIRE(put_file("f", "12345") == 0);
	CHECK_EQ(stat("f", &st), 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0644);
	CHECK_EQ(st.st_size, 5);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_uid, geteuid());
	CHECK(st.st_blksize > 0);
	CHECK(labs((long)(st.st_mtime - time(NULL))) < 60);
	fd = open("f", O_RDONLY);
	REQUIRE(fd >= 0);
	CHECK_EQ(fstat(fd, &st2), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(st2.st_dev, st.st_dev);
	close(fd);
	CHECK_EQ(mkdir("d", 0755), 0);
	CHECK_EQ(stat("d", &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK(st.st_nlink >= 2);
	CHECK_ERR(stat("missing", &st), ENOENT);
	CHECK_ERR(stat("", &st), ENOENT);
	CHECK_ERR(stat("f/x", &st), ENOTDIR);
	CHECK_ERR(stat("f/", &st), ENOTDIR);
}

TEST(unlink)
{
	struct stat st;
	char buf[8];
	int fd;

	REQUIRE(put_file("f", "data") == 0);
	fd = open("f", O_RDONLY);
	REQUIRE(fd >= 0);
	CHECK_EQ(unlink("f"), 0);
	CHECK_ERR(access("f", F_OK), ENOENT);
	/* An open file outlives its last name. */
	CHECK_EQ(read(fd, buf, sizeof(buf)), 4);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_nlink, 0);
	close(fd);
	CHECK_ERR(unlink("f"), ENOENT);
	CHECK_EQ(mkdir("d", 0755), 0);
	CHECK_ERR(unlink("d"), EISDIR);
	REQUIRE(put_file("g", "") == 0);
	CHECK_ERR(unlink("g/"), ENOTDIR);
	CHECK_EQ(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR), 0);
	CHECK_ERR(unlinkat(AT_FDCWD, "g", 0x1), EINVAL);
}

TEST(rename)
{
	struct stat st;
	char buf[8];

	REQUIRE(put_file("a", "A") == 0 && put_file("b", "B") == 0);
	CHECK_EQ(rename("a", "c"), 0);
	CHECK_ERR(access("a", F_OK), ENOENT);
	CHECK_EQ(rename("c", "b"), 0); /* replaces b */
	CHECK_EQ(get_file("b", buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "A"));
	CHECK_ERR(access("c", F_OK), ENOENT);
	CHECK_ERR(rename("nope", "x"), ENOENT);
	REQUIRE(mkdir("d", 0755) == 0 && mkdir("d/sub", 0755) == 0);
	CHECK_ERR(rename("d", "d/sub/inner"), EINVAL);
	CHECK_ERR(rename("b", "d"), EISDIR);
	CHECK_ERR(rename("d", "b"), ENOTDIR);
	REQUIRE(mkdir("full", 0755) == 0 && put_file("full/x", "") == 0);
	CHECK_ERR(rename("d", "full"), ENOTEMPTY);
	REQUIRE(mkdir("empty", 0755) == 0);
	CHECK_EQ(rename("d", "empty"), 0); /* an empty directory can be replaced */
	CHECK_EQ(stat("empty/sub", &st), 0);
	CHECK_EQ(rename("b", "b"), 0);
	/* Two names of one file: rename does nothing and both stay. */
	REQUIRE(link("b", "b2") == 0);
	CHECK_EQ(rename("b", "b2"), 0);
	CHECK_EQ(access("b", F_OK), 0);
	CHECK_EQ(access("b2", F_OK), 0);
}

TEST(mkdir_rmdir)
{
	struct stat st;

	CHECK_EQ(mkdir("d", 0777), 0);
	CHECK_EQ(stat("d", &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0755); /* umask 022 */
	CHECK_ERR(mkdir("d", 0777), EEXIST);
	CHECK_ERR(mkdir("no/such", 0777), ENOENT);
	REQUIRE(put_file("d/f", "") == 0);
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(rmdir("d/f"), ENOTDIR);
	CHECK_ERR(rmdir("."), EINVAL);
	CHECK_ERR(rmdir("missing"), ENOENT);
	CHECK_EQ(unlink("d/f"), 0);
	CHECK_EQ(rmdir("d"), 0);
	REQUIRE(put_file("f", "") == 0);
	CHECK_ERR(mkdir("f", 0777), EEXIST);
	CHECK_ERR(mkdir("f/x", 0777), ENOTDIR);
	CHECK_EQ(mkdir("d2/", 0777), 0);
	CHECK_EQ(rmdir("d2/"), 0);
}

TEST(getdents64)
{
	char buf[80] __attribute__((aligned(8))), name[16];
	int fd, i, calls = 0, files = 0, dots = 0, subs = 0, ffd;
	long n, off;

	REQUIRE(mkdir("d", 0755) == 0 && mkdir("d/sub", 0755) == 0);
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "d/f%d", i);
		REQUIRE(put_file(name, "") == 0);
	}
	fd = open("d", O_RDONLY | O_DIRECTORY);
	REQUIRE(fd >= 0);
	/* A buffer of 80 bytes holds two or three records: many calls, none lost. */
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		calls++;
		for (off = 0; off < n;) {
			struct dirent64_abi *d = (struct dirent64_abi *)(buf + off);

			CHECK(d->d_reclen % 8 == 0 && d->d_reclen > 0);
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) {
				dots++;
				CHECK_EQ(d->d_type, DT_DIR);
			} else if (!strcmp(d->d_name, "sub")) {
				subs++;
				CHECK_EQ(d->d_type, DT_DIR);
			} else {
				files++;
				CHECK(d->d_name[0] == 'f' && d->d_type == DT_REG);
			}
			off += d->d_reclen;
		}
	}
	CHECK_EQ(n, 0);
	CHECK(calls > 5);
	CHECK_EQ(dots, 2);
	CHECK_EQ(subs, 1);
	CHECK_EQ(files, 20);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 10), EINVAL); /* no room for one record */
	CHECK(syscall(SYS_getdents64, fd, buf, sizeof(buf)) > 0);
	close(fd);
	ffd = open("d/f0", O_RDONLY);
	CHECK_ERR(syscall(SYS_getdents64, ffd, buf, sizeof(buf)), ENOTDIR);
	close(ffd);
	CHECK_ERR(syscall(SYS_getdents64, -1, buf, sizeof(buf)), EBADF);
}

TEST(dup_family)
{
	char buf[4];
	int fd, d, c;

	REQUIRE(put_file("f", "0123456789") == 0);
	fd = open("f", O_RDONLY);
	REQUIRE(fd >= 0);
	d = dup(fd);
	REQUIRE(d >= 0);
	CHECK_EQ(read(fd, buf, 3), 3);
	CHECK_EQ(lseek(d, 0, SEEK_CUR), 3); /* one open file, one offset */
	CHECK_EQ(dup2(fd, fd), fd);
	CHECK_ERR(dup2(fd, -1), EBADF);
	CHECK_ERR(dup2(-1, 20), EBADF);
	CHECK_ERR(dup2(fd, 1 << 30), EBADF);
	CHECK_ERR(dup(-1), EBADF);
	/* Raw calls: musl's dup3() falls back to dup2 for flags other than O_CLOEXEC. */
	CHECK_ERR(syscall(SYS_dup3, fd, fd, 0), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, fd, 50, O_NONBLOCK), EINVAL);
	CHECK_EQ(dup3(fd, 50, O_CLOEXEC), 50);
	CHECK_EQ(fcntl(50, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(dup2(d, 50), 50); /* closes the old 50; the new one is not close-on-exec */
	CHECK_EQ(fcntl(50, F_GETFD), 0);
	close(50);
	c = open("f", O_RDONLY | O_CLOEXEC);
	REQUIRE(c >= 0);
	CHECK_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(dup2(c, 51), 51);
	CHECK_EQ(fcntl(51, F_GETFD), 0);
	close(51);
	close(c);
	close(d);
	close(fd);
}

TEST(pipe_basics)
{
	char buf[8];
	struct stat st;
	int p[2], status;
	pid_t pid;

	REQUIRE(pipe(p) == 0);
	CHECK_EQ(write(p[1], "abc", 3), 3);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3); /* what is there, not what was asked */
	CHECK_EQ(fstat(p[0], &st), 0);
	CHECK(S_ISFIFO(st.st_mode));
	CHECK_ERR(write(p[0], "x", 1), EBADF);
	CHECK_ERR(read(p[1], buf, 1), EBADF);
	close(p[1]);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0); /* no writer left: end of file */
	close(p[0]);

	REQUIRE(pipe(p) == 0);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	/* By default the writer dies of SIGPIPE. */
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		ssize_t w = write(p[1], "x", 1);

		_exit(w < 0 ? 2 : 3);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	close(p[1]);
}

TEST(pipe2_flags)
{
	static char chunk[4096];
	char c;
	long total = 0;
	int p[2];

	REQUIRE(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
	CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	/* Linux's default pipe holds 16 pages. */
	for (;;) {
		ssize_t w = write(p[1], chunk, sizeof(chunk));

		if (w < 0)
			break;
		total += w;
		if (total > (1 << 20))
			break;
	}
	CHECK_EQ(errno, EAGAIN);
	CHECK_EQ(total, 65536);
	close(p[0]);
	close(p[1]);
	CHECK_ERR(pipe2(p, O_WRONLY), EINVAL);
	CHECK_ERR(syscall(SYS_pipe2, (void *)8, 0), EFAULT);
}

TEST(fcntl)
{
	int fd = open("f", O_CREAT | O_WRONLY | O_APPEND, 0644), fl, d;

	REQUIRE(fd >= 0);
	fl = fcntl(fd, F_GETFL);
	CHECK_EQ(fl & O_ACCMODE, O_WRONLY);
	CHECK(fl & O_APPEND);
	/* F_SETFL replaces the status flags, and never the access mode. */
	CHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK | O_RDWR), 0);
	fl = fcntl(fd, F_GETFL);
	CHECK(fl & O_NONBLOCK);
	CHECK(!(fl & O_APPEND));
	CHECK_EQ(fl & O_ACCMODE, O_WRONLY);
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	d = fcntl(fd, F_DUPFD, 100);
	CHECK_EQ(d, 100);
	CHECK_EQ(fcntl(d, F_GETFD), 0);
	close(d);
	d = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	CHECK_EQ(d, 100);
	CHECK_EQ(fcntl(d, F_GETFD), FD_CLOEXEC);
	close(d);
	CHECK_ERR(fcntl(fd, F_DUPFD, 1 << 30), EINVAL);
	CHECK_ERR(fcntl(fd, 9999), EINVAL);
	CHECK_ERR(fcntl(-1, F_GETFD), EBADF);
	close(fd);
}

TEST(cloexec_exec)
{
	char a_str[16], b_str[16];
	int a, b, status;
	pid_t pid;

	REQUIRE(put_file("f", "") == 0);
	a = open("f", O_RDONLY | O_CLOEXEC);
	b = open("f", O_RDONLY);
	REQUIRE(a >= 0 && b >= 0);
	snprintf(a_str, sizeof(a_str), "%d", a);
	snprintf(b_str, sizeof(b_str), "%d", b);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		execl(utest_self, utest_self, "--child", "fds", a_str, b_str, (char *)NULL);
		_exit(126);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	close(a);
	close(b);
}

/* After exec: argv[1] (close-on-exec) must be gone, argv[2] still open. */
int utest_child(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[0], "fds"))
		return 127;
	if (fcntl(atoi(argv[1]), F_GETFD) != -1 || errno != EBADF)
		return 1;
	if (fcntl(atoi(argv[2]), F_GETFD) != 0)
		return 2;
	return 0;
}

TEST(open_flags)
{
	char name[300], buf[8];
	struct stat st;
	int fd, dfd;

	REQUIRE(put_file("f", "abc") == 0);
	CHECK_ERR(open("f", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(open("f/", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f/x", O_RDONLY), ENOTDIR);
	REQUIRE(mkdir("d", 0755) == 0);
	CHECK_ERR(open("d", O_WRONLY), EISDIR);
	CHECK_ERR(open("d", O_RDWR), EISDIR);
	CHECK_ERR(open("missing", O_RDONLY), ENOENT);
	CHECK_ERR(open("", O_RDONLY), ENOENT);
	CHECK_ERR(open("missing/x", O_CREAT | O_WRONLY, 0644), ENOENT);
	memset(name, 'n', 256);
	name[256] = 0;
	CHECK_ERR(open(name, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	/* O_TRUNC empties; O_APPEND writes at the end whatever the offset. */
	fd = open("f", O_WRONLY | O_TRUNC | O_APPEND);
	REQUIRE(fd >= 0);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(write(fd, "1", 1), 1);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(write(fd, "2", 1), 1);
	close(fd);
	CHECK_EQ(get_file("f", buf, sizeof(buf)), 2);
	CHECK(!strcmp(buf, "12"));
	fd = creat("g", 0600);
	REQUIRE(fd >= 0);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0600);
	/* *at(): relative to a directory descriptor; a file there is ENOTDIR. */
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	REQUIRE(dfd >= 0);
	fd = openat(dfd, "inside", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(access("d/inside", F_OK), 0);
	fd = open("f", O_RDONLY);
	CHECK_ERR(openat(fd, "x", O_RDONLY), ENOTDIR);
	CHECK_ERR(openat(-1, "f", O_RDONLY), EBADF);
	close(fd);
	fd = openat(-1, "/", O_RDONLY); /* absolute: the descriptor is not used */
	CHECK(fd >= 0);
	close(fd);
	close(dfd);
}

TEST(bad_fds)
{
	struct stat st;
	char c = 0;
	int fd;

	CHECK_ERR(read(-1, &c, 1), EBADF);
	CHECK_ERR(write(-1, &c, 1), EBADF);
	CHECK_ERR(read(1000, &c, 1), EBADF);
	CHECK_ERR(close(1000), EBADF);
	CHECK_ERR(fstat(-1, &st), EBADF);
	CHECK_ERR(lseek(-1, 0, SEEK_SET), EBADF);
	fd = open("f", O_CREAT | O_WRONLY, 0644);
	REQUIRE(fd >= 0);
	CHECK_ERR(read(fd, &c, 1), EBADF);
	close(fd);
	CHECK_ERR(close(fd), EBADF);
	fd = open("f", O_RDONLY);
	REQUIRE(fd >= 0);
	CHECK_ERR(write(fd, &c, 1), EBADF);
	close(fd);
}

TEST(efault)
{
	void *bad = (void *)8, *kernel = (void *)-4096L;
	int fd, dfd;

	REQUIRE(put_file("f", "data") == 0);
	fd = open("f", O_RDWR);
	dfd = open(".", O_RDONLY | O_DIRECTORY);
	REQUIRE(fd >= 0 && dfd >= 0);
	CHECK_ERR(syscall(SYS_read, fd, bad, 4), EFAULT);
	CHECK_ERR(syscall(SYS_read, fd, kernel, 4), EFAULT);
	/* The kernel must not write through to a read-only user page either. */
	CHECK_ERR(syscall(SYS_pread64, fd, read_only_page, 4, 0), EFAULT);
	CHECK(!strcmp(read_only_page, "read-only"));
	CHECK_ERR(syscall(SYS_write, fd, bad, 4), EFAULT);
	CHECK_ERR(syscall(SYS_write, fd, kernel, 4), EFAULT);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, bad, O_RDONLY), EFAULT);
	CHECK_ERR(syscall(SYS_fstat, fd, bad), EFAULT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "f", bad, 0), EFAULT);
	CHECK_ERR(syscall(SYS_mkdirat, AT_FDCWD, bad, 0755), EFAULT);
	CHECK_ERR(syscall(SYS_unlinkat, AT_FDCWD, kernel, 0), EFAULT);
	CHECK_ERR(syscall(SYS_getdents64, dfd, bad, 4096), EFAULT);
	CHECK_ERR(syscall(SYS_writev, fd, bad, 1), EFAULT);
	close(dfd);
	close(fd);
}

TEST(readv_writev)
{
	char a[2], b[3];
	struct iovec out[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
	struct iovec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int fd = open("f", O_CREAT | O_RDWR, 0644);

	REQUIRE(fd >= 0);
	CHECK_EQ(writev(fd, out, 3), 5);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(readv(fd, in, 2), 5);
	CHECK(!memcmp(a, "ab", 2) && !memcmp(b, "cde", 3));
	CHECK_ERR(syscall(SYS_writev, fd, out, -1), EINVAL);
	CHECK_ERR(syscall(SYS_writev, fd, out, 1025), EINVAL); /* over IOV_MAX */
	close(fd);
}

TEST(truncate)
{
	char buf[16];
	struct stat st;
	int fd;

	REQUIRE(put_file("f", "hello") == 0);
	CHECK_EQ(truncate("f", 2), 0);
	CHECK_EQ(stat("f", &st), 0);
	CHECK_EQ(st.st_size, 2);
	fd = open("f", O_RDWR);
	REQUIRE(fd >= 0);
	CHECK_EQ(ftruncate(fd, 10), 0);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 10);
	CHECK(!memcmp(buf, "he\0\0\0\0\0\0\0\0", 10));
	CHECK_ERR(ftruncate(fd, -1), EINVAL);
	CHECK_ERR(truncate("missing", 0), ENOENT);
	close(fd);
	fd = open("f", O_RDONLY);
	CHECK_ERR(ftruncate(fd, 0), EINVAL); /* not open for writing */
	close(fd);
	CHECK_ERR(ftruncate(-1, 0), EBADF);
}

TEST(links)
{
	struct stat st, st2;
	char buf[64];
	int fd;

	REQUIRE(put_file("f", "x") == 0);
	CHECK_EQ(link("f", "g"), 0);
	CHECK_EQ(stat("f", &st), 0);
	CHECK_EQ(stat("g", &st2), 0);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(st.st_ino, st2.st_ino);
	CHECK_EQ(symlink("f", "s"), 0);
	CHECK_EQ(lstat("s", &st2), 0);
	CHECK(S_ISLNK(st2.st_mode));
	CHECK_EQ(st2.st_size, 1);
	CHECK_EQ(stat("s", &st2), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	memset(buf, '#', sizeof(buf));
	CHECK_EQ(readlink("s", buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], 'f');
	CHECK_EQ(buf[1], '#'); /* no NUL added */
	CHECK_ERR(readlink("f", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(readlink("missing", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(symlink("f", "s"), EEXIST);
	REQUIRE(mkdir("d", 0755) == 0);
	CHECK_ERR(link("d", "d2"), EPERM);
	CHECK_EQ(symlink("nowhere", "dangling"), 0);
	CHECK_ERR(open("dangling", O_RDONLY), ENOENT);
	CHECK_EQ(symlink("loop", "loop"), 0);
	CHECK_ERR(open("loop", O_RDONLY), ELOOP);
	CHECK_ERR(open("s", O_RDONLY | O_NOFOLLOW), ELOOP);
	fd = open("s", O_RDONLY);
	CHECK(fd >= 0);
	close(fd);
}

TEST(access_chmod)
{
	struct stat st;
	int fd;

	REQUIRE(put_file("f", "") == 0);
	CHECK_EQ(access("f", R_OK | W_OK), 0);
	CHECK_ERR(access("missing", F_OK), ENOENT);
	/* No execute bit: not executable even for root. */
	CHECK_ERR(access("f", X_OK), EACCES);
	CHECK_EQ(chmod("f", 0700), 0);
	CHECK_EQ(access("f", X_OK), 0);
	fd = open("f", O_RDONLY);
	REQUIRE(fd >= 0);
	CHECK_EQ(fchmod(fd, 0640), 0);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0640);
	close(fd);
	CHECK_ERR(chmod("missing", 0600), ENOENT);
}
