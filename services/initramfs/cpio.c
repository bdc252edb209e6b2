// SPDX-License-Identifier: MPL-2.0
// cpio "newc" and "crc" archives (cpio(5): magic 070701 / 070702, thirteen 8-digit hex
// fields, the name, then the data, each padded to 4 bytes), read from an untrusted buffer.
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <services/initramfs.h>

#define S_IFMT	0170000
#define S_IFREG 0100000

/* The header's fields after the 6-byte magic, in order. */
enum cpio_field {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	NR_FIELDS
};

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
}

bool cpio_is_trailer(const struct cpio_entry *e)
{
	return e->name_len == sizeof(CPIO_TRAILER) - 1 &&
	       !memcmp(e->name, CPIO_TRAILER, e->name_len);
}

static int hex_digit(u8 c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode the 8 hex digits at @p; -EINVAL if any is not one. */
static int parse_hex8(const u8 *p, u32 *val)
{
	u32 v = 0;
	int d, i;

	for (i = 0; i < 8; i++) {
		d = hex_digit(p[i]);
		if (d < 0)
			return -EINVAL;
		v = v << 4 | (u32)d;
	}
	*val = v;
	return 0;
}

static int parse_header(const u8 *h, u32 *f, bool *crc)
{
	int i;

	if (memcmp(h, "07070", 5) || (h[5] != '1' && h[5] != '2'))
		return -EINVAL;
	*crc = h[5] == '2';
	for (i = 0; i < NR_FIELDS; i++)
		if (parse_hex8(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	return 0;
}

static void fill_entry(struct cpio_entry *e, const u32 *f)
{
	e->ino = f[F_INO];
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->dev_major = f[F_DEVMAJOR];
	e->dev_minor = f[F_DEVMINOR];
	e->rdev_major = f[F_RDEVMAJOR];
	e->rdev_minor = f[F_RDEVMINOR];
}

/* The "crc" format's check field: the sum of a regular file's data bytes, modulo 2^32. */
static u32 byte_sum(const u8 *p, size_t n)
{
	u32 sum = 0;

	while (n--)
		sum += *p++;
	return sum;
}

/* Parse the entry at it->pos (known to hold a '0' at an aligned offset) and step past it. */
static int parse_entry(struct cpio_iter *it, struct cpio_entry *e)
{
	size_t pos = it->pos, avail = it->len - pos, data;
	const u8 *name;
	u32 f[NR_FIELDS];
	bool crc;

	if (avail < CPIO_HDR_LEN || parse_header(it->buf + pos, f, &crc))
		return -EINVAL;
	pos += CPIO_HDR_LEN;
	name = it->buf + pos;
	if (!f[F_NAMESIZE] || it->len - pos < f[F_NAMESIZE])
		return -EINVAL;
	/* Exactly one NUL, at the end: a name is never silently cut short. */
	if (name[f[F_NAMESIZE] - 1] || memchr(name, 0, f[F_NAMESIZE] - 1))
		return -EINVAL;
	data = ALIGN_UP(pos + f[F_NAMESIZE], 4);
	if (data > it->len) {
		/* Only an empty last member may lack the padding after its name. */
		if (f[F_FILESIZE])
			return -EINVAL;
		data = it->len;
	}
	if (it->len - data < f[F_FILESIZE])
		return -EINVAL;
	if (crc && (f[F_MODE] & S_IFMT) == S_IFREG &&
	    byte_sum(it->buf + data, f[F_FILESIZE]) != f[F_CHECK])
		return -EINVAL;
	fill_entry(e, f);
	e->name = (const char *)name;
	e->name_len = f[F_NAMESIZE] - 1;
	e->data = it->buf + data;
	e->size = f[F_FILESIZE];
	it->pos = MIN(ALIGN_UP(data + e->size, 4), it->len);
	return 1;
}

int cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	while (it->pos < it->len && !it->buf[it->pos])
		it->pos++;
	if (it->pos >= it->len)
		return 0;
	/* Linux's "broken padding": whatever follows the zeros must be aligned. */
	if (it->pos & 3)
		return -EINVAL;
	if (it->buf[it->pos] != '0')
		return 0;
	return parse_entry(it, e);
}
