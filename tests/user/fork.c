// SPDX-License-Identifier: MPL-2.0
// ABI suite "fork": fork and wait4 statuses, copy-on-write isolation, vfork, posix_spawn,
// waitid, process groups, threads through clone and futex (pthread_create/join, exec and
// exit_group from a threaded process), orphans reparented to init, SIGCHLD ignored.
#define _GNU_SOURCE
#define UTEST_SUITE "fork"
#define UTEST_CHILD
#include "utest.h"

#include <pthread.h>
#include <spawn.h>
#include <sys/mman.h>
#include <time.h>

/* <linux/futex.h> is not on musl-gcc's include path: Linux's values. */
#define FUTEX_WAIT		  0
#define FUTEX_WAKE		  1
#define FUTEX_WAIT_BITSET	  9
#define FUTEX_PRIVATE_FLAG	  128
#define FUTEX_WAIT_PRIVATE	  (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE	  (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)

/* Re-executed as "--child CODE": exit with CODE. */
int utest_child(int argc, char **argv)
{
	return argc > 0 ? atoi(argv[0]) : 127;
}

TEST(fork_wait4_status)
{
	int status = -1;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(42);
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK_EXITED(status, 42);
	CHECK_ERR(wait4(pid, &status, 0, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &status, WNOHANG, NULL), ECHILD);
}

TEST(fork_child_ids)
{
	pid_t parent = getpid(), pid = fork();
	int status;

	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(getppid() == parent && getpid() != parent ? 0 : 1);
	CHECK(pid != parent);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
}

static volatile int cow_var = 1;
static char cow_page[8192];

TEST(cow_isolation)
{
	char *heap = malloc(100000);
	int status;
	pid_t pid;

	REQUIRE(heap);
	memset(heap, 'p', 100000);
	cow_page[5000] = 'p';
	cow_var = 1;
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		cow_var = 2;
		heap[99999] = 'c';
		cow_page[5000] = 'c';
		_exit(cow_var == 2 && heap[99999] == 'c' && cow_page[5000] == 'c' ? 0 : 1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	CHECK_EQ(cow_var, 1);
	CHECK_EQ(heap[99999], 'p');
	CHECK_EQ(cow_page[5000], 'p');
	/* the parent's own write after the child is gone */
	cow_var = 3;
	CHECK_EQ(cow_var, 3);
	free(heap);
}

TEST(shared_mapping_shared)
{
	int *shm = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	REQUIRE(shm != MAP_FAILED);
	*shm = 1; /* touched before the fork; shm[1024] (the second page) is not */
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		*shm = 7;
		shm[1024] = 8;
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	CHECK_EQ(*shm, 7);
	CHECK_EQ(shm[1024], 8);
	munmap(shm, 8192);
}

TEST(vfork_exit)
{
	int status;
	pid_t pid = vfork();

	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(9);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 9);
}

TEST(wait_any_and_nohang)
{
	pid_t a, b, got1, got2;
	int status;

	a = fork();
	REQUIRE(a >= 0);
	if (a == 0)
		_exit(1);
	b = fork();
	REQUIRE(b >= 0);
	if (b == 0) {
		usleep(200000);
		_exit(2);
	}
	got1 = waitpid(-1, &status, 0);
	CHECK(got1 == a || got1 == b);
	got2 = waitpid(-1, &status, 0);
	CHECK(got2 == (got1 == a ? b : a));
	CHECK_ERR(waitpid(-1, &status, WNOHANG), ECHILD);
}

/* A page both sides of a fork see, for hand-shakes without pipes. */
static volatile int *shared_words(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, 4096); /* touch it before the fork: one page for both */
	return p;
}

TEST(wnohang_running_child)
{
	volatile int *w = shared_words();
	int status;
	pid_t pid;

	REQUIRE(w);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		while (!w[0]) /* until the parent says so */
			usleep(1000);
		_exit(3);
	}
	CHECK_EQ(waitpid(pid, &status, WNOHANG), 0);
	w[0] = 1;
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 3);
	munmap((void *)w, 4096);
}

TEST(waitid_exited)
{
	siginfo_t si;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(5);
	memset(&si, 0xff, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
	CHECK_EQ(si.si_pid, pid);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_ALL, 0, &si, WEXITED), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_signo, SIGCHLD);
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_status, 5);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	CHECK_ERR(waitid(P_ALL, 0, &si, 0), EINVAL);
}

TEST(orphan_reparented)
{
	volatile int *w = shared_words();
	int status;
	pid_t pid;

	REQUIRE(w);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		pid_t mid = getpid(), gc = fork();

		if (gc == 0) {
			/* wait until the middle process is gone, then report the new parent */
			for (int i = 0; i < 500 && getppid() == mid; i++)
				usleep(10000);
			w[1] = getppid();
			w[0] = 1;
			_exit(0);
		}
		_exit(gc > 0 ? 0 : 1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	for (int i = 0; i < 1000 && !w[0]; i++)
		usleep(5000);
	CHECK_EQ(w[0], 1);
	/* Linux: init, or the nearest subreaper (a service manager) on a host */
	CHECK(w[1] != pid && w[1] > 0);
	if (getpid() == 1) { /* we are init (Keel boot): the orphan is ours to reap */
		CHECK_EQ(w[1], 1);
		CHECK(waitpid(-1, &status, 0) > 0);
	}
	munmap((void *)w, 4096);
}

TEST(process_groups)
{
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		pid_t me = getpid();

		if (setpgid(0, 0) || getpgrp() != me || getpgid(0) != me)
			_exit(1);
		if (setsid() != -1 || errno != EPERM) /* a group leader cannot */
			_exit(2);
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		pid_t sid = setsid();

		_exit(sid == getpid() && getsid(0) == sid && getpgrp() == sid ? 0 : 3);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	CHECK_ERR(setpgid(-1, 0), EINVAL);
}

static int counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void *thread_fn(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
	}
	return (void *)((long)arg * 2);
}

TEST(pthread_create_join)
{
	pthread_t th[4];
	void *ret;

	counter = 0;
	for (long i = 0; i < 4; i++)
		REQUIRE(pthread_create(&th[i], NULL, thread_fn, (void *)i) == 0);
	for (long i = 0; i < 4; i++) {
		CHECK_EQ(pthread_join(th[i], &ret), 0);
		CHECK_EQ((long)ret, i * 2);
	}
	CHECK_EQ(counter, 4000);
}

static void *tid_fn(void *arg)
{
	*(pid_t *)arg = gettid();
	return NULL;
}

TEST(thread_same_process)
{
	pthread_t th;
	pid_t tid = 0;

	REQUIRE(pthread_create(&th, NULL, tid_fn, &tid) == 0);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK(tid > 0 && tid != getpid());
}

static long futex(int *uaddr, int op, int val, const struct timespec *ts)
{
	return syscall(SYS_futex, uaddr, op, val, ts, NULL, 0);
}

TEST(futex_errors_and_timeout)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int word = 1;

	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 2, NULL), EAGAIN);
	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 1, &ts), ETIMEDOUT);
	CHECK_EQ(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL), 0);
	CHECK_ERR(syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0), EINVAL);
}

static int fword;

static void *futex_waker(void *arg)
{
	(void)arg;
	usleep(50000);
	__atomic_store_n(&fword, 1, __ATOMIC_SEQ_CST);
	futex(&fword, FUTEX_WAKE_PRIVATE, 1, NULL);
	return NULL;
}

TEST(futex_wait_wake)
{
	pthread_t th;

	fword = 0;
	REQUIRE(pthread_create(&th, NULL, futex_waker, NULL) == 0);
	while (__atomic_load_n(&fword, __ATOMIC_SEQ_CST) == 0)
		futex(&fword, FUTEX_WAIT_PRIVATE, 0, NULL);
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK_EQ(fword, 1);
}

TEST(futex_shared_across_fork)
{
	int *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	REQUIRE(w != MAP_FAILED);
	*w = 0;
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		usleep(50000);
		__atomic_store_n(w, 1, __ATOMIC_SEQ_CST);
		syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
		_exit(0);
	}
	while (__atomic_load_n(w, __ATOMIC_SEQ_CST) == 0)
		syscall(SYS_futex, w, FUTEX_WAIT, 0, NULL, NULL, 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	munmap(w, 4096);
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

TEST(exec_from_threaded_process)
{
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		pthread_t th;

		if (pthread_create(&th, NULL, sleeper, NULL))
			_exit(1);
		execl(utest_self, utest_self, "--child", "6", (char *)NULL);
		_exit(2);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 6);
}

static void *group_exiter(void *arg)
{
	(void)arg;
	usleep(20000);
	exit(4); /* exit_group: the main thread, asleep in a futex, goes too */
}

TEST(exit_group_ends_all_threads)
{
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		pthread_t th;
		int word = 0;

		if (pthread_create(&th, NULL, group_exiter, NULL))
			_exit(1);
		syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		_exit(2);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 4);
}

TEST(sigchld_ignored_no_zombies)
{
	struct sigaction old, ign = { .sa_handler = SIG_IGN };
	pid_t pid;

	REQUIRE(sigaction(SIGCHLD, &ign, &old) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(1);
	/* Linux: wait blocks until the child is gone, then finds nothing to reap */
	CHECK_ERR(waitpid(pid, NULL, 0), ECHILD);
	sigaction(SIGCHLD, &old, NULL);
}

extern char **environ;

TEST(posix_spawn_child)
{
	char *argv[] = { utest_self, "--child", "8", NULL };
	int status;
	pid_t pid;

	/* libcs build it on clone(CLONE_VM | CLONE_VFORK) */
	REQUIRE(posix_spawn(&pid, utest_self, NULL, NULL, argv, environ) == 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 8);
}
