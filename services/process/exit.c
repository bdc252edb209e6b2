// SPDX-License-Identifier: MPL-2.0
// The process tree: children linked to their parent, zombies with Linux's wait status until
// wait4/waitid reaps them, orphans reparented to init, and the vfork hand-back.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <hal/sync.h>
#include <services/process.h>
#include "internal.h"

DEFINE_SPINLOCK(proc_tree_lock);
static struct process *init_proc; /* proc_tree_lock */

void process_set_init(struct process *p)
{
	spin_lock(&proc_tree_lock);
	init_proc = p;
	spin_unlock(&proc_tree_lock);
}

/* Tell @p's waiters a child changed. Caller holds proc_tree_lock (so do the two below). */
static void notify(struct process *p)
{
	WRITE_ONCE(p->child_seq, p->child_seq + 1);
	wake_up_all(&p->child_wait);
}

void process_link_child(struct process *p, struct process *c, struct thread *vfork_waiter)
{
	spin_lock(&proc_tree_lock);
	c->parent = p;
	c->ppid = p->pid;
	c->vfork_waiter = vfork_waiter;
	if (vfork_waiter)
		vfork_waiter->vfork_done = false;
	list_add_tail(&c->sibling, &p->children);
	spin_unlock(&proc_tree_lock);
}

void process_unlink_free(struct process *c)
{
	spin_lock(&proc_tree_lock);
	list_del(&c->sibling);
	spin_unlock(&proc_tree_lock);
	process_free(c);
}

static void vfork_release_locked(struct process *p)
{
	struct thread *w = p->vfork_waiter;

	if (!w)
		return;
	p->vfork_waiter = NULL;
	WRITE_ONCE(w->vfork_done, true);
	wake_up_all(&w->proc->child_wait);
}

void process_vfork_release(struct process *p)
{
	spin_lock(&proc_tree_lock);
	vfork_release_locked(p);
	spin_unlock(&proc_tree_lock);
}

void process_vfork_wait(struct thread *t)
{
	/* not interruptible: the child holds a pointer to @t until it lets go */
	wait_event(&t->proc->child_wait, READ_ONCE(t->vfork_done));
}

/* Hand @p's children to init; zombies among them are init's to reap now. */
static void reparent_children(struct process *p)
{
	struct process *c, *reaper = init_proc;
	bool zombies = false;

	while (!list_empty(&p->children)) {
		c = list_first_entry(&p->children, struct process, sibling);
		if (!reaper || reaper == p) {
			list_del_init(&c->sibling);
			c->parent = NULL;
			continue;
		}
		c->parent = reaper;
		c->ppid = reaper->pid;
		zombies |= c->zombie;
		list_move_tail(&c->sibling, &reaper->children);
	}
	if (zombies)
		notify(reaper);
}

/* Linux: a parent that ignores SIGCHLD (or set SA_NOCLDWAIT) gets no zombies to reap. */
static bool parent_autoreaps(struct process *parent)
{
	bool ret;

	spin_lock(&parent->lock);
	ret = parent->sigactions[SIGCHLD - 1].handler == SIG_IGN ||
	      (parent->sigactions[SIGCHLD - 1].flags & SA_NOCLDWAIT);
	spin_unlock(&parent->lock);
	return ret;
}

static int exit_code(int status)
{
	if (!(status & 0x7f))
		return CLD_EXITED;
	return (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
}

/* SIGCHLD for @p's parent (proc_tree_lock held, a parent exists). */
static void send_sigchld(struct process *p, int code, int status)
{
	struct process *parent = p->parent;
	struct ksiginfo info = { .signo = SIGCHLD, .code = code, .pid = p->pid };
	bool continued;

	info.uid = (int)p->cred->uid;
	info.status = code == CLD_EXITED ? (status >> 8) & 0xff : status & 0x7f;
	if (code == CLD_STOPPED)
		info.status = (status >> 8) & 0xff;
	spin_lock(&parent->lock);
	if ((code == CLD_STOPPED || code == CLD_CONTINUED) &&
	    (parent->sigactions[SIGCHLD - 1].flags & SA_NOCLDSTOP)) {
		spin_unlock(&parent->lock);
		return;
	}
	continued = signal_send_locked(parent, NULL, SIGCHLD, &info);
	spin_unlock(&parent->lock);
	signal_send_done(parent, continued);
}

void process_notify_parent(struct process *p, int code, int sig)
{
	spin_lock(&proc_tree_lock);
	if (p->parent) {
		notify(p->parent);
		send_sigchld(p, code, code == CLD_STOPPED ? (sig << 8) | 0x7f : 0xffff);
	}
	spin_unlock(&proc_tree_lock);
}

void process_zombify(struct process *p)
{
	struct mm *mm = p->mm;
	bool autoreap = false;

	process_close_fds(p);
	p->mm = NULL;
	mm_destroy(mm);
	spin_lock(&proc_tree_lock);
	vfork_release_locked(p);
	reparent_children(p);
	WRITE_ONCE(p->zombie, true);
	if (p->parent) {
		autoreap = parent_autoreaps(p->parent);
		if (autoreap)
			list_del_init(&p->sibling);
		notify(p->parent);
		send_sigchld(p, exit_code(p->exit_status), p->exit_status);
	}
	spin_unlock(&proc_tree_lock);
	if (autoreap)
		process_free(p);
}

static bool wait_match(const struct process *p, const struct process *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == p->pgid;
	return pid == -1 || c->pgid == -pid;
}

/* A stop or continue of live child @c that @flags asks for: take its status (proc_tree_lock). */
static bool wait_stopped(struct process *c, unsigned int flags, int *status)
{
	bool hit;
	int r;

	spin_lock(&c->lock);
	r = c->stop_report;
	hit = r && (((flags & WAIT_UNTRACED) && r != 0xffff) ||
		    ((flags & WAIT_CONTINUED) && r == 0xffff));
	if (hit) {
		*status = r;
		if (!(flags & WAIT_NOWAIT))
			c->stop_report = 0;
	}
	spin_unlock(&c->lock);
	return hit;
}

/* One pass over the children: a reaped pid, 0 if matching ones still run, or -ECHILD. */
static int wait_scan(struct process *p, int pid, unsigned int flags, int *status,
		     struct process **victim)
{
	struct process *c;
	int ret = -ECHILD;

	spin_lock(&proc_tree_lock);
	list_for_each_entry(c, &p->children, sibling) {
		if (!wait_match(p, c, pid))
			continue;
		ret = 0;
		if (!c->zombie) {
			if (wait_stopped(c, flags, status)) {
				ret = c->pid;
				break;
			}
			continue;
		}
		*status = c->exit_status;
		ret = c->pid;
		if (!(flags & WAIT_NOWAIT)) {
			list_del_init(&c->sibling);
			*victim = c;
		}
		break;
	}
	spin_unlock(&proc_tree_lock);
	return ret;
}

int process_wait(struct thread *t, int pid, bool nohang, bool nowait, int *status)
{
	return process_wait_flags(t, pid, (nohang ? WAIT_NOHANG : 0) | (nowait ? WAIT_NOWAIT : 0),
				  status);
}

int process_wait_flags(struct thread *t, int pid, unsigned int flags, int *status)
{
	struct process *p = t->proc, *victim = NULL;
	int ret;

	for (;;) {
		u32 seq = READ_ONCE(p->child_seq);

		ret = wait_scan(p, pid, flags, status, &victim);
		if (ret || (flags & WAIT_NOHANG))
			break;
		wait_event(&p->child_wait, READ_ONCE(p->child_seq) != seq || signal_pending(t));
		if (READ_ONCE(p->exiting) || READ_ONCE(t->exiting))
			return -EINTR;
		if (READ_ONCE(p->child_seq) == seq && signal_pending(t))
			return -ERESTARTSYS;
	}
	if (victim)
		process_free(victim);
	return ret;
}
