// SPDX-License-Identifier: MPL-2.0
// DEFLATE (RFC 1951) and gzip (RFC 1952) decompression. Every input and output byte is
// bounds-checked: a hostile stream ends in -EINVAL, never in a stray memory access.
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <services/crc32.h>
#include <services/inflate.h>

#define MAX_CODE_BITS 15
#define FAST_BITS     9 /* codes up to this long decode with one table look-up */
#define FAST_SIZE     (1u << FAST_BITS)
#define NR_LITLEN     288 /* the fixed code also assigns the never-used 286 and 287 */
#define NR_DIST	      32
#define NR_CLEN	      19
#define MAX_HLIT      286
#define MAX_HDIST     30
#define END_OF_BLOCK  256

/* A canonical Huffman code (RFC 1951, 3.2.2), as counts per length and symbols in code order. */
struct huffman {
	u16 fast[FAST_SIZE];	      /* next input bits -> symbol << 4 | length, 0: slow */
	u16 count[MAX_CODE_BITS + 1]; /* codes of each length */
	u16 sorted[NR_LITLEN];	      /* symbols ordered by (length, symbol), i.e. by code */
};

/*
 * Input bits, least significant first. Past the end of the input the reader loads zero
 * bytes (counted in pad) so a look-ahead never needs a bounds check; consuming any of them
 * is an overrun, which the decoder checks at every symbol.
 */
struct bit_reader {
	const u8 *in;
	size_t len;
	size_t pos; /* next input byte to load */
	u64 bits;
	unsigned int nbits;
	unsigned int pad;
};

struct inflater {
	struct bit_reader br;
	struct inflate_buf *out;
	size_t start; /* out->len when the stream began: matches may not reach before it */
	bool fixed;   /* lit and dist hold the fixed code */
	struct huffman lit;
	struct huffman dist;
};

/* Lengths 3..258 for symbols 257..285 and distances 1..32768 for codes 0..29 (RFC 1951, 3.2.5). */
static const u16 len_base[29] = { 3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,	 17,  19,  23, 27,
				  31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const u8 len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
				  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const u16 dist_base[30] = { 1,	 2,    3,    4,	   5,	 7,    9,    13,    17,	   25,
				   33,	 49,   65,   97,   129,	 193,  257,  385,   513,   769,
				   1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const u8 dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2,  3,	3,  4,	4,  5,	5,  6,
				   6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static void br_refill(struct bit_reader *br)
{
	while (br->nbits <= 56) {
		if (br->pos < br->len)
			br->bits |= (u64)br->in[br->pos++] << br->nbits;
		else
			br->pad++;
		br->nbits += 8;
	}
}

/* Whether some of the zero bytes loaded past the end of the input have been consumed. */
static bool br_overrun(const struct bit_reader *br)
{
	return (u64)br->pad * 8 > br->nbits;
}

static void br_drop(struct bit_reader *br, unsigned int n)
{
	br->bits >>= n;
	br->nbits -= n;
}

/* The next @n (<= 32) bits as a number, the first one least significant. */
static u32 br_take(struct bit_reader *br, unsigned int n)
{
	u32 v;

	if (br->nbits < n)
		br_refill(br);
	v = (u32)(br->bits & ((1ull << n) - 1));
	br_drop(br, n);
	return v;
}

/*
 * Skip to the next byte boundary and return in *@pos the input offset there, restarting the
 * reader from it (stored blocks and the end of the stream are byte-aligned).
 */
static int br_align(struct bit_reader *br, size_t *pos)
{
	br_drop(br, br->nbits & 7);
	if (br_overrun(br))
		return -EINVAL;
	br->pos -= br->nbits / 8 - br->pad;
	br->bits = 0;
	br->nbits = 0;
	br->pad = 0;
	*pos = br->pos;
	return 0;
}

static unsigned int bit_reverse(unsigned int code, unsigned int len)
{
	unsigned int r = 0;

	while (len--) {
		r = r << 1 | (code & 1);
		code >>= 1;
	}
	return r;
}

/*
 * Build @h from the code length of each of @n symbols (0: unused, at most 15). An
 * over-subscribed set is -EINVAL; an incomplete one is accepted (RFC 1951 allows a single
 * distance code) and its unused bit patterns fail when decoded.
 */
static int huff_build(struct huffman *h, const u8 *lens, unsigned int n)
{
	u16 offs[MAX_CODE_BITS + 1];
	unsigned int len, sym, i, k, code, fill, entry;
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (sym = 0; sym < n; sym++)
		h->count[lens[sym]]++;
	for (len = 1; len <= MAX_CODE_BITS; len++) {
		left = (left << 1) - h->count[len];
		if (left < 0)
			return -EINVAL;
	}
	offs[1] = 0;
	for (len = 1; len < MAX_CODE_BITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (sym = 0; sym < n; sym++)
		if (lens[sym])
			h->sorted[offs[lens[sym]]++] = sym;

	/* Codes are sent most significant bit first, so the table is indexed bit-reversed. */
	memset(h->fast, 0, sizeof(h->fast));
	code = 0;
	i = 0;
	for (len = 1; len <= FAST_BITS; len++) {
		for (k = 0; k < h->count[len]; k++, i++, code++) {
			entry = (unsigned int)h->sorted[i] << 4 | len;
			for (fill = bit_reverse(code, len); fill < FAST_SIZE; fill += 1u << len)
				h->fast[fill] = entry;
		}
		code <<= 1;
	}
	return 0;
}

/*
 * Decode one symbol. Codes longer than FAST_BITS are found by walking the lengths: the codes
 * of one length are consecutive numbers starting at @first, right after the shorter ones.
 */
static int huff_decode(struct bit_reader *br, const struct huffman *h)
{
	unsigned int entry, len;
	int code = 0, first = 0, index = 0;
	u64 bits;

	if (br->nbits < MAX_CODE_BITS)
		br_refill(br);
	entry = h->fast[br->bits & (FAST_SIZE - 1)];
	if (entry) {
		br_drop(br, entry & 15);
		return entry >> 4;
	}
	bits = br->bits;
	for (len = 1; len <= MAX_CODE_BITS; len++) {
		code |= bits & 1;
		bits >>= 1;
		if (code - first < h->count[len]) {
			br_drop(br, len);
			return h->sorted[index + code - first];
		}
		index += h->count[len];
		first = (first + h->count[len]) << 1;
		code <<= 1;
	}
	return -EINVAL;
}

/* Make room for @n more output bytes. */
static int out_room(struct inflate_buf *out, size_t n)
{
	int ret;

	if (out->cap - out->len >= n)
		return 0;
	if (!out->grow)
		return -ENOSPC;
	if (n > SIZE_MAX - out->len)
		return -ENOMEM;
	ret = out->grow(out, out->len + n);
	if (ret)
		return ret;
	return out->data && out->len <= out->cap && out->cap - out->len >= n ? 0 : -ENOMEM;
}

static int copy_match(struct inflater *s, unsigned int len, unsigned int dist)
{
	struct inflate_buf *out = s->out;
	const u8 *src;
	u8 *dst;
	int ret;

	if (dist > out->len - s->start)
		return -EINVAL;
	ret = out_room(out, len);
	if (ret)
		return ret;
	dst = out->data + out->len;
	src = dst - dist;
	out->len += len;
	/* A match may overlap its own output (dist < len): copy forward, byte by byte. */
	while (len--)
		*dst++ = *src++;
	return 0;
}

/* Decode literals and matches up to the end-of-block symbol with the codes in s->lit/dist. */
static int inflate_codes(struct inflater *s)
{
	struct bit_reader *br = &s->br;
	unsigned int len, dist;
	int sym, ret;

	for (;;) {
		sym = huff_decode(br, &s->lit);
		if (sym < 0 || br_overrun(br))
			return -EINVAL;
		if (sym < 256) {
			ret = out_room(s->out, 1);
			if (ret)
				return ret;
			s->out->data[s->out->len++] = (u8)sym;
			continue;
		}
		if (sym == END_OF_BLOCK)
			return 0;
		sym -= 257;
		if (sym >= (int)ARRAY_SIZE(len_base))
			return -EINVAL;
		len = len_base[sym] + br_take(br, len_extra[sym]);
		sym = huff_decode(br, &s->dist);
		if (sym < 0 || sym >= (int)ARRAY_SIZE(dist_base))
			return -EINVAL;
		dist = dist_base[sym] + br_take(br, dist_extra[sym]);
		if (br_overrun(br))
			return -EINVAL;
		ret = copy_match(s, len, dist);
		if (ret)
			return ret;
	}
}

static int inflate_stored(struct inflater *s)
{
	struct bit_reader *br = &s->br;
	unsigned int len, nlen;
	size_t pos;
	int ret;

	ret = br_align(br, &pos);
	if (ret)
		return ret;
	if (br->len - pos < 4)
		return -EINVAL;
	len = br->in[pos] | br->in[pos + 1] << 8;
	nlen = br->in[pos + 2] | br->in[pos + 3] << 8;
	if (len != (~nlen & 0xffff))
		return -EINVAL;
	pos += 4;
	if (br->len - pos < len)
		return -EINVAL;
	ret = out_room(s->out, len);
	if (ret)
		return ret;
	if (len)
		memcpy(s->out->data + s->out->len, br->in + pos, len);
	s->out->len += len;
	br->pos = pos + len;
	return 0;
}

static void build_fixed(struct inflater *s)
{
	u8 lens[NR_LITLEN];

	if (s->fixed)
		return;
	memset(lens, 8, 144);
	memset(lens + 144, 9, 256 - 144);
	memset(lens + 256, 7, 280 - 256);
	memset(lens + 280, 8, NR_LITLEN - 280);
	huff_build(&s->lit, lens, NR_LITLEN);
	memset(lens, 5, NR_DIST);
	huff_build(&s->dist, lens, NR_DIST);
	s->fixed = true;
}

/* Read @n code lengths with the code-length code in s->dist (RFC 1951, 3.2.7). */
static int read_lengths(struct inflater *s, u8 *lens, unsigned int n)
{
	struct bit_reader *br = &s->br;
	unsigned int i = 0, rep;
	u8 val;
	int sym;

	while (i < n) {
		sym = huff_decode(br, &s->dist);
		if (sym < 0)
			return -EINVAL;
		if (sym < 16) {
			lens[i++] = (u8)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return -EINVAL;
			val = lens[i - 1];
			rep = 3 + br_take(br, 2);
		} else {
			val = 0;
			rep = sym == 17 ? 3 + br_take(br, 3) : 11 + br_take(br, 7);
		}
		if (rep > n - i || br_overrun(br))
			return -EINVAL;
		memset(lens + i, val, rep);
		i += rep;
	}
	return br_overrun(br) ? -EINVAL : 0;
}

static int read_dynamic(struct inflater *s)
{
	static const u8 order[NR_CLEN] = { 16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
					   11, 4,  12, 3, 13, 2, 14, 1, 15 };
	struct bit_reader *br = &s->br;
	u8 lens[MAX_HLIT + MAX_HDIST];
	u8 clens[NR_CLEN] = { 0 };
	unsigned int nlit, ndist, nclen, i;
	int ret;

	nlit = br_take(br, 5) + 257;
	ndist = br_take(br, 5) + 1;
	nclen = br_take(br, 4) + 4;
	if (nlit > MAX_HLIT || ndist > MAX_HDIST)
		return -EINVAL;
	for (i = 0; i < nclen; i++)
		clens[order[i]] = (u8)br_take(br, 3);
	if (br_overrun(br))
		return -EINVAL;
	/* The code-length code borrows the distance table until the real one is read. */
	s->fixed = false;
	ret = huff_build(&s->dist, clens, NR_CLEN);
	if (!ret)
		ret = read_lengths(s, lens, nlit + ndist);
	if (ret)
		return ret;
	if (!lens[END_OF_BLOCK])
		return -EINVAL;
	ret = huff_build(&s->lit, lens, nlit);
	if (ret)
		return ret;
	return huff_build(&s->dist, lens + nlit, ndist);
}

int inflate_raw(const void *in, size_t in_len, struct inflate_buf *out, size_t *consumed)
{
	struct inflater s;
	unsigned int final, type;
	size_t end;
	int ret;

	if (out->len > out->cap)
		return -EINVAL;
	s.br = (struct bit_reader){ .in = in, .len = in_len };
	s.out = out;
	s.start = out->len;
	s.fixed = false;
	do {
		final = br_take(&s.br, 1);
		type = br_take(&s.br, 2);
		if (br_overrun(&s.br))
			return -EINVAL;
		if (type == 0) {
			ret = inflate_stored(&s);
		} else if (type == 1) {
			build_fixed(&s);
			ret = inflate_codes(&s);
		} else if (type == 2) {
			ret = read_dynamic(&s);
			if (!ret)
				ret = inflate_codes(&s);
		} else {
			ret = -EINVAL;
		}
		if (ret)
			return ret;
	} while (!final);
	ret = br_align(&s.br, &end);
	if (ret)
		return ret;
	if (consumed)
		*consumed = end;
	return 0;
}

/* ---- gzip members (RFC 1952) ---------------------------------------------------------------- */

#define GZ_FHCRC    0x02
#define GZ_FEXTRA   0x04
#define GZ_FNAME    0x08
#define GZ_FCOMMENT 0x10
#define GZ_RESERVED 0xe0
#define GZ_DEFLATE  8

static u32 get_le16(const u8 *p)
{
	return p[0] | (u32)p[1] << 8;
}

static u32 get_le32(const u8 *p)
{
	return get_le16(p) | get_le16(p + 2) << 16;
}

bool gzip_magic(const void *in, size_t in_len)
{
	const u8 *p = in;

	return in_len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

static int skip_cstring(const u8 *in, size_t len, size_t *pos)
{
	const u8 *nul = memchr(in + *pos, 0, len - *pos);

	if (!nul)
		return -EINVAL;
	*pos = (size_t)(nul - in) + 1;
	return 0;
}

/* Check the member header and return its length in *@hdr_len. */
static int gzip_header(const u8 *in, size_t len, size_t *hdr_len)
{
	size_t pos = 10;
	u8 flags;

	if (len < pos || !gzip_magic(in, len) || in[2] != GZ_DEFLATE)
		return -EINVAL;
	flags = in[3];
	if (flags & GZ_RESERVED)
		return -EINVAL;
	if (flags & GZ_FEXTRA) {
		if (len - pos < 2 || len - pos - 2 < get_le16(in + pos))
			return -EINVAL;
		pos += 2 + get_le16(in + pos);
	}
	if ((flags & GZ_FNAME) && skip_cstring(in, len, &pos))
		return -EINVAL;
	if ((flags & GZ_FCOMMENT) && skip_cstring(in, len, &pos))
		return -EINVAL;
	if (flags & GZ_FHCRC) {
		if (len - pos < 2 || (crc32_ieee(0, in, pos) & 0xffff) != get_le16(in + pos))
			return -EINVAL;
		pos += 2;
	}
	*hdr_len = pos;
	return 0;
}

int gzip_inflate(const void *in, size_t in_len, struct inflate_buf *out, size_t *consumed)
{
	const u8 *p = in;
	size_t start = out->len, hdr, body, n;
	u32 crc = 0;
	int ret;

	ret = gzip_header(p, in_len, &hdr);
	if (ret)
		return ret;
	ret = inflate_raw(p + hdr, in_len - hdr, out, &body);
	if (ret)
		return ret;
	hdr += body;
	if (in_len - hdr < 8)
		return -EINVAL;
	n = out->len - start;
	if (n)
		crc = crc32_ieee(0, out->data + start, n);
	if (crc != get_le32(p + hdr) || (u32)n != get_le32(p + hdr + 4))
		return -EINVAL;
	if (consumed)
		*consumed = hdr + 8;
	return 0;
}
