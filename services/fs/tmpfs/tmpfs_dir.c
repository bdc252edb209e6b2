// SPDX-License-Identifier: MPL-2.0
// tmpfs directories: entries in cookie order (so getdents positions survive changes), and
// create, link, unlink, rmdir and rename on them. The VFS holds the directories' rwsems.
#include <hal/errno.h>
#include <hal/mm.h>
#include <hal/lib/string.h>
#include "tmpfs_internal.h"

static struct tmpfs_dirent *find(struct inode *dir, const struct qstr *name)
{
	struct tmpfs_dirent *e;

	list_for_each_entry(e, &tmpfs_node(dir)->entries, link)
		if (e->len == name->len && !memcmp(e->name, name->name, name->len))
			return e;
	return NULL;
}

static struct tmpfs_dirent *dirent_alloc(const struct qstr *name)
{
	struct tmpfs_dirent *e = kmalloc(sizeof(*e) + name->len + 1);

	if (!e)
		return NULL;
	e->len = name->len;
	memcpy(e->name, name->name, name->len);
	e->name[name->len] = '\0';
	return e;
}

/* Put @e (naming @inode, whose reference it takes) at the end of @dir. */
static void dirent_add(struct inode *dir, struct tmpfs_dirent *e, struct inode *inode)
{
	struct tmpfs_node *d = tmpfs_node(dir);

	e->inode = inode;
	e->cookie = d->next_cookie++;
	list_add_tail(&e->link, &d->entries);
	d->nr_entries++;
	inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
}

static void dirent_del(struct inode *dir, struct tmpfs_dirent *e)
{
	list_del(&e->link);
	tmpfs_node(dir)->nr_entries--;
	kfree(e);
	inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
}

static struct inode *tmpfs_lookup(struct inode *dir, const struct qstr *name)
{
	struct tmpfs_dirent *e = find(dir, name);

	return e ? iget(e->inode) : NULL;
}

/* Make @inode (a new one, or ERR_PTR) the entry @name of @dir. */
static struct inode *add_new(struct inode *dir, const struct qstr *name, struct inode *inode)
{
	struct tmpfs_dirent *e;

	if (IS_ERR(inode))
		return inode;
	e = dirent_alloc(name);
	if (!e) {
		inode_dec_nlink(inode);
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	dirent_add(dir, e, iget(inode));
	return inode;
}

static struct inode *tmpfs_create(struct inode *dir, const struct qstr *name, u32 mode, u32 rdev,
				  const struct cred *cred)
{
	return add_new(dir, name, tmpfs_new_inode(dir->sb, dir, mode, rdev, cred));
}

static struct inode *tmpfs_mkdir(struct inode *dir, const struct qstr *name, u32 mode,
				 const struct cred *cred)
{
	struct inode *inode = add_new(dir, name, tmpfs_new_inode(dir->sb, dir, mode, 0, cred));

	if (IS_ERR(inode))
		return inode;
	inode_inc_nlink(inode); /* "." */
	inode_inc_nlink(dir);	/* its ".." */
	tmpfs_node(inode)->parent_ino = dir->ino;
	return inode;
}

static struct inode *tmpfs_symlink(struct inode *dir, const struct qstr *name, const char *target,
				   const struct cred *cred)
{
	size_t len = strlen(target);
	char *copy = kmalloc(len + 1);
	struct inode *inode;

	if (!copy)
		return ERR_PTR(-ENOMEM);
	memcpy(copy, target, len + 1);
	inode = tmpfs_new_inode(dir->sb, dir, S_IFLNK | 0777, 0, cred);
	if (IS_ERR(inode)) {
		kfree(copy);
		return inode;
	}
	tmpfs_node(inode)->target = copy;
	tmpfs_node(inode)->target_len = (u32)len;
	inode_set_size(inode, (s64)len);
	return add_new(dir, name, inode);
}

static int tmpfs_link(struct inode *inode, struct inode *dir, const struct qstr *name)
{
	struct tmpfs_dirent *e;

	if (inode_nlink(inode) == 0xffffffffu)
		return -EMLINK;
	e = dirent_alloc(name);
	if (!e)
		return -ENOMEM;
	inode_inc_nlink(inode);
	inode_touch(inode, ATTR_CTIME);
	dirent_add(dir, e, iget(inode));
	return 0;
}

static int tmpfs_unlink(struct inode *dir, const struct qstr *name, struct inode *victim)
{
	struct tmpfs_dirent *e = find(dir, name);

	if (!e || e->inode != victim)
		return -ENOENT;
	dirent_del(dir, e);
	inode_dec_nlink(victim);
	inode_touch(victim, ATTR_CTIME);
	iput(victim);
	return 0;
}

/* A directory being removed: its own "." and its entry go, and its ".." in the parent. */
static void drop_dir(struct inode *dir, struct inode *victim)
{
	inode_dec_nlink(victim);
	inode_dec_nlink(victim);
	inode_dec_nlink(dir);
	inode_touch(victim, ATTR_CTIME);
}

static int tmpfs_rmdir(struct inode *dir, const struct qstr *name, struct inode *victim)
{
	struct tmpfs_dirent *e = find(dir, name);

	if (!e || e->inode != victim)
		return -ENOENT;
	if (tmpfs_node(victim)->nr_entries)
		return -ENOTEMPTY;
	dirent_del(dir, e);
	drop_dir(dir, victim);
	iput(victim);
	return 0;
}

/* @inode (a directory) moves from @odir to @ndir: the ".." link counts move with it. */
static void move_dir_links(struct inode *inode, struct inode *odir, struct inode *ndir)
{
	if (!S_ISDIR(inode->mode) || odir == ndir)
		return;
	inode_dec_nlink(odir);
	inode_inc_nlink(ndir);
	tmpfs_node(inode)->parent_ino = ndir->ino;
}

static int rename_exchange(struct inode *odir, struct tmpfs_dirent *o, struct inode *ndir,
			   struct tmpfs_dirent *n)
{
	struct inode *a = o->inode, *b = n->inode;

	o->inode = b;
	n->inode = a;
	move_dir_links(a, odir, ndir);
	move_dir_links(b, ndir, odir);
	inode_touch(a, ATTR_CTIME);
	inode_touch(b, ATTR_CTIME);
	inode_touch(odir, ATTR_MTIME | ATTR_CTIME);
	inode_touch(ndir, ATTR_MTIME | ATTR_CTIME);
	return 0;
}

/* The entry being replaced by a rename loses its inode. */
static int replace_victim(struct inode *ndir, struct tmpfs_dirent *n)
{
	struct inode *victim = n->inode;

	if (S_ISDIR(victim->mode)) {
		if (tmpfs_node(victim)->nr_entries)
			return -ENOTEMPTY;
		drop_dir(ndir, victim);
	} else {
		inode_dec_nlink(victim);
		inode_touch(victim, ATTR_CTIME);
	}
	iput(victim);
	return 0;
}

static int tmpfs_rename(struct inode *odir, const struct qstr *oname, struct inode *ndir,
			const struct qstr *nname, u32 flags)
{
	struct tmpfs_dirent *o = find(odir, oname), *n = find(ndir, nname), *e;
	struct inode *inode;
	int err;

	if (!o)
		return -ENOENT;
	if (flags & RENAME_EXCHANGE)
		return n ? rename_exchange(odir, o, ndir, n) : -ENOENT;
	e = dirent_alloc(nname);
	if (!e)
		return -ENOMEM;
	if (n) {
		err = replace_victim(ndir, n);
		if (err) {
			kfree(e);
			return err;
		}
		dirent_del(ndir, n);
	}
	inode = o->inode;
	dirent_del(odir, o);
	dirent_add(ndir, e, inode);
	move_dir_links(inode, odir, ndir);
	inode_touch(inode, ATTR_CTIME);
	return 0;
}

static int tmpfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->inode;
	struct tmpfs_node *d = tmpfs_node(dir);
	struct tmpfs_dirent *e;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->ino, DT_DIR, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, d->parent_ino, DT_DIR, 2))
			return 0;
		ctx->pos = 2;
	}
	list_for_each_entry(e, &d->entries, link) {
		if ((s64)e->cookie < ctx->pos)
			continue;
		if (!ctx->emit(ctx, e->name, e->len, e->inode->ino, mode_to_dtype(e->inode->mode),
			       (s64)e->cookie + 1))
			return 0;
		ctx->pos = (s64)e->cookie + 1;
	}
	return 0;
}

const struct inode_operations tmpfs_dir_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.setattr = tmpfs_setattr,
};

const struct file_operations tmpfs_dir_fops = {
	.iterate = tmpfs_iterate,
};

static int tmpfs_readlink(struct inode *inode, char *buf, size_t size)
{
	struct tmpfs_node *node = tmpfs_node(inode);
	size_t n = MIN(size, (size_t)node->target_len);

	memcpy(buf, node->target, n);
	return (int)n;
}

const struct inode_operations tmpfs_symlink_iops = {
	.readlink = tmpfs_readlink,
	.setattr = tmpfs_setattr,
};
