// SPDX-License-Identifier: MPL-2.0
// fork, vfork and clone: a new process with a copy-on-write address space and copies of the
// parent's descriptors, root, cwd and credentials, or a new thread in the caller's process.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include <hal/task.h>
#include <hal/user.h>
#include <services/process.h>
#include "internal.h"

/* The child's registers: the parent's at the syscall, returning 0, maybe on a new stack. */
static struct user_context *child_context(struct thread *t, struct mm *mm,
					  const struct clone_req *req)
{
	struct user_context *ctx = user_context_create(mm->space);

	if (IS_ERR(ctx))
		return ctx;
	user_context_copy_regs(ctx, t->ctx);
	user_context_set_retval(ctx, 0);
	if (req->stack)
		user_context_set_sp(ctx, req->stack);
	if ((req->flags & CLONE_SETTLS) && user_context_set_tls(ctx, req->tls)) {
		user_context_destroy(ctx);
		return ERR_PTR(-EPERM);
	}
	return ctx;
}

/* The descriptors of @src, each FD_FILE with its own reference. */
static void fds_copy(struct process *dst, struct process *src)
{
	spin_lock(&src->lock);
	for (int fd = 0; fd < PROC_MAX_FDS; fd++) {
		dst->fds[fd] = src->fds[fd];
		if (dst->fds[fd].kind == FD_FILE)
			file_get(dst->fds[fd].file);
	}
	memcpy(dst->sigactions, src->sigactions, sizeof(dst->sigactions));
	memcpy(dst->rlim, src->rlim, sizeof(dst->rlim));
	dst->umask = src->umask;
	spin_unlock(&src->lock);
}

/* A copy of @p for fork: everything but threads, children and the tree links. */
static struct process *process_dup(struct process *p)
{
	struct process *c = process_alloc();

	if (IS_ERR(c))
		return c;
	c->mm = mm_fork(p->mm);
	if (IS_ERR(c->mm)) {
		long err = PTR_ERR(c->mm);

		c->mm = NULL;
		process_free(c);
		return ERR_PTR(err);
	}
	memcpy(c->comm, p->comm, sizeof(c->comm));
	c->cred = cred_get(p->cred);
	c->root = p->root;
	c->cwd = p->cwd;
	path_get(&c->root);
	path_get(&c->cwd);
	c->pgid = p->pgid;
	c->sid = p->sid;
	fds_copy(c, p);
	return c;
}

static int start_thread(struct thread *nt, const struct clone_req *req)
{
	struct task *task;

	if ((req->flags & CLONE_CHILD_SETTID) &&
	    mm_write_remote(nt->proc->mm, req->child_tid, &nt->tid, sizeof(nt->tid)))
		return -EFAULT;
	if (req->flags & CLONE_CHILD_CLEARTID)
		nt->clear_child_tid = req->child_tid;
	task = thread_run(nt);
	if (IS_ERR(task))
		return (int)PTR_ERR(task);
	task_put(task);
	return 0;
}

static long clone_thread(struct thread *t, const struct clone_req *req)
{
	struct process *p = t->proc;
	struct user_context *ctx = child_context(t, p->mm, req);
	struct thread *nt;
	int tid, err;

	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	tid = pid_alloc();
	nt = thread_create(p, ctx, tid);
	if (IS_ERR(nt)) {
		user_context_destroy(ctx);
		return PTR_ERR(nt);
	}
	nt->sigmask = t->sigmask;
	if ((req->flags & CLONE_PARENT_SETTID) &&
	    copy_to_user(p->mm, req->parent_tid, &tid, sizeof(tid))) {
		thread_destroy(nt);
		return -EFAULT;
	}
	err = start_thread(nt, req);
	if (err)
		thread_destroy(nt);
	return err ? err : tid;
}

static long clone_process(struct thread *t, const struct clone_req *req)
{
	struct process *p = t->proc, *c = process_dup(p);
	struct user_context *ctx;
	struct thread *nt;
	int err, pid;

	if (IS_ERR(c))
		return PTR_ERR(c);
	pid = c->pid;
	ctx = child_context(t, c->mm, req);
	nt = IS_ERR(ctx) ? ERR_PTR(PTR_ERR(ctx)) : thread_create(c, ctx, pid);
	err = IS_ERR(nt) ? (int)PTR_ERR(nt) : 0;
	if (!err) {
		nt->sigmask = t->sigmask;
		nt->altstack_sp = t->altstack_sp;
		nt->altstack_size = t->altstack_size;
	}
	if (!err && (req->flags & CLONE_PARENT_SETTID))
		err = copy_to_user(p->mm, req->parent_tid, &pid, sizeof(pid));
	if (err) {
		if (!IS_ERR(nt))
			thread_destroy(nt);
		else if (!IS_ERR(ctx))
			user_context_destroy(ctx);
		process_free(c);
		return err;
	}
	process_link_child(p, c, req->flags & CLONE_VFORK ? t : NULL);
	err = start_thread(nt, req);
	if (err) {
		thread_destroy(nt);
		process_unlink_free(c);
		return err;
	}
	if (req->flags & CLONE_VFORK)
		process_vfork_wait(t);
	return pid;
}

long process_clone(struct thread *t, const struct clone_req *req)
{
	u64 f = req->flags;

	if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
		return -EINVAL;
	if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
		return -EINVAL;
	if (f & CLONE_THREAD)
		return clone_thread(t, req);
	/* CLONE_VM without a thread (posix_spawn's vfork) gets a copy: correct for exec/_exit */
	return clone_process(t, req);
}
