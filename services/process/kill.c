// SPDX-License-Identifier: MPL-2.0
// kill(2), tkill(2) and tgkill(2): find the target processes or thread by pid, group or "all"
// and queue the signal with the sender in its siginfo.
#include <hal/errno.h>
#include <services/process.h>
#include <services/signal.h>
#include "internal.h"

struct kill_req {
	struct thread *sender;
	int pid, sig;
	int found;
	int tgid; /* tgkill: the thread's group, else -1 */
	struct ksiginfo info;
};

static bool kill_target(const struct kill_req *r, const struct process *p)
{
	const struct process *self = r->sender ? r->sender->proc : NULL;

	if (!self) /* the kernel (TTY): a group */
		return p->pgid == -r->pid;
	if (r->pid > 0)
		return p->pid == r->pid;
	if (r->pid == 0)
		return p->pgid == self->pgid;
	if (r->pid == -1)
		return p->pid != 1 && p != self;
	return p->pgid == -r->pid;
}

static int kill_one(struct process *p, void *arg)
{
	struct kill_req *r = arg;
	bool continued = false;

	if (!kill_target(r, p) || (r->pid != p->pid && READ_ONCE(p->zombie)))
		return 0;
	r->found++;
	if (r->sig) {
		spin_lock(&p->lock);
		continued = signal_send_locked(p, NULL, r->sig, &r->info);
		spin_unlock(&p->lock);
		signal_send_done(p, continued);
	}
	return r->pid > 0; /* one process: stop looking */
}

static void sender_info(struct kill_req *r, int code)
{
	r->info = (struct ksiginfo){ .signo = r->sig,
				     .code = code,
				     .pid = r->sender->proc->pid,
				     .uid = (int)r->sender->proc->cred->uid };
}

int signal_kill(struct thread *t, int pid, int sig)
{
	struct kill_req r = { .sender = t, .pid = pid, .sig = sig };

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid == (int)0x80000000)
		return -ESRCH;
	sender_info(&r, SI_USER);
	process_for_each(kill_one, &r);
	return r.found ? 0 : -ESRCH;
}

void signal_kill_pgrp(int pgrp, int sig)
{
	struct kill_req r = { .pid = -pgrp, .sig = sig };

	r.info = (struct ksiginfo){ .signo = sig, .code = SI_KERNEL };
	process_for_each(kill_one, &r);
}

static int tkill_one(struct process *p, void *arg)
{
	struct kill_req *r = arg;
	struct thread *o;
	bool continued = false;

	if (r->tgid > 0 && p->pid != r->tgid)
		return 0;
	spin_lock(&p->lock);
	list_for_each_entry(o, &p->threads, node) {
		if (o->tid != r->pid)
			continue;
		r->found = 1;
		if (r->sig)
			continued = signal_send_locked(p, o, r->sig, &r->info);
		break;
	}
	spin_unlock(&p->lock);
	if (r->found && r->sig)
		signal_send_done(p, continued);
	return r->found;
}

int signal_tkill(struct thread *t, int tgid, int tid, int sig)
{
	struct kill_req r = { .sender = t, .pid = tid, .sig = sig };

	if (sig < 0 || sig > NSIG || tid <= 0 || (tgid != -1 && tgid <= 0))
		return -EINVAL;
	sender_info(&r, SI_TKILL);
	r.tgid = tgid;
	process_for_each(tkill_one, &r);
	return r.found ? 0 : -ESRCH;
}
