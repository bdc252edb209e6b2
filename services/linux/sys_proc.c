// SPDX-License-Identifier: MPL-2.0
// Process and thread system calls: exit, ids, TLS (arch_prctl), thread bookkeeping for libc
// start-up, resource limits and uname.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/user.h>
#include "syscall.h"

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define REG_GS_BASE 19 /* user_context_get_reg index of the GS base on x86_64 */

long sys_exit(struct thread *t, const unsigned long *a)
{
	/* One thread per process for now: the last thread's exit ends the process. */
	process_exit(t, (int)(a[0] & 0xff) << 8);
	return 0;
}

long sys_exit_group(struct thread *t, const unsigned long *a)
{
	process_exit(t, (int)(a[0] & 0xff) << 8);
	return 0;
}

long sys_getpid(struct thread *t, const unsigned long *a)
{
	(void)a;
	return t->proc->pid;
}

long sys_gettid(struct thread *t, const unsigned long *a)
{
	(void)a;
	return t->tid;
}

long sys_getppid(struct thread *t, const unsigned long *a)
{
	(void)a;
	return t->proc->ppid;
}

long sys_getuid(struct thread *t, const unsigned long *a)
{
	(void)a;
	return t->proc->cred->uid;
}

long sys_geteuid(struct thread *t, const unsigned long *a)
{
	(void)a;
	return t->proc->cred->euid;
}

long sys_getgid(struct thread *t, const unsigned long *a)
{
	(void)a;
	return t->proc->cred->gid;
}

long sys_getegid(struct thread *t, const unsigned long *a)
{
	(void)a;
	return t->proc->cred->egid;
}

long sys_set_tid_address(struct thread *t, const unsigned long *a)
{
	t->clear_child_tid = a[0];
	return t->tid;
}

long sys_set_robust_list(struct thread *t, const unsigned long *a)
{
	if (a[1] != 24) /* sizeof(struct robust_list_head) on 64-bit */
		return -EINVAL;
	t->robust_list = a[0];
	t->robust_len = a[1];
	return 0;
}

long sys_arch_prctl(struct thread *t, const unsigned long *a)
{
	unsigned long val;

	switch (a[0]) {
	case ARCH_SET_FS:
		return user_context_set_tls(t->ctx, a[1]) ? -EPERM : 0;
	case ARCH_SET_GS:
		return user_context_set_reg(t->ctx, REG_GS_BASE, a[1]) ? -EPERM : 0;
	case ARCH_GET_FS:
		val = user_context_tls(t->ctx);
		return copy_to_user(t->proc->mm, a[1], &val, sizeof(val));
	case ARCH_GET_GS:
		if (user_context_get_reg(t->ctx, REG_GS_BASE, &val))
			return -EINVAL;
		return copy_to_user(t->proc->mm, a[1], &val, sizeof(val));
	default:
		return -EINVAL;
	}
}

static long do_prlimit(struct thread *t, unsigned int res, vaddr_t new, vaddr_t old)
{
	struct process *p = t->proc;
	struct rlimit64 nl, ol;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && copy_from_user(p->mm, &nl, new, sizeof(nl)))
		return -EFAULT;
	if (new && nl.cur > nl.max)
		return -EINVAL;
	spin_lock(&p->lock);
	ol = p->rlim[res];
	if (new)
		p->rlim[res] = nl;
	spin_unlock(&p->lock);
	return old ? copy_to_user(p->mm, old, &ol, sizeof(ol)) : 0;
}

long sys_prlimit64(struct thread *t, const unsigned long *a)
{
	if (a[0] && (int)a[0] != t->proc->pid)
		return -ESRCH; /* one process for now */
	return do_prlimit(t, (unsigned int)a[1], a[2], a[3]);
}

long sys_getrlimit(struct thread *t, const unsigned long *a)
{
	return do_prlimit(t, (unsigned int)a[0], 0, a[1]);
}

#define UTS_LEN 65

struct new_utsname {
	char sysname[UTS_LEN];
	char nodename[UTS_LEN];
	char release[UTS_LEN];
	char version[UTS_LEN];
	char machine[UTS_LEN];
	char domainname[UTS_LEN];
};

long sys_uname(struct thread *t, const unsigned long *a)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strscpy(u.sysname, "Linux", UTS_LEN); /* programs test for it: Keel speaks Linux's ABI */
	strscpy(u.nodename, "(none)", UTS_LEN);
	strscpy(u.release, "6.1.0-keel", UTS_LEN);
	strscpy(u.version, "#1 SMP Keel", UTS_LEN);
	strscpy(u.machine, "x86_64", UTS_LEN);
	strscpy(u.domainname, "(none)", UTS_LEN);
	return copy_to_user(t->proc->mm, a[0], &u, sizeof(u));
}

#define WNOHANG	    0x00000001
#define WUNTRACED   0x00000002
#define WEXITED	    0x00000004
#define WCONTINUED  0x00000008
#define WNOWAIT	    0x01000000
#define __WNOTHREAD 0x20000000
#define __WALL	    0x40000000
#define __WCLONE    0x80000000

/* No fork yet, so no process has children: after Linux's option checks, -ECHILD. */
long sys_wait4(struct thread *t, const unsigned long *a)
{
	(void)t;
	if (a[2] &
	    ~(unsigned long)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	return -ECHILD;
}

long sys_waitid(struct thread *t, const unsigned long *a)
{
	(void)t;
	if (a[0] > 3 /* P_PIDFD */ ||
	    (a[3] & ~(unsigned long)(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT |
				     __WNOTHREAD | __WALL | __WCLONE)) ||
	    !(a[3] & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	return -ECHILD;
}
