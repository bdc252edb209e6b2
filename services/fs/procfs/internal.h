// SPDX-License-Identifier: MPL-2.0
// Inside procfs: the entry tables, the generated-text buffer and the generators.
#ifndef SERVICES_FS_PROCFS_INTERNAL_H
#define SERVICES_FS_PROCFS_INTERNAL_H

#include <hal/types.h>
#include <services/procfs.h>
#include <services/vfs.h>

/* A file's text, generated whole at open: @len grows past @size to mean "retry bigger". */
struct seq {
	char *buf;
	size_t size, len;
};

void seq_printf(struct seq *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void seq_putc(struct seq *s, char c);

/* Directories with entries made at lookup time rather than from a table. */
enum pfs_dyn { PFS_STATIC, PFS_PIDS, PFS_FDS };

/*
 * struct pfs_entry - one name of a directory table: a file @show generates, a symlink
 * @link resolves, or a directory of @dir entries (NULL name ends a table).
 */
struct pfs_entry {
	const char *name;
	u32 mode;
	void (*show)(struct seq *s, int pid);
	int (*link)(int pid, int fd, char *buf, size_t size);
	const struct pfs_entry *dir;
	enum pfs_dyn dyn;
};

/* What an inode of procfs stands for. */
struct pfs_node {
	const struct pfs_entry *e;
	int pid; /* 0 outside /proc/<pid> */
	int fd;	 /* /proc/<pid>/fd/<fd> */
};

extern const struct pfs_entry pfs_root_dir, pfs_pid_dir, pfs_fd_link;

/* pfs_self - the calling process, or NULL outside a process (ktests). */
struct process *pfs_self(void);

/* pfs_mount_tree - a super block of @type whose root directory is @root_entry. ERR_PTR. */
struct super_block *pfs_mount_tree(const struct fs_type *type, u64 magic,
				   const struct pfs_entry *root_entry);
void pfs_kill_sb(struct super_block *sb);

/* Generators (procfs_show.c). The two line formatters are exposed for the ktests. */
void procfs_stat_line(struct seq *s, const struct proc_info *in, u64 pages);
void procfs_maps_line(struct seq *s, vaddr_t start, const struct vma *v);
void show_pid_stat(struct seq *s, int pid);
void show_pid_status(struct seq *s, int pid);
void show_pid_maps(struct seq *s, int pid);
void show_meminfo(struct seq *s, int pid);
void show_mounts(struct seq *s, int pid);
int link_fd(int pid, int fd, char *buf, size_t size);
/* procfs_generate - run @show into a fresh buffer: its text, or ERR_PTR(-ENOMEM). */
struct seq *procfs_generate(void (*show)(struct seq *s, int pid), int pid);
void procfs_seq_free(struct seq *s);

#endif /* SERVICES_FS_PROCFS_INTERNAL_H */
