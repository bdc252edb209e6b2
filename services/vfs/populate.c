// SPDX-License-Identifier: MPL-2.0
// Unpack the initramfs into the root file system as Linux's init/initramfs.c does: entries
// replace what has another type, hard links join by (dev, ino), directory times come last.
#define pr_fmt(fmt) "initramfs: " fmt
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/lib/string.h>
#include <services/initramfs.h>
#include "internal.h"

/* A file seen with nlink >= 2: later entries with its (dev, ino) become hard links. */
struct hardlink {
	struct list_head link;
	u32 major, minor, ino, mode;
	char name[];
};

/* A directory whose mtime is set once everything inside it exists. */
struct dir_time {
	struct list_head link;
	s64 mtime;
	char name[];
};

struct populate {
	struct vfs_ctx ctx;
	struct list_head links; /* struct hardlink */
	struct list_head dirs;	/* struct dir_time */
	unsigned int entries, failed;
};

static const char *clean_name(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			break;
	}
	return (!*name || !strcmp(name, ".")) ? "." : name;
}

static void set_mtime(struct populate *p, const char *name, s64 mtime)
{
	struct vfs_timespec t[2] = { { mtime, 0 }, { mtime, 0 } };

	vfs_utimensat(&p->ctx, name, t, AT_SYMLINK_NOFOLLOW);
}

/* Remove what is at @name if its type differs from @mode's (Linux's clean_path()). */
static void clean_path(struct populate *p, const char *name, u32 mode)
{
	struct kstat st;

	if (vfs_statat(&p->ctx, name, AT_SYMLINK_NOFOLLOW, &st))
		return;
	if (!((st.mode ^ mode) & S_IFMT))
		return;
	if (S_ISDIR(st.mode))
		vfs_rmdirat(&p->ctx, name);
	else
		vfs_unlinkat(&p->ctx, name, 0);
}

/* 1 when @name became a link to an earlier entry, 0 when it must be created, or -errno. */
static int maybe_link(struct populate *p, const struct cpio_entry *e, const char *name)
{
	struct hardlink *h;
	size_t len;

	if (e->nlink < 2)
		return 0;
	list_for_each_entry(h, &p->links, link) {
		if (h->ino == e->ino && h->major == e->dev_major && h->minor == e->dev_minor &&
		    !((h->mode ^ e->mode) & S_IFMT)) {
			vfs_unlinkat(&p->ctx, name, 0);
			return vfs_linkat(&p->ctx, h->name, &p->ctx, name, 0) ?: 1;
		}
	}
	len = strlen(name) + 1;
	h = kmalloc(sizeof(*h) + len);
	if (!h)
		return -ENOMEM;
	h->major = e->dev_major;
	h->minor = e->dev_minor;
	h->ino = e->ino;
	h->mode = e->mode;
	memcpy(h->name, name, len);
	list_add(&h->link, &p->links);
	return 0;
}

static int write_all(struct file *f, const void *data, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = vfs_write(f, (const u8 *)data + done, size - done);

		if (n <= 0)
			return n ? (int)n : -EIO;
		done += (size_t)n;
	}
	return 0;
}

static int do_file(struct populate *p, const struct cpio_entry *e, const char *name)
{
	int linked = maybe_link(p, e, name), err;
	struct file *f;

	if (linked < 0)
		return linked;
	f = vfs_openat(&p->ctx, name, O_WRONLY | O_CREAT | (linked ? 0 : O_TRUNC),
		       e->mode & S_IALLUGO);
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = write_all(f, e->data, e->size);
	if (!err)
		err = vfs_fchown(f, e->uid, e->gid);
	if (!err)
		err = vfs_fchmod(f, e->mode & S_IALLUGO);
	vfs_file_put(f);
	return err;
}

static int do_dir(struct populate *p, const struct cpio_entry *e, const char *name)
{
	size_t len = strlen(name) + 1;
	struct dir_time *d;
	int err = vfs_mkdirat(&p->ctx, name, e->mode & S_IALLUGO);

	if (err && err != -EEXIST)
		return err;
	err = vfs_fchownat(&p->ctx, name, e->uid, e->gid, 0);
	if (!err)
		err = vfs_fchmodat(&p->ctx, name, e->mode & S_IALLUGO, 0);
	d = kmalloc(sizeof(*d) + len);
	if (!d)
		return -ENOMEM;
	d->mtime = e->mtime;
	memcpy(d->name, name, len);
	list_add(&d->link, &p->dirs); /* children first when the times are set */
	return err;
}

static int do_symlink(struct populate *p, const struct cpio_entry *e, const char *name)
{
	char *target;
	int err;

	if (e->size >= PATH_MAX)
		return -ENAMETOOLONG;
	target = kmalloc(e->size + 1);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	err = vfs_symlinkat(&p->ctx, target, name);
	kfree(target);
	if (!err)
		err = vfs_fchownat(&p->ctx, name, e->uid, e->gid, AT_SYMLINK_NOFOLLOW);
	return err;
}

static int do_special(struct populate *p, const struct cpio_entry *e, const char *name)
{
	int err = maybe_link(p, e, name);

	if (err)
		return err < 0 ? err : 0;
	err = vfs_mknodat(&p->ctx, name, e->mode, MKDEV(e->rdev_major, e->rdev_minor));
	if (!err)
		err = vfs_fchownat(&p->ctx, name, e->uid, e->gid, 0);
	if (!err)
		err = vfs_fchmodat(&p->ctx, name, e->mode & S_IALLUGO, 0);
	return err;
}

static int do_entry(struct populate *p, const struct cpio_entry *e, const char *name)
{
	if (strcmp(name, "."))
		clean_path(p, name, e->mode);
	switch (e->mode & S_IFMT) {
	case S_IFREG:
		return do_file(p, e, name);
	case S_IFDIR:
		return do_dir(p, e, name);
	case S_IFLNK:
		return do_symlink(p, e, name);
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return do_special(p, e, name);
	default:
		return -EINVAL;
	}
}

static int on_entry(void *ctx, const struct cpio_entry *e)
{
	struct populate *p = ctx;
	const char *name = clean_name(e->name);
	int err = do_entry(p, e, name);

	p->entries++;
	if (err == -ENOMEM)
		return err;
	if (err) {
		p->failed++;
		pr_debug("%s: %s\n", name, errno_name(err));
	} else if (!S_ISDIR(e->mode)) {
		set_mtime(p, name, e->mtime);
	}
	return 0;
}

static void drop_links(struct populate *p)
{
	struct hardlink *h, *n;

	list_for_each_entry_safe(h, n, &p->links, link)
		kfree(h);
	INIT_LIST_HEAD(&p->links);
}

static void on_trailer(void *ctx)
{
	drop_links(ctx);
}

static void *on_realloc(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	return krealloc(ptr, size);
}

static void on_free(void *ctx, void *ptr)
{
	(void)ctx;
	kfree(ptr);
}

static const struct initramfs_ops populate_ops = {
	.entry = on_entry,
	.trailer = on_trailer,
	.realloc = on_realloc,
	.free = on_free,
};

static void finish_dirs(struct populate *p)
{
	struct dir_time *d, *n;

	list_for_each_entry_safe(d, n, &p->dirs, link) {
		set_mtime(p, d->name, d->mtime);
		kfree(d);
	}
}

int vfs_populate_at(const struct path *dir, const void *blob, size_t len)
{
	struct populate p = { .ctx = { .cred = cred_root(), .cwd = *dir } };
	int err;

	INIT_LIST_HEAD(&p.links);
	INIT_LIST_HEAD(&p.dirs);
	err = initramfs_unpack(blob, len, &populate_ops, &p);
	drop_links(&p);
	finish_dirs(&p);
	if (p.failed)
		pr_warn("%u of %u entries could not be created\n", p.failed, p.entries);
	return err;
}

int vfs_populate_from_initramfs(const void *blob, size_t len)
{
	struct path root;
	int err = vfs_init();

	if (err)
		return err;
	vfs_root_path(&root);
	err = vfs_populate_at(&root, blob, len);
	if (!err)
		pr_info("unpacked %zu bytes into the root file system\n", len);
	path_put(&root);
	return err;
}
