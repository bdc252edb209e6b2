// SPDX-License-Identifier: MPL-2.0
// ABI suite "process": fork, exit statuses, wait4/waitid, execve with argv and envp, process
// groups, kill and signal delivery (masks, siginfo, SA_RESTART against a blocking pipe read).
#define _GNU_SOURCE
#define UTEST_SUITE "process"
#define UTEST_CHILD
#include "utest.h"

#include <sys/resource.h>
#include <time.h>

static volatile sig_atomic_t handled;
static volatile sig_atomic_t last_signo;
static siginfo_t last_info;

static void count_handler(int sig)
{
	handled++;
	last_signo = sig;
}

static void info_handler(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	handled++;
	last_signo = sig;
	last_info = *info;
}

static int set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

TEST(fork_exit_status)
{
	pid_t parent = getpid(), pid;
	int status;

	CHECK(parent > 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(getppid() == parent && getpid() != parent ? 42 : 1);
	CHECK_EQ(wait4(pid, &status, 0, NULL), pid);
	CHECK_EXITED(status, 42);
	/* Only the low 8 bits of the exit code survive. */
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(256 + 7);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 7);
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD); /* reaped already */
}

TEST(killed_status)
{
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_EQ(kill(pid, SIGKILL), 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		raise(SIGTERM);
		_exit(1);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
}

TEST(wait_variants)
{
	struct rusage ru;
	siginfo_t si;
	int status, p[2];
	char c;
	pid_t pid;

	CHECK_ERR(waitpid(-1, &status, WNOHANG), ECHILD); /* no children at all */
	REQUIRE(pipe(p) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == 1 ? 5 : 6); /* runs until the parent writes */
	}
	close(p[0]);
	CHECK_EQ(waitpid(pid, &status, WNOHANG), 0);
	CHECK_ERR(waitpid(getpid(), &status, 0), ECHILD); /* not our child */
	CHECK_EQ(write(p[1], "go", 1), 1);
	close(p[1]);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_status, 5);
	/* WNOWAIT left it a zombie: wait4 still collects it, with its usage. */
	CHECK_EQ(wait4(pid, &status, 0, &ru), pid);
	CHECK_EXITED(status, 5);
	CHECK(ru.ru_utime.tv_sec >= 0 && ru.ru_stime.tv_usec >= 0);
	CHECK_ERR(waitid(P_PID, pid, &si, WEXITED), ECHILD);
	CHECK_ERR(waitid(P_ALL, 0, &si, 0), EINVAL); /* no event asked for */
}

TEST(zombie_until_reaped)
{
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(9);
	sleep_ms(30); /* it exits meanwhile and waits as a zombie */
	CHECK_EQ(kill(pid, 0), 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 9);
	CHECK_ERR(kill(pid, 0), ESRCH);
}

TEST(sigchld_ignored_reaps)
{
	int status;
	pid_t pid;

	/* With SIGCHLD explicitly ignored, children leave no zombie: wait gets ECHILD. */
	REQUIRE(set_handler(SIGCHLD, SIG_IGN, 0) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(0);
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD);
	set_handler(SIGCHLD, SIG_DFL, 0);
}

TEST(sigchld_delivered)
{
	int status;
	pid_t pid;

	handled = 0;
	REQUIRE(set_handler(SIGCHLD, count_handler, 0) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	for (int i = 0; i < 100 && !handled; i++)
		sleep_ms(1);
	CHECK_EQ(handled, 1);
	CHECK_EQ(last_signo, SIGCHLD);
	set_handler(SIGCHLD, SIG_DFL, 0);
}

TEST(execve_args_env)
{
	char *argv[] = { utest_self, "--child", "exec", "a b", "", "c", NULL };
	char *envp[] = { "KEEL_X=1", "EMPTY=", NULL };
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		execve(utest_self, argv, envp);
		_exit(126);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
}

extern char **environ;

/* The exec'd side of execve_args_env: exactly the argv and envp that were passed. */
int utest_child(int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "exec"))
		return 127;
	if (argc != 4 || strcmp(argv[1], "a b") || strcmp(argv[2], "") || strcmp(argv[3], "c") ||
	    argv[4])
		return 1;
	if (!environ[0] || strcmp(environ[0], "KEEL_X=1") || !environ[1] ||
	    strcmp(environ[1], "EMPTY=") || environ[2])
		return 2;
	if (!getenv("EMPTY") || strcmp(getenv("KEEL_X"), "1"))
		return 3;
	return 0;
}

TEST(execve_errors)
{
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	int fd;

	CHECK_ERR(execve("missing", argv, envp), ENOENT);
	CHECK_ERR(execve("missing/x", argv, envp), ENOENT);
	CHECK_ERR(execve(".", argv, envp), EACCES);
	fd = open("plain", O_CREAT | O_WRONLY, 0644);
	REQUIRE(fd >= 0);
	CHECK_EQ(write(fd, "garbage, not a program\n", 23), 23);
	close(fd);
	CHECK_ERR(execve("plain", argv, envp), EACCES); /* no execute bit, even for root */
	CHECK_EQ(chmod("plain", 0755), 0);
	CHECK_ERR(execve("plain", argv, envp), ENOEXEC);
	CHECK_ERR(execve("plain/x", argv, envp), ENOTDIR);
	CHECK_ERR(syscall(SYS_execve, (char *)8, argv, envp), EFAULT);
}

TEST(kill_errors)
{
	CHECK_EQ(kill(getpid(), 0), 0);
	CHECK_ERR(kill(0x3ffffff0, 0), ESRCH);
	CHECK_ERR(kill(getpid(), 999), EINVAL);
	CHECK_ERR(kill(getpid(), -1), EINVAL);
}

TEST(handler_runs_before_kill_returns)
{
	handled = 0;
	REQUIRE(set_handler(SIGUSR1, count_handler, 0) == 0);
	CHECK_EQ(kill(getpid(), SIGUSR1), 0);
	CHECK_EQ(handled, 1);
	CHECK_EQ(last_signo, SIGUSR1);
	CHECK_EQ(raise(SIGUSR1), 0);
	CHECK_EQ(handled, 2);
	set_handler(SIGUSR1, SIG_DFL, 0);
	/* SIGKILL and SIGSTOP cannot be caught. */
	CHECK_ERR(set_handler(SIGKILL, count_handler, 0), EINVAL);
	CHECK_ERR(set_handler(SIGSTOP, SIG_IGN, 0), EINVAL);
}

TEST(mask_and_pending)
{
	sigset_t set, old, pending;

	handled = 0;
	REQUIRE(set_handler(SIGUSR2, count_handler, 0) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &set, &old), 0);
	CHECK_EQ(kill(getpid(), SIGUSR2), 0);
	CHECK_EQ(kill(getpid(), SIGUSR2), 0); /* a standard signal is pending once */
	CHECK_EQ(handled, 0);
	CHECK_EQ(sigpending(&pending), 0);
	CHECK(sigismember(&pending, SIGUSR2));
	CHECK_EQ(sigprocmask(SIG_SETMASK, &old, NULL), 0);
	CHECK_EQ(handled, 1); /* delivered as soon as it was unblocked */
	CHECK_EQ(sigpending(&pending), 0);
	CHECK(!sigismember(&pending, SIGUSR2));
	/* Linux keeps a blocked signal pending even while it is ignored (the action may
	 * change before it is unblocked); setting SIG_IGN again discards it. */
	set_handler(SIGUSR2, SIG_IGN, 0);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	CHECK_EQ(kill(getpid(), SIGUSR2), 0);
	CHECK_EQ(sigpending(&pending), 0);
	CHECK(sigismember(&pending, SIGUSR2));
	set_handler(SIGUSR2, SIG_IGN, 0);
	CHECK_EQ(sigpending(&pending), 0);
	CHECK(!sigismember(&pending, SIGUSR2));
	set_handler(SIGUSR2, SIG_DFL, 0);
	CHECK_EQ(sigprocmask(SIG_SETMASK, &old, NULL), 0); /* nothing left to kill us */
	CHECK_ERR(sigprocmask(42, &set, NULL), EINVAL);
}

TEST(siginfo_and_resethand)
{
	struct sigaction sa = { .sa_sigaction = info_handler,
				.sa_flags = SA_SIGINFO | SA_RESETHAND };
	struct sigaction now;

	sigemptyset(&sa.sa_mask);
	handled = 0;
	REQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK_EQ(kill(getpid(), SIGUSR1), 0);
	CHECK_EQ(handled, 1);
	CHECK_EQ(last_info.si_signo, SIGUSR1);
	CHECK_EQ(last_info.si_code, SI_USER);
	CHECK_EQ(last_info.si_pid, getpid());
	CHECK_EQ(last_info.si_uid, getuid());
	/* SA_RESETHAND: back to the default after one delivery. */
	CHECK_EQ(sigaction(SIGUSR1, NULL, &now), 0);
	CHECK(now.sa_handler == SIG_DFL);
}

/*
 * A child that sends the parent SIGUSR1 every 20 ms, @count times (0: until killed), then
 * writes one byte to @wfd.
 */
static pid_t signaller(int wfd, int count)
{
	pid_t parent = getpid(), pid = fork();

	if (pid)
		return pid;
	for (int i = 0; !count || i < count; i++) {
		sleep_ms(20);
		kill(parent, SIGUSR1);
	}
	sleep_ms(20);
	_exit(write(wfd, "x", 1) == 1 ? 0 : 1);
}

TEST(sa_restart_pipe_read)
{
	char c;
	int p[2], status;
	pid_t pid;

	/* With SA_RESTART a handled signal does not end the blocking read. */
	handled = 0;
	REQUIRE(set_handler(SIGUSR1, count_handler, SA_RESTART) == 0);
	REQUIRE(pipe(p) == 0);
	pid = signaller(p[1], 3);
	REQUIRE(pid >= 0);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK(handled >= 1);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	/* Without it the read fails with EINTR. */
	handled = 0;
	REQUIRE(set_handler(SIGUSR1, count_handler, 0) == 0);
	pid = signaller(p[1], 0);
	REQUIRE(pid >= 0);
	CHECK_ERR(read(p[0], &c, 1), EINTR);
	CHECK(handled >= 1);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	set_handler(SIGUSR1, SIG_DFL, 0);
	close(p[0]);
	close(p[1]);
}

TEST(pipe_between_processes)
{
	static char buf[200000];
	long total = 0;
	ssize_t n;
	int p[2], status;
	pid_t pid;

	REQUIRE(pipe(p) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (char)(i * 7);
		_exit(write(p[1], buf, sizeof(buf)) == sizeof(buf) ? 0 : 1);
	}
	close(p[1]);
	memset(buf, 0, sizeof(buf));
	while ((n = read(p[0], buf + total, sizeof(buf) - total)) > 0)
		total += n;
	CHECK_EQ(total, sizeof(buf));
	CHECK_EQ(buf[123457], (char)(123457 * 7));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	close(p[0]);
}

TEST(process_groups_sessions)
{
	int status;
	pid_t pid = fork();

	REQUIRE(pid >= 0);
	if (pid == 0) {
		pid_t me = getpid();

		if (setsid() != me || getsid(0) != me || getpgid(0) != me || getpgrp() != me)
			_exit(1);
		if (setpgid(0, 0) != -1 || errno != EPERM) /* a session leader cannot move */
			_exit(2);
		_exit(setsid() == -1 && errno == EPERM ? 0 : 3);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		if (setpgid(0, 0) || getpgrp() != getpid())
			_exit(1);
		_exit(getsid(0) == getsid(getppid()) ? 0 : 2);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
	CHECK_ERR(getpgid(0x3ffffff0), ESRCH);
}

TEST(vfork_exit)
{
	int status;
	pid_t pid = vfork();

	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(3);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 3);
}

TEST(default_actions)
{
	static const int fatal[] = { SIGSEGV, SIGUSR1, SIGALRM, SIGABRT };
	int status;
	pid_t pid;

	for (unsigned int i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
		pid = fork();
		REQUIRE(pid >= 0);
		if (pid == 0) {
			struct rlimit no_core = { 0, 0 };

			setrlimit(RLIMIT_CORE, &no_core);
			signal(fatal[i], SIG_DFL);
			kill(getpid(), fatal[i]);
			_exit(1);
		}
		CHECK_EQ(waitpid(pid, &status, 0), pid);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == fatal[i]);
	}
	/* SIGCHLD's and SIGURG's default is to ignore. */
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		kill(getpid(), SIGURG);
		kill(getpid(), SIGCHLD);
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK_EXITED(status, 0);
}
