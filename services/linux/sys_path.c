// SPDX-License-Identifier: MPL-2.0
// Path system calls over the VFS: mkdir, rmdir, unlink, rename, symlink, access, chdir,
// getcwd, getdents64, truncate, umask, the dup family, mknod, mount and umount2.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <services/procfs.h>
#include "syscall.h"

enum path_op {
	OP_MKDIR,
	OP_UNLINK,
	OP_ACCESS,
	OP_TRUNCATE,
	OP_SYMLINK,
	OP_CHMOD,
	OP_CHOWN,
	OP_MKNOD,
};

/* One path (and one argument) relative to @dirfd: the common shape of these calls. */
static long path_call(struct thread *t, enum path_op op, long dirfd, vaddr_t upath,
		      unsigned long arg, int flags, const char *target)
{
	char *path = user_path(upath);
	struct fd_entry hold;
	struct vfs_ctx ctx;
	long ret;

	if (IS_ERR(path))
		return PTR_ERR(path);
	ret = at_ctx(t, dirfd, path, &ctx, &hold);
	if (!ret) {
		switch (op) {
		case OP_MKDIR:
			ret = vfs_mkdirat(&ctx, path, (u32)arg & ~t->proc->umask & 07777);
			break;
		case OP_UNLINK:
			ret = vfs_unlinkat(&ctx, path, flags);
			break;
		case OP_ACCESS:
			ret = vfs_accessat(&ctx, path, (int)arg, flags);
			break;
		case OP_TRUNCATE:
			ret = vfs_truncate(&ctx, path, (s64)arg);
			break;
		case OP_SYMLINK:
			ret = vfs_symlinkat(&ctx, target, path);
			break;
		case OP_CHMOD:
			ret = vfs_fchmodat(&ctx, path, (u32)arg & S_IALLUGO, flags);
			break;
		case OP_CHOWN: /* @arg: uid in the high half, gid in the low one */
			ret = vfs_fchownat(&ctx, path, (u32)(arg >> 32), (u32)arg, flags);
			break;
		case OP_MKNOD: /* @arg: the mode, @flags: the kernel device number */
			ret = vfs_mknodat(&ctx, path,
					  ((u32)arg & S_IFMT) |
						  ((u32)arg & ~t->proc->umask & 07777),
					  (u32)flags);
			break;
		}
	}
	fd_release(&hold);
	kfree(path);
	return ret;
}

long sys_mkdir(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_MKDIR, AT_FDCWD, a[0], a[1], 0, NULL);
}

long sys_mkdirat(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_MKDIR, (long)a[0], a[1], a[2], 0, NULL);
}

long sys_rmdir(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_UNLINK, AT_FDCWD, a[0], 0, AT_REMOVEDIR, NULL);
}

long sys_unlink(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_UNLINK, AT_FDCWD, a[0], 0, 0, NULL);
}

long sys_unlinkat(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_UNLINK, (long)a[0], a[1], 0, (int)a[2], NULL);
}

long sys_access(struct thread *t, const unsigned long *a)
{
	if (a[1] & ~7UL)
		return -EINVAL;
	return path_call(t, OP_ACCESS, AT_FDCWD, a[0], a[1], 0, NULL);
}

long sys_faccessat(struct thread *t, const unsigned long *a)
{
	if (a[2] & ~7UL)
		return -EINVAL;
	return path_call(t, OP_ACCESS, (long)a[0], a[1], a[2], 0, NULL);
}

long sys_faccessat2(struct thread *t, const unsigned long *a)
{
	if ((a[2] & ~7UL) ||
	    (a[3] & ~(unsigned long)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
		return -EINVAL;
	return path_call(t, OP_ACCESS, (long)a[0], a[1], a[2], (int)a[3], NULL);
}

long sys_truncate(struct thread *t, const unsigned long *a)
{
	if ((long)a[1] < 0)
		return -EINVAL;
	return path_call(t, OP_TRUNCATE, AT_FDCWD, a[0], a[1], 0, NULL);
}

long sys_chmod(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_CHMOD, AT_FDCWD, a[0], a[1], 0, NULL);
}

long sys_fchmodat(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_CHMOD, (long)a[0], a[1], a[2], 0, NULL);
}

static unsigned long ids(unsigned long uid, unsigned long gid)
{
	return ((unsigned long)(u32)uid << 32) | (u32)gid;
}

long sys_chown(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_CHOWN, AT_FDCWD, a[0], ids(a[1], a[2]), 0, NULL);
}

long sys_lchown(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_CHOWN, AT_FDCWD, a[0], ids(a[1], a[2]), AT_SYMLINK_NOFOLLOW, NULL);
}

long sys_fchownat(struct thread *t, const unsigned long *a)
{
	if (a[4] & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return path_call(t, OP_CHOWN, (long)a[0], a[1], ids(a[2], a[3]), (int)a[4], NULL);
}

static long do_symlink(struct thread *t, vaddr_t utarget, long dirfd, vaddr_t upath)
{
	char *target = user_path(utarget);
	long ret;

	if (IS_ERR(target))
		return PTR_ERR(target);
	ret = path_call(t, OP_SYMLINK, dirfd, upath, 0, 0, target);
	kfree(target);
	return ret;
}

long sys_symlink(struct thread *t, const unsigned long *a)
{
	return do_symlink(t, a[0], AT_FDCWD, a[1]);
}

long sys_symlinkat(struct thread *t, const unsigned long *a)
{
	return do_symlink(t, a[0], (long)a[1], a[2]);
}

/* Two paths, each relative to its own dirfd: rename, or link when @link. */
static long do_rename(struct thread *t, long odfd, vaddr_t uold, long ndfd, vaddr_t unew, u32 flags,
		      bool link)
{
	char *oldp = user_path(uold), *newp = IS_ERR(oldp) ? NULL : user_path(unew);
	struct fd_entry oh = { .kind = FD_NONE }, nh = { .kind = FD_NONE };
	struct vfs_ctx octx, nctx;
	long ret = IS_ERR(oldp) ? PTR_ERR(oldp) : IS_ERR(newp) ? PTR_ERR(newp) : 0;

	if (!ret)
		ret = at_ctx(t, odfd, oldp, &octx, &oh);
	if (!ret)
		ret = at_ctx(t, ndfd, newp, &nctx, &nh);
	if (!ret)
		ret = link ? vfs_linkat(&octx, oldp, &nctx, newp, (int)flags) :
			     vfs_renameat2(&octx, oldp, &nctx, newp, flags);
	fd_release(&oh);
	fd_release(&nh);
	if (!IS_ERR_OR_NULL(newp))
		kfree(newp);
	if (!IS_ERR(oldp))
		kfree(oldp);
	return ret;
}

long sys_rename(struct thread *t, const unsigned long *a)
{
	return do_rename(t, AT_FDCWD, a[0], AT_FDCWD, a[1], 0, false);
}

long sys_renameat(struct thread *t, const unsigned long *a)
{
	return do_rename(t, (long)a[0], a[1], (long)a[2], a[3], 0, false);
}

long sys_renameat2(struct thread *t, const unsigned long *a)
{
	return do_rename(t, (long)a[0], a[1], (long)a[2], a[3], (u32)a[4], false);
}

long sys_link(struct thread *t, const unsigned long *a)
{
	return do_rename(t, AT_FDCWD, a[0], AT_FDCWD, a[1], 0, true);
}

long sys_linkat(struct thread *t, const unsigned long *a)
{
	if (a[4] & ~(unsigned long)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return do_rename(t, (long)a[0], a[1], (long)a[2], a[3], (u32)a[4], true);
}

/* Make @newcwd (a referenced path) the cwd if it is a searchable directory. */
static long set_cwd(struct thread *t, struct path *newcwd)
{
	struct process *p = t->proc;
	struct path old;
	long ret = 0;

	if (!S_ISDIR(newcwd->dentry->inode->mode))
		ret = -ENOTDIR;
	else
		ret = vfs_permission(p->cred, newcwd->dentry->inode, MAY_EXEC);
	if (ret) {
		path_put(newcwd);
		return ret;
	}
	old = p->cwd;
	p->cwd = *newcwd;
	path_put(&old);
	return 0;
}

long sys_chdir(struct thread *t, const unsigned long *a)
{
	char *path = user_path(a[0]);
	struct vfs_ctx ctx;
	struct path p;
	long ret;

	if (IS_ERR(path))
		return PTR_ERR(path);
	process_vfs_ctx(t->proc, &ctx);
	ret = vfs_resolve(&ctx, path, 0, &p);
	kfree(path);
	return ret ? ret : set_cwd(t, &p);
}

long sys_fchdir(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	struct path p;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	if (e.kind != FD_FILE) {
		fd_release(&e);
		return -ENOTDIR;
	}
	p = e.file->path;
	path_get(&p);
	fd_release(&e);
	return set_cwd(t, &p);
}

long sys_getcwd(struct thread *t, const unsigned long *a)
{
	char *buf = kmalloc(PATH_MAX);
	long ret;

	if (!buf)
		return -ENOMEM;
	ret = vfs_d_path(&t->proc->root, &t->proc->cwd, buf, PATH_MAX);
	if (ret >= 0 && (unsigned long)ret + 1 > a[1])
		ret = -ERANGE;
	if (ret >= 0)
		ret = copy_to_user(t->proc->mm, a[0], buf, (size_t)ret + 1) ?: ret + 1;
	kfree(buf);
	return ret;
}

long sys_getdents64(struct thread *t, const unsigned long *a)
{
	size_t len = MIN(a[2], (unsigned long)65536);
	struct fd_entry e;
	void *buf;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	buf = e.kind == FD_FILE ? kmalloc(len ? len : 1) : NULL;
	if (e.kind != FD_FILE)
		ret = -ENOTDIR;
	else
		ret = buf ? vfs_getdents64(e.file, buf, len) : -ENOMEM;
	if (ret > 0 && copy_to_user(t->proc->mm, a[1], buf, (size_t)ret))
		ret = -EFAULT;
	kfree(buf);
	fd_release(&e);
	return ret;
}

long sys_umask(struct thread *t, const unsigned long *a)
{
	u32 old = t->proc->umask;

	t->proc->umask = (u32)a[0] & 0777;
	return old;
}

long sys_dup(struct thread *t, const unsigned long *a)
{
	return fd_dup(t, a[0], 0, false, false);
}

long sys_dup2(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret;

	if (a[0] == a[1]) { /* Linux: just check that the descriptor is open */
		ret = fd_lookup(t, a[0], &e);
		if (!ret)
			fd_release(&e);
		return ret ? ret : (long)a[1];
	}
	return (long)a[1] < 0 ? -EBADF : fd_dup(t, a[0], a[1], true, false);
}

long sys_dup3(struct thread *t, const unsigned long *a)
{
	if (a[0] == a[1] || (a[2] & ~(unsigned long)O_CLOEXEC))
		return -EINVAL;
	return (long)a[1] < 0 ? -EBADF : fd_dup(t, a[0], a[1], true, a[2] & O_CLOEXEC);
}

/* A user dev_t as the kernel's (Linux's new_decode_dev). */
static u32 decode_dev(unsigned long dev)
{
	return MKDEV((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00));
}

long sys_mknod(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_MKNOD, AT_FDCWD, a[0], (u32)a[1], (int)decode_dev(a[2]), NULL);
}

long sys_mknodat(struct thread *t, const unsigned long *a)
{
	return path_call(t, OP_MKNOD, (long)a[0], a[1], (u32)a[2], (int)decode_dev(a[3]), NULL);
}

#define MS_MGC_MSK     0xffff0000ul
#define MS_MGC_VAL     0xc0ed0000ul
#define MS_SUPPORTED   (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
#define MS_SILENT      32768ul
#define MOUNT_DATA_MAX 4096

/* A user string of at most @max bytes (NULL stays NULL); ERR_PTR on a fault or overflow. */
static char *user_string(vaddr_t u, size_t max)
{
	char *s;
	long n;

	if (!u)
		return NULL;
	s = kmalloc(max);
	if (!s)
		return ERR_PTR(-ENOMEM);
	n = vm_strncpy_from(s, u, max);
	if (n < 0) {
		kfree(s);
		return ERR_PTR(n);
	}
	return s;
}

struct mount_args {
	char *src, *dir, *type, *data;
};

static void mount_args_free(struct mount_args *m)
{
	char **all[] = { &m->src, &m->dir, &m->type, &m->data };

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (!IS_ERR_OR_NULL(*all[i]))
			kfree(*all[i]);
}

/* Copy the four user strings of mount(2); the first error, or 0. */
static long mount_args_get(struct mount_args *m, const unsigned long *a)
{
	m->src = user_string(a[0], PATH_MAX);
	m->dir = user_path(a[1]);
	m->type = user_string(a[2], 256);
	m->data = user_string(a[4], MOUNT_DATA_MAX);
	if (IS_ERR(m->src))
		return PTR_ERR(m->src);
	if (IS_ERR(m->dir))
		return PTR_ERR(m->dir);
	if (IS_ERR(m->type))
		return PTR_ERR(m->type);
	return IS_ERR(m->data) ? PTR_ERR(m->data) : 0;
}

/*
 * mount(2) of a new file system instance. Remount, bind, move and propagation changes are
 * not there yet: -EINVAL.
 */
long sys_mount(struct thread *t, const unsigned long *a)
{
	unsigned long flags = a[3];
	struct mount_args m = { 0 };
	struct vfs_ctx ctx;
	long ret;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	flags &= ~MS_SILENT;
	if (!a[2] || (flags & ~MS_SUPPORTED))
		return -EINVAL; /* remount, bind, move...: not yet */
	ret = mount_args_get(&m, a);
	if (!ret) /* proc and sysfs register on first use: nothing needs them earlier */
		ret = procfs_init() ?: sysfs_init();
	if (!ret) {
		process_vfs_ctx(t->proc, &ctx);
		ret = vfs_mount(&ctx, m.src ? m.src : "none", m.dir, m.type, (u32)flags, m.data);
	}
	mount_args_free(&m);
	return ret;
}

long sys_umount2(struct thread *t, const unsigned long *a)
{
	char *path;
	struct vfs_ctx ctx;
	long ret;

	if (a[1] & ~(unsigned long)(MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW))
		return -EINVAL;
	path = user_path(a[0]);
	if (IS_ERR(path))
		return PTR_ERR(path);
	process_vfs_ctx(t->proc, &ctx);
	ret = vfs_umount(&ctx, path, (int)a[1]);
	kfree(path);
	return ret;
}
