// SPDX-License-Identifier: MPL-2.0
// A path's name as getcwd(2) and /proc show it, built from the dentry and mount trees.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include "internal.h"

/* Prepend @len bytes of @s before *@pos in @buf; false when it does not fit. */
static bool prepend(char *buf, size_t *pos, const char *s, size_t len)
{
	if (len > *pos)
		return false;
	*pos -= len;
	memcpy(buf + *pos, s, len);
	return true;
}

/* Build the name right-aligned in @buf; returns its start, or -ENAMETOOLONG. */
static long build_path(const struct path *root, const struct path *p, char *buf, size_t size,
		       bool *unreachable)
{
	struct dentry *d = p->dentry;
	struct mount *m = p->mnt;
	size_t pos = size;
	bool ok = true;

	*unreachable = false;
	spin_lock(&mount_lock);
	spin_lock(&dcache_lock);
	while (ok && !(d == root->dentry && m == root->mnt)) {
		if (d == m->root) {
			if (!m->parent) {
				*unreachable = true;
				break;
			}
			d = m->mountpoint;
			m = m->parent;
			continue;
		}
		ok = prepend(buf, &pos, d->name.name, d->name.len) && prepend(buf, &pos, "/", 1);
		d = d->parent;
	}
	spin_unlock(&dcache_lock);
	spin_unlock(&mount_lock);
	if (!ok)
		return -ENAMETOOLONG;
	if (pos == size && !prepend(buf, &pos, "/", 1))
		return -ENAMETOOLONG;
	return (long)pos;
}

int vfs_d_path(const struct path *root, const struct path *p, char *buf, size_t size)
{
	static const char unreach[] = "(unreachable)", deleted[] = " (deleted)";
	struct path ns_root;
	bool unreachable, dead;
	long start;
	size_t len, extra;

	vfs_root_path(&ns_root);
	if (!ns_root.mnt)
		return -ENOENT;
	start = build_path(root ? root : &ns_root, p, buf, size, &unreachable);
	path_put(&ns_root);
	if (start < 0)
		return (int)start;
	len = size - (size_t)start;
	dead = p->dentry != p->mnt->root && !(READ_ONCE(p->dentry->flags) & DENTRY_HASHED);
	extra = (unreachable ? sizeof(unreach) - 1 : 0) + (dead ? sizeof(deleted) - 1 : 0);
	if (len + extra + 1 > size)
		return -ENAMETOOLONG;
	memmove(buf + (unreachable ? sizeof(unreach) - 1 : 0), buf + start, len);
	if (unreachable)
		memcpy(buf, unreach, sizeof(unreach) - 1);
	len += unreachable ? sizeof(unreach) - 1 : 0;
	if (dead)
		memcpy(buf + len, deleted, sizeof(deleted) - 1);
	len += dead ? sizeof(deleted) - 1 : 0;
	buf[len] = '\0';
	return (int)len;
}
