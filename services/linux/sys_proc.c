// SPDX-License-Identifier: MPL-2.0
// Process and thread system calls: exit, ids, TLS (arch_prctl), thread bookkeeping for libc
// start-up, resource limits and uname.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/user.h>
#include <services/procfs.h>
#include "syscall.h"

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define REG_GS_BASE 19 /* user_context_get_reg index of the GS base on x86_64 */

long sys_exit(struct thread *t, const unsigned long *a)
{
	struct process *p = t->proc;
	bool last;

	spin_lock(&p->lock);
	last = p->nr_threads == 1;
	if (!p->exiting) /* the last thread to exit gives the process its status */
		p->exit_status = (int)(a[0] & 0xff) << 8;
	spin_unlock(&p->lock);
	if (last)
		process_exit(t, (int)(a[0] & 0xff) << 8);
	else
		WRITE_ONCE(t->exiting, true);
	return 0;
}

long sys_exit_group(struct thread *t, const unsigned long *a)
{
	process_exit(t, (int)(a[0] & 0xff) << 8);
	return 0;
}

long sys_fork(struct thread *t, const unsigned long *a)
{
	struct clone_req req = { .flags = 17 /* SIGCHLD */ };

	(void)a;
	return process_clone(t, &req);
}

long sys_vfork(struct thread *t, const unsigned long *a)
{
	struct clone_req req = { .flags = CLONE_VM | CLONE_VFORK | 17 };

	(void)a;
	return process_clone(t, &req);
}

long sys_clone(struct thread *t, const unsigned long *a)
{
	struct clone_req req = { .flags = a[0],
				 .stack = a[1],
				 .parent_tid = a[2],
				 .child_tid = a[3],
				 .tls = a[4] };

	return process_clone(t, &req);
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
	strscpy(u.nodename, uts_hostname(), UTS_LEN);
	strscpy(u.release, "6.1.0-keel", UTS_LEN);
	strscpy(u.version, "#1 SMP Keel", UTS_LEN);
	strscpy(u.machine, "x86_64", UTS_LEN);
	strscpy(u.domainname, uts_domainname(), UTS_LEN);
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

/* struct clone_args of clone3(2), as far as Linux's first version (64 bytes) goes. */
struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_MAX	     4096 /* Linux refuses larger structs with -E2BIG, as a page */

long sys_clone3(struct thread *t, const unsigned long *a)
{
	struct clone_args ca;
	struct clone_req req;

	if (a[1] < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (a[1] > CLONE_ARGS_MAX)
		return -E2BIG;
	if (copy_from_user(t->proc->mm, &ca, a[0], sizeof(ca)))
		return -EFAULT;
	/* set_tid, cgroups and pidfds (the fields after tls, CLONE_PIDFD) are not there yet */
	if ((ca.flags & (CLONE_PIDFD | 0xffffffff00000000ULL)) || (ca.exit_signal & ~0xffULL))
		return -EINVAL;
	if (!ca.stack != !ca.stack_size)
		return -EINVAL;
	req = (struct clone_req){ .flags = ca.flags | ca.exit_signal,
				  .stack = ca.stack ? ca.stack + ca.stack_size : 0,
				  .parent_tid = ca.parent_tid,
				  .child_tid = ca.child_tid,
				  .tls = ca.tls };
	return process_clone(t, &req);
}

static long do_wait4(struct thread *t, int pid, vaddr_t ustatus, unsigned long options)
{
	int status = 0;
	long ret;

	if (options &
	    ~(unsigned long)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == (int)0x80000000) /* INT_MIN: Linux refuses to negate it */
		return -ESRCH;
	ret = process_wait_flags(t, pid,
				 ((options & WNOHANG) ? WAIT_NOHANG : 0) |
					 ((options & WUNTRACED) ? WAIT_UNTRACED : 0) |
					 ((options & WCONTINUED) ? WAIT_CONTINUED : 0),
				 &status);
	if (ret > 0 && ustatus && copy_to_user(t->proc->mm, ustatus, &status, sizeof(status)))
		return -EFAULT;
	return ret;
}

long sys_wait4(struct thread *t, const unsigned long *a)
{
	if (a[3]) { /* struct rusage: no accounting yet, all zero */
		u8 zero[144] = { 0 };

		if (copy_to_user(t->proc->mm, a[3], zero, sizeof(zero)))
			return -EFAULT;
	}
	return do_wait4(t, (int)a[0], a[1], a[2]);
}

#define P_ALL	0
#define P_PID	1
#define P_PGID	2
#define P_PIDFD 3

#define SIGCHLD	   17
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3

/* The x86_64 siginfo_t prefix waitid fills (the rest of its 128 bytes is zero). */
struct waitid_info {
	s32 signo, errcode, code, pad;
	s32 pid, uid, status;
};

static void fill_waitid(struct waitid_info *si, int pid, int status)
{
	si->signo = SIGCHLD;
	si->pid = pid;
	if (status & 0x7f) {
		si->code = status & 0x80 ? CLD_DUMPED : CLD_KILLED;
		si->status = status & 0x7f;
	} else {
		si->code = CLD_EXITED;
		si->status = (status >> 8) & 0xff;
	}
}

long sys_waitid(struct thread *t, const unsigned long *a)
{
	u8 buf[128] = { 0 };
	struct waitid_info si = { 0 };
	int pid, status = 0;
	long ret;

	if (a[0] > 3 /* P_PIDFD */ ||
	    (a[3] & ~(unsigned long)(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT |
				     __WNOTHREAD | __WALL | __WCLONE)) ||
	    !(a[3] & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	if (a[0] == P_PIDFD)
		return -EINVAL;
	pid = a[0] == P_ALL ? -1 : a[0] == P_PID ? (int)a[1] : -(int)a[1];
	if (a[0] != P_ALL && (int)a[1] <= 0 && !(a[0] == P_PGID && !a[1]))
		return -EINVAL;
	if (a[0] == P_PGID && !a[1])
		pid = 0;
	if (!(a[3] & WEXITED)) /* only exits are reported: stops need signals */
		return a[3] & WNOHANG ? 0 : -ECHILD;
	ret = process_wait(t, pid, a[3] & WNOHANG, a[3] & WNOWAIT, &status);
	if (ret < 0)
		return ret;
	if (ret > 0) {
		fill_waitid(&si, (int)ret, status);
		si.uid = (s32)t->proc->cred->uid;
	}
	memcpy(buf, &si, sizeof(si));
	if (a[2] && copy_to_user(t->proc->mm, a[2], buf, sizeof(buf)))
		return -EFAULT;
	return 0;
}

long sys_setpgid(struct thread *t, const unsigned long *a)
{
	return process_setpgid(t, (int)a[0], (int)a[1]);
}

long sys_getpgid(struct thread *t, const unsigned long *a)
{
	return process_getpgid(t, (int)a[0]);
}

long sys_getpgrp(struct thread *t, const unsigned long *a)
{
	(void)a;
	return process_getpgid(t, 0);
}

long sys_getsid(struct thread *t, const unsigned long *a)
{
	return process_getsid(t, (int)a[0]);
}

long sys_setsid(struct thread *t, const unsigned long *a)
{
	(void)a;
	return process_setsid(t);
}
