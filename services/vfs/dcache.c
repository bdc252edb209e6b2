// SPDX-License-Identifier: MPL-2.0
// The dentry cache: names hashed by (parent, name), reference counted, with unused positive
// dentries kept on an LRU until pruned. One global spinlock guards it all (see vfs.h).
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/lib/hash.h>
#include <hal/lib/string.h>
#include "internal.h"

#define DHASH_BITS	  10
#define DCACHE_MAX_UNUSED 8192

DEFINE_SPINLOCK(dcache_lock);
static struct list_head dhash[1u << DHASH_BITS]; /* dcache_lock */
static bool dhash_ready;			 /* set once under dcache_lock */
static LIST_HEAD(dlru);				 /* dcache_lock: oldest first */
static unsigned int nr_unused;			 /* dcache_lock */
static unsigned int nr_cached;			 /* dcache_lock */

u32 qstr_hash(const char *name, u32 len)
{
	u64 h = hash_mem(name, len, FNV64_OFFSET);

	return (u32)(h ^ (h >> 32));
}

static struct list_head *bucket(const struct dentry *parent, u32 hash)
{
	if (!dhash_ready) {
		for (size_t i = 0; i < ARRAY_SIZE(dhash); i++)
			INIT_LIST_HEAD(&dhash[i]);
		dhash_ready = true;
	}
	return &dhash[hash_32(hash ^ hash_ptr(parent, 32), DHASH_BITS)];
}

struct dentry *dget(struct dentry *d)
{
	spin_lock(&dcache_lock);
	d->count++;
	spin_unlock(&dcache_lock);
	return d;
}

static bool name_eq(const struct dentry *d, const struct qstr *name)
{
	return d->name.hash == name->hash && d->name.len == name->len &&
	       !memcmp(d->name.name, name->name, name->len);
}

static struct dentry *lookup_locked(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d;

	list_for_each_entry(d, bucket(parent, name->hash), hash_link) {
		if (d->parent != parent || !name_eq(d, name))
			continue;
		if (d->count++ == 0) {
			list_del(&d->lru);
			nr_unused--;
		}
		return d;
	}
	return NULL;
}

struct dentry *d_lookup(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d;

	spin_lock(&dcache_lock);
	d = lookup_locked(parent, name);
	spin_unlock(&dcache_lock);
	return d;
}

/* A buffer for @len name bytes when the inline one is too small (NULL: use iname). */
static char *name_buf(u32 len, bool *err)
{
	char *p = NULL;

	*err = false;
	if (len >= sizeof(((struct dentry *)0)->iname)) {
		p = kmalloc(len + 1);
		*err = !p;
	}
	return p;
}

static void set_name(struct dentry *d, char *buf, const struct qstr *name)
{
	char *dst = buf ? buf : d->iname;

	memcpy(dst, name->name, name->len);
	dst[name->len] = '\0';
	d->name.name = dst;
	d->name.len = name->len;
	d->name.hash = name->hash;
}

/* The name buffer @d owns, to free once it is replaced or @d dies (NULL if inline). */
static const char *owned_name(const struct dentry *d)
{
	return d->name.name == d->iname ? NULL : d->name.name;
}

static struct dentry *d_new(struct super_block *sb, const struct qstr *name)
{
	struct dentry *d = kzalloc(sizeof(*d));
	bool err;
	char *buf = name_buf(name->len, &err);

	if (!d || err) {
		kfree(d);
		kfree(buf);
		return NULL;
	}
	d->count = 1;
	d->sb = sb;
	set_name(d, buf, name);
	INIT_LIST_HEAD(&d->hash_link);
	INIT_LIST_HEAD(&d->child);
	INIT_LIST_HEAD(&d->children);
	INIT_LIST_HEAD(&d->lru);
	return d;
}

struct dentry *d_alloc(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d = d_new(parent->sb, name);

	if (!d)
		return NULL;
	spin_lock(&dcache_lock);
	parent->count++;
	d->parent = parent;
	list_add(&d->child, &parent->children);
	nr_cached++;
	spin_unlock(&dcache_lock);
	return d;
}

struct dentry *d_make_root(struct inode *inode)
{
	static const struct qstr slash = { "/", 1, 0 };
	struct dentry *d = d_new(inode->sb, &slash);

	if (!d)
		return NULL;
	d->parent = d;
	d->inode = inode;
	spin_lock(&dcache_lock);
	nr_cached++;
	spin_unlock(&dcache_lock);
	return d;
}

static void hash_locked(struct dentry *d)
{
	list_add(&d->hash_link, bucket(d->parent, d->name.hash));
	d->flags |= DENTRY_HASHED;
}

static void unhash_locked(struct dentry *d)
{
	if (!(d->flags & DENTRY_HASHED))
		return;
	list_del(&d->hash_link);
	d->flags &= ~DENTRY_HASHED;
}

void d_add(struct dentry *d, struct inode *inode)
{
	spin_lock(&dcache_lock);
	d->inode = inode;
	hash_locked(d);
	spin_unlock(&dcache_lock);
}

struct dentry *d_add_unique(struct dentry *d, struct inode *inode)
{
	struct dentry *twin;

	spin_lock(&dcache_lock);
	twin = lookup_locked(d->parent, &d->name);
	if (!twin) {
		d->inode = inode;
		hash_locked(d);
	}
	spin_unlock(&dcache_lock);
	if (!twin)
		return d;
	iput(inode);
	dput(d);
	return twin;
}

void d_drop(struct dentry *d)
{
	spin_lock(&dcache_lock);
	unhash_locked(d);
	spin_unlock(&dcache_lock);
}

/*
 * Take a dead dentry (count 0, not on the LRU) out of the tree; returns its parent when
 * that loses its last reference and must be dealt with too, else NULL.
 */
static struct dentry *kill_locked(struct dentry *d, struct list_head *dead)
{
	struct dentry *parent = d->parent;

	unhash_locked(d);
	list_del(&d->child);
	list_add(&d->lru, dead);
	nr_cached--;
	if (parent == d || --parent->count > 0)
		return NULL;
	if ((parent->flags & DENTRY_HASHED) && parent->inode) {
		list_add_tail(&parent->lru, &dlru);
		nr_unused++;
		return NULL;
	}
	return parent;
}

static void free_dead(struct list_head *dead)
{
	struct dentry *d, *n;

	list_for_each_entry_safe(d, n, dead, lru) {
		iput(d->inode);
		kfree(owned_name(d));
		kfree(d);
	}
}

static unsigned int prune_locked(unsigned int n, struct super_block *sb, struct list_head *dead)
{
	struct dentry *d, *next;
	unsigned int done = 0;

	/* A parent freed up by its last child joins the tail and is visited in this pass. */
	list_for_each_entry_safe(d, next, &dlru, lru) {
		if (done >= n)
			break;
		if (sb && d->sb != sb)
			continue;
		list_del(&d->lru);
		nr_unused--;
		for (struct dentry *p = d; p;)
			p = kill_locked(p, dead);
		done++;
	}
	return done;
}

void dput(struct dentry *d)
{
	LIST_HEAD(dead);

	if (!d)
		return;
	spin_lock(&dcache_lock);
	if (--d->count > 0) {
		spin_unlock(&dcache_lock);
		return;
	}
	if ((d->flags & DENTRY_HASHED) && d->inode) {
		list_add_tail(&d->lru, &dlru);
		if (++nr_unused > DCACHE_MAX_UNUSED)
			prune_locked(nr_unused - DCACHE_MAX_UNUSED, NULL, &dead);
	} else {
		for (struct dentry *p = d; p;)
			p = kill_locked(p, &dead);
	}
	spin_unlock(&dcache_lock);
	free_dead(&dead);
}

unsigned int d_prune(unsigned int n)
{
	LIST_HEAD(dead);
	unsigned int done;

	spin_lock(&dcache_lock);
	done = prune_locked(n, NULL, &dead);
	spin_unlock(&dcache_lock);
	free_dead(&dead);
	return done;
}

void d_shrink_sb(struct super_block *sb)
{
	LIST_HEAD(dead);

	spin_lock(&dcache_lock);
	while (prune_locked(~0u, sb, &dead))
		;
	spin_unlock(&dcache_lock);
	free_dead(&dead);
}

unsigned int d_cached_count(void)
{
	return READ_ONCE(nr_cached);
}

static void reparent_locked(struct dentry *d, struct dentry *newparent)
{
	list_del(&d->child);
	list_add(&d->child, &newparent->children);
	d->parent = newparent;
}

int d_move(struct dentry *d, struct dentry *newparent, const struct qstr *name)
{
	bool err;
	char *buf = name_buf(name->len, &err);
	const char *old_buf;
	struct dentry *oldparent;

	if (err)
		return -ENOMEM;
	spin_lock(&dcache_lock);
	unhash_locked(d);
	old_buf = owned_name(d);
	set_name(d, buf, name);
	oldparent = d->parent;
	newparent->count++;
	reparent_locked(d, newparent);
	hash_locked(d);
	spin_unlock(&dcache_lock);
	kfree(old_buf);
	dput(oldparent);
	return 0;
}

void d_exchange(struct dentry *a, struct dentry *b)
{
	struct dentry *pa, *pb;
	struct qstr na, nb;
	char ia[sizeof(a->iname)], ib[sizeof(b->iname)];

	spin_lock(&dcache_lock);
	unhash_locked(a);
	unhash_locked(b);
	na = a->name;
	nb = b->name;
	memcpy(ia, a->iname, sizeof(ia));
	memcpy(ib, b->iname, sizeof(ib));
	a->name = nb;
	b->name = na;
	memcpy(a->iname, ib, sizeof(ib));
	memcpy(b->iname, ia, sizeof(ia));
	if (nb.name == b->iname)
		a->name.name = a->iname;
	if (na.name == a->iname)
		b->name.name = b->iname;
	pa = a->parent;
	pb = b->parent;
	reparent_locked(a, pb);
	reparent_locked(b, pa);
	hash_locked(a);
	hash_locked(b);
	spin_unlock(&dcache_lock);
}

bool d_is_ancestor(struct dentry *anc, struct dentry *d)
{
	bool found = false;

	spin_lock(&dcache_lock);
	for (;;) {
		if (d == anc) {
			found = true;
			break;
		}
		if (d->parent == d)
			break;
		d = d->parent;
	}
	spin_unlock(&dcache_lock);
	return found;
}
