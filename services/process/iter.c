// SPDX-License-Identifier: MPL-2.0
// Read-only views of the process tree for /proc: the live pids and a snapshot of one
// process's identity, taken under proc_tree_lock so no process is touched once it may be freed.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <services/process.h>
#include <services/procfs.h>
#include "internal.h"

/* The tree's root as seen from the caller (init, or the caller's topmost ancestor). */
static struct process *tree_root(void)
{
	struct thread *t = thread_current();
	struct process *p = t ? t->proc : NULL;

	while (p && p->parent)
		p = p->parent;
	return p;
}

/* Pre-order successor of @p below @root, or NULL. Holds proc_tree_lock. */
static struct process *tree_next(struct process *p, struct process *root)
{
	if (!list_empty(&p->children))
		return list_first_entry(&p->children, struct process, sibling);
	while (p != root && p->parent) {
		if (!list_is_last(&p->sibling, &p->parent->children))
			return list_entry(p->sibling.next, struct process, sibling);
		p = p->parent;
	}
	return NULL;
}

static void sort_ints(int *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			int tmp = v[j];

			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
}

int process_pids(int *pids, int max)
{
	struct process *root, *p;
	int n = 0;

	spin_lock(&proc_tree_lock);
	root = tree_root();
	for (p = root; p && n < max; p = tree_next(p, root))
		pids[n++] = p->pid;
	spin_unlock(&proc_tree_lock);
	sort_ints(pids, n);
	return n;
}

static void fill_info(struct process *p, struct proc_info *out)
{
	const struct cred *c = READ_ONCE(p->cred);

	memset(out, 0, sizeof(*out));
	out->pid = p->pid;
	out->ppid = p->ppid;
	out->pgid = p->pgid;
	out->sid = p->sid;
	out->umask = READ_ONCE(p->umask);
	out->nr_threads = READ_ONCE(p->nr_threads);
	out->state = p->zombie					       ? 'Z' :
		     (thread_current() && thread_current()->proc == p) ? 'R' :
									 'S';
	if (c) {
		out->uid = c->uid;
		out->euid = c->euid;
		out->suid = c->suid;
		out->fsuid = c->fsuid;
		out->gid = c->gid;
		out->egid = c->egid;
		out->sgid = c->sgid;
		out->fsgid = c->fsgid;
	}
	memcpy(out->comm, p->comm, sizeof(out->comm));
	out->comm[sizeof(out->comm) - 1] = '\0';
}

int process_info(int pid, struct proc_info *out)
{
	struct process *root, *p;
	int err = -ESRCH;

	spin_lock(&proc_tree_lock);
	root = tree_root();
	for (p = root; p; p = tree_next(p, root))
		if (p->pid == pid) {
			fill_info(p, out);
			err = 0;
			break;
		}
	spin_unlock(&proc_tree_lock);
	return err;
}
