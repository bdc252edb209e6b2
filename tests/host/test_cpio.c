// SPDX-License-Identifier: MPL-2.0
// Host tests for services/initramfs: archives made by the host's cpio and by scripts/mkinitramfs
// must read back exactly; concatenated, gzip-compressed, truncated and corrupted images too.
// sources: services/initramfs/cpio.c services/initramfs/initramfs.c
// sources: services/lib/inflate.c services/lib/crc32.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "keel_host.h"
#include <services/initramfs.h>

static char tmpdir[64];

/* ---- Helpers ------------------------------------------------------------------------------ */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	*len = n;
	return buf;
}

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

/* The repository root, from this file's absolute path (tests/host/Makefile compiles it so). */
static const char *repo_root(void)
{
	static char root[1024];
	const char *tail = strstr(__FILE__, "tests/host/test_cpio.c");

	if (!tail || __FILE__[0] != '/')
		return ".";
	snprintf(root, sizeof(root), "%.*s", (int)(tail - __FILE__), __FILE__);
	return root;
}

/* An archive written by hand. */
struct arc {
	uint8_t *buf;
	size_t len;
	size_t cap;
};

static void arc_put(struct arc *a, const void *p, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 64;
		a->buf = realloc(a->buf, a->cap);
		assert_non_null(a->buf);
	}
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void arc_pad(struct arc *a)
{
	static const uint8_t zeros[4];

	arc_put(a, zeros, (4 - a->len % 4) % 4);
}

static void arc_entry(struct arc *a, const char *magic, const char *name, uint32_t mode,
		      const void *data, size_t size, uint32_t check)
{
	char hdr[CPIO_HDR_LEN + 1];

	snprintf(hdr, sizeof(hdr), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", magic,
		 7u, mode, 1000u, 100u, 1u, 12345678u, (unsigned int)size, 8u, 1u, 4u, 64u,
		 (unsigned int)strlen(name) + 1, check);
	arc_put(a, hdr, CPIO_HDR_LEN);
	arc_put(a, name, strlen(name) + 1);
	arc_pad(a);
	arc_put(a, data, size);
	arc_pad(a);
}

static void arc_file(struct arc *a, const char *name, const char *text)
{
	arc_entry(a, "070701", name, 0100644, text, strlen(text), 0);
}

static void arc_trailer(struct arc *a)
{
	arc_entry(a, "070701", CPIO_TRAILER, 0, "", 0, 0);
}

/* What initramfs_unpack() delivered, copied. */
struct seen {
	char *name;
	uint8_t *data;
	struct cpio_entry e;
};

struct collect {
	struct seen *v;
	size_t n;
	size_t trailers;
	int fail_at; /* return -EIO from this entry on (-1: never) */
	uint32_t touch;
};

static int collect_entry(void *ctx, const struct cpio_entry *e)
{
	struct collect *c = ctx;
	const uint8_t *d = e->data;
	struct seen *s;

	assert_int_equal(strlen(e->name), e->name_len);
	for (size_t i = 0; i < e->size; i++)
		c->touch += d[i]; /* every byte must be readable (ASan) */
	if (c->fail_at >= 0 && c->n >= (size_t)c->fail_at)
		return -EIO;
	c->v = realloc(c->v, (c->n + 1) * sizeof(*c->v));
	assert_non_null(c->v);
	s = &c->v[c->n++];
	s->e = *e;
	s->name = strdup(e->name);
	s->data = malloc(e->size + 1);
	if (e->size)
		memcpy(s->data, e->data, e->size);
	return 0;
}

static void collect_trailer(void *ctx)
{
	((struct collect *)ctx)->trailers++;
}

static void *host_realloc(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	return realloc(ptr, size);
}

static void host_free(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

static const struct initramfs_ops ops = {
	.entry = collect_entry,
	.trailer = collect_trailer,
	.realloc = host_realloc,
	.free = host_free,
};

static void collect_init(struct collect *c)
{
	memset(c, 0, sizeof(*c));
	c->fail_at = -1;
}

static void collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].data);
	}
	free(c->v);
	collect_init(c);
}

static int unpack(const void *blob, size_t len, struct collect *c)
{
	collect_free(c);
	return initramfs_unpack(blob, len, &ops, c);
}

/* gzip -9 -n of @len bytes at @data, by the host's gzip. */
static uint8_t *host_gzip(const void *data, size_t len, size_t *gz_len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/gz.in", tmpdir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	run("gzip -9 -n -f %s", path);
	snprintf(path, sizeof(path), "%s/gz.in.gz", tmpdir);
	return read_file(path, gz_len);
}

/* ---- Archives written by the host's cpio ---------------------------------------------------- */

static void make_tree(const char *dir)
{
	char long_name[201];

	memset(long_name, 'n', 200);
	long_name[200] = 0;
	run("mkdir -p %s/sub/deeper && cd %s && for n in 0 1 2 3 4 5 6 7; do "
	    "head -c $n /dev/urandom > f$n; done && head -c 100000 /dev/urandom > big && "
	    "ln -s f3 link && ln -s /no/such/target dangling && mkfifo fifo && "
	    "echo linked > hl1 && ln hl1 hl2 && echo x > sub/deeper/%s && chmod 4751 f5 && "
	    "touch -d @1000000 f1",
	    dir, dir, long_name);
}

/* Check entry @e against the file it came from, under @dir. */
static void check_against_disk(const char *dir, const struct cpio_entry *e)
{
	char path[512], target[256];
	struct stat st;
	size_t len;
	uint8_t *data;

	snprintf(path, sizeof(path), "%s/%s", dir, e->name);
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(e->mode, st.st_mode);
	assert_int_equal(e->uid, st.st_uid);
	assert_int_equal(e->gid, st.st_gid);
	assert_int_equal(e->mtime, (uint32_t)st.st_mtime);
	assert_int_equal(e->nlink, st.st_nlink);
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, target, sizeof(target));

		assert_int_equal(e->size, n);
		assert_memory_equal(e->data, target, n);
	} else if (S_ISREG(st.st_mode)) {
		/* GNU cpio stores a hard-linked file's data with the last of its names only. */
		if (st.st_nlink > 1 && e->size == 0)
			return;
		data = read_file(path, &len);
		assert_non_null(data);
		assert_int_equal(e->size, len);
		if (len)
			assert_memory_equal(e->data, data, len);
		free(data);
	} else {
		assert_int_equal(e->size, 0);
	}
}

static void test_host_cpio(void **state)
{
	static const char *const formats[] = { "newc", "crc" };
	char dir[128], path[256];
	struct cpio_iter it;
	struct cpio_entry e;
	unsigned int f, n, want;
	size_t len;
	uint8_t *buf;
	FILE *p;
	int ret;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tree", tmpdir);
	make_tree(dir);
	snprintf(path, sizeof(path), "find %s | wc -l", dir);
	p = popen(path, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%u", &want), 1);
	pclose(p);
	for (f = 0; f < 2; f++) {
		run("cd %s && find . | LC_ALL=C sort | cpio --quiet -o -H %s > ../host.cpio", dir,
		    formats[f]);
		snprintf(path, sizeof(path), "%s/host.cpio", tmpdir);
		buf = read_file(path, &len);
		cpio_iter_init(&it, buf, len);
		n = 0;
		while ((ret = cpio_next(&it, &e)) > 0) {
			if (cpio_is_trailer(&e))
				break;
			check_against_disk(dir, &e);
			n++;
		}
		assert_int_equal(ret, 1);
		assert_int_equal(n, want);
		assert_int_equal(cpio_next(&it, &e), 0);
		assert_int_equal(it.pos, len);
		if (f == 1) {
			/* The crc format's checksum: flip one data byte of "big". */
			uint8_t *p = memmem(buf, len, "big", 4);

			assert_non_null(p);
			p[200] ^= 0x10;
			cpio_iter_init(&it, buf, len);
			while ((ret = cpio_next(&it, &e)) > 0)
				;
			assert_int_equal(ret, -EINVAL);
		}
		free(buf);
	}
}

/* ---- Hand-made archives ----------------------------------------------------------------------- */

static void test_fields_and_padding(void **state)
{
	struct arc a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;
	char name[8];
	int i;

	(void)state;
	/* Names of 1..7 bytes and data of 0..6 bytes walk through every padding case. */
	for (i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "%.*s", i + 1, "abcdefg");
		arc_entry(&a, i & 1 ? "070702" : "070701", name, 0100600, "0123456", i,
			  (i & 1) ? (uint32_t)(('0' + '0' + i - 1) * i / 2) : 0);
	}
	arc_entry(&a, "070701", "dev/null", 0020666, "", 0, 0);
	arc_trailer(&a);
	cpio_iter_init(&it, a.buf, a.len);
	for (i = 0; i < 7; i++) {
		assert_int_equal(cpio_next(&it, &e), 1);
		assert_int_equal(e.name_len, i + 1);
		assert_int_equal(e.size, i);
		assert_memory_equal(e.data, "0123456", i);
		assert_int_equal(e.ino, 7);
		assert_int_equal(e.mode, 0100600);
		assert_int_equal(e.uid, 1000);
		assert_int_equal(e.gid, 100);
		assert_int_equal(e.nlink, 1);
		assert_int_equal(e.mtime, 12345678);
		assert_int_equal(e.dev_major, 8);
		assert_int_equal(e.dev_minor, 1);
	}
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_string_equal(e.name, "dev/null");
	assert_int_equal(e.rdev_major, 4);
	assert_int_equal(e.rdev_minor, 64);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_true(cpio_is_trailer(&e));
	assert_int_equal(cpio_next(&it, &e), 0);
	assert_int_equal(it.pos, a.len);
	/* Lower-case hex is hex too. */
	memcpy(a.buf + 14, "000081a4", 8);
	cpio_iter_init(&it, a.buf, a.len);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_int_equal(e.mode, 0100644);
	free(a.buf);
}

/* One bad entry after a good one: the good one reads, then -EINVAL. */
static void expect_bad(struct arc *a, size_t bad_at)
{
	struct cpio_iter it;
	struct cpio_entry e;

	cpio_iter_init(&it, a->buf, a->len);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_int_equal(it.pos, bad_at);
	assert_int_equal(cpio_next(&it, &e), -EINVAL);
}

static void test_hostile_entries(void **state)
{
	struct arc a = { 0 };
	size_t second;
	unsigned int field;
	struct cpio_iter it;
	struct cpio_entry e;

	(void)state;
	arc_file(&a, "good", "data");
	second = a.len;
	arc_file(&a, "name", "0123456789");
	arc_trailer(&a);

	/* Every digit of every field, replaced by a non-hex character. */
	for (field = 0; field < 13; field++) {
		char *d = (char *)a.buf + second + 6 + 8 * field + field % 8;
		char saved = *d;

		*d = 'g';
		expect_bad(&a, second);
		*d = saved;
	}
	memcpy(a.buf + second, "070707", 6); /* old portable format: "use -H newc" */
	expect_bad(&a, second);
	memcpy(a.buf + second, "070701", 6);
	/* namesize 0, too big, past the end; the NUL missing or early. */
	static const char *const namesizes[] = { "00000000", "00000004", "7FFFFFFF", "FFFFFFFF" };
	for (unsigned int i = 0; i < ARRAY_SIZE(namesizes); i++) {
		memcpy(a.buf + second + 94, namesizes[i], 8);
		expect_bad(&a, second);
	}
	memcpy(a.buf + second + 94, "00000005", 8);
	a.buf[second + 110 + 4] = 'x';
	expect_bad(&a, second);
	a.buf[second + 110 + 4] = 0;
	a.buf[second + 110 + 2] = 0;
	expect_bad(&a, second);
	a.buf[second + 110 + 2] = 'm';
	/* filesize past the end, even by one. */
	memcpy(a.buf + second + 54, "FFFFFFFF", 8);
	expect_bad(&a, second);
	snprintf((char *)a.buf + second + 54, 9, "%08zX", a.len - (second + 116) + 1);
	a.buf[second + 62] = '0'; /* snprintf's NUL landed on devmajor's first digit */
	expect_bad(&a, second);
	memcpy(a.buf + second + 54, "0000000A", 8);
	/* A bad checksum in the crc format, on a regular file only. */
	memcpy(a.buf + second, "070702", 6);
	expect_bad(&a, second);
	memcpy(a.buf + second + 102, "0000020D", 8); /* the sum of "0123456789" */
	cpio_iter_init(&it, a.buf, a.len);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_int_equal(cpio_next(&it, &e), 1);
	memcpy(a.buf + second + 14, "0000A1FF", 8); /* a symlink: no checksum to check */
	memcpy(a.buf + second + 102, "00000000", 8);
	cpio_iter_init(&it, a.buf, a.len);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_int_equal(e.size, 10);

	/* A header that is not 4-byte aligned after zero padding ("broken padding"). */
	struct arc b = { 0 };
	arc_file(&b, "one", "1");
	arc_put(&b, "\0\0", 2);
	arc_file(&b, "two", "2");
	cpio_iter_init(&it, b.buf, b.len);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_int_equal(cpio_next(&it, &e), -EINVAL);
	/* The header cut short. */
	cpio_iter_init(&it, b.buf, 109);
	assert_int_equal(cpio_next(&it, &e), -EINVAL);
	/* An empty buffer and one of zeros hold no entries. */
	cpio_iter_init(&it, b.buf, 0);
	assert_int_equal(cpio_next(&it, &e), 0);
	memset(b.buf, 0, b.len);
	cpio_iter_init(&it, b.buf, b.len);
	assert_int_equal(cpio_next(&it, &e), 0);
	assert_int_equal(it.pos, b.len);
	free(b.buf);
	free(a.buf);
}

/* ---- initramfs_unpack() ----------------------------------------------------------------------- */

static void test_concatenated_segments(void **state)
{
	static const char *const names[] = { "a1", "a2", "b1", "c1", "c2", "d1", "e1" };
	struct arc img = { 0 }, part = { 0 };
	struct collect c;
	size_t gz_len, i;
	uint8_t *gz;

	(void)state;
	collect_init(&c);
	/* A: plain; zero padding of 512; B: gzip; C: gzip of two archives; D: plain again,
	 * without a trailer; E: gzip right after D with no padding at all. */
	arc_file(&img, "a1", "first");
	arc_file(&img, "a2", "");
	arc_trailer(&img);
	arc_put(&img, (uint8_t[512]){ 0 }, 512);

	arc_file(&part, "b1", "from gzip");
	arc_trailer(&part);
	gz = host_gzip(part.buf, part.len, &gz_len);
	arc_put(&img, gz, gz_len);
	free(gz);
	part.len = 0;
	arc_file(&part, "c1", "x");
	arc_trailer(&part);
	arc_put(&part, (uint8_t[16]){ 0 }, 16);
	arc_file(&part, "c2", "y");
	arc_trailer(&part);
	gz = host_gzip(part.buf, part.len, &gz_len);
	arc_put(&img, gz, gz_len);
	free(gz);
	arc_put(&img, (uint8_t[7]){ 0 }, (4 - img.len % 4) % 4 + 4);
	arc_file(&img, "d1", "plain again");
	part.len = 0;
	arc_file(&part, "e1", "last");
	gz = host_gzip(part.buf, part.len, &gz_len);
	arc_put(&img, gz, gz_len);
	free(gz);

	assert_int_equal(unpack(img.buf, img.len, &c), 0);
	assert_int_equal(c.n, ARRAY_SIZE(names));
	for (i = 0; i < c.n; i++)
		assert_string_equal(c.v[i].name, names[i]);
	assert_memory_equal(c.v[2].data, "from gzip", 9);
	assert_memory_equal(c.v[5].data, "plain again", 11);
	assert_int_equal(c.trailers, 4);

	/* An entry callback's error stops the walk and is returned. */
	collect_free(&c);
	c.fail_at = 3;
	assert_int_equal(initramfs_unpack(img.buf, img.len, &ops, &c), -EIO);
	assert_int_equal(c.n, 3);
	collect_free(&c);
	free(part.buf);
	free(img.buf);
}

static void test_unpack_errors(void **state)
{
	static const uint8_t xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0, 0, 0 };
	static const uint8_t zstd[] = { 0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0 };
	static const struct initramfs_ops no_alloc = { .entry = collect_entry };
	struct arc a = { 0 }, b = { 0 };
	struct collect c;
	char long_name[5000];
	size_t gz_len;
	uint8_t *gz;

	(void)state;
	collect_init(&c);
	assert_int_equal(unpack("", 0, &c), 0);
	assert_int_equal(unpack("\0\0\0\0\0", 5, &c), 0);
	assert_int_equal(unpack("junk", 4, &c), -EINVAL);
	assert_int_equal(unpack(xz, sizeof(xz), &c), -EOPNOTSUPP);
	assert_int_equal(unpack(zstd, sizeof(zstd), &c), -EOPNOTSUPP);
	/* A '0' at an unaligned offset does not start an archive. */
	arc_put(&a, (const char[]){ 0, '0', '7', '0', '7', '0', '1' }, 7);
	assert_int_equal(unpack(a.buf, a.len, &c), -EINVAL);
	a.len = 0;

	/* gzip: without an allocator; output ending inside an entry; junk after entries. */
	arc_file(&a, "file", "contents");
	arc_trailer(&a);
	gz = host_gzip(a.buf, a.len, &gz_len);
	assert_int_equal(initramfs_unpack(gz, gz_len, &no_alloc, &c), -EOPNOTSUPP);
	free(gz);
	gz = host_gzip(a.buf, a.len - 20, &gz_len);
	assert_int_equal(unpack(gz, gz_len, &c), -EINVAL);
	free(gz);
	arc_put(&a, "JUNK", 4);
	gz = host_gzip(a.buf, a.len, &gz_len);
	assert_int_equal(unpack(gz, gz_len, &c), -EINVAL);
	assert_int_equal(c.n, 1); /* what came before the junk was delivered */
	free(gz);
	/* ...but junk after a plain archive is only an unknown next segment. */
	assert_int_equal(unpack(a.buf, a.len, &c), -EINVAL);

	/* Names of PATH_MAX bytes or more are skipped, as Linux does. */
	memset(long_name, 'L', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = 0;
	arc_file(&b, long_name, "skipped");
	long_name[4095] = 0;
	arc_file(&b, long_name, "kept");
	assert_int_equal(unpack(b.buf, b.len, &c), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(strlen(c.v[0].name), 4095);
	collect_free(&c);
	free(a.buf);
	free(b.buf);
}

/* ---- scripts/mkinitramfs ---------------------------------------------------------------------- */

static const struct seen *find_seen(const struct collect *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].name, name))
			return &c->v[i];
	return NULL;
}

/* Compare what we read with what the host's cpio extracts from the same image. */
static void check_with_host_extract(const struct collect *c, const char *image, size_t *files,
				    size_t *links)
{
	char dir[128], path[512], target[512];
	size_t len;
	uint8_t *data;
	ssize_t n;

	snprintf(dir, sizeof(dir), "%s/extract", tmpdir);
	run("rm -rf %s && mkdir %s && cd %s && cpio --quiet -id --no-absolute-filenames < %s "
	    "2>/dev/null; true",
	    dir, dir, dir, image);
	for (size_t i = 0; i < c->n; i++) {
		const struct seen *s = &c->v[i];

		snprintf(path, sizeof(path), "%s/%s", dir, s->name);
		if (S_ISREG(s->e.mode)) {
			data = read_file(path, &len);
			assert_non_null(data);
			assert_int_equal(len, s->e.size);
			if (len)
				assert_memory_equal(data, s->data, len);
			free(data);
			++*files;
		} else if (S_ISLNK(s->e.mode)) {
			n = readlink(path, target, sizeof(target));
			assert_int_equal(n, s->e.size);
			assert_memory_equal(target, s->data, n);
			++*links;
		}
	}
}

static void test_mkinitramfs(void **state)
{
	char script[1200], path[256], ovl[128];
	struct collect plain, gz;
	uint8_t *img, *img2, *img_gz;
	size_t len, len2, len_gz, files = 0, links = 0, applets = 0;
	const struct seen *s;
	FILE *p;

	(void)state;
	snprintf(script, sizeof(script), "%s/scripts/mkinitramfs", repo_root());
	if (access(script, X_OK) || access("/bin/busybox", X_OK))
		skip();
	collect_init(&plain);
	collect_init(&gz);
	snprintf(ovl, sizeof(ovl), "%s/overlay", tmpdir);
	run("mkdir -p %s/opt/keel && echo overlay-file > %s/opt/keel/hello && "
	    "ln -sf ../opt/keel/hello %s/opt/link && head -c 300000 /dev/urandom > %s/opt/blob",
	    ovl, ovl, ovl, ovl);
	run("%s --overlay %s --output %s/i.cpio >/dev/null", script, ovl, tmpdir);
	run("%s --overlay %s --output %s/i2.cpio >/dev/null", script, ovl, tmpdir);
	run("%s --overlay %s --gzip --output %s/i.cpio.gz >/dev/null", script, ovl, tmpdir);
	snprintf(path, sizeof(path), "%s/i.cpio", tmpdir);
	img = read_file(path, &len);
	snprintf(path, sizeof(path), "%s/i2.cpio", tmpdir);
	img2 = read_file(path, &len2);
	snprintf(path, sizeof(path), "%s/i.cpio.gz", tmpdir);
	img_gz = read_file(path, &len_gz);
	assert_non_null(img);
	assert_non_null(img2);
	assert_non_null(img_gz);
	/* Deterministic: the same inputs give the same bytes. */
	assert_int_equal(len, len2);
	assert_memory_equal(img, img2, len);

	assert_int_equal(unpack(img, len, &plain), 0);
	assert_int_equal(unpack(img_gz, len_gz, &gz), 0);
	assert_int_equal(plain.n, gz.n);
	assert_int_equal(plain.trailers, 2); /* the tree, then the device nodes */
	for (size_t i = 0; i < plain.n; i++) {
		assert_string_equal(plain.v[i].name, gz.v[i].name);
		assert_int_equal(plain.v[i].e.size, gz.v[i].e.size);
		assert_memory_equal(plain.v[i].data, gz.v[i].data, plain.v[i].e.size);
		assert_int_equal(plain.v[i].e.uid, 0);
		assert_int_equal(plain.v[i].e.mtime, 0);
		if (S_ISLNK(plain.v[i].e.mode) && plain.v[i].e.size == 12 &&
		    !memcmp(plain.v[i].data, "/bin/busybox", 12))
			applets++;
	}
	snprintf(path, sizeof(path), "%s/i.cpio", tmpdir);
	check_with_host_extract(&plain, path, &files, &links);

	/* The pieces the boot needs. */
	s = find_seen(&plain, "init");
	assert_non_null(s);
	assert_int_equal(s->e.mode, 0100755);
	assert_memory_equal(s->data, "#!/bin/sh\n", 10);
	s = find_seen(&plain, "bin/busybox");
	assert_non_null(s);
	assert_int_equal(s->e.mode & 0777, 0755);
	s = find_seen(&plain, "dev/console");
	assert_non_null(s);
	assert_int_equal(s->e.mode, 0020600);
	assert_int_equal(s->e.rdev_major, 5);
	assert_int_equal(s->e.rdev_minor, 1);
	assert_non_null(find_seen(&plain, "etc/passwd"));
	assert_non_null(find_seen(&plain, "proc"));
	s = find_seen(&plain, "tmp");
	assert_non_null(s);
	assert_int_equal(s->e.mode, 0041777);
	s = find_seen(&plain, "opt/keel/hello");
	assert_non_null(s);
	assert_memory_equal(s->data, "overlay-file\n", 13);
	/* One link per applet busybox lists with a directory (all but "linuxrc" and itself). */
	p = popen("/bin/busybox --list-full | grep / | grep -vc '^bin/busybox$'", "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%zu", &len2), 1);
	pclose(p);
	assert_int_equal(applets, len2);
	print_message("# cpio: mkinitramfs image: %zu entries, %zu files and %zu symlinks equal to "
		      "the host cpio's extraction, %zu applet links\n",
		      plain.n, files, links, applets);
	collect_free(&plain);
	collect_free(&gz);
	free(img);
	free(img2);
	free(img_gz);
}

/* ---- Truncation and corruption ---------------------------------------------------------------- */

static void make_small_image(struct arc *a)
{
	static const char text[] = "some file data that is neither short nor long\n";

	arc_entry(a, "070701", "dir", 040755, "", 0, 0);
	arc_file(a, "dir/file", text);
	arc_entry(a, "070701", "dir/link", 0120777, "file", 4, 0);
	arc_entry(a, "070702", "dir/crc", 0100644, "abc", 3, 'a' + 'b' + 'c');
	arc_file(a, "empty", "");
	arc_trailer(a);
}

static void test_truncation(void **state)
{
	struct arc a = { 0 };
	struct collect c;
	size_t cut, gz_len, good = 0;
	uint8_t *gz;
	int ret;

	(void)state;
	collect_init(&c);
	make_small_image(&a);
	assert_int_equal(unpack(a.buf, a.len, &c), 0);
	assert_int_equal(c.n, 5);
	for (cut = 0; cut < a.len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, a.buf, cut); /* exactly @cut bytes, so ASan sees any overread */
		ret = unpack(copy, cut, &c);
		/* A cut between entries is a shorter, valid archive; anywhere else is -EINVAL. */
		if (ret == 0)
			good++;
		else
			assert_int_equal(ret, -EINVAL);
		assert_true(c.n <= 5);
		free(copy);
	}
	assert_true(good >= 5 && good < 30);
	gz = host_gzip(a.buf, a.len, &gz_len);
	for (cut = 0; cut < gz_len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, gz, cut);
		ret = unpack(copy, cut, &c);
		assert_true(cut == 0 ? ret == 0 : ret == -EINVAL);
		free(copy);
	}
	print_message("# cpio: %zu plain and %zu gzip truncations, %zu at entry boundaries\n",
		      a.len, gz_len, good);
	collect_free(&c);
	free(gz);
	free(a.buf);
}

static void test_random_corruption(void **state)
{
	struct arc a = { 0 };
	struct collect c;
	size_t gz_len, oks = 0;
	uint8_t *gz, *bad, *inner;
	unsigned int i;
	int ret;

	(void)state;
	collect_init(&c);
	make_small_image(&a);
	inner = malloc(a.len);
	memcpy(inner, a.buf, a.len);
	arc_entry(&a, "070701", "x", 0100644, inner, a.len / 2, 0); /* headers inside data */
	free(inner);
	arc_trailer(&a);
	gz = host_gzip(a.buf, a.len, &gz_len);
	bad = malloc(a.len > gz_len ? a.len : gz_len);
	for (i = 0; i < 8000; i++) {
		bool use_gz = i & 1;
		size_t len = use_gz ? gz_len : a.len, flips = 1 + rng() % 3;

		memcpy(bad, use_gz ? gz : a.buf, len);
		while (flips--) {
			size_t at = rng() % len;

			/* Half the plain flips hit hex digits with other hex-ish characters. */
			if (!use_gz && (rng() & 1))
				bad[at] = "0123456789abcdefABCDEFgz\0 "[rng() % 26];
			else
				bad[at] ^= (uint8_t)(1 + rng() % 255);
		}
		if (rng() % 4 == 0)
			len -= rng() % len;
		ret = unpack(bad, len, &c);
		assert_true(ret == 0 || ret == -EINVAL || ret == -EOPNOTSUPP || ret == -ENOMEM);
		oks += ret == 0;
	}
	print_message("# cpio: 8000 corrupted images (plain and gzip): %zu still valid\n", oks);
	collect_free(&c);
	free(bad);
	free(gz);
	free(a.buf);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/keel-cpio-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_cpio),
		cmocka_unit_test(test_fields_and_padding),
		cmocka_unit_test(test_hostile_entries),
		cmocka_unit_test(test_concatenated_segments),
		cmocka_unit_test(test_unpack_errors),
		cmocka_unit_test(test_mkinitramfs),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_random_corruption),
	};

	return cmocka_run_group_tests_name("cpio", tests, setup, teardown);
}
