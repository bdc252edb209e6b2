// SPDX-License-Identifier: MPL-2.0
// Walk an initramfs image the way Linux's unpack_to_rootfs() does: plain cpio archives and
// gzip members in any order, zero padding between them, every entry handed to a callback.
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <services/inflate.h>
#include <services/initramfs.h>

#define PATH_MAX       4096
#define GZ_MIN_BUF     (64 * 1024)
#define GZ_MAX_INITIAL (64 * 1024 * 1024)

struct unpack {
	const struct initramfs_ops *ops;
	void *ctx;
};

/* Hand every entry of @it's archive(s) to the ops until it stops; see cpio_next(). */
static int deliver_entries(struct unpack *u, struct cpio_iter *it)
{
	struct cpio_entry e;
	int ret;

	while ((ret = cpio_next(it, &e)) > 0) {
		if (cpio_is_trailer(&e)) {
			if (u->ops->trailer)
				u->ops->trailer(u->ctx);
			continue;
		}
		if (e.name_len >= PATH_MAX)
			continue;
		ret = u->ops->entry(u->ctx, &e);
		if (ret)
			return ret;
	}
	return ret;
}

static int unpack_cpio(struct unpack *u, const u8 *buf, size_t len, size_t *used)
{
	struct cpio_iter it;
	int ret;

	cpio_iter_init(&it, buf, len);
	ret = deliver_entries(u, &it);
	*used = it.pos;
	return ret;
}

static int gz_grow(struct inflate_buf *buf, size_t need)
{
	struct unpack *u = buf->ctx;
	size_t cap = buf->cap ? buf->cap : GZ_MIN_BUF;
	void *p;

	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return -ENOMEM;
		cap *= 2;
	}
	p = u->ops->realloc(u->ctx, buf->data, cap);
	if (!p)
		return -ENOMEM;
	buf->data = p;
	buf->cap = cap;
	return 0;
}

/*
 * Decompress the gzip member at @buf and deliver its entries; the member's output must be
 * whole entries (Linux: "junk at the end of compressed archive").
 */
static int unpack_gzip(struct unpack *u, const u8 *buf, size_t len, size_t *used)
{
	struct inflate_buf out = { .grow = gz_grow, .ctx = u };
	struct cpio_iter it;
	int ret;

	if (!u->ops->realloc || !u->ops->free)
		return -EOPNOTSUPP;
	/* Room for a typical 3-4x ratio up front, so most images never reallocate. */
	ret = gz_grow(&out, MIN(MAX(len, GZ_MIN_BUF / 4) * 4, GZ_MAX_INITIAL));
	if (!ret)
		ret = gzip_inflate(buf, len, &out, used);
	if (!ret) {
		cpio_iter_init(&it, out.data, out.len);
		ret = deliver_entries(u, &it);
		if (!ret && it.pos != out.len)
			ret = -EINVAL;
	}
	if (out.data)
		u->ops->free(u->ctx, out.data);
	return ret;
}

/* Compressed formats Linux can unpack and Keel cannot (yet): named so the error says so. */
static bool other_compression(const u8 *p, size_t len)
{
	static const struct {
		u8 len;
		u8 magic[6];
	} magics[] = {
		{ 6, { 0xfd, '7', 'z', 'X', 'Z', 0 } }, /* xz */
		{ 4, { 0x28, 0xb5, 0x2f, 0xfd } },	/* zstd */
		{ 4, { 0x02, 0x21, 0x4c, 0x18 } },	/* lz4 legacy */
		{ 3, { 'B', 'Z', 'h' } },		/* bzip2 */
		{ 3, { 0x5d, 0, 0 } },			/* lzma */
		{ 4, { 0x89, 'L', 'Z', 'O' } },		/* lzop */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(magics); i++)
		if (len >= magics[i].len && !memcmp(p, magics[i].magic, magics[i].len))
			return true;
	return false;
}

int initramfs_unpack(const void *blob, size_t len, const struct initramfs_ops *ops, void *ctx)
{
	struct unpack u = { .ops = ops, .ctx = ctx };
	const u8 *p = blob;
	size_t pos = 0, used;
	int ret;

	while (pos < len) {
		if (!p[pos]) {
			pos++;
			continue;
		}
		if (p[pos] == '0' && !(pos & 3))
			ret = unpack_cpio(&u, p + pos, len - pos, &used);
		else if (gzip_magic(p + pos, len - pos))
			ret = unpack_gzip(&u, p + pos, len - pos, &used);
		else
			return other_compression(p + pos, len - pos) ? -EOPNOTSUPP : -EINVAL;
		if (ret)
			return ret;
		pos += used;
	}
	return 0;
}
