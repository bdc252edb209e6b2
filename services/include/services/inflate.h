// SPDX-License-Identifier: MPL-2.0
// DEFLATE (RFC 1951) and gzip (RFC 1952) decompression, bounded against hostile input: the
// initramfs is gzip-compressed, and later file systems and exec may meet gzip data too.
#ifndef SERVICES_INFLATE_H
#define SERVICES_INFLATE_H

#include <hal/types.h>

/*
 * Where decompressed bytes go: data[0..len) holds the output so far, cap bytes are usable.
 * With @grow NULL the buffer is bounded and running out of room is -ENOSPC. Otherwise
 * grow() must make cap >= @need (replacing data, keeping its first len bytes) and return 0,
 * or return a negative errno (typically -ENOMEM) that the decompressor passes on. @ctx is
 * the grow callback's.
 *
 * A stream may be appended to output already in the buffer: back-references never reach
 * before the len the call started with.
 */
struct inflate_buf {
	u8 *data;
	size_t len;
	size_t cap;
	int (*grow)(struct inflate_buf *buf, size_t need);
	void *ctx;
};

/*
 * inflate_raw - decompress one raw DEFLATE stream (RFC 1951: stored, fixed and dynamic
 * Huffman blocks up to the block marked final) from @in[0..in_len) and append it to @out.
 * On success *@consumed (may be NULL) is the stream's length in bytes, rounded up to a
 * byte boundary. Returns 0; -EINVAL for a corrupt or truncated stream; -ENOSPC when a
 * bounded @out fills up; grow()'s error. On error @out->len says how much was written.
 * Any context (no allocation besides grow()); uses about 4 KiB of stack.
 */
int inflate_raw(const void *in, size_t in_len, struct inflate_buf *out, size_t *consumed);

/*
 * gzip_inflate - decompress the gzip member (RFC 1952) at the start of @in and append its
 * data to @out, checking the header (method 8, reserved flags clear, optional header CRC)
 * and the trailer's CRC-32 and ISIZE. *@consumed (may be NULL) is the member's length, so
 * a caller can go on with the bytes after it. Returns as inflate_raw(); a checksum or
 * size mismatch is -EINVAL.
 */
int gzip_inflate(const void *in, size_t in_len, struct inflate_buf *out, size_t *consumed);

/* gzip_magic - whether @in starts with the two gzip ID bytes (0x1f 0x8b). */
bool gzip_magic(const void *in, size_t in_len);

#endif /* SERVICES_INFLATE_H */
