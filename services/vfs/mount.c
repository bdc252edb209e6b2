// SPDX-License-Identifier: MPL-2.0
// The mount tree and the file-system type registry: mount(2), umount2(2), statfs(2), and the
// tmpfs root that vfs_init() sets up.
#define pr_fmt(fmt) "vfs: " fmt
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>
#include "internal.h"

DEFINE_SPINLOCK(mount_lock);
static struct mount *ns_root; /* mount_lock: the namespace root */
static LIST_HEAD(all_mounts); /* mount_lock */
static DEFINE_SPINLOCK(fs_lock);
static LIST_HEAD(fs_types);	 /* fs_lock */
static DEFINE_MUTEX(init_mutex); /* serializes vfs_init() */

int vfs_register_fs(struct fs_type *type)
{
	int err = 0;

	spin_lock(&fs_lock);
	if (fs_type_find(type->name))
		err = -EEXIST;
	else
		list_add_tail(&type->link, &fs_types);
	spin_unlock(&fs_lock);
	return err;
}

/* Caller holds fs_lock, or types are only ever added (they are never removed). */
struct fs_type *fs_type_find(const char *name)
{
	struct fs_type *t;

	list_for_each_entry(t, &fs_types, link)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

struct mount *mnt_get(struct mount *m)
{
	spin_lock(&mount_lock);
	m->count++;
	spin_unlock(&mount_lock);
	return m;
}

/* The last reference of a detached mount frees it and its file system. */
static void mnt_free(struct mount *m)
{
	struct super_block *sb = m->sb;

	dput(m->root);
	d_shrink_sb(sb);
	sb->type->kill_sb(sb);
	kfree(m);
}

void mnt_put(struct mount *m)
{
	bool last;

	spin_lock(&mount_lock);
	last = --m->count == 0;
	spin_unlock(&mount_lock);
	if (last)
		mnt_free(m);
}

void path_get(const struct path *p)
{
	mnt_get(p->mnt);
	dget(p->dentry);
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	mnt_put(p->mnt);
}

struct mount *lookup_mnt(struct mount *parent, struct dentry *d)
{
	struct mount *m, *found = NULL;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &parent->children, child) {
		if (m->mountpoint == d) {
			found = m;
			found->count++;
			break;
		}
	}
	spin_unlock(&mount_lock);
	return found;
}

bool d_mountpoint(struct dentry *d)
{
	return READ_ONCE(d->mounted) > 0;
}

struct mount *root_mount(void)
{
	struct mount *m;

	spin_lock(&mount_lock);
	m = ns_root;
	if (m)
		m->count++;
	spin_unlock(&mount_lock);
	return m;
}

void vfs_root_path(struct path *out)
{
	out->mnt = root_mount();
	out->dentry = out->mnt ? dget(out->mnt->root) : NULL;
}

bool mnt_readonly(const struct mount *m)
{
	return READ_ONCE(m->sb->flags) & MS_RDONLY;
}

static struct mount *mount_alloc(struct super_block *sb, u32 flags, const char *source)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return NULL;
	m->sb = sb;
	m->root = dget(sb->root);
	m->count = 1;
	m->flags = flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	INIT_LIST_HEAD(&m->children);
	INIT_LIST_HEAD(&m->child);
	strscpy(m->source, source ? source : "none", sizeof(m->source));
	return m;
}

/* A new mount of file system @name, not yet attached. */
static struct mount *mount_new(const char *name, u32 flags, const char *source, const char *data)
{
	struct fs_type *type;
	struct super_block *sb;
	struct mount *m;

	spin_lock(&fs_lock);
	type = fs_type_find(name);
	spin_unlock(&fs_lock);
	if (!type)
		return ERR_PTR(-ENODEV);
	sb = type->mount(type, flags, source, data);
	if (IS_ERR(sb))
		return ERR_PTR(PTR_ERR(sb));
	sb->flags = flags & MS_RDONLY;
	m = mount_alloc(sb, flags, source);
	if (!m) {
		type->kill_sb(sb);
		return ERR_PTR(-ENOMEM);
	}
	return m;
}

int vfs_init(void)
{
	struct mount *m;
	int err = 0;

	mutex_lock(&init_mutex);
	if (ns_root)
		goto out;
	err = vfs_register_fs(&tmpfs_fs_type);
	if (!err)
		err = vfs_register_fs(&ramfs_fs_type);
	if (err && err != -EEXIST)
		goto out;
	m = mount_new("tmpfs", 0, "rootfs", "mode=0755");
	err = IS_ERR(m) ? PTR_ERR(m) : 0;
	if (err)
		goto out;
	m->mountpoint = dget(m->root);
	spin_lock(&mount_lock);
	list_add_tail(&m->all, &all_mounts);
	ns_root = m;
	spin_unlock(&mount_lock);
	pr_info("tmpfs root mounted\n");
out:
	mutex_unlock(&init_mutex);
	return err;
}

static void attach(struct mount *m, const struct path *where)
{
	m->parent = mnt_get(where->mnt);
	m->mountpoint = dget(where->dentry);
	spin_lock(&mount_lock);
	where->dentry->mounted++;
	list_add_tail(&m->child, &where->mnt->children);
	list_add_tail(&m->all, &all_mounts);
	spin_unlock(&mount_lock);
}

int vfs_mount(const struct vfs_ctx *ctx, const char *source, const char *target, const char *fstype,
	      u32 flags, const char *data)
{
	struct path where;
	struct mount *m;
	int err;

	if (!cred_capable(ctx->cred, CAP_SYS_ADMIN))
		return -EPERM;
	err = resolve(ctx, target, LOOKUP_FOLLOW, &where);
	if (err)
		return err;
	err = -ENOTDIR;
	if (!S_ISDIR(d_inode(where.dentry)->mode))
		goto out;
	m = mount_new(fstype, flags, source, data);
	err = IS_ERR(m) ? PTR_ERR(m) : 0;
	if (!err)
		attach(m, &where);
out:
	path_put(&where);
	return err;
}

/*
 * Unlink @m from the tree if nothing but the tree and @extra references use it (any number
 * when @lazy). Hands back the references on its parent and mountpoint in @where.
 */
static int detach(struct mount *m, int extra, bool lazy, struct path *where)
{
	int err = 0;

	spin_lock(&mount_lock);
	if (!m->parent || !list_empty(&m->children) || (!lazy && m->count > 1 + extra))
		err = -EBUSY;
	if (!err) {
		list_del(&m->child);
		list_del(&m->all);
		m->mountpoint->mounted--;
		where->mnt = m->parent;
		where->dentry = m->mountpoint;
		m->parent = NULL;
		m->mountpoint = NULL;
	}
	spin_unlock(&mount_lock);
	return err;
}

int vfs_umount(const struct vfs_ctx *ctx, const char *target, int flags)
{
	struct path where, old;
	struct mount *m;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (!cred_capable(ctx->cred, CAP_SYS_ADMIN))
		return -EPERM;
	err = resolve(ctx, target, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &where);
	if (err)
		return err;
	m = where.mnt;
	if (where.dentry != m->root) {
		path_put(&where);
		return -EINVAL;
	}
	err = detach(m, 1, flags & MNT_DETACH, &old);
	path_put(&where);
	if (err)
		return err;
	path_put(&old);
	mnt_put(m); /* the tree's reference */
	return 0;
}

static int statfs_path(const struct path *p, struct kstatfs *st)
{
	struct super_block *sb = p->dentry->sb;
	int err;

	memset(st, 0, sizeof(*st));
	st->type = sb->magic;
	st->bsize = st->frsize = sb->blocksize;
	st->namelen = NAME_MAX;
	st->fsid = sb->dev;
	err = sb->ops->statfs ? sb->ops->statfs(sb, st) : 0;
	if (p->mnt->flags & MS_RDONLY)
		st->flags |= 1;
	return err;
}

int vfs_statfs(const struct vfs_ctx *ctx, const char *path, struct kstatfs *st)
{
	struct path p;
	int err = resolve(ctx, path, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	err = statfs_path(&p, st);
	path_put(&p);
	return err;
}

int vfs_fstatfs(struct file *f, struct kstatfs *st)
{
	return statfs_path(&f->path, st);
}

/* One /proc/mounts line for @m (referenced) as seen from @root; bytes written. */
static size_t show_mount(const struct path *root, struct mount *m, char *buf, size_t size)
{
	struct path p = { .mnt = m, .dentry = m->root };
	char *dir = kmalloc(PATH_MAX);
	u32 flags = READ_ONCE(m->flags) | READ_ONCE(m->sb->flags);
	size_t n;

	if (!dir)
		return 0;
	if (vfs_d_path(root, &p, dir, PATH_MAX) < 0)
		strscpy(dir, "?", PATH_MAX);
	n = (size_t)scnprintf(buf, size, "%s %s %s %s%s%s%s,relatime 0 0\n", m->source, dir,
			      m->sb->type->name, flags & MS_RDONLY ? "ro" : "rw",
			      flags & MS_NOSUID ? ",nosuid" : "", flags & MS_NODEV ? ",nodev" : "",
			      flags & MS_NOEXEC ? ",noexec" : "");
	kfree(dir);
	return n;
}

int vfs_show_mounts(const struct path *root, char *buf, size_t size)
{
	struct mount *snap[64], *m;
	size_t len = 0;
	int n = 0;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &all_mounts, all) {
		if (n == (int)ARRAY_SIZE(snap))
			break;
		m->count++;
		snap[n++] = m;
	}
	spin_unlock(&mount_lock);
	for (int i = 0; i < n; i++) {
		if (len + 1 < size)
			len += show_mount(root, snap[i], buf + len, size - len);
		mnt_put(snap[i]);
	}
	return (int)len;
}
