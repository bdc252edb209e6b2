// SPDX-License-Identifier: MPL-2.0
// lib/hash.h: published FNV-1a vectors, bucket ranges for every table size, and an even
// spread of sequential and aligned keys (what page frames and pointers look like).
// sources:
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

#include "keel_host.h"

static void test_fnv1a_vectors(void **state)
{
	(void)state;
	/* Test vectors from the FNV reference (Fowler, Noll, Vo). */
	assert_true(hash_str("") == 0xcbf29ce484222325ULL);
	assert_true(hash_str("a") == 0xaf63dc4c8601ec8cULL);
	assert_true(hash_str("foobar") == 0x85944171f73967e8ULL);
	assert_true(hash_mem("foobar", 6, FNV64_OFFSET) == hash_str("foobar"));
	/* Chaining two pieces equals hashing the whole. */
	assert_true(hash_mem("bar", 3, hash_mem("foo", 3, FNV64_OFFSET)) == hash_str("foobar"));
}

static void test_ranges(void **state)
{
	(void)state;
	for (unsigned int bits = 0; bits <= 32; bits++) {
		for (uint64_t v = 0; v < 5000; v += 7) {
			uint64_t limit = 1ULL << bits;

			assert_true(hash_32((u32)v * 2654435761U, bits) < limit);
			assert_true(hash_64(v << 20, bits) < limit);
			assert_true(hash_ptr((void *)(uintptr_t)(v * 64), bits) < limit);
		}
	}
	assert_int_equal(hash_64(12345, 0), 0);
}

/* Fill 2^bits buckets with keys spaced @stride apart; no bucket may get 3x its share. */
static void check_spread(uint64_t stride, unsigned int bits, bool use64)
{
	enum { KEYS = 1 << 16 };
	unsigned int nb = 1u << bits, max = 0;
	unsigned int *count = calloc(nb, sizeof(*count));

	for (uint64_t i = 0; i < KEYS; i++) {
		u32 h = use64 ? hash_64(i * stride, bits) : hash_32((u32)(i * stride), bits);

		count[h]++;
	}
	for (unsigned int b = 0; b < nb; b++)
		max = count[b] > max ? count[b] : max;
	free(count);
	if (max > 3 * KEYS / nb)
		fail_msg("stride %llu into %u buckets: fullest has %u of %u keys",
			 (unsigned long long)stride, nb, max, KEYS);
}

static void test_spread(void **state)
{
	static const uint64_t strides[] = { 1, 8, 64, 4096, 1ULL << 21 };

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(strides); s++) {
		for (unsigned int bits = 4; bits <= 12; bits += 4) {
			check_spread(strides[s], bits, true);
			if (strides[s] < (1ULL << 16))
				check_spread(strides[s], bits, false);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv1a_vectors),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_spread),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
