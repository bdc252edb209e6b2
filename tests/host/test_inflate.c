// SPDX-License-Identifier: MPL-2.0
// Host tests for services/lib/inflate.c: streams made at test time by the host's gzip (-1/-9,
// varied data) must decompress byte for byte; hand-made and corrupted streams must fail cleanly.
// sources: services/lib/inflate.c services/lib/crc32.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "keel_host.h"
#include <services/crc32.h>
#include <services/inflate.h>

static char tmpdir[64];

/* ---- Helpers ------------------------------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	assert_non_null(f);
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

/* gzip @data with the host's gzip and the extra @flags (e.g. "-9"); returns the stream. */
static uint8_t *host_gzip(const void *data, size_t len, const char *flags, size_t *gz_len)
{
	char in[128], cmd[512];

	snprintf(in, sizeof(in), "%s/in", tmpdir);
	write_file(in, data, len);
	snprintf(cmd, sizeof(cmd), "gzip %s -c %s > %s/in.gz", flags, in, tmpdir);
	assert_int_equal(system(cmd), 0);
	snprintf(in, sizeof(in), "%s/in.gz", tmpdir);
	return read_file(in, gz_len);
}

static int grow_realloc(struct inflate_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 16;
	void *p;

	while (cap < need)
		cap *= 2;
	if (b->ctx && cap > *(size_t *)b->ctx)
		return -ENOMEM; /* the caller's cap on output */
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

/* Decompress @gz (one member) into a growing buffer and compare it with @want. */
static void check_gunzip(const uint8_t *gz, size_t gz_len, const void *want, size_t want_len)
{
	struct inflate_buf out = { .grow = grow_realloc };
	size_t used = 0;

	assert_int_equal(gzip_inflate(gz, gz_len, &out, &used), 0);
	assert_int_equal(used, gz_len);
	assert_int_equal(out.len, want_len);
	if (want_len)
		assert_memory_equal(out.data, want, want_len);
	free(out.data);

	/* Into a bounded buffer of exactly the right size, then one byte short. */
	out = (struct inflate_buf){ .data = malloc(want_len + 1), .cap = want_len };
	assert_int_equal(gzip_inflate(gz, gz_len, &out, NULL), 0);
	assert_int_equal(out.len, want_len);
	if (want_len) {
		assert_memory_equal(out.data, want, want_len);
		out.len = 0;
		out.cap = want_len - 1;
		assert_int_equal(gzip_inflate(gz, gz_len, &out, NULL), -ENOSPC);
	}
	free(out.data);
}

/* ---- Data sets ------------------------------------------------------------------------------ */

enum data_kind { D_RANDOM, D_REPEAT, D_TEXT, D_MIXED };

static uint8_t *make_data(enum data_kind kind, size_t len)
{
	static const char *words[] = { "keel ",	   "frame", "kernel ", "the ", "initramfs\n",
				       "busybox ", "of ",   "a ",      "\t",   "gzip " };
	uint8_t *d = malloc(len ? len : 1);
	const char *word;
	size_t i = 0, w;

	assert_non_null(d);
	while (i < len) {
		switch (kind) {
		case D_RANDOM:
			d[i++] = (uint8_t)rng();
			break;
		case D_REPEAT:
			d[i] = "abcabcabd"[i % 9];
			i++;
			break;
		case D_TEXT:
			word = words[rng() % ARRAY_SIZE(words)];
			for (w = 0; word[w] && i < len; w++)
				d[i++] = (uint8_t)word[w];
			break;
		case D_MIXED:
			/* Runs of random bytes, zeros and text, so blocks of every type turn up. */
			w = 1 + rng() % 5000;
			for (size_t r = rng() % 3; w-- && i < len; i++)
				d[i] = r == 0 ? (uint8_t)rng() :
				       r == 1 ? 0 :
						(uint8_t)('a' + i % 26);
			break;
		}
	}
	return d;
}

/* ---- Tests ---------------------------------------------------------------------------------- */

static void test_crc32(void **state)
{
	(void)state;
	assert_int_equal(crc32_ieee(0, "", 0), 0);
	assert_int_equal(crc32_ieee(0, "123456789", 9), 0xcbf43926);
	assert_int_equal(crc32_ieee(crc32_ieee(0, "1234", 4), "56789", 5), 0xcbf43926);
	assert_int_equal(crc32_ieee(0, "The quick brown fox jumps over the lazy dog", 43),
			 0x414fa339);
}

static void test_host_gzip_vectors(void **state)
{
	static const struct {
		enum data_kind kind;
		size_t len;
	} sets[] = {
		{ D_RANDOM, 0 },      { D_RANDOM, 1 },	     { D_REPEAT, 2 },
		{ D_TEXT, 100 },      { D_RANDOM, 4096 },    { D_REPEAT, 70000 },
		{ D_TEXT, 200000 },   { D_RANDOM, 100000 },  { D_MIXED, 300000 },
		{ D_MIXED, 1500000 }, { D_REPEAT, 1 << 21 },
	};
	static const char *const levels[] = { "-1", "-9", "-6 -n", "-1 -n" };
	unsigned int i, l, n = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		uint8_t *data = make_data(sets[i].kind, sets[i].len);

		for (l = 0; l < ARRAY_SIZE(levels); l++) {
			size_t gz_len;
			uint8_t *gz = host_gzip(data, sets[i].len, levels[l], &gz_len);

			check_gunzip(gz, gz_len, data, sets[i].len);
			free(gz);
			n++;
		}
		free(data);
	}
	print_message("# inflate: %u host gzip streams decompressed byte for byte\n", n);
}

static void test_real_file(void **state)
{
	size_t len, gz_len;
	uint8_t *data, *gz;
	char cmd[256], path[128];

	(void)state;
	if (access("/bin/busybox", R_OK))
		skip();
	data = read_file("/bin/busybox", &len);
	snprintf(cmd, sizeof(cmd), "cp /bin/busybox %s/bb && gzip -9 -f %s/bb", tmpdir, tmpdir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/bb.gz", tmpdir); /* with FNAME "bb" in the header */
	gz = read_file(path, &gz_len);
	assert_true(gz[3] & 0x08);
	check_gunzip(gz, gz_len, data, len);
	free(gz);
	free(data);
}

static void test_concatenated_members(void **state)
{
	size_t a_len, b_len, used;
	uint8_t *a = host_gzip("first\n", 6, "-n", &a_len);
	uint8_t *b = host_gzip("second\n", 7, "-9", &b_len);
	uint8_t *both = malloc(a_len + b_len);
	struct inflate_buf out = { .grow = grow_realloc };

	(void)state;
	memcpy(both, a, a_len);
	memcpy(both + a_len, b, b_len);
	assert_int_equal(gzip_inflate(both, a_len + b_len, &out, &used), 0);
	assert_int_equal(used, a_len);
	assert_int_equal(gzip_inflate(both + used, a_len + b_len - used, &out, &used), 0);
	assert_int_equal(used, b_len);
	assert_int_equal(out.len, 13);
	assert_memory_equal(out.data, "first\nsecond\n", 13);
	free(out.data);
	free(both);
	free(a);
	free(b);
}

/* Rebuild the header of a flag-less member @gz with FEXTRA, FNAME, FCOMMENT and FHCRC. */
static uint8_t *with_header_fields(const uint8_t *gz, size_t gz_len, size_t *len, bool good_hcrc)
{
	static const uint8_t extra[] = { 6, 0, 'K', 'L', 2, 0, 1, 2 };
	uint8_t *p = malloc(gz_len + 64);
	size_t n = 10;
	uint32_t crc;

	memcpy(p, gz, 10);
	p[3] = 0x02 | 0x04 | 0x08 | 0x10;
	memcpy(p + n, extra, sizeof(extra));
	n += sizeof(extra);
	memcpy(p + n, "name.cpio", 10);
	n += 10;
	memcpy(p + n, "a comment", 10);
	n += 10;
	crc = crc32_ieee(0, p, n) ^ (good_hcrc ? 0 : 1);
	p[n++] = crc & 0xff;
	p[n++] = (crc >> 8) & 0xff;
	memcpy(p + n, gz + 10, gz_len - 10);
	*len = n + gz_len - 10;
	return p;
}

static void test_header_fields(void **state)
{
	static const char msg[] = "header fields and all";
	size_t gz_len, len;
	uint8_t *gz = host_gzip(msg, sizeof(msg), "-n", &gz_len);
	uint8_t *p;
	struct inflate_buf out = { .grow = grow_realloc };

	(void)state;
	assert_int_equal(gz[3], 0);
	p = with_header_fields(gz, gz_len, &len, true);
	check_gunzip(p, len, msg, sizeof(msg));
	free(p);
	p = with_header_fields(gz, gz_len, &len, false);
	assert_int_equal(gzip_inflate(p, len, &out, NULL), -EINVAL);
	/* Every truncation of the header is an error, as is each reserved flag bit. */
	p[3] = 0x02 | 0x04 | 0x08 | 0x10;
	for (size_t cut = 0; cut < 42; cut++) {
		out.len = 0;
		assert_int_equal(gzip_inflate(p, cut, &out, NULL), -EINVAL);
	}
	free(p);
	for (int bit = 5; bit < 8; bit++) {
		gz[3] = (uint8_t)(1 << bit);
		out.len = 0;
		assert_int_equal(gzip_inflate(gz, gz_len, &out, NULL), -EINVAL);
	}
	gz[3] = 0;
	gz[2] = 7; /* compression method other than deflate */
	assert_int_equal(gzip_inflate(gz, gz_len, &out, NULL), -EINVAL);
	gz[2] = 8;
	gz[gz_len - 8] ^= 1; /* CRC32 */
	assert_int_equal(gzip_inflate(gz, gz_len, &out, NULL), -EINVAL);
	gz[gz_len - 8] ^= 1;
	gz[gz_len - 1] ^= 1; /* ISIZE */
	out.len = 0;
	assert_int_equal(gzip_inflate(gz, gz_len, &out, NULL), -EINVAL);
	gz[gz_len - 1] ^= 1;
	out.len = 0;
	assert_int_equal(gzip_inflate(gz, gz_len, &out, NULL), 0);
	assert_false(gzip_magic(gz, 1));
	assert_true(gzip_magic(gz, 2));
	free(out.data);
	free(gz);
}

/* ---- Hand-made raw DEFLATE streams ---------------------------------------------------------- */

struct bitw {
	uint8_t buf[65536 + 64];
	size_t nbits;
};

static void put_bits(struct bitw *w, uint32_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++, w->nbits++) {
		if (!(w->nbits & 7))
			w->buf[w->nbits / 8] = 0;
		w->buf[w->nbits / 8] |= ((v >> i) & 1) << (w->nbits & 7);
	}
}

/* A Huffman code goes most significant bit first. */
static void put_code(struct bitw *w, uint32_t code, unsigned int n)
{
	while (n--)
		put_bits(w, (code >> n) & 1, 1);
}

/* The fixed literal/length code of RFC 1951, 3.2.6. */
static void put_fixed_sym(struct bitw *w, unsigned int sym)
{
	if (sym < 144)
		put_code(w, 0x30 + sym, 8);
	else if (sym < 256)
		put_code(w, 0x190 + sym - 144, 9);
	else if (sym < 280)
		put_code(w, sym - 256, 7);
	else
		put_code(w, 0xc0 + sym - 280, 8);
}

static void put_fixed_match(struct bitw *w, unsigned int len, unsigned int dist)
{
	/* Enough of the tables to encode 258 (symbol 285) and 32768 (code 29, 13 extra bits)
	 * and the short cases 3..10 (symbols 257..264) with distance 1..4 (codes 0..3). */
	if (len == 258)
		put_fixed_sym(w, 285);
	else
		put_fixed_sym(w, 257 + len - 3);
	if (dist == 32768) {
		put_code(w, 29, 5);
		put_bits(w, 32768 - 24577, 13);
	} else {
		put_code(w, dist - 1, 5);
	}
}

static int raw(struct bitw *w, struct inflate_buf *out, size_t *used)
{
	return inflate_raw(w->buf, (w->nbits + 7) / 8, out, used);
}

static void test_fixed_and_stored(void **state)
{
	static struct bitw w;
	struct inflate_buf out = { .grow = grow_realloc };
	size_t used, i;

	(void)state;
	/* Fixed block: "ab", then an overlapping match of 258 at distance 2, end of block. */
	w.nbits = 0;
	put_bits(&w, 1, 1);
	put_bits(&w, 1, 2);
	put_fixed_sym(&w, 'a');
	put_fixed_sym(&w, 'b');
	put_fixed_match(&w, 258, 2);
	put_fixed_sym(&w, 0xff);
	put_fixed_sym(&w, 256);
	assert_int_equal(raw(&w, &out, &used), 0);
	assert_int_equal(used, (w.nbits + 7) / 8);
	assert_int_equal(out.len, 261);
	for (i = 0; i < 260; i++)
		assert_int_equal(out.data[i], "ab"[i % 2]);
	assert_int_equal(out.data[260], 0xff);

	/* A match reaching before the stream's own output (the buffer already holds bytes). */
	w.nbits = 0;
	put_bits(&w, 1, 1);
	put_bits(&w, 1, 2);
	put_fixed_match(&w, 3, 1);
	put_fixed_sym(&w, 256);
	assert_int_equal(raw(&w, &out, NULL), -EINVAL);
	/* Literal/length symbols 286 and 287 exist in the fixed code but are invalid. */
	for (unsigned int sym = 286; sym < 288; sym++) {
		w.nbits = 0;
		put_bits(&w, 3, 3);
		put_fixed_sym(&w, sym);
		out.len = 0;
		assert_int_equal(raw(&w, &out, NULL), -EINVAL);
	}
	/* Distance codes 30 and 31 likewise. */
	w.nbits = 0;
	put_bits(&w, 3, 3);
	put_fixed_sym(&w, 'x');
	put_fixed_sym(&w, 257);
	put_code(&w, 30, 5);
	out.len = 0;
	assert_int_equal(raw(&w, &out, NULL), -EINVAL);
	/* Block type 3 is reserved. */
	w.nbits = 0;
	put_bits(&w, 7, 3);
	assert_int_equal(raw(&w, &out, NULL), -EINVAL);

	/* Stored blocks: an empty one, 40000 bytes in two, then a fixed block matching 32768
	 * bytes back: the longest distance there is. */
	w.nbits = 0;
	put_bits(&w, 0, 3);
	w.nbits = 8;
	put_bits(&w, 0, 16);
	put_bits(&w, 0xffff, 16);
	for (int b = 0; b < 2; b++) {
		put_bits(&w, 0, 3);
		w.nbits = (w.nbits + 7) & ~7ul;
		put_bits(&w, 20000, 16);
		put_bits(&w, 20000 ^ 0xffff, 16);
		for (i = 0; i < 20000; i++)
			put_bits(&w, (uint32_t)(b * 20000 + i) * 7 / 3 & 0xff, 8);
	}
	put_bits(&w, 1, 1);
	put_bits(&w, 1, 2);
	put_fixed_match(&w, 3, 32768);
	put_fixed_sym(&w, 256);
	out.len = 0;
	assert_int_equal(raw(&w, &out, &used), 0);
	assert_int_equal(out.len, 40003);
	for (i = 0; i < 3; i++)
		assert_int_equal(out.data[40000 + i], out.data[40000 - 32768 + i]);
	assert_int_equal(out.data[40000], (uint8_t)((40000 - 32768) * 7 / 3));
	/* One byte short of the stored data, and a LEN/NLEN mismatch. */
	out.len = 0;
	assert_int_equal(inflate_raw(w.buf, 1 + 4 + 5 + 20000 - 1, &out, NULL), -EINVAL);
	w.buf[1 + 4 + 1 + 3] ^= 1;
	out.len = 0;
	assert_int_equal(raw(&w, &out, NULL), -EINVAL);
	free(out.data);
}

/* Feed @len bytes of @in to inflate_raw or gzip_inflate with a capped growing buffer. */
static int try_stream(const uint8_t *in, size_t len, bool gzip)
{
	static size_t limit = 1 << 22;
	struct inflate_buf out = { .grow = grow_realloc, .ctx = &limit };
	int ret = gzip ? gzip_inflate(in, len, &out, NULL) : inflate_raw(in, len, &out, NULL);

	free(out.data);
	return ret;
}

static void test_truncation(void **state)
{
	static const enum data_kind kinds[] = { D_TEXT, D_RANDOM, D_MIXED, D_REPEAT };
	unsigned int k, n = 0;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		size_t len = 3000, gz_len;
		uint8_t *data = make_data(kinds[k], len);
		uint8_t *gz = host_gzip(data, len, k & 1 ? "-1 -n" : "-9 -n", &gz_len);

		for (size_t cut = 0; cut < gz_len; cut++, n++)
			assert_int_equal(try_stream(gz, cut, true), -EINVAL);
		assert_int_equal(try_stream(gz, gz_len, true), 0);
		free(gz);
		free(data);
	}
	print_message("# inflate: %u truncated streams rejected\n", n);
}

static void test_random_corruption(void **state)
{
	size_t len = 20000, gz_len;
	uint8_t *data = make_data(D_MIXED, len);
	uint8_t *gz = host_gzip(data, len, "-9 -n", &gz_len);
	uint8_t *bad = malloc(gz_len);
	unsigned int i, ok = 0, fails = 0;

	(void)state;
	for (i = 0; i < 6000; i++) {
		struct inflate_buf out = { .grow = grow_realloc };
		size_t flips = 1 + rng() % 4;
		int ret;

		memcpy(bad, gz, gz_len);
		while (flips--)
			bad[rng() % gz_len] ^= (uint8_t)(1 + rng() % 255);
		ret = gzip_inflate(bad, gz_len, &out, NULL);
		if (ret == 0) {
			/* Only header bytes nobody checks (MTIME, XFL, OS) may change unnoticed. */
			assert_int_equal(out.len, len);
			assert_memory_equal(out.data, data, len);
			ok++;
		} else {
			assert_true(ret == -EINVAL || ret == -ENOMEM);
			fails++;
		}
		free(out.data);
	}
	/* Random bytes as raw DEFLATE, at many lengths. */
	for (i = 0; i < 4000; i++) {
		size_t n = rng() % 600;

		for (size_t j = 0; j < n; j++)
			bad[j] = (uint8_t)rng();
		int ret = try_stream(bad, n, false);
		assert_true(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	}
	print_message("# inflate: 6000 corrupted members: %u rejected, %u harmless\n", fails, ok);
	free(bad);
	free(gz);
	free(data);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/keel-inflate-XXXXXX");
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
		cmocka_unit_test(test_crc32),	      cmocka_unit_test(test_host_gzip_vectors),
		cmocka_unit_test(test_real_file),     cmocka_unit_test(test_concatenated_members),
		cmocka_unit_test(test_header_fields), cmocka_unit_test(test_fixed_and_stored),
		cmocka_unit_test(test_truncation),    cmocka_unit_test(test_random_corruption),
	};

	return cmocka_run_group_tests_name("inflate", tests, setup, teardown);
}
