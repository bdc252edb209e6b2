// SPDX-License-Identifier: MPL-2.0
// ABI suite "proc": the /proc files tools parse (proc(5) formats): /proc/self, <pid>/stat,
// status, maps, fd/ links, cmdline, meminfo, mounts, uptime, the pid directories and
// sys/kernel. As init (pid 1, nothing mounted) it mounts proc on /proc first.
#define _GNU_SOURCE
#define UTEST_SUITE "proc"
#include "utest.h"

#include <sys/mount.h>

/* Mount proc on /proc unless it is there (Keel's init starts with a bare initramfs). */
static void need_proc(void)
{
	if (access("/proc/self", F_OK) == 0)
		return;
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
}

/* Read a whole file into @buf (NUL-terminated); bytes read or -1. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, len = 0;

	if (fd < 0)
		return -1;
	while ((size_t)len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return len;
}

TEST(self_link)
{
	char buf[32], want[32];
	ssize_t n;

	need_proc();
	n = readlink("/proc/self", buf, sizeof(buf) - 1);
	REQUIRE(n > 0);
	buf[n] = 0;
	snprintf(want, sizeof(want), "%d", getpid());
	CHECK(strcmp(buf, want) == 0);
}

TEST(stat_fields)
{
	static char buf[4096];
	char *p, *close_paren;
	int fields = 2, pid = -1, ppid = -1;
	char state = 0;

	need_proc();
	REQUIRE(slurp("/proc/self/stat", buf, sizeof(buf)) > 0);
	CHECK(sscanf(buf, "%d (", &pid) == 1);
	CHECK_EQ(pid, getpid());
	close_paren = strrchr(buf, ')');
	REQUIRE(close_paren);
	CHECK(sscanf(close_paren + 1, " %c %d", &state, &ppid) == 2);
	CHECK(state == 'R');
	CHECK_EQ(ppid, getppid());
	for (p = close_paren + 1; *p && *p != '\n'; p++)
		if (*p == ' ' && p[1] && p[1] != ' ' && p[1] != '\n')
			fields++;
	CHECK_EQ(fields, 52); /* proc(5): 52 fields since Linux 3.5 */
}

TEST(status_lines)
{
	static char buf[8192];
	char want[64];

	need_proc();
	REQUIRE(slurp("/proc/self/status", buf, sizeof(buf)) > 0);
	CHECK(strncmp(buf, "Name:\t", 6) == 0);
	snprintf(want, sizeof(want), "\nPid:\t%d\n", getpid());
	CHECK(strstr(buf, want));
	snprintf(want, sizeof(want), "\nPPid:\t%d\n", getppid());
	CHECK(strstr(buf, want));
	CHECK(strstr(buf, "\nState:\tR (running)\n"));
	CHECK(strstr(buf, "\nUmask:\t0022\n")); /* every case runs with umask 022 */
	CHECK(strstr(buf, "\nVmSize:"));
	CHECK(strstr(buf, "\nThreads:\t1\n"));
}

TEST(maps_lines)
{
	static char buf[65536];
	char *line, *save = NULL;
	int lines = 0, bad = 0;
	unsigned long start, end, off, ino;
	unsigned int maj, min;
	char perms[8];

	need_proc();
	REQUIRE(slurp("/proc/self/maps", buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, "[stack]\n"));
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lines++;
		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu", &start, &end, perms, &off, &maj, &min,
			   &ino) != 7 ||
		    start >= end || strlen(perms) != 4)
			bad++;
	}
	CHECK(lines >= 3);
	CHECK_EQ(bad, 0);
}

TEST(fd_links)
{
	char buf[PATH_MAX], path[64], cwd[PATH_MAX];
	int fds[2], fd;
	ssize_t n;

	need_proc();
	REQUIRE(pipe(fds) == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	n = readlink(path, buf, sizeof(buf) - 1);
	REQUIRE(n > 0);
	buf[n] = 0;
	CHECK(strncmp(buf, "pipe:[", 6) == 0);
	close(fds[0]);
	close(fds[1]);
	fd = open("f", O_CREAT | O_RDWR, 0644);
	REQUIRE(fd >= 0 && getcwd(cwd, sizeof(cwd)));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf) - 1);
	REQUIRE(n > 0);
	buf[n] = 0;
	strcat(cwd, "/f");
	CHECK(strcmp(buf, cwd) == 0);
	close(fd);
}

TEST(cmdline_nul)
{
	char buf[4096];
	ssize_t n;

	need_proc();
	n = slurp("/proc/self/cmdline", buf, sizeof(buf));
	CHECK(n > 1);
	CHECK(n > 0 && buf[n - 1] == 0);
}

TEST(meminfo_total)
{
	static char buf[8192];
	unsigned long total = 0, free_kb = ~0ul;
	char *p;

	need_proc();
	REQUIRE(slurp("/proc/meminfo", buf, sizeof(buf)) > 0);
	p = strstr(buf, "MemTotal:");
	CHECK(p && sscanf(p, "MemTotal: %lu kB", &total) == 1 && total > 0);
	p = strstr(buf, "MemFree:");
	CHECK(p && sscanf(p, "MemFree: %lu kB", &free_kb) == 1 && free_kb <= total);
	CHECK(strstr(buf, "MemAvailable:"));
}

TEST(mounts_parse)
{
	static char buf[65536];
	char *line, *save = NULL, src[256], dir[256], type[64], opts[256];
	int a, b, bad = 0, proc = 0;

	need_proc();
	REQUIRE(slurp("/proc/mounts", buf, sizeof(buf)) > 0);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%255s %255s %63s %255s %d %d", src, dir, type, opts, &a, &b) != 6)
			bad++;
		else if (!strcmp(dir, "/proc") && !strcmp(type, "proc"))
			proc++;
	}
	CHECK_EQ(bad, 0);
	CHECK(proc >= 1);
}

TEST(uptime_parse)
{
	char buf[128];
	double up = -1, idle = -1;

	need_proc();
	REQUIRE(slurp("/proc/uptime", buf, sizeof(buf)) > 0);
	CHECK(sscanf(buf, "%lf %lf", &up, &idle) == 2);
	CHECK(up > 0 && idle >= 0);
}

TEST(pid_dirs)
{
	char want[16];
	struct dirent *d;
	int self = 0, mine = 0;
	DIR *dir;

	need_proc();
	dir = opendir("/proc");
	REQUIRE(dir);
	snprintf(want, sizeof(want), "%d", getpid());
	while ((d = readdir(dir))) {
		self += !strcmp(d->d_name, "self");
		mine += !strcmp(d->d_name, want) && d->d_type == DT_DIR;
	}
	closedir(dir);
	CHECK_EQ(self, 1);
	CHECK_EQ(mine, 1);
}

TEST(sys_kernel)
{
	char buf[128];

	need_proc();
	REQUIRE(slurp("/proc/sys/kernel/ostype", buf, sizeof(buf)) > 0);
	CHECK(strcmp(buf, "Linux\n") == 0);
	CHECK(slurp("/proc/sys/kernel/osrelease", buf, sizeof(buf)) > 1);
	CHECK(slurp("/proc/version", buf, sizeof(buf)) > 0 &&
	      strncmp(buf, "Linux version ", 14) == 0);
}
