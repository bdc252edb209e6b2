// SPDX-License-Identifier: MPL-2.0
// Processes: pid allocation, credentials, root and cwd for the VFS, the fd table and the
// exit status a parent will collect.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include <hal/sync.h>
#include <hal/user.h>
#include <services/process.h>
#include "internal.h"

static DEFINE_SPINLOCK(pid_lock);
/* Every process from process_alloc to process_free, for kill(2) and procfs. */
static DEFINE_SPINLOCK(all_lock);
static LIST_HEAD(all_procs);
static int last_pid; /* pid_lock: pids count up from 1, as Linux's do after boot */

int pid_alloc(void)
{
	int pid;

	spin_lock(&pid_lock);
	pid = ++last_pid;
	spin_unlock(&pid_lock);
	return pid;
}

/* Linux's defaults: an 8 MiB soft stack limit, 1024 descriptors, the rest unlimited. */
static void init_rlimits(struct process *p)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		p->rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_STACK].cur = 8UL << 20;
	p->rlim[RLIMIT_CORE].cur = 0; /* as Linux's init: no core dumps unless raised */
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 4096 };
}

struct process *process_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p));

	if (!p)
		return ERR_PTR(-ENOMEM);
	p->pid = pid_alloc();
	spin_lock_init(&p->lock);
	INIT_LIST_HEAD(&p->threads);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	wait_queue_init(&p->child_wait);
	wait_queue_init(&p->stop_wait);
	spin_lock(&all_lock);
	list_add_tail(&p->all_node, &all_procs);
	spin_unlock(&all_lock);
	return p;
}

struct process *process_create_init(void)
{
	struct process *p = process_alloc();

	if (IS_ERR(p))
		return p;
	p->mm = mm_create();
	if (IS_ERR(p->mm)) {
		long err = PTR_ERR(p->mm);

		p->mm = NULL;
		process_free(p);
		return ERR_PTR(err);
	}
	p->sid = p->pgid = 0; /* as Linux's init: in the kernel's session 0 until setsid() */
	p->cred = cred_get(cred_root());
	vfs_root_path(&p->root);
	vfs_root_path(&p->cwd);
	p->umask = 022;
	for (int fd = 0; fd < 3; fd++)
		p->fds[fd] = (struct fd_entry){ .kind = FD_CONSOLE, .status = O_RDWR };
	init_rlimits(p);
	strscpy(p->comm, "init", sizeof(p->comm));
	process_set_init(p);
	signal_tty_init();
	return p;
}

/* Close every descriptor of @p (its last thread is gone, or it never ran). */
void process_close_fds(struct process *p)
{
	for (int fd = 0; fd < PROC_MAX_FDS; fd++) {
		if (p->fds[fd].kind == FD_FILE)
			vfs_file_put(p->fds[fd].file);
		p->fds[fd] = (struct fd_entry){ .kind = FD_NONE };
	}
}

int process_for_each(int (*fn)(struct process *p, void *arg), void *arg)
{
	struct process *p;
	int ret = 0;

	spin_lock(&all_lock);
	list_for_each_entry(p, &all_procs, all_node) {
		ret = fn(p, arg);
		if (ret)
			break;
	}
	spin_unlock(&all_lock);
	return ret;
}

void process_free(struct process *p)
{
	spin_lock(&all_lock);
	list_del(&p->all_node);
	spin_unlock(&all_lock);
	process_close_fds(p);
	if (p->root.dentry)
		path_put(&p->root);
	if (p->cwd.dentry)
		path_put(&p->cwd);
	if (p->cred)
		cred_put(p->cred);
	mm_destroy(p->mm);
	kfree(p);
}

void process_vfs_ctx(struct process *p, struct vfs_ctx *ctx)
{
	ctx->cred = p->cred;
	ctx->root = p->root;
	ctx->cwd = p->cwd;
}

void process_set_comm(struct process *p, const char *path)
{
	const char *base = strrchr(path, '/');

	strscpy(p->comm, base ? base + 1 : path, sizeof(p->comm));
}

void process_exit(struct thread *t, int status)
{
	struct process *p = t->proc;
	struct thread *o;

	spin_lock(&p->lock);
	if (!p->exiting) {
		p->exiting = true;
		p->exit_status = status;
	}
	/* exit_group: every other thread leaves user mode and sees p->exiting */
	list_for_each_entry(o, &p->threads, node)
		if (o != t)
			user_mode_kick(o->ctx);
	spin_unlock(&p->lock);
	wake_up_all(&p->child_wait); /* threads sleeping in wait4 give up */
}
