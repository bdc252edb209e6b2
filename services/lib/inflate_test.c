// SPDX-License-Identifier: MPL-2.0
// ktests for inflate and crc32: a fixed-Huffman gzip member with matches decodes exactly in
// the kernel, and cut or damaged copies of it fail cleanly. Host tests cover the rest.
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>
#include <services/crc32.h>
#include <services/inflate.h>

static const char text[] = "keel keel keel: a framekernel; keel keel keel!\n";

/* gzip -9 -n of text: one fixed-Huffman block with back-references. */
static const u8 member[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x4e, 0x4d,
	0xcd, 0x51, 0xc8, 0x86, 0x11, 0x56, 0x0a, 0x89, 0x0a, 0x69, 0x45, 0x89, 0xb9,
	0xa9, 0xd9, 0xa9, 0x45, 0x79, 0xa9, 0x39, 0xd6, 0x08, 0x19, 0x30, 0xa1, 0xc8,
	0x05, 0x00, 0x47, 0x76, 0x4f, 0xc9, 0x2f, 0x00, 0x00, 0x00,
};

KTEST(inflate, crc32_check_value)
{
	KEXPECT_EQ(crc32_ieee(0, "123456789", 9), 0xcbf43926);
	KEXPECT_EQ(crc32_ieee(crc32_ieee(0, "1234", 4), "56789", 5), 0xcbf43926);
}

KTEST(inflate, gzip_member)
{
	static u8 buf[64];
	struct inflate_buf out = { .data = buf, .cap = sizeof(buf) };
	size_t used = 0;

	KASSERT_EQ(gzip_inflate(member, sizeof(member), &out, &used), 0);
	KEXPECT_EQ(used, sizeof(member));
	KEXPECT_EQ(out.len, sizeof(text) - 1);
	KEXPECT_MEMEQ(buf, text, sizeof(text) - 1);
	/* Too small a bounded buffer. */
	out = (struct inflate_buf){ .data = buf, .cap = 10 };
	KEXPECT_EQ(gzip_inflate(member, sizeof(member), &out, NULL), -ENOSPC);
}

KTEST(inflate, damaged_member)
{
	static u8 buf[64], copy[sizeof(member)];
	struct inflate_buf out;
	size_t cut, i, rejected = 0;

	for (cut = 0; cut < sizeof(member); cut++) {
		out = (struct inflate_buf){ .data = buf, .cap = sizeof(buf) };
		KEXPECT_EQ(gzip_inflate(member, cut, &out, NULL), -EINVAL);
	}
	/* A bit flipped in the compressed data or the trailer is caught, unless it only hit
	 * the unused bits after the last code: the output must then still be right. */
	for (i = 10; i < sizeof(member); i++) {
		memcpy(copy, member, sizeof(member));
		copy[i] ^= 0x10;
		out = (struct inflate_buf){ .data = buf, .cap = sizeof(buf) };
		if (gzip_inflate(copy, sizeof(copy), &out, NULL) == 0)
			KEXPECT_TRUE(out.len == sizeof(text) - 1 &&
				     !memcmp(buf, text, sizeof(text) - 1));
		else
			rejected++;
	}
	KEXPECT_GE(rejected, sizeof(member) - 10 - 2);
}
