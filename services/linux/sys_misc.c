// SPDX-License-Identifier: MPL-2.0
// Small system calls about the system and the caller: clock_getres, time, getgroups, sysinfo,
// prctl (names), sched_yield, sched_getaffinity, and sethostname/setdomainname.
#include <hal/errno.h>
#include <hal/lib/bitmap.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include <hal/task.h>
#include <hal/time.h>
#include <services/cred.h>
#include <services/procfs.h>
#include "syscall.h"

#define PR_SET_NAME 15
#define PR_GET_NAME 16

long sys_clock_getres(struct thread *t, const unsigned long *a)
{
	s64 res[2] = { 0, 1 }; /* high-resolution clocks: 1 ns, as Linux's hrtimers report */

	switch ((int)a[0]) {
	case 0: /* CLOCK_REALTIME */
	case 1: /* CLOCK_MONOTONIC */
	case 4: /* CLOCK_MONOTONIC_RAW */
	case 7: /* CLOCK_BOOTTIME */
		break;
	case 5: /* the coarse clocks tick */
	case 6:
		res[1] = (s64)TIME_TICK_NS;
		break;
	default:
		return -EINVAL;
	}
	return a[1] ? copy_to_user(t->proc->mm, a[1], res, sizeof(res)) : 0;
}

long sys_time(struct thread *t, const unsigned long *a)
{
	s64 now = (s64)(time_realtime_ns() / NSEC_PER_SEC);

	if (a[0] && copy_to_user(t->proc->mm, a[0], &now, sizeof(now)))
		return -EFAULT;
	return now;
}

long sys_getgroups(struct thread *t, const unsigned long *a)
{
	const struct cred *c = t->proc->cred;
	int size = (int)a[0];

	if (size < 0)
		return -EINVAL;
	if (!size)
		return c->ngroups;
	if ((u32)size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(t->proc->mm, a[1], c->groups, c->ngroups * sizeof(u32)))
		return -EFAULT;
	return c->ngroups;
}

/* struct sysinfo of 64-bit Linux. */
struct linux_sysinfo {
	s64 uptime;
	u64 loads[3];
	u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	u64 totalhigh, freehigh;
	u32 mem_unit;
	char reserved[4];
};

long sys_sysinfo(struct thread *t, const unsigned long *a)
{
	struct linux_sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (s64)(time_monotonic_ns() / NSEC_PER_SEC) + 1; /* Linux rounds up */
	si.totalram = frame_total_count();
	si.freeram = frame_free_count();
	si.procs = 1; /* one process until fork exists */
	si.mem_unit = PAGE_SIZE;
	return copy_to_user(t->proc->mm, a[0], &si, sizeof(si));
}

long sys_prctl(struct thread *t, const unsigned long *a)
{
	char name[PROC_COMM_LEN];
	long n;

	switch (a[0]) {
	case PR_SET_NAME:
		n = vm_strncpy_from(name, a[1], sizeof(name));
		if (n == -EFAULT)
			return -EFAULT;
		strscpy(t->proc->comm, name, sizeof(t->proc->comm)); /* truncated as Linux does */
		return 0;
	case PR_GET_NAME:
		memset(name, 0, sizeof(name));
		strscpy(name, t->proc->comm, sizeof(name));
		return copy_to_user(t->proc->mm, a[1], name, sizeof(name));
	default:
		return -EINVAL;
	}
}

long sys_sched_yield(struct thread *t, const unsigned long *a)
{
	(void)t;
	(void)a;
	task_yield();
	return 0;
}

/* The raw call returns the bytes of mask written (the libc wrapper returns 0). */
long sys_sched_getaffinity(struct thread *t, const unsigned long *a)
{
	size_t size = BITS_TO_LONGS(NR_CPUS) * sizeof(unsigned long);
	unsigned long mask[BITS_TO_LONGS(NR_CPUS)];

	if (a[0] && (int)a[0] != t->proc->pid)
		return -ESRCH;
	if (a[1] < size || (a[1] & (sizeof(unsigned long) - 1)))
		return -EINVAL;
	memset(mask, 0, sizeof(mask));
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_is_online(cpu))
			mask[cpu / BITS_PER_LONG] |= 1UL << (cpu % BITS_PER_LONG);
	if (copy_to_user(t->proc->mm, a[2], mask, size))
		return -EFAULT;
	return (long)size;
}

#define UTS_LEN 65 /* __NEW_UTS_LEN + 1 */

static DEFINE_SPINLOCK(uts_lock);
static char hostname[UTS_LEN] = "(none)";   /* uts_lock */
static char domainname[UTS_LEN] = "(none)"; /* uts_lock */

const char *uts_hostname(void)
{
	return hostname;
}

const char *uts_domainname(void)
{
	return domainname;
}

/* sethostname/setdomainname: CAP_SYS_ADMIN, at most 64 bytes, not NUL-terminated. */
static long set_uts(struct thread *t, char *dst, const unsigned long *a)
{
	char name[UTS_LEN];

	if (!cred_capable(t->proc->cred, CAP_SYS_ADMIN))
		return -EPERM;
	if (a[1] > UTS_LEN - 1)
		return -EINVAL;
	memset(name, 0, sizeof(name));
	if (copy_from_user(t->proc->mm, name, a[0], a[1]))
		return -EFAULT;
	spin_lock(&uts_lock);
	memcpy(dst, name, UTS_LEN);
	spin_unlock(&uts_lock);
	return 0;
}

long sys_sethostname(struct thread *t, const unsigned long *a)
{
	return set_uts(t, hostname, a);
}

long sys_setdomainname(struct thread *t, const unsigned long *a)
{
	return set_uts(t, domainname, a);
}
