// SPDX-License-Identifier: MPL-2.0
// Signal cases the process/memory suites do not cover: the altstack, a handler that edits
// uc_mcontext, sigtimedwait, sigsuspend with SIGCHLD, stop/continue reports, the core bit and
// FPU state across a handler. An ordinary static Linux program; passes on Linux too.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <stdint.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int got;
static volatile uintptr_t where;
static char alt[65536];
static int number, failed;

static void report(int ok, const char *name)
{
	printf("%sok %d %s\n", ok ? "" : "not ", ++number, name);
	failed += !ok;
}

static void on_alt(int sig)
{
	char here;

	where = (uintptr_t)&here;
	got = sig;
}

/* Skip the faulting 2-byte load by moving the saved instruction pointer. */
static void skip_insn(int sig, siginfo_t *si, void *ucp)
{
	ucontext_t *uc = ucp;

	(void)sig;
	uc->uc_mcontext.gregs[REG_RIP] += 2;
	got = si->si_code;
}

static void note(int sig)
{
	got = sig;
}

static void set(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigaction(sig, &sa, NULL);
}

static void altstack(void)
{
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof(alt) };

	report(sigaltstack(&ss, NULL) == 0, "sigaltstack");
	set(SIGUSR1, on_alt, SA_ONSTACK);
	raise(SIGUSR1);
	report(got == SIGUSR1 && where >= (uintptr_t)alt && where < (uintptr_t)alt + sizeof(alt),
	       "handler on altstack");
}

static void fault_skip(void)
{
	struct sigaction sa = { .sa_sigaction = skip_insn, .sa_flags = SA_SIGINFO };

	sigaction(SIGSEGV, &sa, NULL);
	got = 0;
	__asm__ volatile("xorl %%eax, %%eax\n\t.byte 0x8b, 0x00" ::: "rax", "memory");
	report(got == SEGV_MAPERR, "SIGSEGV handler edits uc_mcontext rip");
}

static void timedwait(sigset_t *usr2)
{
	struct timespec ts = { 1, 0 };
	siginfo_t si;

	kill(getpid(), SIGUSR2);
	report(sigtimedwait(usr2, &si, &ts) == SIGUSR2 && si.si_pid == getpid(), "sigtimedwait");
	ts = (struct timespec){ 0, 50000000 };
	report(sigtimedwait(usr2, &si, &ts) == -1 && errno == EAGAIN, "sigtimedwait timeout");
}

static void suspend_chld(const sigset_t *old)
{
	sigset_t chld;
	pid_t pid;
	int st;

	set(SIGCHLD, note, 0);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	got = 0;
	pid = fork();
	if (pid == 0)
		_exit(7);
	sigsuspend(old);
	report(got == SIGCHLD, "sigsuspend wakes for SIGCHLD");
	waitpid(pid, &st, 0);
}

/* waitpid with @flags | WNOHANG for up to 2 s: a missing report fails instead of hanging. */
static pid_t wait_for(pid_t pid, int *st, int flags)
{
	for (int i = 0; i < 200; i++) {
		pid_t r = waitpid(pid, st, flags | WNOHANG);

		if (r)
			return r;
		usleep(10000);
	}
	return 0;
}

static void stop_cont(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	pid_t pid;
	int st = 0;

	setrlimit(RLIMIT_CORE, &rl);
	pid = fork();
	if (pid == 0)
		for (;;)
			pause();
	usleep(10000);
	kill(pid, SIGSTOP);
	report(wait_for(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
	       "waitpid WUNTRACED reports a stop");
	kill(pid, SIGCONT);
	report(wait_for(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st),
	       "waitpid WCONTINUED reports a continue");
	kill(pid, SIGQUIT);
	waitpid(pid, &st, 0);
	report(WIFSIGNALED(st) && WTERMSIG(st) == SIGQUIT && WCOREDUMP(st),
	       "SIGQUIT sets the core bit");
}

int main(void)
{
	volatile double d = 1.5;
	sigset_t usr2, old;

	printf("# user-sigextra: 10 cases\n1..10\n");
	altstack();
	fault_skip();
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, &old);
	timedwait(&usr2);
	suspend_chld(&old);
	stop_cont();
	set(SIGUSR1, note, 0);
	raise(SIGUSR1);
	d *= 2;
	report(d == 3.0, "FPU value survives a handler");
	printf("# user-sigextra: %d passed, %d failed\n", number - failed, failed);
	fflush(stdout);
	return 0;
}
