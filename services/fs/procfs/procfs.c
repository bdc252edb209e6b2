// SPDX-License-Identifier: MPL-2.0
// The "proc" file system: directories from entry tables plus a directory per process, files
// whose text is generated at open, and symlinks resolved at readlink time.
#define pr_fmt(fmt) "procfs: " fmt
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>
#include "internal.h"

static u64 next_ino = 1;

static const struct inode_operations pfs_dir_iops, pfs_link_iops;
static const struct file_operations pfs_dir_fops, pfs_file_fops;

struct process *pfs_self(void)
{
	struct thread *t = thread_current();

	return t ? t->proc : NULL;
}

static struct pfs_node *pfs_node(struct inode *inode)
{
	return inode->fs_private;
}

static struct inode *pfs_new_inode(struct super_block *sb, const struct pfs_entry *e, int pid,
				   int fd)
{
	struct pfs_node *node = kzalloc(sizeof(*node));
	struct inode *inode = node ? inode_alloc(sb) : NULL;
	struct proc_info info;

	if (!inode) {
		kfree(node);
		return ERR_PTR(-ENOMEM);
	}
	*node = (struct pfs_node){ .e = e, .pid = pid, .fd = fd };
	inode->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	inode->mode = e->mode;
	inode->nlink = S_ISDIR(e->mode) ? 2 : 1;
	if (pid && !process_info(pid, &info)) {
		inode->uid = info.euid;
		inode->gid = info.egid;
	}
	inode->atime = inode->mtime = inode->ctime = inode_now();
	inode->i_op = S_ISDIR(e->mode) ? &pfs_dir_iops : S_ISLNK(e->mode) ? &pfs_link_iops : NULL;
	inode->f_op = S_ISDIR(e->mode) ? &pfs_dir_fops : S_ISREG(e->mode) ? &pfs_file_fops : NULL;
	inode->fs_private = node;
	return inode;
}

/* A decimal name ("42") as a number, or -1. */
static int name_number(const struct qstr *name)
{
	int v = 0;

	if (!name->len || name->len > 9 || (name->name[0] == '0' && name->len > 1))
		return -1;
	for (u32 i = 0; i < name->len; i++) {
		if (name->name[i] < '0' || name->name[i] > '9')
			return -1;
		v = v * 10 + (name->name[i] - '0');
	}
	return v;
}

/* Does the caller's fd @fd exist (only the caller's own table is reachable)? */
static bool fd_exists(int pid, int fd)
{
	struct process *p = pfs_self();
	bool ok;

	if (!p || p->pid != pid || fd < 0 || fd >= PROC_MAX_FDS)
		return false;
	spin_lock(&p->lock);
	ok = p->fds[fd].kind != FD_NONE;
	spin_unlock(&p->lock);
	return ok;
}

static struct inode *pfs_lookup(struct inode *dir, const struct qstr *name)
{
	struct pfs_node *d = pfs_node(dir);
	struct proc_info info;
	int n;

	if (d->pid && process_info(d->pid, &info))
		return NULL; /* a cached directory of a process that is gone */
	for (const struct pfs_entry *e = d->e->dir; e && e->name; e++)
		if (strlen(e->name) == name->len && !memcmp(e->name, name->name, name->len))
			return pfs_new_inode(dir->sb, e, d->pid, 0);
	n = name_number(name);
	if (n < 0)
		return NULL;
	if (d->e->dyn == PFS_PIDS && !process_info(n, &info))
		return pfs_new_inode(dir->sb, &pfs_pid_dir, n, 0);
	if (d->e->dyn == PFS_FDS && fd_exists(d->pid, n))
		return pfs_new_inode(dir->sb, &pfs_fd_link, d->pid, n);
	return NULL;
}

static int pfs_readlink(struct inode *inode, char *buf, size_t size)
{
	struct pfs_node *node = pfs_node(inode);

	return node->e->link(node->pid, node->fd, buf, size);
}

/* Emit the dynamic entries numbered @from on (pids or fds) at positions 1000 + number. */
#define DYN_BASE 1000

static int iterate_numbers(struct pfs_node *d, struct dir_context *ctx)
{
	int *nums = kmalloc(PROC_MAX_FDS * 2 * sizeof(int)), n = 0;
	struct process *p = pfs_self();
	char name[12];

	if (!nums)
		return -ENOMEM;
	if (d->e->dyn == PFS_PIDS) {
		n = process_pids(nums, PROC_MAX_FDS * 2);
	} else if (p && p->pid == d->pid) {
		for (int fd = 0; fd < PROC_MAX_FDS; fd++)
			if (fd_exists(d->pid, fd))
				nums[n++] = fd;
	}
	for (int i = 0; i < n; i++) {
		int len = snprintf(name, sizeof(name), "%d", nums[i]);
		u32 dt = d->e->dyn == PFS_PIDS ? DT_DIR : DT_LNK;

		if (DYN_BASE + nums[i] < ctx->pos)
			continue;
		if (!ctx->emit(ctx, name, (u32)len, ((u64)nums[i] + 1) << 20, dt,
			       DYN_BASE + nums[i] + 1))
			break;
		ctx->pos = DYN_BASE + nums[i] + 1;
	}
	kfree(nums);
	return 0;
}

static int pfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->inode;
	struct pfs_node *d = pfs_node(dir);
	struct proc_info info;
	s64 i = 2;

	if (d->pid && process_info(d->pid, &info))
		return -ENOENT; /* the process is gone */
	if (ctx->pos < 2) {
		if (ctx->pos == 0 && !ctx->emit(ctx, ".", 1, dir->ino, DT_DIR, 1))
			return 0;
		if (!ctx->emit(ctx, "..", 2, dir->ino, DT_DIR, 2))
			return 0;
		ctx->pos = 2;
	}
	for (const struct pfs_entry *e = d->e->dir; e && e->name; e++, i++) {
		if (i < ctx->pos)
			continue;
		if (!ctx->emit(ctx, e->name, (u32)strlen(e->name), dir->ino + (u64)i,
			       mode_to_dtype(e->mode), i + 1))
			return 0;
		ctx->pos = i + 1;
	}
	if (d->e->dyn == PFS_STATIC)
		return 0;
	if (ctx->pos < DYN_BASE)
		ctx->pos = DYN_BASE;
	return iterate_numbers(d, ctx);
}

static int pfs_open(struct inode *inode, struct file *file)
{
	struct pfs_node *node = pfs_node(inode);
	struct proc_info info;
	struct seq *s;

	if (file->mode & FMODE_WRITE)
		return -EACCES;
	if (node->pid && process_info(node->pid, &info))
		return -ENOENT; /* the process is gone */
	s = procfs_generate(node->e->show, node->pid);
	if (IS_ERR(s))
		return PTR_ERR(s);
	file->private = s;
	return 0;
}

static void pfs_release(struct inode *inode, struct file *file)
{
	(void)inode;
	procfs_seq_free(file->private);
}

static ssize_t pfs_read(struct file *file, void *buf, size_t len, s64 *pos)
{
	struct seq *s = file->private;
	size_t n;

	if (!s || *pos < 0 || (size_t)*pos >= s->len)
		return 0;
	n = MIN(len, s->len - (size_t)*pos);
	memcpy(buf, s->buf + *pos, n);
	*pos += (s64)n;
	return (ssize_t)n;
}

static const struct inode_operations pfs_dir_iops = { .lookup = pfs_lookup };
static const struct inode_operations pfs_link_iops = { .readlink = pfs_readlink };
static const struct file_operations pfs_dir_fops = { .iterate = pfs_iterate };
static const struct file_operations pfs_file_fops = {
	.open = pfs_open,
	.release = pfs_release,
	.read = pfs_read,
};

static void pfs_evict(struct inode *inode)
{
	kfree(inode->fs_private);
	inode->fs_private = NULL;
}

static int pfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	(void)sb;
	(void)st;
	return 0;
}

static const struct super_operations pfs_sops = { .evict_inode = pfs_evict, .statfs = pfs_statfs };

struct super_block *pfs_mount_tree(const struct fs_type *type, u64 magic,
				   const struct pfs_entry *root_entry)
{
	struct super_block *sb = sb_alloc(type, &pfs_sops);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->magic = magic;
	sb->blocksize = 1024;
	root = pfs_new_inode(sb, root_entry, 0, 0);
	sb->root = IS_ERR(root) ? NULL : d_make_root(root);
	if (!sb->root) {
		if (!IS_ERR(root))
			iput(root);
		sb_free(sb);
		return ERR_PTR(-ENOMEM);
	}
	return sb;
}

static struct super_block *pfs_mount(const struct fs_type *type, u32 flags, const char *source,
				     const char *data)
{
	(void)flags;
	(void)source;
	(void)data;
	return pfs_mount_tree(type, PROC_SUPER_MAGIC, &pfs_root_dir);
}

void pfs_kill_sb(struct super_block *sb)
{
	sb_free(sb);
}

static struct fs_type proc_fs_type = {
	.name = "proc",
	.mount = pfs_mount,
	.kill_sb = pfs_kill_sb,
};

int procfs_init(void)
{
	static DEFINE_MUTEX(lock);
	static bool done;
	int err = 0;

	mutex_lock(&lock);
	if (!done)
		err = vfs_register_fs(&proc_fs_type);
	done = !err;
	mutex_unlock(&lock);
	return err;
}
