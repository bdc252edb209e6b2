// SPDX-License-Identifier: MPL-2.0
// Linux signals: numbers, dispositions, sending (kill/tkill, exceptions, the TTY, SIGCHLD,
// SIGPIPE) and delivery when a thread goes back to user mode.
#ifndef SERVICES_SIGNAL_H
#define SERVICES_SIGNAL_H

#include <hal/types.h>

struct thread;
struct process;
struct k_sigaction;
struct wait_queue;
struct thread *thread_current(void);

#define SIGHUP	  1
#define SIGINT	  2
#define SIGQUIT	  3
#define SIGILL	  4
#define SIGTRAP	  5
#define SIGABRT	  6
#define SIGBUS	  7
#define SIGFPE	  8
#define SIGKILL	  9
#define SIGUSR1	  10
#define SIGSEGV	  11
#define SIGUSR2	  12
#define SIGPIPE	  13
#define SIGALRM	  14
#define SIGTERM	  15
#define SIGSTKFLT 16
#define SIGCHLD	  17
#define SIGCONT	  18
#define SIGSTOP	  19
#define SIGTSTP	  20
#define SIGTTIN	  21
#define SIGTTOU	  22
#define SIGURG	  23
#define SIGXCPU	  24
#define SIGXFSZ	  25
#define SIGVTALRM 26
#define SIGPROF	  27
#define SIGWINCH  28
#define SIGIO	  29
#define SIGPWR	  30
#define SIGSYS	  31

#define SIG_DFL 0
#define SIG_IGN 1

#define SA_NOCLDSTOP 0x00000001UL
#define SA_NOCLDWAIT 0x00000002UL
#define SA_SIGINFO   0x00000004UL
#define SA_RESTORER  0x04000000UL
#define SA_ONSTACK   0x08000000UL
#define SA_RESTART   0x10000000UL
#define SA_NODEFER   0x40000000UL
#define SA_RESETHAND 0x80000000UL

#define SS_ONSTACK 1
#define SS_DISABLE 2

/* Kernel-internal restart codes a sleeping call returns when a signal interrupts it. */
#define ERESTARTSYS	      512
#define ERESTARTNOINTR	      513
#define ERESTARTNOHAND	      514
#define ERESTART_RESTARTBLOCK 516

/* siginfo si_code values Keel produces. */
#define SI_USER	      0
#define SI_KERNEL     0x80
#define SI_TKILL      (-6)
#define SEGV_MAPERR   1
#define SEGV_ACCERR   2
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

#define SIG_BIT(sig)	(1ULL << ((sig) - 1))
#define SIG_UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

/* struct ksiginfo - what delivery needs to fill a siginfo_t. */
struct ksiginfo {
	int signo, code;
	int pid, uid; /* sender (kill) or child (SIGCHLD) */
	int status;   /* SIGCHLD: exit code or signal */
	vaddr_t addr; /* faults: the address */
};

/*
 * signal_send_process - queue @sig for thread group @p (one pending instance per signal)
 * and wake a thread that can take it. @info may be NULL (SI_KERNEL). Ignored signals are
 * dropped. Any task context. Returns 0 (also for a zombie) or -EINVAL.
 */
int signal_send_process(struct process *p, int sig, const struct ksiginfo *info);
/* signal_send_thread - as signal_send_process, but pending on thread @t alone (tkill). */
int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info);
/*
 * signal_force - a synchronous fault signal for the calling thread @t: unblocked, and reset to
 * the default when it was blocked or ignored (Linux's force_sig_fault).
 */
void signal_force(struct thread *t, int sig, const struct ksiginfo *info);

/*
 * signal_sleep_begin/end - @t is about to sleep on @wq (NULL: done) and wants a signal sent
 * to it to wake that queue. signal_wait_event - wait_event(@wq, @cond) that also ends when a
 * signal is pending for the calling Linux thread: 0 once @cond holds, else -ERESTARTSYS
 * (the caller may turn it into what the call returns). Kernel tasks just wait_event().
 */
void signal_sleep_begin(struct thread *t, struct wait_queue *wq);
void signal_sleep_end(struct thread *t);
#define signal_wait_event(wq, cond)                                         \
	({                                                                  \
		struct thread *__st = thread_current();                     \
		int __sr = 0;                                               \
		if (__st)                                                   \
			signal_sleep_begin(__st, (wq));                     \
		wait_event((wq), (cond) || (__st && signal_pending(__st))); \
		if (__st) {                                                 \
			signal_sleep_end(__st);                             \
			if (!(cond) && signal_pending(__st))                \
				__sr = -ERESTARTSYS;                        \
		}                                                           \
		__sr;                                                       \
	})

/*
 * signal_sleep_ns - sleep @ns unless a signal for @t comes first (nanosleep). Returns the
 * time left when a signal cut it short, else 0. May sleep.
 */
u64 signal_sleep_ns(struct thread *t, u64 ns);

/* signal_pending - does @t have an unblocked pending signal (interrupt a sleep)? */
bool signal_pending(struct thread *t);

/*
 * signal_deliver - on @t's way back to user mode: act on pending signals (default actions or
 * a handler frame), fix up an interrupted system call's restart code. @syscall_nr is the
 * number of the call that just returned, or -1. May end the process (check p->exiting).
 */
void signal_deliver(struct thread *t, long syscall_nr);

/*
 * signal_kill - kill(2) from @t: @pid > 0 a process, 0 @t's group, -1 every process but init
 * and @t's, < -1 group -@pid. Returns 0, -ESRCH, -EPERM or -EINVAL.
 */
int signal_kill(struct thread *t, int pid, int sig);
/* signal_tkill - tgkill/tkill: thread @tid (of group @tgid when > 0). 0, -ESRCH or -EINVAL. */
int signal_tkill(struct thread *t, int tgid, int tid, int sig);

/*
 * linux_signal_frame - build the ABI's signal frame for @sig on @t's user stack and point the
 * context at the handler (services/linux). Returns 0 or -EFAULT (the caller then kills).
 */
int linux_signal_frame(struct thread *t, const struct k_sigaction *act, const struct ksiginfo *info,
		       u64 oldmask);

/* linux_syscall_restart - make @ctx run system call @nr again (services/linux, per ABI). */
struct user_context;
void linux_syscall_restart(struct user_context *ctx, long nr);

/* signal_exec - exec resets caught signals to the default and drops the altstack. */
void signal_exec(struct thread *t);

#endif /* SERVICES_SIGNAL_H */
