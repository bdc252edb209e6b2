// SPDX-License-Identifier: MPL-2.0
// The initramfs as Linux accepts it: cpio "newc" archives (070701, or 070702 with a data
// checksum), plain or gzip-compressed, concatenated. Parsing only; the VFS creates the files.
#ifndef SERVICES_INITRAMFS_H
#define SERVICES_INITRAMFS_H

#include <hal/types.h>

#define CPIO_HDR_LEN 110
#define CPIO_TRAILER "TRAILER!!!"

/*
 * One archive member. @name (NUL-terminated, @name_len bytes before the NUL) and @data
 * point into the archive, or into a decompressed copy that lives only as long as the
 * initramfs_unpack() callback: copy what you keep. A symlink's @data is its target
 * (not NUL-terminated). Names are as archived: "bin/sh", "./bin/sh" or "/bin/sh".
 */
struct cpio_entry {
	const char *name;
	size_t name_len;
	const void *data;
	size_t size;
	u32 ino;
	u32 mode; /* file type and permission bits, as st_mode */
	u32 uid;
	u32 gid;
	u32 nlink;
	u32 mtime;
	u32 dev_major; /* the device the file came from: with ino, identifies hard links */
	u32 dev_minor;
	u32 rdev_major; /* a device node's own number */
	u32 rdev_minor;
};

/* Walks the entries of a cpio byte stream: set it up with cpio_iter_init(). */
struct cpio_iter {
	const u8 *buf;
	size_t len;
	size_t pos; /* offset of the next header, or of what stopped the walk */
};

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len);

/*
 * cpio_next - read the next entry into *@e. Zero bytes between entries are skipped, and
 * entries continue after a "TRAILER!!!" (Linux reads concatenated archives so); a header
 * must start 4-byte aligned relative to the buffer. Returns 1 with *@e filled, 0 when the
 * buffer ends or the next non-zero byte cannot start a header (it->pos is then that
 * byte's offset: another segment, e.g. gzip, may begin there), or -EINVAL for a corrupt
 * entry: bad magic or hex digit, a name without its NUL (or with one inside), a name or
 * data past the end, misaligned padding, or a 070702 regular file whose checksum differs.
 * Trailer entries are returned too (cpio_is_trailer()). Any context.
 */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e);

/* cpio_is_trailer - whether @e is the "TRAILER!!!" that ends one archive. */
bool cpio_is_trailer(const struct cpio_entry *e);

/*
 * What initramfs_unpack() does with what it finds. @entry gets every member except
 * trailers and names longer than PATH_MAX (which Linux skips); a non-zero return stops
 * the unpacking and is returned. @trailer (optional) marks the end of one archive: hard
 * links do not reach across it. @realloc (ctx, ptr, size) and @free hold decompressed
 * data: without them gzip segments fail with -EOPNOTSUPP.
 */
struct initramfs_ops {
	int (*entry)(void *ctx, const struct cpio_entry *e);
	void (*trailer)(void *ctx);
	void *(*realloc)(void *ctx, void *ptr, size_t size);
	void (*free)(void *ctx, void *ptr);
};

/*
 * initramfs_unpack - walk the initramfs image @blob of @len bytes as Linux's
 * unpack_to_rootfs() does: a sequence of segments, each either a cpio archive starting
 * with '0' at a 4-byte-aligned offset or a gzip member whose data is whole cpio entries,
 * with zero bytes allowed between segments. Calls @ops for each entry, in order. Returns
 * 0; -EINVAL for a corrupt archive or gzip stream, or unknown bytes where a segment should
 * start; -EOPNOTSUPP for another compression (xz, zstd, lz4, bzip2, lzma, lzo) or for gzip
 * without @ops->realloc; -ENOMEM; or an @ops->entry error. Entries before an error have
 * been delivered. May sleep only if @ops do.
 */
int initramfs_unpack(const void *blob, size_t len, const struct initramfs_ops *ops, void *ctx);

#endif /* SERVICES_INITRAMFS_H */
