// SPDX-License-Identifier: MPL-2.0
// The harness of Keel's user-space ABI suites: static Linux programs that check syscall
// semantics and print one TAP-like line per case, on Linux and on Keel alike.
//
// A suite is one .c file: "#define UTEST_SUITE "files"", include this header, write cases
// with TEST(name) { CHECK(...); ... }. Output:
//   # user-files: musl, 12 cases
//   1..12
//   ok 1 open_read_write
//   not ok 2 lseek # files.c:80: lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL (errno 0)
//   # user-files: 11 passed, 1 failed
// Every case starts in a fresh scratch directory (cwd) with umask 022 and a 10 s watchdog.
// Arguments: none runs every case; a name runs that case only; "--child ..." is a suite's
// own re-exec entry point (see utest_child()). utest_self is this program's absolute path.
#ifndef KEEL_UTEST_H
#define KEEL_UTEST_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef UTEST_SUITE
#error "define UTEST_SUITE before including utest.h"
#endif

#define UTEST_TIMEOUT 10

struct utest {
	const char *name;
	void (*fn)(void);
	int line; /* cases run in source order, whatever order the linker kept */
};

/* Cases live in their own section, which the linker brackets with __start_/__stop_. */
#define TEST(name)                                                                               \
	static void utest_fn_##name(void);                                                       \
	static const struct utest utest_case_##name                                              \
		__attribute__((used, section("utest_cases"),                                     \
			       aligned(sizeof(void *)))) = { #name, utest_fn_##name, __LINE__ }; \
	static void utest_fn_##name(void)

extern const struct utest __start_utest_cases[], __stop_utest_cases[];

/* The absolute path of this program (for re-exec) and its environment. */
static char utest_self[PATH_MAX];
static int utest_case_failed;
static char utest_first_failure[512];

/* Record a failure of the current case; the first one goes on its "not ok" line. */
static void __attribute__((format(printf, 3, 4))) utest_fail(const char *file, int line,
							     const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!utest_case_failed++)
		snprintf(utest_first_failure, sizeof(utest_first_failure), "%s:%d: %s", file, line,
			 msg);
	else
		printf("# %s:%d: %s\n", file, line, msg);
}

/* CHECK goes on after a failure, REQUIRE ends the case. errno is shown as it was. */
#define CHECK(cond)                                                                            \
	do {                                                                                   \
		int utest_errno = errno;                                                       \
		if (!(cond))                                                                   \
			utest_fail(__FILE__, __LINE__, "%s (errno %d %s)", #cond, utest_errno, \
				   strerror(utest_errno));                                     \
		errno = utest_errno;                                                           \
	} while (0)

#define REQUIRE(cond)                                                                          \
	do {                                                                                   \
		int utest_errno = errno;                                                       \
		if (!(cond)) {                                                                 \
			utest_fail(__FILE__, __LINE__, "%s (errno %d %s)", #cond, utest_errno, \
				   strerror(utest_errno));                                     \
			return;                                                                \
		}                                                                              \
	} while (0)

/* Two integers that must be equal; both values are printed on failure. */
#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		long long utest_a = (long long)(a), utest_b = (long long)(b);                      \
		if (utest_a != utest_b)                                                            \
			utest_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", #a, #b, utest_a, \
				   utest_b);                                                       \
	} while (0)

/* @expr must fail with -1 and errno @err (a Linux errno: this is the ABI being tested). */
#define CHECK_ERR(expr, err)                                                                      \
	do {                                                                                      \
		errno = 0;                                                                        \
		long long utest_r = (long long)(expr);                                            \
		int utest_e = errno;                                                              \
		if (utest_r != -1 || utest_e != (err))                                            \
			utest_fail(__FILE__, __LINE__, "%s: want -1/%s, got %lld/%d (%s)", #expr, \
				   #err, utest_r, utest_e, strerror(utest_e));                    \
	} while (0)

/* A child process's exit: nonzero codes from children say which check failed. */
#define CHECK_EXITED(status, code)                                                            \
	do {                                                                                  \
		int utest_s = (status);                                                       \
		if (!WIFEXITED(utest_s) || WEXITSTATUS(utest_s) != (code))                    \
			utest_fail(__FILE__, __LINE__, "child: want exit %d, got status %#x", \
				   (code), utest_s);                                          \
	} while (0)

/*
 * A suite that re-executes itself defines UTEST_CHILD before including this header and
 * writes utest_child(): it gets the arguments after "--child" and returns the exit code.
 */
int utest_child(int argc, char **argv);
#ifndef UTEST_CHILD
int utest_child(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 127;
}
#endif

static const char *utest_libc(void)
{
#ifdef __GLIBC__
	return "glibc";
#else
	return "musl";
#endif
}

/* Remove @path and everything below it (the scratch directory), quietly. */
static void utest_rm_rf(const char *path)
{
	char child[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	if (unlink(path) == 0 || errno == ENOENT)
		return;
	chmod(path, 0700);
	dir = opendir(path);
	if (dir) {
		while ((d = readdir(dir))) {
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			snprintf(child, sizeof(child), "%s/%s", path, d->d_name);
			utest_rm_rf(child);
		}
		closedir(dir);
	}
	rmdir(path);
}

static int utest_total, utest_passed, utest_number;
static const char *utest_current;

static void utest_put(const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t w = write(1, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* The watchdog: report the hung case and the summary, then leave. Signal-safe. */
static void utest_timeout(int sig)
{
	char buf[256];

	(void)sig;
	snprintf(buf, sizeof(buf),
		 "not ok %d %s # timed out after %d s\n# user-%s: %d passed, %d failed\n",
		 utest_number, utest_current, UTEST_TIMEOUT, UTEST_SUITE, utest_passed,
		 utest_total - utest_passed);
	utest_put(buf);
	_exit(1);
}

static void utest_run(const struct utest *t, const char *scratch)
{
	char dir[PATH_MAX];

	utest_case_failed = 0;
	utest_current = t->name;
	umask(022);
	if (snprintf(dir, sizeof(dir), "%s/%s", scratch, t->name) >= (int)sizeof(dir) ||
	    mkdir(dir, 0755) || chdir(dir)) {
		printf("not ok %d %s # scratch directory %s: %s\n", utest_number, t->name, dir,
		       strerror(errno));
		return;
	}
	alarm(UTEST_TIMEOUT);
	t->fn();
	alarm(0);
	fflush(stdout);
	if (chdir(scratch) == 0)
		utest_rm_rf(dir);
	if (utest_case_failed) {
		printf("not ok %d %s # %s\n", utest_number, t->name, utest_first_failure);
	} else {
		printf("ok %d %s\n", utest_number, t->name);
		utest_passed++;
	}
}

static void utest_find_self(const char *argv0)
{
	char cwd[PATH_MAX];
	int n;

	if (argv0[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		n = snprintf(utest_self, sizeof(utest_self), "%s", argv0);
	else
		n = snprintf(utest_self, sizeof(utest_self), "%s/%s", cwd, argv0);
	if (n >= (int)sizeof(utest_self))
		utest_self[0] = 0; /* re-exec fails cleanly rather than run something else */
}

static int utest_by_line(const void *a, const void *b)
{
	const struct utest *const *x = a, *const *y = b;

	return (*x)->line - (*y)->line;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	const char *tmp = getenv("TMPDIR");
	size_t i, n = (size_t)(__stop_utest_cases - __start_utest_cases);
	const struct utest **cases = calloc(n + 1, sizeof(*cases));
	char scratch[PATH_MAX];

	setvbuf(stdout, NULL, _IOLBF, 0);
	utest_find_self(argv[0]);
	if (only && !strcmp(only, "--child"))
		return utest_child(argc - 2, argv + 2);
	if (!cases)
		return 1;
	for (i = 0; i < n; i++)
		cases[i] = &__start_utest_cases[i];
	qsort(cases, n, sizeof(*cases), utest_by_line);
	for (i = 0; i < n; i++)
		if (!only || !strcmp(only, cases[i]->name))
			utest_total++;
	printf("# user-%s: %s, %d cases\n1..%d\n", UTEST_SUITE, utest_libc(), utest_total,
	       utest_total);
	snprintf(scratch, sizeof(scratch), "%s/keel-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp",
		 UTEST_SUITE);
	if (!mkdtemp(scratch)) {
		printf("# user-%s: cannot make %s: %s\n# user-%s: 0 passed, %d failed\n",
		       UTEST_SUITE, scratch, strerror(errno), UTEST_SUITE, utest_total);
		return 1;
	}
	signal(SIGALRM, utest_timeout);
	for (i = 0; i < n; i++) {
		if (only && strcmp(only, cases[i]->name))
			continue;
		utest_number++;
		utest_run(cases[i], scratch);
	}
	if (chdir("/") == 0)
		utest_rm_rf(scratch);
	printf("# user-%s: %d passed, %d failed\n", UTEST_SUITE, utest_passed,
	       utest_total - utest_passed);
	return utest_passed == utest_total ? 0 : 1;
}

#endif /* KEEL_UTEST_H */
