// SPDX-License-Identifier: MPL-2.0
// What the VFS files share among themselves: the dentry cache, the mount tree, the path walk
// and the permission helpers. Not for file systems or callers.
#ifndef SERVICES_VFS_INTERNAL_H
#define SERVICES_VFS_INTERNAL_H

#include <services/vfs.h>

/* dcache.c: every dentry field marked "dcache lock" in vfs.h. */
extern spinlock_t dcache_lock;

struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
/* d_lookup - the hashed child @name of @parent with a new reference, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name);
/* d_alloc - an unhashed negative child of @parent named @name; NULL without memory. */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
/* d_add - make @d positive with @inode (its reference moves in) and hash it. */
void d_add(struct dentry *d, struct inode *inode);
/*
 * d_add_unique - d_add() unless a hashed twin appeared meanwhile: then @d and @inode are
 * dropped and the twin returned with a reference. Returns the dentry to use.
 */
struct dentry *d_add_unique(struct dentry *d, struct inode *inode);
/* d_drop - unhash @d: later lookups go to the file system. */
void d_drop(struct dentry *d);
/* d_move - rename @d to @name under @newparent (hashed there). */
int d_move(struct dentry *d, struct dentry *newparent, const struct qstr *name);
/* d_exchange - swap the names and parents of @a and @b. */
void d_exchange(struct dentry *a, struct dentry *b);
/* d_is_ancestor - whether @anc is @d or one of its ancestors (same file system). */
bool d_is_ancestor(struct dentry *anc, struct dentry *d);
/* d_shrink_sb - free every unused dentry of @sb below its root. */
void d_shrink_sb(struct super_block *sb);
/* d_prune - free up to @n unused dentries, oldest first; returns how many. */
unsigned int d_prune(unsigned int n);
unsigned int d_cached_count(void);
u32 qstr_hash(const char *name, u32 len);

static inline struct inode *d_inode(const struct dentry *d)
{
	return d->inode;
}

/* mount.c */
extern spinlock_t mount_lock;
struct mount *mnt_get(struct mount *m);
void mnt_put(struct mount *m);
/* lookup_mnt - the mount on (@parent, @d) with a reference, or NULL. */
struct mount *lookup_mnt(struct mount *parent, struct dentry *d);
bool d_mountpoint(struct dentry *d);
/* root_mount - the namespace root, referenced, or NULL before vfs_init(). */
struct mount *root_mount(void);
bool mnt_readonly(const struct mount *m);
struct fs_type *fs_type_find(const char *name);

/* perm.c */
bool inode_owner_or_capable(const struct cred *cred, struct inode *inode);
/* may_delete - may @cred remove @victim from @dir (write+exec on dir, sticky rules)? */
int may_delete(const struct cred *cred, struct inode *dir, struct inode *victim, bool isdir);
/* may_create - may @cred create in @dir (on mount @mnt)? */
int may_create(const struct cred *cred, struct mount *mnt, struct inode *dir);

/* namei.c */
enum last_type { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

#define LOOKUP_FOLLOW	 0x1 /* follow a final symlink */
#define LOOKUP_DIRECTORY 0x2 /* the result must be a directory */
#define LOOKUP_EMPTY	 0x4 /* "" means the starting directory */

/*
 * The state of one walk. @path is the current location (referenced). After path_parent()
 * it is the directory holding @last, the final component.
 */
struct nameidata {
	const struct cred *cred;
	struct path path;
	struct path root;
	unsigned int flags;
	int total_links;
	struct qstr last;
	enum last_type last_type;
	bool trailing_slash; /* the final component was followed by '/' */
	char *last_body;     /* the symlink body @last points into, or NULL */
	char *stack_body[MAXSYMLINKS + 1];
	const char *stack_rest[MAXSYMLINKS + 1];
	int depth;
};

/* nd_init - start a walk of @name for @ctx; nd_exit - drop what it holds. */
int nd_init(struct nameidata *nd, const struct vfs_ctx *ctx, const char *name, unsigned int flags);
void nd_exit(struct nameidata *nd);
/* path_parent - walk @name up to its final component (left in nd->last). */
int path_parent(struct nameidata *nd, const char *name);
/*
 * path_lookup - walk @name completely into nd->path (following the final symlink when
 * LOOKUP_FOLLOW), requiring a directory if LOOKUP_DIRECTORY or a trailing slash.
 */
int path_lookup(struct nameidata *nd, const char *name);
/*
 * lookup_last_child - the dentry for nd->last in nd->path (possibly negative), referenced,
 * with the directory's rwsem held as the caller took it. ERR_PTR on failure.
 */
struct dentry *lookup_child_locked(struct dentry *dir, const struct qstr *name);
/* follow_last - if nd->last names a symlink, walk its body (nd->last changes); 1 if followed. */
int follow_last(struct nameidata *nd, struct dentry *d);
/* check_name - reject over-long or empty names: 0 or -ENAMETOOLONG. */
int nd_alloc(struct nameidata **out);
void nd_free(struct nameidata *nd);
/* resolve - vfs_resolve with LOOKUP_* flags. */
int resolve(const struct vfs_ctx *ctx, const char *name, unsigned int flags, struct path *out);

/* inode.c */
int notify_change(struct inode *inode, struct iattr *attr);

/* open.c */
struct file *file_open(const struct cred *cred, const struct path *path, int flags, bool created);

/* dir.c: the parent locked for a create/remove of its final component. */
struct create_ctx {
	struct nameidata *nd;
	struct dentry *dentry; /* negative for a create, positive for a remove */
	struct inode *dir;     /* locked for writing */
};

#endif /* SERVICES_VFS_INTERNAL_H */
