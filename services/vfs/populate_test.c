// SPDX-License-Identifier: MPL-2.0
// ktests for unpacking an initramfs into a directory: a hand-built newc archive with every
// file type and a hard-link pair, and a gzip-compressed one.
#include <hal/ktest.h>
#include <hal/mm.h>
#include <hal/lib/printf.h>
#include <services/initramfs.h>
#include "internal.h"
#include "vfs_test.h"

struct archive {
	char *buf;
	size_t len, cap;
};

struct member {
	const char *name;
	u32 mode, ino, nlink, mtime, rmajor, rminor;
	const char *data;
};

/* Append one newc member; the buffer is zeroed, so padding is free. */
static void add(struct archive *a, const struct member *m)
{
	size_t n = strlen(m->name) + 1, size = m->data ? strlen(m->data) : 0;

	a->len += snprintf(a->buf + a->len, a->cap - a->len,
			   "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", m->ino,
			   m->mode, 0u, 0u, m->nlink ? m->nlink : 1, m->mtime, (u32)size, 0u, 0u,
			   m->rmajor, m->rminor, (u32)n, 0u);
	memcpy(a->buf + a->len, m->name, n);
	a->len = ALIGN_UP(a->len + n, 4);
	memcpy(a->buf + a->len, m->data ? m->data : "", size);
	a->len = ALIGN_UP(a->len + size, 4);
}

static const struct member members[] = {
	{ .name = ".", .mode = 040750, .ino = 1 },
	{ .name = "./bin", .mode = 040755, .ino = 2, .mtime = 1234 },
	{ .name = "bin/busybox", .mode = 0100755, .ino = 10, .nlink = 2 },
	{ .name = "bin/sh", .mode = 0100755, .ino = 10, .nlink = 2, .data = "hello" },
	{ .name = "bin/ls", .mode = 0120777, .ino = 11, .data = "busybox" },
	{ .name = "dev", .mode = 040755, .ino = 12 },
	{ .name = "dev/console", .mode = 020600, .ino = 13, .rmajor = 5, .rminor = 1 },
	{ .name = "dev/fifo", .mode = 010644, .ino = 14 },
	{ .name = "etc", .mode = 040755, .ino = 19 },
	{ .name = "/etc/passwd", .mode = 0100644, .ino = 15, .mtime = 5000, .data = "root:x:0:0\n" },
	{ .name = "etc/replace", .mode = 0100644, .ino = 16, .data = "file first" },
	{ .name = "etc/replace", .mode = 040700, .ino = 17 },
	{ .name = "missing/parent", .mode = 0100644, .ino = 18 },
	{ .name = CPIO_TRAILER },
};

KTEST(vfs, populate_cpio)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct archive a = { .buf = kzalloc(4096), .cap = 4096 };
	struct path dir;
	struct kstat st, st2;
	char buf[32];

	KASSERT_NOT_NULL(a.buf);
	for (size_t i = 0; i < ARRAY_SIZE(members); i++)
		add(&a, &members[i]);
	KASSERT_EQ(vfs_mkdirat(&ctx, "/tpop", 0755), 0);
	KASSERT_EQ(vfs_resolve(&ctx, "/tpop", 0, &dir), 0);
	KEXPECT_EQ(vfs_populate_at(&dir, a.buf, a.len), 0);
	ctx.cwd = dir;
	KEXPECT_EQ(vfs_statat(&ctx, "", AT_EMPTY_PATH, &st), 0);
	KEXPECT_EQ(st.mode, S_IFDIR | 0750);
	KEXPECT_EQ(vfs_statat(&ctx, "bin/sh", 0, &st), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "bin/busybox", 0, &st2), 0);
	KEXPECT_EQ(st.ino, st2.ino);
	KEXPECT_EQ(st.nlink, 2);
	KEXPECT_EQ(st.mode, S_IFREG | 0755);
	KEXPECT_EQ(test_read(&ctx, "bin/busybox", buf, sizeof(buf)), 5);
	KEXPECT_STREQ(buf, "hello");
	KEXPECT_EQ(vfs_readlinkat(&ctx, "bin/ls", buf, sizeof(buf)), 7);
	KEXPECT_MEMEQ(buf, "busybox", 7);
	KEXPECT_EQ(vfs_statat(&ctx, "dev/console", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFCHR | 0600);
	KEXPECT_EQ(st.rdev, MKDEV(5, 1));
	KEXPECT_EQ(vfs_statat(&ctx, "dev/fifo", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFIFO | 0644);
	KEXPECT_EQ(vfs_statat(&ctx, "etc/passwd", 0, &st), 0);
	KEXPECT_EQ(st.size, 11);
	KEXPECT_EQ(st.mtime.tv_sec, 5000);
	KEXPECT_EQ(vfs_statat(&ctx, "etc/replace", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFDIR | 0700);
	KEXPECT_EQ(vfs_statat(&ctx, "bin", 0, &st), 0);
	KEXPECT_EQ(st.mtime.tv_sec, 1234);
	KEXPECT_EQ(vfs_statat(&ctx, "missing", 0, &st), -ENOENT);
	/* Damage is reported, entries before it stay. */
	a.buf[a.len - 20] = 'Z';
	a.buf[0] = 'x';
	KEXPECT_EQ(vfs_populate_at(&dir, a.buf, a.len), -EINVAL);
	path_put(&dir);
	kfree(a.buf);
}

/* "gz/" and "gz/file" holding "zipped\n", as gzip -9 of a newc archive. */
static const u8 gz_archive[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x33, 0x30, 0x37, 0x30, 0x37,
	0x30, 0x34, 0x80, 0x00, 0x30, 0x6d, 0x62, 0xe8, 0xea, 0x62, 0x80, 0x1d, 0x18, 0x1a, 0x90,
	0x07, 0x8c, 0x61, 0x8c, 0xf4, 0x2a, 0x06, 0x20, 0x30, 0x40, 0xb6, 0xd3, 0x08, 0x44, 0x58,
	0x18, 0x3a, 0x9a, 0x10, 0x69, 0xa7, 0x39, 0x91, 0x76, 0x5a, 0x20, 0xec, 0xd4, 0x4f, 0xcb,
	0xcc, 0x49, 0x05, 0xda, 0x5b, 0x95, 0x59, 0x50, 0x90, 0x9a, 0xc2, 0x85, 0x6a, 0x3f, 0x21,
	0x40, 0xae, 0x9f, 0x9d, 0x60, 0x8c, 0x90, 0x20, 0x47, 0x4f, 0x1f, 0xd7, 0x20, 0x45, 0x45,
	0x45, 0x90, 0xdf, 0x01, 0x60, 0xea, 0x3e, 0x7f, 0x70, 0x01, 0x00, 0x00,
};

KTEST(vfs, populate_gzip)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct path dir;
	char buf[16];

	KASSERT_EQ(vfs_mkdirat(&ctx, "/tpgz", 0755), 0);
	KASSERT_EQ(vfs_resolve(&ctx, "/tpgz", 0, &dir), 0);
	KEXPECT_EQ(vfs_populate_at(&dir, gz_archive, sizeof(gz_archive)), 0);
	ctx.cwd = dir;
	KEXPECT_EQ(test_read(&ctx, "gz/file", buf, sizeof(buf)), 7);
	KEXPECT_STREQ(buf, "zipped\n");
	path_put(&dir);
}
