// SPDX-License-Identifier: MPL-2.0
// The virtual file system: inodes, dentries, mounts and open files with Linux's semantics,
// the interface file systems implement, and the vfs_* calls the syscall layer makes.
#ifndef SERVICES_VFS_H
#define SERVICES_VFS_H

#include <hal/err.h>
#include <hal/errno.h>
#include <hal/sync.h>
#include <hal/types.h>
#include <hal/lib/list.h>
#include <services/cred.h>

#define NAME_MAX    255	 /* bytes in one path component */
#define PATH_MAX    4096 /* bytes in a path, NUL included */
#define MAXSYMLINKS 40	 /* symlinks one walk may follow */

/* ---- Linux constants (values of the x86_64 / generic ABI) ------------------------------- */

#define S_IFMT	  0170000
#define S_IFSOCK  0140000
#define S_IFLNK	  0120000
#define S_IFREG	  0100000
#define S_IFBLK	  0060000
#define S_IFDIR	  0040000
#define S_IFCHR	  0020000
#define S_IFIFO	  0010000
#define S_ISUID	  04000
#define S_ISGID	  02000
#define S_ISVTX	  01000
#define S_IRWXU	  00700
#define S_IRWXG	  00070
#define S_IRWXO	  00007
#define S_IXGRP	  00010
#define S_IXUGO	  00111
#define S_IALLUGO 07777

#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

/*
 * open(2) flags. aarch64 numbers O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE
 * differently: its ABI layer translates to these values.
 */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR	    00000002
#define O_CREAT	    00000100
#define O_EXCL	    00000200
#define O_NOCTTY    00000400
#define O_TRUNC	    00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DSYNC	    00010000
#define O_ASYNC	    00020000
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_SYNC	    04010000
#define O_PATH	    010000000
#define O_TMPFILE   020200000

#define AT_FDCWD	    (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR	    0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT	    0x800
#define AT_EMPTY_PATH	    0x1000

#define RENAME_NOREPLACE (1u << 0)
#define RENAME_EXCHANGE	 (1u << 1)
#define RENAME_WHITEOUT	 (1u << 2)

#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#define SEEK_DATA 3
#define SEEK_HOLE 4

#define UTIME_NOW  ((1L << 30) - 1L)
#define UTIME_OMIT ((1L << 30) - 2L)

/* mount(2) flags the VFS honours, and umount2(2) flags. */
#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MNT_FORCE	1
#define MNT_DETACH	2
#define UMOUNT_NOFOLLOW 8

/* d_type of a struct linux_dirent64. */
#define DT_UNKNOWN 0
#define DT_FIFO	   1
#define DT_CHR	   2
#define DT_DIR	   4
#define DT_BLK	   6
#define DT_REG	   8
#define DT_LNK	   10
#define DT_SOCK	   12

/* access(2) modes and flags. */
#define F_OK	   0
#define X_OK	   1
#define W_OK	   2
#define R_OK	   4
#define AT_EACCESS 0x200

/* Permission masks for vfs_permission(). */
#define MAY_EXEC  0x1
#define MAY_WRITE 0x2
#define MAY_READ  0x4

#define MAX_LFS_FILESIZE ((s64)0x7fffffffffffffffLL)

/* Kernel dev_t: 12 bits of major, 20 of minor (the ABI layer encodes st_dev/st_rdev). */
#define MINORBITS     20
#define MKDEV(ma, mi) (((u32)(ma) << MINORBITS) | ((u32)(mi) & ((1u << MINORBITS) - 1)))
#define MAJOR(dev)    ((u32)(dev) >> MINORBITS)
#define MINOR(dev)    ((u32)(dev) & ((1u << MINORBITS) - 1))

struct vfs_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

/* A name inside a directory: not NUL-terminated, @len bytes. */
struct qstr {
	const char *name;
	u32 len;
	u32 hash;
};

struct inode;
struct dentry;
struct file;
struct super_block;
struct mount;
struct kstat;
struct kstatfs;
struct iattr;
struct dir_context;

/* ---- Inodes ------------------------------------------------------------------------------ */

/*
 * Directory operations run with the directory's rwsem held: for reading in lookup, for
 * writing in the rest. The VFS has checked permissions, name validity and existence (a
 * create never sees an existing name; unlink/rmdir/rename get existing victims). Created
 * inodes come back with one reference for the caller; the directory keeps its own.
 */
struct inode_operations {
	/* The inode @name names in @dir (a new reference), NULL if none, or ERR_PTR. */
	struct inode *(*lookup)(struct inode *dir, const struct qstr *name);
	/* A new non-directory, non-symlink inode (S_IFREG/FIFO/CHR/BLK/SOCK in @mode). */
	struct inode *(*create)(struct inode *dir, const struct qstr *name, u32 mode, u32 rdev,
				const struct cred *cred);
	struct inode *(*mkdir)(struct inode *dir, const struct qstr *name, u32 mode,
			       const struct cred *cred);
	struct inode *(*symlink)(struct inode *dir, const struct qstr *name, const char *target,
				 const struct cred *cred);
	/* Another name for @inode (not a directory) in @dir; -EMLINK at the link limit. */
	int (*link)(struct inode *inode, struct inode *dir, const struct qstr *name);
	int (*unlink)(struct inode *dir, const struct qstr *name, struct inode *victim);
	/* -ENOTEMPTY unless @victim holds nothing. */
	int (*rmdir)(struct inode *dir, const struct qstr *name, struct inode *victim);
	/*
	 * Move @oname of @odir to @nname of @ndir (both directories locked for writing,
	 * and the victim directory too if @nname names a directory). Without
	 * RENAME_EXCHANGE an existing @nname is replaced (the VFS checked the types match);
	 * with it the two are swapped. -ENOTEMPTY for a non-empty victim directory.
	 */
	int (*rename)(struct inode *odir, const struct qstr *oname, struct inode *ndir,
		      const struct qstr *nname, u32 flags);
	/* A symlink's target into @buf (not NUL-terminated); returns its length or -errno. */
	int (*readlink)(struct inode *inode, char *buf, size_t size);
	/* Apply @attr (checked by the VFS); called with the inode's rwsem held for writing. */
	int (*setattr)(struct inode *inode, const struct iattr *attr);
};

/*
 * struct inode - one file. Counted (iget/iput); the last iput hands it to the super block's
 * evict_inode. Locks: @lock (a spinlock) guards the attributes; @rwsem orders a directory's
 * entry changes and a file's data and size changes (writers hold both to change the size).
 */
struct inode {
	u64 ino;			     /* constant */
	struct super_block *sb;		     /* constant */
	const struct inode_operations *i_op; /* constant after creation */
	const struct file_operations *f_op;  /* constant after creation */
	u32 rdev;			     /* constant: a device node's number */
	refcount_t ref;
	spinlock_t lock;
	u32 mode;				 /* lock (type bits constant) */
	u32 nlink;				 /* lock */
	u32 uid, gid;				 /* lock */
	s64 size;				 /* lock + rwsem to write; either to read */
	u64 blocks;				 /* lock: 512-byte units in use */
	struct vfs_timespec atime, mtime, ctime; /* lock */
	struct rwsem rwsem;
	void *fs_private;	  /* the file system's (its own locking) */
	struct list_head sb_link; /* in sb->inodes (sb->lock) */
};

/* Which fields of a struct iattr to apply. */
#define ATTR_MODE      (1u << 0)
#define ATTR_UID       (1u << 1)
#define ATTR_GID       (1u << 2)
#define ATTR_SIZE      (1u << 3)
#define ATTR_ATIME     (1u << 4)
#define ATTR_MTIME     (1u << 5)
#define ATTR_CTIME     (1u << 6)
#define ATTR_KILL_SUID (1u << 7)
#define ATTR_KILL_SGID (1u << 8)

struct iattr {
	u32 valid; /* ATTR_* */
	u32 mode;
	u32 uid, gid;
	s64 size;
	struct vfs_timespec atime, mtime, ctime;
};

/* ---- Dentries and mounts ------------------------------------------------------------------ */

/*
 * struct dentry - a name in the dentry cache: (parent, name) -> inode. A positive dentry's
 * inode never changes; an unlinked or replaced name is unhashed instead, so open files keep
 * their dentry. Negative dentries (inode NULL) live only while referenced. Fields are
 * guarded by the global dcache lock unless marked otherwise.
 */
struct dentry {
	int count;		    /* references; 0: cached on the LRU */
	u32 flags;		    /* DENTRY_* */
	int mounted;		    /* mounts on this dentry (mount lock) */
	struct qstr name;	    /* points at @iname or a kmalloc'd copy */
	struct dentry *parent;	    /* itself for a root; holds a reference */
	struct inode *inode;	    /* NULL: negative; holds a reference; set once */
	struct super_block *sb;	    /* constant */
	struct list_head hash_link; /* in a hash bucket when DENTRY_HASHED */
	struct list_head child;	    /* in parent->children */
	struct list_head children;
	struct list_head lru; /* unused cached dentries */
	char iname[40];
};

#define DENTRY_HASHED 0x1

/* A mounted file system in the mount tree. Fields behind the mount lock. */
struct mount {
	struct mount *parent;	   /* NULL for the namespace root */
	struct dentry *mountpoint; /* in @parent's file system; referenced */
	struct dentry *root;	   /* constant; referenced */
	struct super_block *sb;	   /* constant */
	int count;		   /* references: the tree's own, paths, files */
	u32 flags;		   /* MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC */
	struct list_head children; /* mounts on dentries of this one */
	struct list_head child;	   /* in parent->children */
	struct list_head all;	   /* in the list of every mount, in mount order */
	char source[64];	   /* what was mounted, for /proc/mounts */
};

/* A location: a dentry seen through a mount. Holders own a reference on both. */
struct path {
	struct mount *mnt;
	struct dentry *dentry;
};

/* ---- Super blocks and file system types --------------------------------------------------- */

struct kstatfs {
	u64 type; /* f_type magic */
	u64 bsize;
	u64 blocks;
	u64 bfree;
	u64 bavail;
	u64 files;
	u64 ffree;
	u64 fsid;
	u64 namelen;
	u64 frsize;
	u64 flags; /* ST_RDONLY (1) ... */
};

struct super_operations {
	/* The last reference to @inode is gone: free the fs data (and the file if unlinked). */
	void (*evict_inode)(struct inode *inode);
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
};

/* struct super_block - one instance of a file system. */
struct super_block {
	const struct fs_type *type;	    /* constant */
	const struct super_operations *ops; /* constant */
	u32 dev;			    /* st_dev, constant */
	u64 magic;			    /* statfs f_type, constant */
	u32 blocksize;			    /* constant */
	u32 flags;			    /* MS_RDONLY (mount lock) */
	struct dentry *root;		    /* constant once the fs is mounted */
	void *fs_private;		    /* the file system's */
	spinlock_t lock;		    /* protects @inodes */
	struct list_head inodes;	    /* every live inode */
	struct mutex rename_mutex;	    /* serializes cross-directory renames */
};

/*
 * struct fs_type - a kind of file system (vfs_register_fs). mount() builds a super block
 * with its root dentry from @source and the option string @data (may be NULL); kill_sb()
 * frees it once its last mount is gone and no dentry of it is in use.
 */
struct fs_type {
	const char *name;
	u32 fs_flags; /* FS_REQUIRES_DEV */
	struct super_block *(*mount)(const struct fs_type *type, u32 flags, const char *source,
				     const char *data);
	void (*kill_sb)(struct super_block *sb);
	struct list_head link; /* in the registry (its lock) */
};

#define FS_REQUIRES_DEV 1

/* ---- Open files --------------------------------------------------------------------------- */

/* What a struct file may do: derived from the open flags and the file's type. */
#define FMODE_READ   0x1
#define FMODE_WRITE  0x2
#define FMODE_LSEEK  0x4
#define FMODE_PREAD  0x8
#define FMODE_PWRITE 0x10
#define FMODE_PATH   0x20 /* O_PATH: a location only */

/*
 * Getdents: iterate() calls emit() for each entry from ctx->pos on, passing the position
 * that follows the entry; emit() returns false when the caller's buffer is full (the entry
 * was not taken and ctx->pos must stay). Otherwise the file system sets ctx->pos to that
 * position. Positions are stable cookies, so a later call resumes where this one stopped.
 */
struct dir_context {
	bool (*emit)(struct dir_context *ctx, const char *name, u32 len, u64 ino, u32 dtype,
		     s64 next_pos);
	s64 pos;
};

/*
 * File operations work on kernel buffers; the syscall layer copies to and from user
 * memory. read/write move *@pos. A NULL operation is refused as Linux refuses it.
 */
struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	void (*release)(struct inode *inode, struct file *file);
	ssize_t (*read)(struct file *file, void *buf, size_t len, s64 *pos);
	ssize_t (*write)(struct file *file, const void *buf, size_t len, s64 *pos);
	/* SEEK_DATA / SEEK_HOLE for sparse files; NULL: the file is all data. */
	s64 (*seek_data)(struct file *file, s64 offset, int whence);
	int (*iterate)(struct file *file, struct dir_context *ctx);
	long (*ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	int (*fsync)(struct file *file, bool datasync);
	/* poll and mmap arrive with pipes, sockets and the VM. */
};

/*
 * struct file - an open file description. Counted (file_get/vfs_file_put): descriptors,
 * dup()s and fork()ed tables share it.
 */
struct file {
	refcount_t ref;
	struct path path;		    /* constant, referenced */
	struct inode *inode;		    /* constant: path.dentry->inode */
	const struct file_operations *f_op; /* constant after open */
	const struct cred *cred;	    /* the opener's, referenced */
	u32 mode;			    /* FMODE_*, constant */
	u32 flags;			    /* O_* (fcntl changes status flags with WRITE_ONCE) */
	struct mutex pos_lock;		    /* serializes @pos users */
	s64 pos;			    /* pos_lock */
	void *private;			    /* f_op's */
};

/* ---- Callers' view --------------------------------------------------------------------- */

/*
 * Where a walk starts and who walks: the caller's credentials, its root directory (chroot)
 * and the directory relative paths start from (the cwd, or a dirfd's). A NULL @root.mnt or
 * @cwd.mnt means the namespace root. The VFS borrows the paths: the caller keeps them alive.
 */
struct vfs_ctx {
	const struct cred *cred;
	struct path root;
	struct path cwd;
};

/* What stat() reports, before the ABI layer lays it out. */
struct kstat {
	u32 dev;
	u64 ino;
	u32 mode;
	u32 nlink;
	u32 uid, gid;
	u32 rdev;
	s64 size;
	u32 blksize;
	u64 blocks; /* 512-byte units */
	struct vfs_timespec atime, mtime, ctime;
};

/* struct linux_dirent64 as getdents64 returns it: records 8-byte aligned. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
} __attribute__((packed));

/*
 * Every call below may sleep. Paths are kernel strings; a result is 0 or a negative errno
 * exactly as Linux's system call returns it (ENOENT, ENOTDIR, EACCES, ELOOP, ENAMETOOLONG,
 * EEXIST, EISDIR, ENOTEMPTY, EXDEV, EBUSY, EPERM, EROFS...), unless documented otherwise.
 * @flags of the *at calls take AT_SYMLINK_NOFOLLOW / AT_SYMLINK_FOLLOW / AT_EMPTY_PATH as
 * the system call does (AT_EMPTY_PATH with "" acts on ctx->cwd itself).
 */

/* vfs_init - register the built-in file systems and mount the tmpfs root (idempotent). */
int vfs_init(void);

/* vfs_register_fs - add @type to the registry; -EEXIST if its name is taken. */
int vfs_register_fs(struct fs_type *type);

/*
 * vfs_openat - open(2): returns a file with one reference, or ERR_PTR. @mode (with umask
 * already applied by the caller) is used when O_CREAT creates the file.
 */
struct file *vfs_openat(const struct vfs_ctx *ctx, const char *path, int flags, u32 mode);
/* vfs_open_path - open an already-resolved @path (e.g. /proc/self/fd links); as above. */
struct file *vfs_open_path(const struct cred *cred, const struct path *path, int flags);
struct file *file_get(struct file *f);
/* vfs_file_put - drop a reference; the last one releases the file. */
void vfs_file_put(struct file *f);

ssize_t vfs_read(struct file *f, void *buf, size_t len);
ssize_t vfs_write(struct file *f, const void *buf, size_t len);
ssize_t vfs_pread(struct file *f, void *buf, size_t len, s64 pos);
ssize_t vfs_pwrite(struct file *f, const void *buf, size_t len, s64 pos);
/* vfs_lseek - the new position, or -EINVAL, -ENXIO (DATA/HOLE past the end), -ESPIPE. */
s64 vfs_lseek(struct file *f, s64 offset, int whence);
/* vfs_getdents64 - fill @buf with linux_dirent64 records: bytes used, 0 at the end. */
ssize_t vfs_getdents64(struct file *f, void *buf, size_t len);
int vfs_fsync(struct file *f, bool datasync);
long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg);

int vfs_statat(const struct vfs_ctx *ctx, const char *path, int flags, struct kstat *st);
void vfs_getattr(struct inode *inode, struct kstat *st);
int vfs_fstat(struct file *f, struct kstat *st);
int vfs_statfs(const struct vfs_ctx *ctx, const char *path, struct kstatfs *st);
int vfs_fstatfs(struct file *f, struct kstatfs *st);
/*
 * vfs_accessat - faccessat2(): @mode F_OK or R_OK|W_OK|X_OK checked against ctx->cred (the
 * syscall layer passes one with fs ids set to the real ids unless AT_EACCESS).
 */
int vfs_accessat(const struct vfs_ctx *ctx, const char *path, int mode, int flags);

int vfs_mkdirat(const struct vfs_ctx *ctx, const char *path, u32 mode);
int vfs_mknodat(const struct vfs_ctx *ctx, const char *path, u32 mode, u32 rdev);
int vfs_rmdirat(const struct vfs_ctx *ctx, const char *path);
int vfs_unlinkat(const struct vfs_ctx *ctx, const char *path, int flags);
int vfs_symlinkat(const struct vfs_ctx *ctx, const char *target, const char *path);
int vfs_linkat(const struct vfs_ctx *octx, const char *oldpath, const struct vfs_ctx *nctx,
	       const char *newpath, int flags);
/* vfs_readlinkat - the target into @buf (not terminated): its length, or -EINVAL if no link. */
ssize_t vfs_readlinkat(const struct vfs_ctx *ctx, const char *path, char *buf, size_t size);
int vfs_renameat2(const struct vfs_ctx *octx, const char *oldpath, const struct vfs_ctx *nctx,
		  const char *newpath, u32 flags);

int vfs_fchmodat(const struct vfs_ctx *ctx, const char *path, u32 mode, int flags);
int vfs_fchmod(struct file *f, u32 mode);
/* vfs_fchownat - (u32)-1 leaves an id unchanged. */
int vfs_fchownat(const struct vfs_ctx *ctx, const char *path, u32 uid, u32 gid, int flags);
int vfs_fchown(struct file *f, u32 uid, u32 gid);
/* vfs_utimensat - @times NULL: both now; else [atime, mtime] with UTIME_NOW / UTIME_OMIT. */
int vfs_utimensat(const struct vfs_ctx *ctx, const char *path, const struct vfs_timespec times[2],
		  int flags);
int vfs_futimens(struct file *f, const struct vfs_timespec times[2]);
int vfs_truncate(const struct vfs_ctx *ctx, const char *path, s64 length);
int vfs_ftruncate(struct file *f, s64 length);

/* vfs_mount - mount a new @fstype instance on the directory @target. */
int vfs_mount(const struct vfs_ctx *ctx, const char *source, const char *target, const char *fstype,
	      u32 flags, const char *data);
/* vfs_umount - unmount what is mounted at @target (-EINVAL if nothing, -EBUSY in use). */
int vfs_umount(const struct vfs_ctx *ctx, const char *target, int flags);

/*
 * vfs_show_mounts - the mount table as /proc/mounts prints it (paths seen from @root, NULL:
 * the namespace root) into @buf: bytes written (truncated at @size). May sleep.
 */
int vfs_show_mounts(const struct path *root, char *buf, size_t size);

/*
 * vfs_resolve - walk @path (following a final symlink unless AT_SYMLINK_NOFOLLOW) into
 * *@out with references held (path_put). For chdir, chroot and exec.
 */
int vfs_resolve(const struct vfs_ctx *ctx, const char *path, int flags, struct path *out);
void path_get(const struct path *p);
void path_put(const struct path *p);
/* vfs_root_path - a referenced path to the namespace root. */
void vfs_root_path(struct path *out);
/*
 * vfs_d_path - write @p as seen from @root (NULL: namespace root) into @buf, NUL-terminated,
 * as getcwd does ("(unreachable)" prefixes a path outside @root, " (deleted)" follows an
 * unlinked one). Returns the length without the NUL, or -ENAMETOOLONG.
 */
int vfs_d_path(const struct path *root, const struct path *p, char *buf, size_t size);
/* vfs_permission - may @cred access @inode for @mask (MAY_*)? 0, -EACCES or -EROFS. */
int vfs_permission(const struct cred *cred, struct inode *inode, int mask);

/*
 * vfs_populate_from_initramfs - unpack the initramfs image @blob (cpio newc, plain or gzip,
 * concatenated) into the root file system as Linux does, including hard links, device nodes
 * and FIFOs. Returns 0, or the unpacker's error; entries that cannot be created are skipped
 * with a warning, as Linux skips them.
 */
int vfs_populate_from_initramfs(const void *blob, size_t len);
/* vfs_populate_at - the same, into the directory @dir. */
int vfs_populate_at(const struct path *dir, const void *blob, size_t len);

/* ---- For file systems --------------------------------------------------------------------- */

/* inode_alloc - a zeroed inode of @sb, ref 1, nlink 1, on sb->inodes; NULL without memory. */
struct inode *inode_alloc(struct super_block *sb);
struct inode *iget(struct inode *inode);
void iput(struct inode *inode);
/* inode_now - the current time to stamp an inode with. */
struct vfs_timespec inode_now(void);
/* inode_touch - set the times in @what (ATTR_ATIME/MTIME/CTIME) to now. */
void inode_touch(struct inode *inode, u32 what);
/* inode_touch_atime - note a read (relatime: only when atime is older than m/ctime or a day). */
void inode_touch_atime(struct inode *inode);
/* inode_inc_nlink / inode_dec_nlink - link count changes (take @lock). */
void inode_inc_nlink(struct inode *inode);
void inode_dec_nlink(struct inode *inode);
u32 inode_nlink(struct inode *inode);
s64 inode_size(struct inode *inode);
void inode_set_size(struct inode *inode, s64 size);
/* vfs_setattr_copy - apply @attr's mode/uid/gid/times to @inode (for setattr ops). */
void vfs_setattr_copy(struct inode *inode, const struct iattr *attr);
/* sb_alloc - a super block of @type with a fresh anonymous device number. */
struct super_block *sb_alloc(const struct fs_type *type, const struct super_operations *ops);
/*
 * sb_free - drop @sb's root dentry, then evict and free every inode still on sb->inodes
 * regardless of its count (for kill_sb: nothing outside the file system refers to them),
 * and free @sb.
 */
void sb_free(struct super_block *sb);
/* d_make_root - the root dentry of @sb for @inode (takes over the caller's reference). */
struct dentry *d_make_root(struct inode *inode);
/*
 * inode_init_owner - set a new inode's mode, uid and gid as Linux does: the creator's fs ids,
 * the group (and for a directory S_ISGID) of a set-group-ID parent @dir.
 */
void inode_init_owner(struct inode *inode, struct inode *dir, u32 mode, const struct cred *cred);
/*
 * vfs_register_special - who opens device nodes and FIFOs: @open(inode, file) for file type
 * @ifmt (S_IFCHR, S_IFBLK, S_IFIFO) sets file->f_op. Until one is registered such opens
 * fail with -ENXIO. Returns 0 or -EINVAL.
 */
int vfs_register_special(u32 ifmt, int (*open)(struct inode *inode, struct file *file));
/* mode_to_dtype - the getdents d_type of a file mode. */
static inline u32 mode_to_dtype(u32 mode)
{
	return (mode & S_IFMT) >> 12;
}

/* tmpfs: registered by vfs_init(); "size=N[kmg]", "nr_inodes=N", "mode=octal" options. */
extern struct fs_type tmpfs_fs_type;
/* ramfs: the same without limits. */
extern struct fs_type ramfs_fs_type;
#define TMPFS_MAGIC 0x01021994
#define RAMFS_MAGIC 0x858458f6

#endif /* SERVICES_VFS_H */
