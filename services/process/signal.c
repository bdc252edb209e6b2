// SPDX-License-Identifier: MPL-2.0
// Signal generation and delivery: pending sets per thread and per thread group, default
// actions (terminate, core, stop, continue, ignore) and the hand-off to the ABI's handler frame.
#define pr_fmt(fmt) "signal: " fmt

#include <hal/errno.h>
#include <hal/log.h>
#include <hal/sync.h>
#include <hal/time.h>
#include <hal/user.h>
#include <services/process.h>
#include <services/signal.h>
#include "internal.h"

#define STOP_SIGS   (SIG_BIT(SIGSTOP) | SIG_BIT(SIGTSTP) | SIG_BIT(SIGTTIN) | SIG_BIT(SIGTTOU))
#define IGNORE_SIGS (SIG_BIT(SIGCHLD) | SIG_BIT(SIGCONT) | SIG_BIT(SIGURG) | SIG_BIT(SIGWINCH))
#define CORE_SIGS                                                                   \
	(SIG_BIT(SIGQUIT) | SIG_BIT(SIGILL) | SIG_BIT(SIGTRAP) | SIG_BIT(SIGABRT) | \
	 SIG_BIT(SIGBUS) | SIG_BIT(SIGFPE) | SIG_BIT(SIGSEGV) | SIG_BIT(SIGXCPU) |  \
	 SIG_BIT(SIGXFSZ) | SIG_BIT(SIGSYS))
#define WCOREFLAG 0x80

static bool valid_sig(int sig)
{
	return sig >= 1 && sig <= NSIG;
}

/*
 * Would @sig be thrown away on arrival? Not while the target (@t, or the group's first
 * thread) blocks it: the action may change before it is unblocked. Caller holds p->lock.
 */
static bool sig_ignored(struct process *p, struct thread *t, int sig)
{
	u64 h = p->sigactions[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	if (!t && !list_empty(&p->threads))
		t = list_first_entry(&p->threads, struct thread, node);
	if (t && (t->sigmask & SIG_BIT(sig)))
		return false;
	return h == SIG_IGN || (h == SIG_DFL && (IGNORE_SIGS & SIG_BIT(sig)));
}

/* Make every thread of @p look at its signals: out of user mode and out of its sleeps. */
static void wake_threads(struct process *p)
{
	struct thread *o;

	list_for_each_entry(o, &p->threads, node) {
		user_mode_kick(o->ctx);
		wake_up_all(&o->sig_wait);
		if (o->sleep_wq)
			wake_up_all(o->sleep_wq);
	}
}

static void wake_sleepers(struct process *p)
{
	wake_up_all(&p->child_wait);
	wake_up_all(&p->stop_wait);
}

/* SIGCONT resumes a stopped group; a stop signal cancels a pending SIGCONT. p->lock held. */
static bool sig_prepare(struct process *p, int sig)
{
	struct thread *o;
	bool continued = false;

	if (sig == SIGCONT) {
		p->sig_pending &= ~STOP_SIGS;
		list_for_each_entry(o, &p->threads, node)
			o->sig_pending &= ~STOP_SIGS;
		if (p->stopped) {
			p->stopped = false;
			p->stop_report = 0xffff; /* WIFCONTINUED */
			continued = true;
		}
	} else if (STOP_SIGS & SIG_BIT(sig)) {
		p->sig_pending &= ~SIG_BIT(SIGCONT);
		list_for_each_entry(o, &p->threads, node)
			o->sig_pending &= ~SIG_BIT(SIGCONT);
	}
	return continued;
}

static struct ksiginfo default_info(int sig, const struct ksiginfo *info)
{
	if (info)
		return *info;
	return (struct ksiginfo){ .signo = sig, .code = SI_KERNEL };
}

/* Queue @sig on @t (tkill) or, with @t NULL, on the group. Caller holds p->lock. */
bool signal_send_locked(struct process *p, struct thread *t, int sig, const struct ksiginfo *info)
{
	bool continued;

	if (p->exiting || !p->nr_threads)
		return false;
	continued = sig_prepare(p, sig);
	if (sig == SIGKILL) { /* no handler, no mask: the group dies now */
		p->exiting = true;
		p->exit_status = SIGKILL;
	} else if (!sig_ignored(p, t, sig)) {
		struct ksiginfo ki = default_info(sig, info);

		if (t) {
			t->sig_pending |= SIG_BIT(sig);
			t->sig_info[sig - 1] = ki;
		} else {
			p->sig_pending |= SIG_BIT(sig);
			p->sig_info[sig - 1] = ki;
		}
	}
	wake_threads(p);
	return continued;
}

void signal_send_done(struct process *p, bool continued)
{
	wake_sleepers(p);
	if (continued)
		process_notify_parent(p, CLD_CONTINUED, SIGCONT);
}

static int send(struct process *p, struct thread *t, int sig, const struct ksiginfo *info)
{
	bool continued;

	if (!valid_sig(sig))
		return -EINVAL;
	spin_lock(&p->lock);
	continued = signal_send_locked(p, t, sig, info);
	spin_unlock(&p->lock);
	signal_send_done(p, continued);
	return 0;
}

int signal_send_process(struct process *p, int sig, const struct ksiginfo *info)
{
	return send(p, NULL, sig, info);
}

int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info)
{
	return send(t->proc, t, sig, info);
}

void signal_force(struct thread *t, int sig, const struct ksiginfo *info)
{
	struct process *p = t->proc;
	struct k_sigaction *act = &p->sigactions[sig - 1];

	spin_lock(&p->lock);
	if (act->handler == SIG_IGN || (t->sigmask & SIG_BIT(sig)))
		act->handler = SIG_DFL;
	t->sigmask &= ~SIG_BIT(sig);
	t->sig_pending |= SIG_BIT(sig);
	t->sig_info[sig - 1] = default_info(sig, info);
	spin_unlock(&p->lock);
}

void signal_sleep_begin(struct thread *t, struct wait_queue *wq)
{
	spin_lock(&t->proc->lock);
	t->sleep_wq = wq;
	spin_unlock(&t->proc->lock);
}

void signal_sleep_end(struct thread *t)
{
	signal_sleep_begin(t, NULL);
}

u64 signal_sleep_ns(struct thread *t, u64 ns)
{
	u64 deadline = wait_deadline(ns), now;
	struct wait_entry we;

	wait_entry_init(&we);
	for (;;) {
		wait_prepare(&t->sig_wait, &we);
		if (signal_pending(t) || !wait_sleep_until(deadline))
			break;
	}
	wait_finish(&t->sig_wait, &we);
	now = time_monotonic_ns();
	return signal_pending(t) && now < deadline ? deadline - now : 0;
}

bool signal_pending(struct thread *t)
{
	struct process *p = t->proc;

	if (READ_ONCE(p->exiting) || READ_ONCE(t->exiting))
		return true;
	return ((READ_ONCE(t->sig_pending) | READ_ONCE(p->sig_pending)) & ~READ_ONCE(t->sigmask)) !=
	       0;
}

/* Take the lowest unblocked pending signal of @t: its number (0: none), *@info, *@act. */
static int dequeue(struct thread *t, struct ksiginfo *info, struct k_sigaction *act)
{
	struct process *p = t->proc;
	u64 set;
	int sig = 0;

	spin_lock(&p->lock);
	set = (t->sig_pending | p->sig_pending) & ~t->sigmask;
	if (set) {
		sig = __builtin_ctzll(set) + 1;
		if (t->sig_pending & SIG_BIT(sig)) {
			t->sig_pending &= ~SIG_BIT(sig);
			*info = t->sig_info[sig - 1];
		} else {
			p->sig_pending &= ~SIG_BIT(sig);
			*info = p->sig_info[sig - 1];
		}
		*act = p->sigactions[sig - 1];
		if (act->handler > SIG_IGN && (act->flags & SA_RESETHAND))
			p->sigactions[sig - 1].handler = SIG_DFL;
	}
	spin_unlock(&p->lock);
	return sig;
}

/* The default stop action: the group stops, the parent hears of it, we wait for SIGCONT. */
static void do_stop(struct thread *t, int sig)
{
	struct process *p = t->proc;

	spin_lock(&p->lock);
	p->stopped = true;
	p->stop_report = (sig << 8) | 0x7f;
	wake_threads(p);
	spin_unlock(&p->lock);
	process_notify_parent(p, CLD_STOPPED, sig);
}

/* A stopped group's threads sleep here until SIGCONT or SIGKILL. */
static void wait_while_stopped(struct thread *t)
{
	struct process *p = t->proc;

	wait_event(&p->stop_wait, !READ_ONCE(p->stopped) || READ_ONCE(p->exiting));
}

/*
 * The syscall that just returned with a restart code: restart it (@handler false, or
 * SA_RESTART for -ERESTARTSYS) or turn the code into -EINTR.
 */
static void fix_restart(struct thread *t, long nr, const struct k_sigaction *act)
{
	long ret = (long)user_context_retval(t->ctx);
	bool restart;

	switch (ret) {
	case -ERESTARTNOINTR:
		restart = true;
		break;
	case -ERESTARTSYS:
		restart = !act || (act->flags & SA_RESTART);
		break;
	case -ERESTARTNOHAND:
		restart = !act;
		break;
	case -ERESTART_RESTARTBLOCK:
		restart = false;
		break;
	default:
		return;
	}
	if (restart)
		linux_syscall_restart(t->ctx, nr);
	else
		user_context_set_retval(t->ctx, (unsigned long)-EINTR);
}

/* Run @sig's default action. Returns true when the process is ending. */
static bool default_action(struct thread *t, int sig)
{
	u64 bit = SIG_BIT(sig);
	bool core;

	if (IGNORE_SIGS & bit)
		return false;
	if (STOP_SIGS & bit) {
		do_stop(t, sig);
		wait_while_stopped(t);
		return READ_ONCE(t->proc->exiting);
	}
	if (CORE_SIGS & bit)
		pr_info("pid %d (%s) killed by signal %d at ip %#lx\n", t->proc->pid, t->proc->comm,
			sig, (unsigned long)user_context_ip(t->ctx));
	/* Linux reports a core dump only when one may be written (RLIMIT_CORE not 0) */
	core = (CORE_SIGS & bit) && READ_ONCE(t->proc->rlim[RLIMIT_CORE].cur);
	process_exit(t, sig | (core ? WCOREFLAG : 0));
	return true;
}

static void run_handler(struct thread *t, int sig, const struct k_sigaction *act,
			const struct ksiginfo *info)
{
	u64 oldmask = t->restore_sigmask ? t->saved_sigmask : t->sigmask;

	t->restore_sigmask = false;
	if (linux_signal_frame(t, act, info, oldmask)) {
		pr_info("pid %d (%s): bad signal frame for signal %d\n", t->proc->pid,
			t->proc->comm, sig);
		process_exit(t, SIGSEGV);
		return;
	}
	t->sigmask |= act->mask | ((act->flags & SA_NODEFER) ? 0 : SIG_BIT(sig));
	t->sigmask &= ~SIG_UNBLOCKABLE;
}

void signal_deliver(struct thread *t, long nr)
{
	struct process *p = t->proc;
	struct k_sigaction act;
	struct ksiginfo info;
	int sig;

	for (;;) {
		if (READ_ONCE(p->stopped))
			wait_while_stopped(t);
		if (READ_ONCE(p->exiting) || READ_ONCE(t->exiting))
			return;
		sig = dequeue(t, &info, &act);
		if (!sig)
			break;
		if (act.handler == SIG_IGN)
			continue;
		if (act.handler == SIG_DFL) {
			if (default_action(t, sig))
				return;
			continue;
		}
		if (nr >= 0)
			fix_restart(t, nr, &act);
		run_handler(t, sig, &act, &info);
		return;
	}
	if (nr >= 0)
		fix_restart(t, nr, NULL);
	if (t->restore_sigmask) {
		t->restore_sigmask = false;
		t->sigmask = t->saved_sigmask;
	}
}

void signal_exec(struct thread *t)
{
	struct process *p = t->proc;

	spin_lock(&p->lock);
	for (int i = 0; i < NSIG; i++) {
		if (p->sigactions[i].handler != SIG_IGN)
			p->sigactions[i] = (struct k_sigaction){ .handler = SIG_DFL };
	}
	spin_unlock(&p->lock);
	t->altstack_sp = 0;
	t->altstack_size = 0;
}
