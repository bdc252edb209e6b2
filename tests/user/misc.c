// SPDX-License-Identifier: MPL-2.0
// ABI suite "misc": uname, getrandom, getcwd/chdir, umask, rlimits, credentials, prctl names,
// sysinfo and the scheduler calls a libc makes at start-up.
#define _GNU_SOURCE
#define UTEST_SUITE "misc"
#include "utest.h"

#include <sched.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#if defined(__x86_64__)
#define MACHINE "x86_64"
#elif defined(__aarch64__)
#define MACHINE "aarch64"
#elif defined(__riscv) && __riscv_xlen == 64
#define MACHINE "riscv64"
#else
#error "unknown architecture"
#endif

TEST(uname)
{
	struct utsname u;
	char host[sizeof(u.nodename)];

	CHECK_EQ(uname(&u), 0);
	/* Programs check these: Keel answers as Linux does. */
	CHECK(!strcmp(u.sysname, "Linux"));
	CHECK(!strcmp(u.machine, MACHINE));
	CHECK(u.release[0] >= '3' && u.release[0] <= '9');
	CHECK(u.nodename[0] != 0);
	CHECK(u.version[0] != 0);
	CHECK_EQ(gethostname(host, sizeof(host)), 0);
	CHECK(!strcmp(host, u.nodename));
	CHECK_ERR(syscall(SYS_uname, (void *)8), EFAULT);
}

TEST(getrandom)
{
	unsigned char a[64], b[64];
	int zeros = 0;

	CHECK_EQ(getrandom(a, sizeof(a), 0), 64);
	CHECK_EQ(getrandom(b, sizeof(b), GRND_NONBLOCK), 64);
	for (unsigned int i = 0; i < sizeof(a); i++)
		zeros += !a[i];
	CHECK(zeros < 16);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK_EQ(getrandom(a, 0, 0), 0);
	CHECK_ERR(getrandom(a, sizeof(a), 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_getrandom, (void *)8, 16, 0), EFAULT);
}

TEST(getcwd_chdir)
{
	char start[PATH_MAX], buf[PATH_MAX], tiny[2];
	int fd;

	REQUIRE(getcwd(start, sizeof(start)) != NULL);
	CHECK_EQ(start[0], '/');
	CHECK_EQ(chdir("/"), 0);
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/"));
	/* The raw call returns the length with its NUL. */
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof(buf)), 2);
	CHECK_ERR(syscall(SYS_getcwd, tiny, 1), ERANGE);
	CHECK(getcwd(tiny, 1) == NULL && errno == ERANGE);
	CHECK_EQ(chdir(start), 0);
	REQUIRE(mkdir("sub", 0755) == 0);
	CHECK_EQ(chdir("sub"), 0);
	CHECK(getcwd(buf, sizeof(buf)) && strlen(buf) == strlen(start) + 4 &&
	      !strncmp(buf, start, strlen(start)) && !strcmp(buf + strlen(start), "/sub"));
	CHECK_EQ(chdir(".."), 0);
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, start));
	fd = open("sub", O_RDONLY | O_DIRECTORY);
	REQUIRE(fd >= 0);
	CHECK_EQ(fchdir(fd), 0);
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf + strlen(start), "/sub"));
	CHECK_EQ(chdir(start), 0);
	close(fd);
	fd = open("file", O_CREAT | O_WRONLY, 0644);
	CHECK_ERR(fchdir(fd), ENOTDIR);
	close(fd);
	CHECK_ERR(chdir("file"), ENOTDIR);
	CHECK_ERR(chdir("missing"), ENOENT);
	CHECK_ERR(chdir(""), ENOENT);
	CHECK_ERR(fchdir(-1), EBADF);
}

TEST(umask)
{
	struct stat st;
	int fd;

	CHECK_EQ(umask(027), 022);
	CHECK_EQ(umask(027), 027);
	fd = open("f", O_CREAT | O_WRONLY, 0666);
	REQUIRE(fd >= 0);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0640);
	close(fd);
	CHECK_EQ(mkdir("d", 0777), 0);
	CHECK_EQ(stat("d", &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0750);
	CHECK_EQ(umask(0777 | 07000), 027); /* only the permission bits are kept */
	CHECK_EQ(umask(022), 0777);
}

TEST(rlimits)
{
	struct rlimit old, lim;
	int fds[16], n = 0, fd;

	CHECK_EQ(getrlimit(RLIMIT_STACK, &lim), 0);
	CHECK(lim.rlim_cur > 0);
	REQUIRE(getrlimit(RLIMIT_NOFILE, &old) == 0);
	CHECK(old.rlim_cur > 0 && old.rlim_cur <= old.rlim_max);
	lim.rlim_cur = 10;
	lim.rlim_max = old.rlim_max;
	REQUIRE(setrlimit(RLIMIT_NOFILE, &lim) == 0);
	/* Descriptors stop below the soft limit. */
	while (n < 16 && (fd = open(".", O_RDONLY)) >= 0)
		fds[n++] = fd;
	CHECK_EQ(errno, EMFILE);
	CHECK(n > 0 && fds[n - 1] == 9);
	CHECK_ERR(dup2(0, 10), EBADF);
	while (n)
		close(fds[--n]);
	lim.rlim_cur = old.rlim_max + (old.rlim_max != RLIM_INFINITY);
	if (old.rlim_max != RLIM_INFINITY)
		CHECK_ERR(setrlimit(RLIMIT_NOFILE, &lim), EINVAL); /* soft above hard */
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &old), 0);
	CHECK_ERR(getrlimit(1000, &lim), EINVAL);
}

TEST(credentials)
{
	gid_t groups[64];

	CHECK_EQ(getuid(), geteuid());
	CHECK_EQ(getgid(), getegid());
	CHECK(getgroups(64, groups) >= 0);
	CHECK(getpid() > 0 && getppid() > 0);
	CHECK_EQ(syscall(SYS_gettid), getpid()); /* a single-threaded process */
}

TEST(prctl_name)
{
	char name[32] = { 0 }, old[32] = { 0 };

	CHECK_EQ(prctl(PR_GET_NAME, old), 0);
	CHECK_EQ(prctl(PR_SET_NAME, "keel-test-name-that-is-long"), 0);
	CHECK_EQ(prctl(PR_GET_NAME, name), 0);
	CHECK(!strcmp(name, "keel-test-name-")); /* 15 bytes and a NUL */
	CHECK_EQ(prctl(PR_SET_NAME, old), 0);
	CHECK_ERR(prctl(0x7fffffff, 0, 0, 0, 0), EINVAL);
}

TEST(sysinfo_and_sched)
{
	struct sysinfo si;
	cpu_set_t set;

	CHECK_EQ(sysinfo(&si), 0);
	CHECK(si.uptime > 0);
	CHECK(si.totalram > 0 && si.mem_unit > 0);
	CHECK(si.freeram <= si.totalram);
	CHECK(si.procs > 0);
	CHECK_EQ(sched_yield(), 0);
	CPU_ZERO(&set);
	CHECK_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
	CHECK(CPU_COUNT(&set) >= 1);
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1);
	CHECK_EQ(sysconf(_SC_PAGESIZE), getpagesize());
}
