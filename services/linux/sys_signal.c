// SPDX-License-Identifier: MPL-2.0
// Signal system calls: dispositions and masks (rt_sigaction, rt_sigprocmask), kill/tkill/
// tgkill, waiting (pause, rt_sigsuspend, rt_sigtimedwait), sigaltstack, and the ABI's signal
// frame: built for a handler, taken apart again by rt_sigreturn.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/sync.h>
#include <hal/time.h>
#include <hal/user.h>
#include <services/signal.h>
#include "syscall.h"

#if defined(__x86_64__)
#include "abi/x86_64/sigframe.h"
#endif

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SS_AUTODISARM (1U << 31)

#define DEFAULT_IGNORED (SIG_BIT(SIGCHLD) | SIG_BIT(SIGCONT) | SIG_BIT(SIGURG) | SIG_BIT(SIGWINCH))

static bool ignoring(const struct k_sigaction *act, int sig)
{
	return act->handler == SIG_IGN ||
	       (act->handler == SIG_DFL && (DEFAULT_IGNORED & SIG_BIT(sig)));
}

/* A signal that becomes ignored is dropped wherever it is pending (p->lock held). */
static void discard_pending(struct process *p, int sig)
{
	struct thread *o;

	p->sig_pending &= ~SIG_BIT(sig);
	list_for_each_entry(o, &p->threads, node)
		o->sig_pending &= ~SIG_BIT(sig);
}

long sys_rt_sigaction(struct thread *t, const unsigned long *a)
{
	struct process *p = t->proc;
	int sig = (int)a[0];
	struct k_sigaction act, old;

	if (a[3] != sizeof(u64))
		return -EINVAL;
	if (sig < 1 || sig > NSIG || (a[1] && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	if (a[1] && copy_from_user(p->mm, &act, a[1], sizeof(act)))
		return -EFAULT;
	act.mask &= ~SIG_UNBLOCKABLE;
	spin_lock(&p->lock);
	old = p->sigactions[sig - 1];
	if (a[1]) {
		p->sigactions[sig - 1] = act;
		if (ignoring(&act, sig))
			discard_pending(p, sig);
	}
	spin_unlock(&p->lock);
	return a[2] ? copy_to_user(p->mm, a[2], &old, sizeof(old)) : 0;
}

long sys_rt_sigprocmask(struct thread *t, const unsigned long *a)
{
	u64 old = t->sigmask, set;

	if (a[3] != sizeof(u64))
		return -EINVAL;
	if (a[1]) {
		if (copy_from_user(t->proc->mm, &set, a[1], sizeof(set)))
			return -EFAULT;
		switch (a[0]) {
		case SIG_BLOCK:
			t->sigmask |= set;
			break;
		case SIG_UNBLOCK:
			t->sigmask &= ~set;
			break;
		case SIG_SETMASK:
			t->sigmask = set;
			break;
		default:
			return -EINVAL;
		}
		t->sigmask &= ~SIG_UNBLOCKABLE;
	}
	return a[2] ? copy_to_user(t->proc->mm, a[2], &old, sizeof(old)) : 0;
}

long sys_kill(struct thread *t, const unsigned long *a)
{
	return signal_kill(t, (int)a[0], (int)a[1]);
}

long sys_tkill(struct thread *t, const unsigned long *a)
{
	return signal_tkill(t, -1, (int)a[0], (int)a[1]);
}

long sys_tgkill(struct thread *t, const unsigned long *a)
{
	if ((int)a[0] <= 0)
		return -EINVAL;
	return signal_tkill(t, (int)a[0], (int)a[1], (int)a[2]);
}

long sys_rt_sigpending(struct thread *t, const unsigned long *a)
{
	struct process *p = t->proc;
	u64 set;

	if (a[1] > sizeof(u64))
		return -EINVAL;
	spin_lock(&p->lock);
	set = (t->sig_pending | p->sig_pending) & t->sigmask;
	spin_unlock(&p->lock);
	return copy_to_user(p->mm, a[0], &set, a[1]);
}

long sys_pause(struct thread *t, const unsigned long *a)
{
	(void)a;
	wait_event(&t->sig_wait, signal_pending(t));
	return -ERESTARTNOHAND;
}

long sys_rt_sigsuspend(struct thread *t, const unsigned long *a)
{
	u64 mask;

	if (a[1] != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(t->proc->mm, &mask, a[0], sizeof(mask)))
		return -EFAULT;
	t->saved_sigmask = t->sigmask;
	t->restore_sigmask = true; /* signal_deliver puts it back after the handler frame */
	t->sigmask = mask & ~SIG_UNBLOCKABLE;
	wait_event(&t->sig_wait, signal_pending(t));
	return -ERESTARTNOHAND;
}

/* ---- rt_sigtimedwait ------------------------------------------------------------------------ */

static void fill_siginfo(struct linux_siginfo *si, const struct ksiginfo *k)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = k->signo;
	si->si_code = k->code;
	if (k->code > 0 && k->code < SI_KERNEL && k->signo != SIGCHLD) {
		si->addr = k->addr; /* a fault */
		return;
	}
	si->proc.pid = k->pid;
	si->proc.uid = k->uid;
	if (k->signo == SIGCHLD)
		si->proc.status = k->status;
}

/* Take the lowest pending signal of @set (blocked or not): its number or 0. */
static int take_from_set(struct thread *t, u64 set, struct ksiginfo *info)
{
	struct process *p = t->proc;
	u64 pend;
	int sig = 0;

	spin_lock(&p->lock);
	pend = (t->sig_pending | p->sig_pending) & set;
	if (pend) {
		sig = __builtin_ctzll(pend) + 1;
		if (t->sig_pending & SIG_BIT(sig)) {
			t->sig_pending &= ~SIG_BIT(sig);
			*info = t->sig_info[sig - 1];
		} else {
			p->sig_pending &= ~SIG_BIT(sig);
			*info = p->sig_info[sig - 1];
		}
	}
	spin_unlock(&p->lock);
	return sig;
}

/* Sleep until a signal of @set or another unblocked one arrives, or @deadline (0: none). */
static int sigwait_sleep(struct thread *t, u64 set, u64 deadline, struct ksiginfo *info)
{
	struct wait_entry we;
	int sig;

	wait_entry_init(&we);
	for (;;) {
		wait_prepare(&t->sig_wait, &we);
		sig = take_from_set(t, set, info);
		if (sig || signal_pending(t))
			break;
		if (deadline ? !wait_sleep_until(deadline) : (wait_sleep(), false)) {
			sig = -EAGAIN;
			break;
		}
	}
	wait_finish(&t->sig_wait, &we);
	if (!sig && signal_pending(t))
		return -EINTR;
	return sig;
}

long sys_rt_sigtimedwait(struct thread *t, const unsigned long *a)
{
	struct process *p = t->proc;
	struct {
		s64 sec, nsec;
	} ts;
	struct linux_siginfo si;
	struct ksiginfo info;
	u64 set, deadline = 0;
	int sig;

	if (a[3] != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(p->mm, &set, a[0], sizeof(set)))
		return -EFAULT;
	set &= ~SIG_UNBLOCKABLE;
	if (a[2]) {
		if (copy_from_user(p->mm, &ts, a[2], sizeof(ts)))
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
			return -EINVAL;
		deadline = wait_deadline((u64)ts.sec * 1000000000ULL + (u64)ts.nsec);
		if (!deadline)
			deadline = 1;
	}
	sig = sigwait_sleep(t, set, deadline, &info);
	if (sig <= 0)
		return sig;
	fill_siginfo(&si, &info);
	if (a[1] && copy_to_user(p->mm, a[1], &si, sizeof(si)))
		return -EFAULT;
	return sig;
}

/* ---- sigaltstack ---------------------------------------------------------------------------- */

static bool on_altstack(struct thread *t, vaddr_t sp)
{
	return t->altstack_size && sp > t->altstack_sp && sp <= t->altstack_sp + t->altstack_size;
}

static void altstack_info(struct thread *t, struct linux_stack *ss)
{
	vaddr_t sp = user_context_sp(t->ctx);

	ss->ss_sp = t->altstack_sp;
	ss->ss_size = t->altstack_size;
	ss->ss_flags = on_altstack(t, sp) ? SS_ONSTACK : t->altstack_size ? 0 : SS_DISABLE;
	ss->pad = 0;
}

long sys_sigaltstack(struct thread *t, const unsigned long *a)
{
	struct linux_stack old, ss;

	altstack_info(t, &old);
	if (a[0]) {
		if (copy_from_user(t->proc->mm, &ss, a[0], sizeof(ss)))
			return -EFAULT;
		if (old.ss_flags == SS_ONSTACK)
			return -EPERM;
		if ((u32)ss.ss_flags & ~(SS_DISABLE | SS_ONSTACK | SS_AUTODISARM))
			return -EINVAL;
		if (ss.ss_flags & SS_DISABLE) {
			t->altstack_sp = 0;
			t->altstack_size = 0;
		} else {
			if (ss.ss_size < LINUX_MINSIGSTKSZ)
				return -ENOMEM;
			t->altstack_sp = ss.ss_sp;
			t->altstack_size = ss.ss_size;
		}
	}
	return a[1] ? copy_to_user(t->proc->mm, a[1], &old, sizeof(old)) : 0;
}

/* ---- The frame ------------------------------------------------------------------------------ */

void linux_syscall_restart(struct user_context *ctx, long nr)
{
	user_context_set_ip(ctx, user_context_ip(ctx) - LINUX_SYSCALL_INSN_LEN);
	user_context_set_retval(ctx, (unsigned long)nr);
}

static void fill_mcontext(struct thread *t, struct linux_sigcontext *sc, u64 oldmask)
{
	unsigned long v;

	for (unsigned int i = 0; i < LINUX_SIGCONTEXT_NR_GREGS; i++)
		sc->gregs[i] = user_context_get_reg(t->ctx, i, &v) ? 0 : v;
	sc->cs = LINUX_USER_CS;
	sc->ss = LINUX_USER_SS;
	sc->oldmask = oldmask;
}

/* Where the frame goes: the altstack (SA_ONSTACK, not on it yet) or below the red zone. */
static vaddr_t frame_addr(struct thread *t, const struct k_sigaction *act)
{
	vaddr_t sp = user_context_sp(t->ctx);

	if ((act->flags & SA_ONSTACK) && t->altstack_size && !on_altstack(t, sp))
		sp = t->altstack_sp + t->altstack_size;
	else
		sp -= LINUX_REDZONE;
	/* at handler entry (sp + 8) % 16 == 0, as after a call */
	return ((sp - sizeof(struct linux_rt_sigframe)) & ~(vaddr_t)15) - 8;
}

int linux_signal_frame(struct thread *t, const struct k_sigaction *act, const struct ksiginfo *info,
		       u64 oldmask)
{
	struct linux_rt_sigframe f;
	vaddr_t fa;
	unsigned long flags;

	if (!(act->flags & SA_RESTORER))
		return -EFAULT; /* x86_64 Linux has no other way back */
	fa = frame_addr(t, act);
	memset(&f, 0, sizeof(f));
	f.pretcode = act->restorer;
	f.uc.uc_flags = LINUX_UC_SIGCONTEXT_SS | LINUX_UC_STRICT_RESTORE_SS;
	altstack_info(t, &f.uc.uc_stack);
	fill_mcontext(t, &f.uc.uc_mcontext, oldmask);
	f.uc.uc_sigmask = oldmask;
	fill_siginfo(&f.info, info);
	if (copy_to_user(t->proc->mm, fa, &f, sizeof(f)))
		return -EFAULT;
	user_context_set_reg(t->ctx, 8, (unsigned long)info->signo); /* rdi */
	user_context_set_reg(t->ctx, 9, fa + offsetof(struct linux_rt_sigframe, info));
	user_context_set_reg(t->ctx, 12, fa + offsetof(struct linux_rt_sigframe, uc));
	user_context_set_retval(t->ctx, 0);
	user_context_set_ip(t->ctx, act->handler);
	user_context_set_sp(t->ctx, fa);
	flags = user_context_flags(t->ctx);
	user_context_set_flags(t->ctx, flags & ~(unsigned long)(LINUX_FLAGS_TF | LINUX_FLAGS_DF));
	return 0;
}

/* rt_sigreturn: the handler returned through sa_restorer; sp is just past pretcode. */
long sys_rt_sigreturn(struct thread *t, const unsigned long *a)
{
	vaddr_t fa = user_context_sp(t->ctx) - sizeof(u64);
	struct linux_ucontext uc;
	unsigned long rax;

	(void)a;
	t->sigreturned = true;
	if (copy_from_user(t->proc->mm, &uc, fa + offsetof(struct linux_rt_sigframe, uc),
			   sizeof(uc))) {
		signal_force(t, SIGSEGV, NULL);
		return (long)user_context_retval(t->ctx);
	}
	for (unsigned int i = 0; i < LINUX_SIGCONTEXT_NR_GREGS; i++)
		user_context_set_reg(t->ctx, i, uc.uc_mcontext.gregs[i]);
	t->sigmask = uc.uc_sigmask & ~SIG_UNBLOCKABLE;
	rax = uc.uc_mcontext.gregs[LINUX_REG_RAX];
	return (long)rax; /* the dispatcher writes it back to rax */
}
