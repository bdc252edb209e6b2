// SPDX-License-Identifier: MPL-2.0
// Signal state: rt_sigaction and rt_sigprocmask record and report dispositions and masks with
// Linux's checks. Delivery (frames, sigreturn, kill) is not there yet.
#include <hal/errno.h>
#include "syscall.h"

#define SIGKILL 9
#define SIGSTOP 19

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SIG_BIT(sig) (1ULL << ((sig) - 1))
#define UNBLOCKABLE  (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

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
	act.mask &= ~UNBLOCKABLE;
	spin_lock(&p->lock);
	old = p->sigactions[sig - 1];
	if (a[1])
		p->sigactions[sig - 1] = act;
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
		t->sigmask &= ~UNBLOCKABLE;
	}
	return a[2] ? copy_to_user(t->proc->mm, a[2], &old, sizeof(old)) : 0;
}
