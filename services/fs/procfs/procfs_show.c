// SPDX-License-Identifier: MPL-2.0
// The text of /proc files, in Linux's formats (proc(5)), and the procfs directory tables.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <hal/task.h>
#include <hal/time.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>
#include <stdarg.h>
#include "internal.h"

#define SEQ_MAX (1u << 20)
#define USER_HZ 100

void seq_printf(struct seq *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->len >= s->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	s->len = s->len + (size_t)n >= s->size ? s->size : s->len + (size_t)n;
}

void seq_putc(struct seq *s, char c)
{
	if (s->len < s->size)
		s->buf[s->len++] = c;
}

void procfs_seq_free(struct seq *s)
{
	if (s)
		kfree(s->buf);
	kfree(s);
}

struct seq *procfs_generate(void (*show)(struct seq *s, int pid), int pid)
{
	struct seq *s = kzalloc(sizeof(*s));

	for (size_t size = 4096; s && size <= SEQ_MAX; size *= 2) {
		s->buf = kmalloc(size);
		if (!s->buf)
			break;
		s->size = size;
		s->len = 0;
		show(s, pid);
		if (s->len < size) /* it fit (a full buffer may have been cut) */
			return s;
		kfree(s->buf);
		s->buf = NULL;
	}
	procfs_seq_free(s);
	return ERR_PTR(-ENOMEM);
}

/* The caller itself when it is @pid: only its own address space and files are reachable. */
static struct process *self_if(int pid)
{
	struct process *p = pfs_self();

	return p && p->pid == pid ? p : NULL;
}

/* Pages mapped by the VMAs of @p (the caller): its virtual size. */
static u64 vm_pages(struct process *p)
{
	u64 pages = 0;

	if (!p || !p->mm)
		return 0;
	mutex_lock(&p->mm->lock);
	for (struct vma *v = mm_first_vma(p->mm); v; v = mm_next_vma(v))
		pages += (v->end - v->start) / PAGE_SIZE;
	mutex_unlock(&p->mm->lock);
	return pages;
}

void procfs_stat_line(struct seq *s, const struct proc_info *in, u64 pages)
{
	/* Fields 1-52 of proc(5); times and faults are not accounted yet: 0. */
	seq_printf(s, "%d (%s) %c %d %d %d 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 %d 0 0 ", in->pid,
		   in->comm, in->state, in->ppid, in->pgid, in->sid, in->nr_threads);
	seq_printf(s, "%llu %llu 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 ",
		   (unsigned long long)(pages * PAGE_SIZE), (unsigned long long)pages);
	seq_printf(s, "0 0 0 0 0 0 0 0\n");
}

void show_pid_stat(struct seq *s, int pid)
{
	struct proc_info in;

	if (!process_info(pid, &in))
		procfs_stat_line(s, &in, vm_pages(self_if(pid)));
}

static const char *state_name(char state)
{
	return state == 'R' ? "R (running)" : state == 'Z' ? "Z (zombie)" : "S (sleeping)";
}

void show_pid_status(struct seq *s, int pid)
{
	struct proc_info in;
	u64 kb;

	if (process_info(pid, &in))
		return;
	kb = vm_pages(self_if(pid)) * (PAGE_SIZE / 1024);
	seq_printf(s, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n",
		   in.comm, in.umask, state_name(in.state), in.pid, in.pid);
	seq_printf(s, "PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
		   in.ppid, in.uid, in.euid, in.suid, in.fsuid, in.gid, in.egid, in.sgid, in.fsgid);
	seq_printf(s, "FDSize:\t%d\nVmSize:\t%8llu kB\nVmRSS:\t%8llu kB\nThreads:\t%d\n",
		   PROC_MAX_FDS, (unsigned long long)kb, (unsigned long long)kb, in.nr_threads);
}

static void show_pid_comm(struct seq *s, int pid)
{
	struct proc_info in;

	if (!process_info(pid, &in))
		seq_printf(s, "%s\n", in.comm);
}

/* argv is not kept at exec yet: the command name stands in for it. */
static void show_pid_cmdline(struct seq *s, int pid)
{
	struct proc_info in;

	if (!process_info(pid, &in)) {
		seq_printf(s, "%s", in.comm);
		seq_putc(s, '\0');
	}
}

static void show_empty(struct seq *s, int pid)
{
	(void)s;
	(void)pid;
}

/* Can @b continue @a in one line, as Linux's VMA merging would have made them one VMA? */
static bool vma_continues(const struct vma *a, const struct vma *b)
{
	return b && a->end == b->start && a->prot == b->prot && a->flags == b->flags;
}

/* One maps line; a name starts at column 73 as Linux pads it (seq_setwidth 72 + ' '). */
void procfs_maps_line(struct seq *s, vaddr_t start, const struct vma *v)
{
	const char *name = v->flags & VMA_STACK ? "[stack]" : v->flags & VMA_HEAP ? "[heap]" : NULL;
	size_t line = s->len;

	seq_printf(s, "%08lx-%08lx %c%c%c%c 00000000 00:00 0 ", (unsigned long)start,
		   (unsigned long)v->end, v->prot & VM_READ ? 'r' : '-',
		   v->prot & VM_WRITE ? 'w' : '-', v->prot & VM_EXEC ? 'x' : '-',
		   v->flags & VMA_SHARED ? 's' : 'p');
	if (name) {
		while (s->len < s->size && s->len - line < 72)
			seq_putc(s, ' ');
		seq_printf(s, " %s", name);
	}
	seq_putc(s, '\n');
}

void show_pid_maps(struct seq *s, int pid)
{
	struct process *p = self_if(pid);
	vaddr_t start = 0;
	bool joined = false;

	if (!p || !p->mm)
		return;
	mutex_lock(&p->mm->lock);
	for (struct vma *v = mm_first_vma(p->mm), *next; v; v = next) {
		next = mm_next_vma(v);
		if (!joined)
			start = v->start;
		joined = vma_continues(v, next);
		if (!joined)
			procfs_maps_line(s, start, v);
	}
	mutex_unlock(&p->mm->lock);
}

void show_meminfo(struct seq *s, int pid)
{
	unsigned long long total = frame_total_count() * (PAGE_SIZE / 1024);
	unsigned long long free = frame_free_count() * (PAGE_SIZE / 1024);

	(void)pid;
	seq_printf(s, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\n", total, free);
	seq_printf(s, "MemAvailable:   %8llu kB\nBuffers:        %8llu kB\n", free, 0ULL);
	seq_printf(s, "Cached:         %8llu kB\nSwapCached:     %8llu kB\n", 0ULL, 0ULL);
	seq_printf(s, "Shmem:          %8llu kB\nSwapTotal:      %8llu kB\n", 0ULL, 0ULL);
	seq_printf(s, "SwapFree:       %8llu kB\n", 0ULL);
}

static void show_cpuinfo(struct seq *s, int pid)
{
	unsigned int n = cpu_online_count();

	(void)pid;
	for (unsigned int cpu = 0; cpu < n; cpu++)
		seq_printf(s,
			   "processor\t: %u\nvendor_id\t: unknown\ncpu family\t: 0\n"
			   "model\t\t: 0\nmodel name\t: x86_64 CPU (Keel)\nphysical id\t: 0\n"
			   "siblings\t: %u\ncore id\t\t: %u\ncpu cores\t: %u\n"
			   "flags\t\t: fpu tsc msr apic cmov sse sse2 syscall lm\n"
			   "bogomips\t: 0.00\n\n",
			   cpu, n, cpu, n);
}

void show_mounts(struct seq *s, int pid)
{
	struct process *p = self_if(pid ? pid : (pfs_self() ? pfs_self()->pid : 0));
	int n = vfs_show_mounts(p ? &p->root : NULL, s->buf + s->len, s->size - s->len);

	s->len += (size_t)n;
	if (s->len + 1 >= s->size)
		s->len = s->size; /* may have been cut: retry bigger */
}

static void show_uptime(struct seq *s, int pid)
{
	u64 cs = time_monotonic_ns() / (NSEC_PER_SEC / 100);

	(void)pid;
	seq_printf(s, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(cs / 100),
		   (unsigned long long)(cs % 100), (unsigned long long)(cs / 100),
		   (unsigned long long)(cs % 100));
}

static int count_pids(int *last)
{
	int pids[512], n = process_pids(pids, 512);

	*last = n ? pids[n - 1] : 0;
	return n;
}

/* Load averages are not tracked yet: 0.00; the running/total counts are real. */
static void show_loadavg(struct seq *s, int pid)
{
	int last, n = count_pids(&last);

	(void)pid;
	seq_printf(s, "0.00 0.00 0.00 1/%d %d\n", n, last);
}

static void show_stat(struct seq *s, int pid)
{
	unsigned long long idle = time_monotonic_ns() / (NSEC_PER_SEC / USER_HZ);
	unsigned long long btime = (time_realtime_ns() - time_monotonic_ns()) / NSEC_PER_SEC;
	int last, n = count_pids(&last);

	(void)pid;
	seq_printf(s, "cpu  0 0 0 %llu 0 0 0 0 0 0\ncpu0 0 0 0 %llu 0 0 0 0 0 0\n", idle, idle);
	seq_printf(s, "intr 0\nctxt 0\nbtime %llu\nprocesses %d\nprocs_running 1\n", btime, last);
	seq_printf(s, "procs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n");
	(void)n;
}

static void show_filesystems(struct seq *s, int pid)
{
	(void)pid;
	seq_printf(s, "nodev\ttmpfs\nnodev\tramfs\nnodev\tdevtmpfs\nnodev\tproc\nnodev\tsysfs\n"
		      "nodev\tpipefs\n");
}

static void show_version(struct seq *s, int pid)
{
	(void)pid;
	seq_printf(s, "Linux version 6.1.0-keel (keel@keel) (clang 19) #1 SMP Keel\n");
}

static void show_hostname(struct seq *s, int pid)
{
	(void)pid;
	seq_printf(s, "%s\n", uts_hostname());
}

static void show_domainname(struct seq *s, int pid)
{
	(void)pid;
	seq_printf(s, "%s\n", uts_domainname());
}

static void show_ostype(struct seq *s, int pid)
{
	(void)pid;
	seq_printf(s, "Linux\n");
}

static void show_osrelease(struct seq *s, int pid)
{
	(void)pid;
	seq_printf(s, "6.1.0-keel\n");
}

static int link_self(int pid, int fd, char *buf, size_t size)
{
	struct process *p = pfs_self();
	char tmp[16];
	int n;

	(void)pid;
	(void)fd;
	if (!p)
		return -ENOENT;
	n = snprintf(tmp, sizeof(tmp), "%d", p->pid);
	n = MIN(n, (int)size);
	memcpy(buf, tmp, (size_t)n);
	return n;
}

/* A path of the caller's @which (cwd or root) as its readlink shows it. */
static int link_path(int pid, const struct path *(*which)(struct process *p), char *buf,
		     size_t size)
{
	struct process *p = self_if(pid);
	char *tmp;
	int n;

	if (!p)
		return -EACCES;
	tmp = kmalloc(PATH_MAX);
	if (!tmp)
		return -ENOMEM;
	n = vfs_d_path(&p->root, which(p), tmp, PATH_MAX);
	if (n >= 0) {
		n = MIN(n, (int)size);
		memcpy(buf, tmp, (size_t)n);
	}
	kfree(tmp);
	return n;
}

static const struct path *path_cwd(struct process *p)
{
	return &p->cwd;
}

static const struct path *path_root(struct process *p)
{
	return &p->root;
}

static int link_cwd(int pid, int fd, char *buf, size_t size)
{
	(void)fd;
	return link_path(pid, path_cwd, buf, size);
}

static int link_root(int pid, int fd, char *buf, size_t size)
{
	(void)fd;
	return link_path(pid, path_root, buf, size);
}

/* A descriptor's target: its file's path, "pipe:[ino]" for pipes, the console for fd 0-2. */
int link_fd(int pid, int fd, char *buf, size_t size)
{
	struct process *p = self_if(pid);
	struct file *f = NULL;
	enum fd_kind kind;
	char *tmp;
	int n;

	if (!p || fd < 0 || fd >= PROC_MAX_FDS)
		return -ENOENT;
	spin_lock(&p->lock);
	kind = p->fds[fd].kind;
	if (kind == FD_FILE)
		f = file_get(p->fds[fd].file);
	spin_unlock(&p->lock);
	if (kind == FD_NONE)
		return -ENOENT;
	tmp = kmalloc(PATH_MAX);
	if (!tmp) {
		n = -ENOMEM;
	} else if (!f) {
		n = (int)strscpy(tmp, "/dev/console", PATH_MAX);
	} else if (!strcmp(f->inode->sb->type->name, "pipefs")) {
		n = snprintf(tmp, PATH_MAX, "pipe:[%llu]", (unsigned long long)f->inode->ino);
	} else {
		n = vfs_d_path(&p->root, &f->path, tmp, PATH_MAX);
	}
	if (n >= 0) {
		n = MIN(n, (int)size);
		memcpy(buf, tmp, (size_t)n);
	}
	kfree(tmp);
	if (f)
		vfs_file_put(f);
	return n;
}

#define DIR_MODE  (S_IFDIR | 0555)
#define FILE_MODE (S_IFREG | 0444)
#define LINK_MODE (S_IFLNK | 0777)

const struct pfs_entry pfs_fd_link = { .name = "fd", .mode = S_IFLNK | 0700, .link = link_fd };

static const struct pfs_entry pid_entries[] = {
	{ .name = "stat", .mode = FILE_MODE, .show = show_pid_stat },
	{ .name = "status", .mode = FILE_MODE, .show = show_pid_status },
	{ .name = "cmdline", .mode = FILE_MODE, .show = show_pid_cmdline },
	{ .name = "comm", .mode = S_IFREG | 0644, .show = show_pid_comm },
	{ .name = "maps", .mode = FILE_MODE, .show = show_pid_maps },
	{ .name = "environ", .mode = S_IFREG | 0400, .show = show_empty },
	{ .name = "fd", .mode = S_IFDIR | 0500, .dyn = PFS_FDS },
	{ .name = "cwd", .mode = LINK_MODE, .link = link_cwd },
	{ .name = "root", .mode = LINK_MODE, .link = link_root },
	{ .name = "mounts", .mode = FILE_MODE, .show = show_mounts },
	{ 0 },
};

const struct pfs_entry pfs_pid_dir = { .name = "pid", .mode = DIR_MODE, .dir = pid_entries };

static const struct pfs_entry kernel_entries[] = {
	{ .name = "hostname", .mode = S_IFREG | 0644, .show = show_hostname },
	{ .name = "domainname", .mode = S_IFREG | 0644, .show = show_domainname },
	{ .name = "ostype", .mode = FILE_MODE, .show = show_ostype },
	{ .name = "osrelease", .mode = FILE_MODE, .show = show_osrelease },
	{ 0 },
};

static const struct pfs_entry sys_entries[] = {
	{ .name = "kernel", .mode = DIR_MODE, .dir = kernel_entries },
	{ 0 },
};

static const struct pfs_entry root_entries[] = {
	{ .name = "self", .mode = LINK_MODE, .link = link_self },
	{ .name = "meminfo", .mode = FILE_MODE, .show = show_meminfo },
	{ .name = "cpuinfo", .mode = FILE_MODE, .show = show_cpuinfo },
	{ .name = "mounts", .mode = FILE_MODE, .show = show_mounts },
	{ .name = "uptime", .mode = FILE_MODE, .show = show_uptime },
	{ .name = "loadavg", .mode = FILE_MODE, .show = show_loadavg },
	{ .name = "stat", .mode = FILE_MODE, .show = show_stat },
	{ .name = "filesystems", .mode = FILE_MODE, .show = show_filesystems },
	{ .name = "version", .mode = FILE_MODE, .show = show_version },
	{ .name = "sys", .mode = DIR_MODE, .dir = sys_entries },
	{ 0 },
};

const struct pfs_entry pfs_root_dir = { .name = "",
					.mode = DIR_MODE,
					.dir = root_entries,
					.dyn = PFS_PIDS };
