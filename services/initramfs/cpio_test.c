// SPDX-License-Identifier: MPL-2.0
// ktests for the cpio reader and initramfs_unpack(): a small newc image (two archives back to
// back) reads in the kernel as on the host; damage is -EINVAL.
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/compiler.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>
#include <services/initramfs.h>

static char archive[1024];
static size_t archive_len;

/* Append one newc member; the buffer's zeros are the padding. */
static void add(const char *name, u32 mode, const char *data, u32 size)
{
	size_t n = strlen(name) + 1;

	archive_len += snprintf(archive + archive_len, sizeof(archive) - archive_len,
				"070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1u,
				mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, (u32)n, 0u);
	memcpy(archive + archive_len, name, n);
	archive_len = ALIGN_UP(archive_len + n, 4);
	memcpy(archive + archive_len, data, size);
	archive_len = ALIGN_UP(archive_len + size, 4);
}

/* Two archives back to back, as Linux reads them, with zero padding between. */
static void build_archive(void)
{
	memset(archive, 0, sizeof(archive));
	archive_len = 0;
	add("bin", 040755, "", 0);
	add("bin/sh", 0100644, "hello", 5);
	add(CPIO_TRAILER, 0, "", 0);
	archive_len += 4;
	add("lnk", 0120777, "/bin/sh", 7);
	add(CPIO_TRAILER, 0, "", 0);
}

struct seen {
	unsigned int entries, trailers;
	char last[8];
};

static int on_entry(void *ctx, const struct cpio_entry *e)
{
	struct seen *s = ctx;

	s->entries++;
	strscpy(s->last, e->name, sizeof(s->last));
	return 0;
}

static void on_trailer(void *ctx)
{
	((struct seen *)ctx)->trailers++;
}

static const struct initramfs_ops ops = { .entry = on_entry, .trailer = on_trailer };

KTEST(cpio, entries)
{
	struct cpio_iter it;
	struct cpio_entry e;

	build_archive();
	cpio_iter_init(&it, archive, archive_len);
	KASSERT_EQ(cpio_next(&it, &e), 1);
	KEXPECT_STREQ(e.name, "bin");
	KEXPECT_EQ(e.mode, 040755);
	KASSERT_EQ(cpio_next(&it, &e), 1);
	KEXPECT_STREQ(e.name, "bin/sh");
	KEXPECT_EQ(e.size, 5);
	KEXPECT_MEMEQ(e.data, "hello", 5);
	KASSERT_EQ(cpio_next(&it, &e), 1);
	KEXPECT_TRUE(cpio_is_trailer(&e));
	KASSERT_EQ(cpio_next(&it, &e), 1);
	KEXPECT_EQ(e.mode, 0120777);
	KEXPECT_MEMEQ(e.data, "/bin/sh", 7);
	KASSERT_EQ(cpio_next(&it, &e), 1);
	KEXPECT_EQ(cpio_next(&it, &e), 0);
	KEXPECT_EQ(it.pos, archive_len);
}

KTEST(cpio, unpack_and_damage)
{
	struct seen s = { 0 };
	size_t cut;

	build_archive();
	KEXPECT_EQ(initramfs_unpack(archive, archive_len, &ops, &s), 0);
	KEXPECT_EQ(s.entries, 3);
	KEXPECT_EQ(s.trailers, 2);
	KEXPECT_STREQ(s.last, "lnk");
	/* Cut anywhere inside the second member (header at 116, data 236..240) ... */
	for (cut = 117; cut <= 240; cut++)
		KEXPECT_EQ(initramfs_unpack(archive, cut, &ops, &s), -EINVAL);
	/* ... or with a bad hex digit in its file size. */
	archive[116 + 54] = 'x';
	KEXPECT_EQ(initramfs_unpack(archive, archive_len, &ops, &s), -EINVAL);
	/* Gzip needs an allocator, which these ops do not give. */
	KEXPECT_EQ(initramfs_unpack("\x1f\x8b\x08", 3, &ops, &s), -EOPNOTSUPP);
}
