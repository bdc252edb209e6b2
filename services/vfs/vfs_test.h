// SPDX-License-Identifier: MPL-2.0
// Helpers the VFS and tmpfs ktests share: contexts for root and ordinary users, and files
// written and read in one call.
#ifndef SERVICES_VFS_TEST_H
#define SERVICES_VFS_TEST_H

#include <hal/lib/string.h>
#include <services/vfs.h>

static inline struct vfs_ctx test_ctx(const struct cred *cred)
{
	struct vfs_ctx ctx = { .cred = cred };

	vfs_init();
	return ctx;
}

/* A user with @uid and @gid, no capabilities, in one supplementary group @extra (0: none). */
static inline struct cred *test_user(u32 uid, u32 gid, u32 extra)
{
	struct cred *c = cred_alloc(extra ? 1 : 0);

	if (!c)
		return NULL;
	c->uid = c->euid = c->suid = c->fsuid = uid;
	c->gid = c->egid = c->sgid = c->fsgid = gid;
	if (extra)
		c->groups[0] = extra;
	return c;
}

/* Create (or truncate) @path with @mode and write @data; 0 or -errno. */
static inline int test_write(const struct vfs_ctx *ctx, const char *path, const char *data,
			     u32 mode)
{
	struct file *f = vfs_openat(ctx, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = vfs_write(f, data, strlen(data));
	vfs_file_put(f);
	return n < 0 ? (int)n : 0;
}

/* Read up to @size - 1 bytes of @path into @buf, NUL-terminated; bytes read or -errno. */
static inline ssize_t test_read(const struct vfs_ctx *ctx, const char *path, char *buf, size_t size)
{
	struct file *f = vfs_openat(ctx, path, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = vfs_read(f, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	vfs_file_put(f);
	return n;
}

static inline u64 test_ino(const struct vfs_ctx *ctx, const char *path, int flags)
{
	struct kstat st;

	return vfs_statat(ctx, path, flags, &st) ? 0 : st.ino;
}

static inline int test_err(const void *p)
{
	return IS_ERR(p) ? (int)PTR_ERR(p) : 0;
}

#endif /* SERVICES_VFS_TEST_H */
