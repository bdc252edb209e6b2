// SPDX-License-Identifier: MPL-2.0
// Processes: pid allocation, credentials, root and cwd for the VFS, the fd table and the
// exit status a parent will collect.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include <hal/sync.h>
#include <services/process.h>

static DEFINE_SPINLOCK(pid_lock);
static int last_pid; /* pid_lock: pids count up from 1, as Linux's do after boot */

static int pid_alloc(void)
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
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 4096 };
}

struct process *process_create_init(void)
{
	struct process *p = kzalloc(sizeof(*p));

	if (!p)
		return ERR_PTR(-ENOMEM);
	p->mm = mm_create();
	if (IS_ERR(p->mm)) {
		long err = PTR_ERR(p->mm);

		kfree(p);
		return ERR_PTR(err);
	}
	p->pid = pid_alloc();
	p->cred = cred_get(cred_root());
	vfs_root_path(&p->root);
	vfs_root_path(&p->cwd);
	p->umask = 022;
	spin_lock_init(&p->lock);
	for (int fd = 0; fd < 3; fd++)
		p->fds[fd] = (struct fd_entry){ .kind = FD_CONSOLE, .status = O_RDWR };
	init_rlimits(p);
	strscpy(p->comm, "init", sizeof(p->comm));
	return p;
}

void process_free(struct process *p)
{
	for (int fd = 0; fd < PROC_MAX_FDS; fd++)
		if (p->fds[fd].kind == FD_FILE)
			vfs_file_put(p->fds[fd].file);
	path_put(&p->root);
	path_put(&p->cwd);
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

	spin_lock(&p->lock);
	if (!p->exiting) {
		p->exiting = true;
		p->exit_status = status;
	}
	spin_unlock(&p->lock);
}
