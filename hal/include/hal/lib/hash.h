// SPDX-License-Identifier: MPL-2.0
// Hash functions for hash tables: multiplicative hashing of integers and pointers into a
// table of 2^bits buckets, and FNV-1a for byte strings. Not cryptographic.
#ifndef HAL_LIB_HASH_H
#define HAL_LIB_HASH_H

#include <hal/compiler.h>
#include <hal/types.h>

/* 2^32 and 2^64 divided by the golden ratio (Knuth, TAOCP vol. 3, 6.4), made odd. */
#define HASH_MULT_32 0x9e3779b9U
#define HASH_MULT_64 0x9e3779b97f4a7c15ULL

/*
 * hash_32 / hash_64 - a bucket index in [0, 2^@bits), @bits in 0..32. The top bits of the
 * product are used: they depend on every bit of @val, the low ones do not.
 */
static inline u32 hash_32(u32 val, unsigned int bits)
{
	u32 h = val * HASH_MULT_32;

	return bits ? h >> (32 - bits) : 0;
}

static inline u32 hash_64(u64 val, unsigned int bits)
{
	u64 h = val * HASH_MULT_64;

	return bits ? (u32)(h >> (64 - bits)) : 0;
}

static inline u32 hash_long(unsigned long val, unsigned int bits)
{
	return hash_64(val, bits);
}

static inline u32 hash_ptr(const void *ptr, unsigned int bits)
{
	return hash_64((uintptr_t)ptr, bits);
}

#define FNV64_OFFSET 0xcbf29ce484222325ULL
#define FNV64_PRIME  0x100000001b3ULL

/* hash_mem - FNV-1a over @len bytes; chain calls by passing the previous result as @seed
 * (start with FNV64_OFFSET). */
static inline u64 hash_mem(const void *data, size_t len, u64 seed)
{
	const u8 *p = data;

	while (len--)
		seed = (seed ^ *p++) * FNV64_PRIME;
	return seed;
}

/* hash_str - FNV-1a of a NUL-terminated string (the terminator excluded). */
static inline u64 hash_str(const char *s)
{
	u64 h = FNV64_OFFSET;

	while (*s)
		h = (h ^ (u8)*s++) * FNV64_PRIME;
	return h;
}

#endif /* HAL_LIB_HASH_H */
