// SPDX-License-Identifier: MPL-2.0
// Process groups and sessions: setpgid/getpgid/setsid/getsid over the process tree. Only the
// caller, its parent and its children can be named until a global pid table exists.
#include <hal/errno.h>
#include <services/process.h>
#include "internal.h"

/* The process @pid as seen from @p (0: @p itself), or NULL. Holds proc_tree_lock. */
static struct process *find_near(struct process *p, int pid)
{
	struct process *c;

	if (!pid || pid == p->pid)
		return p;
	if (p->parent && p->parent->pid == pid)
		return p->parent;
	list_for_each_entry(c, &p->children, sibling)
		if (c->pid == pid)
			return c;
	return NULL;
}

/* Does a process group @pgid exist in session @sid among those @p can see? */
static bool group_exists(struct process *p, int pgid, int sid)
{
	struct process *c;

	if (p->pgid == pgid)
		return p->sid == sid;
	list_for_each_entry(c, &p->children, sibling)
		if (c->pgid == pgid && c->sid == sid)
			return true;
	return false;
}

int process_setpgid(struct thread *t, int pid, int pgid)
{
	struct process *p = t->proc, *target;
	int err = 0;

	if (pid < 0 || pgid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	target = find_near(p, pid);
	if (!target || (target != p && target->parent != p))
		err = -ESRCH;
	else if (target->sid != p->sid || target->sid == target->pid)
		err = -EPERM;
	if (!err && !pgid)
		pgid = target->pid;
	if (!err && pgid != target->pid && !group_exists(p, pgid, p->sid))
		err = -EPERM;
	if (!err)
		target->pgid = pgid;
	spin_unlock(&proc_tree_lock);
	return err;
}

int process_getpgid(struct thread *t, int pid)
{
	struct process *q;
	int ret;

	if (pid < 0)
		return -ESRCH;
	spin_lock(&proc_tree_lock);
	q = find_near(t->proc, pid);
	ret = q ? q->pgid : -ESRCH;
	spin_unlock(&proc_tree_lock);
	return ret;
}

int process_getsid(struct thread *t, int pid)
{
	struct process *q;
	int ret;

	if (pid < 0)
		return -ESRCH;
	spin_lock(&proc_tree_lock);
	q = find_near(t->proc, pid);
	ret = q ? q->sid : -ESRCH;
	spin_unlock(&proc_tree_lock);
	return ret;
}

int process_setsid(struct thread *t)
{
	struct process *p = t->proc;
	int ret;

	spin_lock(&proc_tree_lock);
	if (p->pgid == p->pid) {
		ret = -EPERM;
	} else {
		p->sid = p->pgid = p->pid;
		ret = p->sid;
	}
	spin_unlock(&proc_tree_lock);
	return ret;
}
