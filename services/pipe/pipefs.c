// SPDX-License-Identifier: MPL-2.0
// The file side of pipes: pipefs (an unmounted file system whose inodes are anonymous pipes),
// the file operations, and named FIFOs, whose opens wait for the other side as Linux's do.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <services/pipe.h>
#include <services/poll.h>
#include <services/process.h>
#include <services/vfs.h>
#include "pipe_internal.h"

#define PIPEFS_MAGIC 0x50495045
#define FIONREAD     0x541B

/*
 * Anonymous pipes' files all name the root of pipefs, which is not mounted anywhere: an
 * open of it takes the pipe pipe_create() hands over in @pipe_pending. (So every anonymous
 * pipe shows the same inode number in fstat, unlike Linux.)
 */
static struct mount *pipe_mnt;
static struct pipe *pipe_pending; /* pipe_create_lock */
static DEFINE_MUTEX(pipe_create_lock);
static DEFINE_MUTEX(pipe_init_lock);
/* Named FIFOs with a pipe: struct pipe by inode, alive while opened. */
static LIST_HEAD(fifos);
static DEFINE_MUTEX(fifo_lock);

static struct pipe *file_pipe(struct file *f)
{
	return f->private;
}

static ssize_t pipe_f_read(struct file *f, void *buf, size_t len, s64 *pos)
{
	(void)pos;
	return pipe_read(file_pipe(f), buf, len, READ_ONCE(f->flags) & O_NONBLOCK);
}

static ssize_t pipe_f_write(struct file *f, const void *buf, size_t len, s64 *pos)
{
	(void)pos;
	return pipe_write(file_pipe(f), buf, len, READ_ONCE(f->flags) & O_NONBLOCK);
}

static long pipe_f_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct thread *t = thread_current();
	int n = (int)pipe_readable(file_pipe(f));

	if (cmd != FIONREAD)
		return -ENOTTY;
	if (!t || copy_to_user(t->proc->mm, arg, &n, sizeof(n)))
		return -EFAULT;
	return 0;
}

/* The last close of a pipe's last file frees it. */
static void pipe_f_release(struct inode *inode, struct file *f)
{
	struct pipe *p = file_pipe(f);

	(void)inode;
	mutex_lock(&fifo_lock);
	pipe_count(p, f->mode, -1);
	if (!p->readers && !p->writers) {
		if (p->fifo)
			list_del(&p->link);
		pipe_free(p);
	}
	mutex_unlock(&fifo_lock);
}

static const struct file_operations pipe_fops = {
	.read = pipe_f_read,
	.write = pipe_f_write,
	.ioctl = pipe_f_ioctl,
	.release = pipe_f_release,
};

static const struct super_operations pipefs_sops = { 0 };

static struct super_block *pipefs_mount(const struct fs_type *t, u32 f, const char *s,
					const char *d)
{
	(void)t, (void)f, (void)s, (void)d;
	return ERR_PTR(-EINVAL); /* never mounted by name */
}

static void pipefs_kill_sb(struct super_block *sb)
{
	sb_free(sb);
}

static struct fs_type pipefs_type = { .name = "pipefs",
				      .mount = pipefs_mount,
				      .kill_sb = pipefs_kill_sb };

static struct pipe *fifo_get(struct inode *inode)
{
	struct pipe *p;

	list_for_each_entry(p, &fifos, link)
		if (p->fifo == inode)
			return p;
	p = pipe_alloc();
	if (p) {
		p->fifo = inode;
		list_add(&p->link, &fifos);
	}
	return p;
}

/*
 * Linux's FIFO opens: a reader waits for a writer and a writer for a reader, unless
 * O_NONBLOCK (a writer then fails with -ENXIO when no reader is there); O_RDWR never waits.
 */
static int fifo_wait(struct pipe *p, struct file *f)
{
	bool nonblock = f->flags & O_NONBLOCK;
	u32 opens;

	if ((f->mode & (FMODE_READ | FMODE_WRITE)) == (FMODE_READ | FMODE_WRITE))
		return 0;
	if (f->mode & FMODE_READ) {
		opens = READ_ONCE(p->w_opens);
		if (!nonblock)
			wait_event(&p->rd_wq,
				   READ_ONCE(p->writers) || READ_ONCE(p->w_opens) != opens);
		return 0;
	}
	if (nonblock && !READ_ONCE(p->readers))
		return -ENXIO;
	opens = READ_ONCE(p->r_opens);
	wait_event(&p->wr_wq, READ_ONCE(p->readers) || READ_ONCE(p->r_opens) != opens);
	return 0;
}

static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe *p;
	int err;

	if (pipe_mnt && inode->sb == pipe_mnt->sb) {
		p = pipe_pending; /* pipe_create() holds pipe_create_lock */
		if (!p)
			return -ENXIO;
		pipe_count(p, f->mode, 1);
		f->private = p;
		f->f_op = &pipe_fops;
		return 0;
	}
	mutex_lock(&fifo_lock);
	p = fifo_get(inode);
	if (p)
		pipe_count(p, f->mode, 1);
	mutex_unlock(&fifo_lock);
	if (!p)
		return -ENOMEM;
	f->private = p;
	err = fifo_wait(p, f);
	if (err) {
		pipe_f_release(inode, f);
		return err;
	}
	f->f_op = &pipe_fops;
	return 0;
}

/* The unmounted mount anonymous pipes' files point into; never freed. */
static struct mount *pipefs_kern_mount(void)
{
	struct super_block *sb = sb_alloc(&pipefs_type, &pipefs_sops);
	struct inode *root = sb ? inode_alloc(sb) : NULL;
	struct mount *m = kzalloc(sizeof(*m));

	if (!root || !m)
		goto fail;
	root->mode = S_IFIFO | 0666;
	sb->magic = PIPEFS_MAGIC;
	sb->root = d_make_root(root);
	if (!sb->root)
		goto fail;
	m->root = sb->root;
	m->sb = sb;
	m->count = 1;
	INIT_LIST_HEAD(&m->children);
	INIT_LIST_HEAD(&m->child);
	INIT_LIST_HEAD(&m->all);
	return m;
fail:
	kfree(m);
	if (sb)
		sb_free(sb); /* evicts the root inode too */
	return NULL;
}

int pipe_init(void)
{
	int err = 0;

	mutex_lock(&pipe_init_lock);
	if (!pipe_mnt) {
		pipe_mnt = pipefs_kern_mount();
		err = pipe_mnt ? vfs_register_special(S_IFIFO, fifo_open) : -ENOMEM;
	}
	mutex_unlock(&pipe_init_lock);
	return err;
}

int pipe_create(const struct cred *cred, int flags, struct file **rd, struct file **wr)
{
	struct path path = { .mnt = pipe_mnt, .dentry = pipe_mnt->root };
	struct pipe *p = pipe_alloc();
	struct file *r, *w = NULL;

	if (!p)
		return -ENOMEM;
	flags &= O_NONBLOCK;
	mutex_lock(&pipe_create_lock);
	pipe_pending = p;
	r = vfs_open_path(cred, &path, O_RDONLY | flags);
	if (!IS_ERR(r))
		w = vfs_open_path(cred, &path, O_WRONLY | flags);
	pipe_pending = NULL;
	mutex_unlock(&pipe_create_lock);
	if (IS_ERR(r)) {
		pipe_free(p);
		return (int)PTR_ERR(r);
	}
	if (IS_ERR(w)) {
		vfs_file_put(r); /* the last file of @p: frees it */
		return (int)PTR_ERR(w);
	}
	*rd = r;
	*wr = w;
	return 0;
}

bool pipe_file_poll(struct file *f, u32 *events)
{
	if (f->f_op != &pipe_fops)
		return false;
	*events = pipe_events(file_pipe(f), f->mode);
	return true;
}
