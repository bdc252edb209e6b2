// SPDX-License-Identifier: MPL-2.0
// Path walk: components, ".", ".." across mount points, symlinks (at most MAXSYMLINKS per
// walk, kept on an explicit stack so deep links cost no kernel stack), permission to search.
#include <hal/errno.h>
#include <hal/mm.h>
#include <hal/lib/string.h>
#include "internal.h"

int nd_alloc(struct nameidata **out)
{
	*out = kzalloc(sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void nd_free(struct nameidata *nd)
{
	if (!nd)
		return;
	nd_exit(nd);
	kfree(nd);
}

static void path_set(struct path *dst, const struct path *src)
{
	*dst = *src;
	path_get(dst);
}

int nd_init(struct nameidata *nd, const struct vfs_ctx *ctx, const char *name, unsigned int flags)
{
	nd->cred = ctx->cred;
	nd->flags = flags;
	if (ctx->root.mnt)
		path_set(&nd->root, &ctx->root);
	else
		vfs_root_path(&nd->root);
	if (!nd->root.mnt)
		return -ENOENT;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (!*name && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	if (name[0] == '/' || !ctx->cwd.mnt)
		path_set(&nd->path, &nd->root);
	else
		path_set(&nd->path, &ctx->cwd);
	if (name[0] != '/' && !S_ISDIR(d_inode(nd->path.dentry)->mode) && *name)
		return -ENOTDIR;
	return 0;
}

void nd_exit(struct nameidata *nd)
{
	if (nd->path.mnt)
		path_put(&nd->path);
	if (nd->root.mnt)
		path_put(&nd->root);
	nd->path.mnt = nd->root.mnt = NULL;
	kfree(nd->last_body);
	nd->last_body = NULL;
	while (nd->depth > 0)
		kfree(nd->stack_body[--nd->depth]);
}

/* Replace @dst's location by @src, whose references move in. */
static void path_replace(struct path *dst, struct path *src)
{
	path_put(dst);
	*dst = *src;
}

static void jump_root(struct nameidata *nd)
{
	struct path root;

	path_set(&root, &nd->root);
	path_replace(&nd->path, &root);
}

/* Into whatever is mounted on @p, repeatedly (mounts stack). */
static void follow_mounts(struct path *p)
{
	struct mount *m;

	while (READ_ONCE(p->dentry->mounted) && (m = lookup_mnt(p->mnt, p->dentry))) {
		struct path next = { m, dget(m->root) };

		path_replace(p, &next);
	}
}

static struct dentry *dget_parent(struct dentry *d)
{
	struct dentry *p;

	spin_lock(&dcache_lock);
	p = d->parent;
	p->count++;
	spin_unlock(&dcache_lock);
	return p;
}

/* "..": never above the walk's root; from a mount's root to where it is mounted, then up. */
static void follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		struct path next;

		if (nd->path.dentry == nd->root.dentry && nd->path.mnt == nd->root.mnt)
			break;
		if (nd->path.dentry != nd->path.mnt->root) {
			next.mnt = mnt_get(nd->path.mnt);
			next.dentry = dget_parent(nd->path.dentry);
			path_replace(&nd->path, &next);
			break;
		}
		spin_lock(&mount_lock);
		next.mnt = nd->path.mnt->parent;
		next.dentry = nd->path.mnt->mountpoint;
		if (next.mnt)
			next.mnt->count++;
		spin_unlock(&mount_lock);
		if (!next.mnt)
			break;
		dget(next.dentry);
		path_replace(&nd->path, &next);
	}
	follow_mounts(&nd->path);
}

/* Search permission on the directory a component is looked up in. */
static int may_lookup(struct nameidata *nd)
{
	struct inode *dir = d_inode(nd->path.dentry);

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	return vfs_permission(nd->cred, dir, MAY_EXEC);
}

struct dentry *lookup_child_locked(struct dentry *dir, const struct qstr *name)
{
	struct dentry *d = d_lookup(dir, name);
	struct inode *inode;

	if (d)
		return d;
	inode = d_inode(dir)->i_op->lookup(d_inode(dir), name);
	if (IS_ERR(inode))
		return ERR_PTR(PTR_ERR(inode));
	d = d_alloc(dir, name);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	return inode ? d_add_unique(d, inode) : d;
}

/* The positive child @name of the directory @dir, or ERR_PTR (-ENOENT if there is none). */
static struct dentry *lookup_child(struct dentry *dir, const struct qstr *name)
{
	struct dentry *d = d_lookup(dir, name);
	struct inode *di = d_inode(dir);

	if (d)
		return d;
	rwsem_read_lock(&di->rwsem);
	d = lookup_child_locked(dir, name);
	rwsem_read_unlock(&di->rwsem);
	if (!IS_ERR(d) && !d->inode) {
		dput(d);
		d = ERR_PTR(-ENOENT);
	}
	return d;
}

/* A symlink's body as a NUL-terminated kmalloc'd string, counted against the walk's limit. */
static char *get_link(struct nameidata *nd, struct inode *link)
{
	char *body;
	int n;

	if (++nd->total_links > MAXSYMLINKS)
		return ERR_PTR(-ELOOP);
	if (!link->i_op || !link->i_op->readlink)
		return ERR_PTR(-EINVAL);
	body = kmalloc(PATH_MAX);
	if (!body)
		return ERR_PTR(-ENOMEM);
	n = link->i_op->readlink(link, body, PATH_MAX - 1);
	if (n <= 0) {
		kfree(body);
		return ERR_PTR(n < 0 ? n : -ENOENT);
	}
	body[n] = '\0';
	inode_touch_atime(link);
	return body;
}

static enum last_type component_type(const struct qstr *c)
{
	if (c->len == 1 && c->name[0] == '.')
		return LAST_DOT;
	if (c->len == 2 && c->name[0] == '.' && c->name[1] == '.')
		return LAST_DOTDOT;
	return LAST_NORM;
}

/*
 * One component that is not the final one: into a directory, or (*@body set) a symlink
 * whose body the caller walks next from the same directory.
 */
static int step(struct nameidata *nd, const struct qstr *c, char **body)
{
	enum last_type type = component_type(c);
	struct path next;
	struct dentry *d;

	*body = NULL;
	if (type == LAST_DOT)
		return 0;
	if (type == LAST_DOTDOT) {
		follow_dotdot(nd);
		return 0;
	}
	d = lookup_child(nd->path.dentry, c);
	if (IS_ERR(d))
		return PTR_ERR(d);
	next.mnt = mnt_get(nd->path.mnt);
	next.dentry = d;
	follow_mounts(&next);
	if (S_ISLNK(d_inode(next.dentry)->mode)) {
		*body = get_link(nd, d_inode(next.dentry));
		path_put(&next);
		return IS_ERR(*body) ? PTR_ERR(*body) : 0;
	}
	path_replace(&nd->path, &next);
	return 0;
}

/* Parse the component at @p into @c; returns what follows it, past any slashes. */
static const char *next_component(const char *p, struct qstr *c, bool *slash)
{
	const char *q = p;

	while (*q && *q != '/')
		q++;
	c->name = p;
	c->len = (u32)(q - p);
	c->hash = qstr_hash(p, c->len);
	*slash = *q == '/';
	while (*q == '/')
		q++;
	return q;
}

static void set_last(struct nameidata *nd, const struct qstr *c, bool slash)
{
	nd->last = *c;
	nd->last_type = component_type(c);
	nd->trailing_slash |= slash;
}

/* Leave a finished symlink body: returns where the enclosing string goes on. */
static const char *pop_link(struct nameidata *nd, char **dead)
{
	nd->depth--;
	*dead = nd->stack_body[nd->depth];
	nd->stack_body[nd->depth] = NULL;
	return nd->stack_rest[nd->depth];
}

/* Walk @p up to its final component: nd->path is then the directory holding nd->last. */
static int walk(struct nameidata *nd, const char *p)
{
	int base = nd->depth;

	for (;;) {
		const char *rest;
		char *dead = NULL, *body;
		struct qstr c;
		bool slash;
		int err;

		if (*p == '/') {
			jump_root(nd);
			while (*p == '/')
				p++;
		}
		if (!*p) {
			if (nd->depth == base) {
				nd->last_type = LAST_ROOT;
				return 0;
			}
			p = pop_link(nd, &dead);
			kfree(dead);
			continue;
		}
		rest = next_component(p, &c, &slash);
		if (c.len > NAME_MAX)
			return -ENAMETOOLONG;
		err = may_lookup(nd);
		if (err)
			return err;
		if (!*rest && nd->depth == base) {
			set_last(nd, &c, slash);
			return 0;
		}
		if (!*rest)
			rest = pop_link(nd, &dead);
		err = step(nd, &c, &body);
		kfree(dead);
		if (err)
			return err;
		if (body) {
			nd->stack_body[nd->depth] = body;
			nd->stack_rest[nd->depth++] = rest;
			p = body;
		} else {
			p = rest;
		}
	}
}

int path_parent(struct nameidata *nd, const char *name)
{
	if (!*name) {
		nd->last_type = LAST_ROOT; /* LOOKUP_EMPTY: the start itself */
		return 0;
	}
	return walk(nd, name);
}

int follow_last(struct nameidata *nd, struct dentry *d)
{
	char *body = get_link(nd, d_inode(d));

	if (IS_ERR(body))
		return PTR_ERR(body);
	kfree(nd->last_body);
	nd->last_body = body;
	return walk(nd, body);
}

/* The final component of a walk into nd->path, or -errno. */
static int lookup_last(struct nameidata *nd)
{
	struct path next;
	struct dentry *d;
	int err;

	for (;;) {
		if (nd->last_type == LAST_DOTDOT)
			follow_dotdot(nd);
		if (nd->last_type != LAST_NORM)
			return 0;
		d = lookup_child(nd->path.dentry, &nd->last);
		if (IS_ERR(d))
			return PTR_ERR(d);
		next.mnt = mnt_get(nd->path.mnt);
		next.dentry = d;
		follow_mounts(&next);
		if (!S_ISLNK(d_inode(next.dentry)->mode) ||
		    !((nd->flags & LOOKUP_FOLLOW) || nd->trailing_slash)) {
			path_replace(&nd->path, &next);
			return 0;
		}
		err = follow_last(nd, next.dentry);
		path_put(&next);
		if (err)
			return err;
	}
}

int path_lookup(struct nameidata *nd, const char *name)
{
	int err = path_parent(nd, name);

	if (!err)
		err = lookup_last(nd);
	if (err)
		return err;
	if ((nd->flags & LOOKUP_DIRECTORY || nd->trailing_slash) &&
	    !S_ISDIR(d_inode(nd->path.dentry)->mode))
		return -ENOTDIR;
	return 0;
}

int resolve(const struct vfs_ctx *ctx, const char *name, unsigned int flags, struct path *out)
{
	struct nameidata *nd;
	int err = nd_alloc(&nd);

	if (err)
		return err;
	err = nd_init(nd, ctx, name, flags);
	if (!err)
		err = path_lookup(nd, name);
	if (!err) {
		*out = nd->path;
		nd->path.mnt = NULL;
	}
	nd_free(nd);
	return err;
}

int vfs_resolve(const struct vfs_ctx *ctx, const char *path, int flags, struct path *out)
{
	unsigned int lf = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	return resolve(ctx, path, lf, out);
}
