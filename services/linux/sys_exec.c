// SPDX-License-Identifier: MPL-2.0
// execve: copy the path, argv and envp out of the old program, load the new one (exec_load),
// then apply Linux's exec rules to the process: close-on-exec descriptors close, caught
// signals go back to their default action.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include "syscall.h"

#define SIG_DFL 0
#define SIG_IGN 1

/* Strings from user space, packed into one budget of EXEC_ARG_MAX bytes. */
struct exec_strings {
	char *blob;
	size_t used;
};

/* Copy the NULL-terminated user vector at @uv into a kernel vector; NULL means empty. */
static long copy_strv(struct mm *mm, vaddr_t uv, struct exec_strings *s, const char ***out)
{
	const char **v = kcalloc(1, sizeof(*v));
	size_t n = 0;

	for (;;) {
		const char **grown;
		u64 uptr = 0;
		long len;

		if (!v)
			return -ENOMEM;
		if (uv && copy_from_user(mm, &uptr, uv + n * sizeof(u64), sizeof(uptr)))
			goto fault;
		if (!uptr)
			break;
		if (s->used >= EXEC_ARG_MAX) {
			kfree(v);
			return -E2BIG;
		}
		len = vm_strncpy_from(s->blob + s->used, uptr, EXEC_ARG_MAX - s->used);
		if (len < 0) {
			kfree(v);
			return len == -ENAMETOOLONG ? -E2BIG : len;
		}
		v[n++] = s->blob + s->used;
		s->used += (size_t)len + 1;
		grown = krealloc(v, (n + 1) * sizeof(*v));
		if (!grown)
			kfree(v);
		v = grown;
	}
	v[n] = NULL;
	*out = v;
	return 0;
fault:
	kfree(v);
	return -EFAULT;
}

/* What exec does to the process once the new program is in place. */
static void exec_commit(struct thread *t)
{
	struct process *p = t->proc;
	struct fd_entry closing[PROC_MAX_FDS];
	int nclosing = 0;

	spin_lock(&p->lock);
	for (int fd = 0; fd < PROC_MAX_FDS; fd++) {
		if (p->fds[fd].kind != FD_NONE && p->fds[fd].cloexec) {
			closing[nclosing++] = p->fds[fd];
			p->fds[fd] = (struct fd_entry){ .kind = FD_NONE };
		}
	}
	for (int sig = 0; sig < NSIG; sig++)
		if (p->sigactions[sig].handler != SIG_IGN)
			p->sigactions[sig] = (struct k_sigaction){ .handler = SIG_DFL };
	spin_unlock(&p->lock);
	while (nclosing--)
		fd_release(&closing[nclosing]);
	t->robust_list = 0;
	t->clear_child_tid = 0;
	process_vfork_release(p);
}

long sys_execve(struct thread *t, const unsigned long *a)
{
	struct exec_strings s = { .blob = kmalloc(EXEC_ARG_MAX) };
	const char **argv = NULL, **envp = NULL;
	char *path = user_path(a[0]);
	long ret = IS_ERR(path) ? PTR_ERR(path) : s.blob ? 0 : -ENOMEM;

	if (!ret)
		ret = copy_strv(t->proc->mm, a[1], &s, &argv);
	if (!ret)
		ret = copy_strv(t->proc->mm, a[2], &s, &envp);
	if (!ret && READ_ONCE(t->proc->nr_threads) > 1)
		process_kill_other_threads(t); /* Linux does it after its point of no return */
	if (!ret)
		ret = exec_load(t->proc, t->ctx, path, argv, envp);
	if (!ret)
		exec_commit(t);
	kfree(argv);
	kfree(envp);
	kfree(s.blob);
	if (!IS_ERR(path))
		kfree(path);
	return ret;
}
