// SPDX-License-Identifier: MPL-2.0
// CRC-32 (IEEE 802.3, gzip, zip): the checksum a gzip member carries over its data.
#ifndef SERVICES_CRC32_H
#define SERVICES_CRC32_H

#include <hal/types.h>

/*
 * crc32_ieee - continue the CRC-32 @crc (0 to start) over @len bytes at @buf and return
 * the new value: crc32_ieee(crc32_ieee(0, a, n), b, m) is the CRC of a followed by b.
 * Any context; reads exactly @len bytes.
 */
u32 crc32_ieee(u32 crc, const void *buf, size_t len);

#endif /* SERVICES_CRC32_H */
