// SPDX-License-Identifier: MPL-2.0
// ABI suite "memory": mmap (anonymous and file, private and shared, fixed), munmap, mprotect,
// mremap, madvise and brk, with faults caught as SIGSEGV/SIGBUS and their siginfo checked.
#define _GNU_SOURCE
#define UTEST_SUITE "memory"
#include "utest.h"

#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>

static long page;
static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_sig;
static volatile int fault_code;
static void *volatile fault_addr;

static void fault_handler(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_code = info->si_code;
	fault_addr = info->si_addr;
	siglongjmp(fault_jmp, 1);
}

static void catch_faults(bool on)
{
	struct sigaction sa = { .sa_sigaction = fault_handler, .sa_flags = SA_SIGINFO };

	if (!on)
		sa.sa_handler = SIG_DFL, sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* Touch @p (write @value, or read when @value < 0); the signal it raised, or 0. */
static int touch(volatile char *p, int value)
{
	fault_sig = 0;
	catch_faults(true);
	if (sigsetjmp(fault_jmp, 1) == 0) {
		if (value < 0)
			(void)*p;
		else
			*p = (char)value;
	}
	catch_faults(false);
	return fault_sig;
}

static void *map_anon(size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

static int make_file(const char *name, size_t len, char fill)
{
	char buf[4096];
	int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);

	memset(buf, fill, sizeof(buf));
	for (size_t done = 0; fd >= 0 && done < len; done += sizeof(buf))
		if (write(fd, buf, len - done < sizeof(buf) ? len - done : sizeof(buf)) < 0)
			return -1;
	return fd;
}

TEST(anonymous_private)
{
	char *p;
	bool zero = true;

	page = sysconf(_SC_PAGESIZE);
	CHECK(page >= 4096 && !(page & (page - 1)));
	p = map_anon(3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	REQUIRE(p != MAP_FAILED);
	CHECK_EQ((uintptr_t)p % page, 0);
	for (long i = 0; i < 3 * page; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	memset(p, 0x5a, 3 * page);
	CHECK_EQ(p[3 * page - 1], 0x5a);
	CHECK_EQ(munmap(p, 3 * page), 0);
	CHECK_EQ(munmap(p, 3 * page), 0); /* nothing mapped there any more: still fine */
}

TEST(mmap_errors)
{
	char *p;
	int fd;

	page = sysconf(_SC_PAGESIZE);
	CHECK(map_anon(0, PROT_READ, MAP_PRIVATE) == MAP_FAILED && errno == EINVAL);
	CHECK(map_anon(page, PROT_READ, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap((void *)(uintptr_t)(page + 1), page, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(mmap(NULL, page, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED && errno == EBADF);
	fd = make_file("f", 2 * page, 'f');
	REQUIRE(fd >= 0);
	CHECK(mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 1) == MAP_FAILED && errno == EINVAL);
	close(fd);
	/* A shared writable mapping needs a file opened for writing. */
	fd = open("f", O_RDONLY);
	CHECK(mmap(NULL, page, PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES);
	close(fd);
	p = map_anon(page, PROT_READ, MAP_PRIVATE);
	REQUIRE(p != MAP_FAILED);
	/* Raw calls: a libc may round the address down before the kernel sees it. */
	CHECK_ERR(syscall(SYS_munmap, p + 1, page), EINVAL);
	CHECK_ERR(syscall(SYS_mprotect, p + 1, page, PROT_READ), EINVAL);
	CHECK_ERR(syscall(SYS_munmap, p, 0), EINVAL);
	munmap(p, page);
	/* mprotect of a range with nothing mapped: ENOMEM. */
	CHECK_ERR(syscall(SYS_mprotect, p, page, PROT_READ), ENOMEM);
}

TEST(munmap_then_segv)
{
	char *p;

	page = sysconf(_SC_PAGESIZE);
	p = map_anon(2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	REQUIRE(p != MAP_FAILED);
	CHECK_EQ(munmap(p + page, page), 0);
	CHECK_EQ(touch(p, 1), 0);
	CHECK_EQ(touch(p + page + 10, 1), SIGSEGV);
	CHECK_EQ(fault_code, SEGV_MAPERR);
	CHECK(fault_addr == p + page + 10);
	CHECK_EQ(touch(p + page, -1), SIGSEGV);
	munmap(p, page);
}

TEST(mprotect_then_segv)
{
	char *p;

	page = sysconf(_SC_PAGESIZE);
	p = map_anon(2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	REQUIRE(p != MAP_FAILED);
	memset(p, 'a', 2 * page);
	CHECK_EQ(mprotect(p, page, PROT_READ), 0);
	CHECK_EQ(touch(p + 5, 'b'), SIGSEGV);
	CHECK_EQ(fault_code, SEGV_ACCERR);
	CHECK(fault_addr == p + 5);
	CHECK_EQ(p[5], 'a'); /* still readable, and unchanged */
	/* The second page kept its protection. */
	CHECK_EQ(touch(p + page, 'c'), 0);
	CHECK_EQ(mprotect(p, page, PROT_NONE), 0);
	CHECK_EQ(touch(p, -1), SIGSEGV);
	CHECK_EQ(fault_code, SEGV_ACCERR);
	CHECK_EQ(mprotect(p, page, PROT_READ | PROT_WRITE), 0);
	CHECK_EQ(touch(p, 'd'), 0);
	CHECK_EQ(p[0], 'd');
	munmap(p, 2 * page);
}

TEST(map_fixed_replaces)
{
	char *p, *q;

	page = sysconf(_SC_PAGESIZE);
	p = map_anon(4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	REQUIRE(p != MAP_FAILED);
	memset(p, 'a', 4 * page);
	q = mmap(p + page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0);
	CHECK(q == p + page);
	CHECK_EQ(p[page], 0);
	CHECK_EQ(p[2 * page - 1], 0);
	CHECK_EQ(p[page - 1], 'a');
	CHECK_EQ(p[2 * page], 'a');
	/* MAP_FIXED_NOREPLACE refuses an occupied range. */
	q = mmap(p, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(q == MAP_FAILED && errno == EEXIST);
	munmap(p, 4 * page);
}

TEST(file_private)
{
	char *p, buf[4];
	int fd;

	page = sysconf(_SC_PAGESIZE);
	fd = make_file("f", 2 * page, 'f');
	REQUIRE(fd >= 0);
	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, page);
	REQUIRE(p != MAP_FAILED);
	CHECK_EQ(p[0], 'f');
	CHECK_EQ(p[page - 1], 'f');
	p[0] = 'X'; /* copy-on-write: the file does not see it */
	CHECK_EQ(pread(fd, buf, 1, page), 1);
	CHECK_EQ(buf[0], 'f');
	/* Past the end of the file, inside the mapping: SIGBUS. */
	CHECK_EQ(touch(p + page, -1), SIGBUS);
	munmap(p, 2 * page);
	close(fd);
}

TEST(file_shared)
{
	char *p, buf[4];
	int fd;

	page = sysconf(_SC_PAGESIZE);
	fd = make_file("f", page + 100, 's');
	REQUIRE(fd >= 0);
	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	REQUIRE(p != MAP_FAILED);
	p[10] = 'M'; /* seen by read() at once: one page cache */
	CHECK_EQ(pread(fd, buf, 1, 10), 1);
	CHECK_EQ(buf[0], 'M');
	CHECK_EQ(pwrite(fd, "W", 1, 20), 1);
	CHECK_EQ(p[20], 'W');
	/* The last page is zero past the end of the file. */
	CHECK_EQ(p[page + 99], 's');
	CHECK_EQ(p[page + 100], 0);
	CHECK_EQ(msync(p, page, MS_SYNC), 0);
	munmap(p, 2 * page);
	close(fd);
}

TEST(fork_shared_and_private)
{
	int *shared, *private_, status;
	pid_t pid;

	page = sysconf(_SC_PAGESIZE);
	shared = map_anon(page, PROT_READ | PROT_WRITE, MAP_SHARED);
	private_ = map_anon(page, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	REQUIRE(shared != MAP_FAILED && private_ != MAP_FAILED);
	*shared = 1;
	*private_ = 1;
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		*shared = 2;
		*private_ = 2;
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EQ(*shared, 2);
	CHECK_EQ(*private_, 1); /* copy-on-write after fork */
	munmap(shared, page);
	munmap(private_, page);
}

TEST(mremap_madvise)
{
	char *p, *q;

	page = sysconf(_SC_PAGESIZE);
	p = map_anon(2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	REQUIRE(p != MAP_FAILED);
	memset(p, 'r', 2 * page);
	q = mremap(p, 2 * page, 64 * page, MREMAP_MAYMOVE);
	REQUIRE(q != MAP_FAILED);
	CHECK_EQ(q[2 * page - 1], 'r');
	CHECK_EQ(q[63 * page], 0);
	q = mremap(q, 64 * page, page, 0); /* shrinking never moves */
	CHECK(q != MAP_FAILED);
	/* MADV_DONTNEED on private anonymous memory: zeros on the next touch. */
	CHECK_EQ(madvise(q, page, MADV_DONTNEED), 0);
	CHECK_EQ(q[0], 0);
	CHECK_ERR(madvise(q + 1, page, MADV_DONTNEED), EINVAL);
	munmap(q, page);
}

TEST(brk)
{
	char *cur = (char *)syscall(SYS_brk, 0), *now;
	long len = 64 * 1024;

	REQUIRE(cur != NULL);
	now = (char *)syscall(SYS_brk, cur + len);
	REQUIRE(now == cur + len);
	memset(cur, 'b', len);
	CHECK_EQ(cur[len - 1], 'b');
	/* A failed brk returns the current break rather than an error. */
	CHECK(syscall(SYS_brk, (char *)4096) == (long)now);
	CHECK(syscall(SYS_brk, cur) == (long)cur);
	CHECK_EQ(touch(cur + len - 1, -1), SIGSEGV); /* given back */
}
