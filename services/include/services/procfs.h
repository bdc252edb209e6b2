// SPDX-License-Identifier: MPL-2.0
// procfs and sysfs: the "proc" and "sysfs" file system types, and the read-only process views
// (services/process/iter.c) /proc is generated from.
#ifndef SERVICES_PROCFS_H
#define SERVICES_PROCFS_H

#include <hal/types.h>
#include <services/process.h>

#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC	 0x62656572

/* procfs_init / sysfs_init - register "proc" / "sysfs" (idempotent). 0 or -errno. */
int procfs_init(void);
int sysfs_init(void);

/* A copy of what /proc shows about a process, taken while it was certainly alive. */
struct proc_info {
	int pid, ppid, pgid, sid, nr_threads;
	u32 uid, euid, suid, fsuid, gid, egid, sgid, fsgid;
	u32 umask;
	char state; /* 'R', 'S' or 'Z' */
	char comm[PROC_COMM_LEN];
};

/*
 * process_pids - up to @max pids of live and zombie processes, ascending; returns how many.
 * process_info - a snapshot of process @pid: 0, or -ESRCH. Both: any thread context.
 */
int process_pids(int *pids, int max);
int process_info(int pid, struct proc_info *out);

/* uts_hostname / uts_domainname - the UTS names sethostname/setdomainname set (NUL-ended). */
const char *uts_hostname(void);
const char *uts_domainname(void);

#endif /* SERVICES_PROCFS_H */
