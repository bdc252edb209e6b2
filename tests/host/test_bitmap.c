// SPDX-License-Identifier: MPL-2.0
// hal/lib/bitmap.c and lib/bitmap.h against a one-bool-per-bit model, on heap bitmaps of
// exactly BITS_TO_LONGS(size) words so ASan catches a search reading one word too far.
// sources: hal/lib/bitmap.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "keel_host.h"

static uint64_t rng = 0x452821e638d01377ULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

struct model {
	unsigned long size;
	unsigned long *map; /* exactly BITS_TO_LONGS(size) words */
	bool *bit;
};

/* A random bitmap of @size bits, about @density percent set; junk beyond @size. */
static void model_new(struct model *m, unsigned long size, unsigned int density)
{
	unsigned long words = BITS_TO_LONGS(size);

	m->size = size;
	m->map = malloc(words ? words * sizeof(long) : 1);
	m->bit = calloc(size + 1, 1);
	for (unsigned long w = 0; w < words; w++)
		m->map[w] = (unsigned long)next_rand(); /* the bits past size stay random */
	for (unsigned long i = 0; i < size; i++) {
		m->bit[i] = next_rand() % 100 < density;
		if (m->bit[i])
			__set_bit(i, m->map);
		else
			__clear_bit(i, m->map);
	}
}

static void model_free(struct model *m)
{
	free(m->map);
	free(m->bit);
}

static unsigned long ref_next(const struct model *m, unsigned long size, unsigned long off,
			      bool want)
{
	for (unsigned long i = off; i < size; i++) {
		if (m->bit[i] == want)
			return i;
	}
	return size;
}

static void check_same(const struct model *m)
{
	for (unsigned long i = 0; i < m->size; i++)
		assert_int_equal(test_bit(i, m->map), m->bit[i]);
}

static void test_find(void **state)
{
	static const unsigned int densities[] = { 0, 1, 10, 50, 90, 99, 100 };

	(void)state;
	for (unsigned long size = 0; size <= 260; size++) {
		for (size_t d = 0; d < ARRAY_SIZE(densities); d++) {
			struct model m;
			unsigned long last = size, weight = 0;

			model_new(&m, size, densities[d]);
			for (unsigned long off = 0; off <= size + 2; off++) {
				assert_int_equal(find_next_bit(m.map, size, off),
						 ref_next(&m, size, off, true));
				assert_int_equal(find_next_zero_bit(m.map, size, off),
						 ref_next(&m, size, off, false));
			}
			for (unsigned long i = 0; i < size; i++) {
				if (m.bit[i]) {
					last = i;
					weight++;
				}
			}
			assert_int_equal(find_first_bit(m.map, size), ref_next(&m, size, 0, true));
			assert_int_equal(find_first_zero_bit(m.map, size),
					 ref_next(&m, size, 0, false));
			assert_int_equal(find_last_bit(m.map, size), last);
			assert_int_equal(bitmap_weight(m.map, size), weight);
			assert_int_equal(bitmap_empty(m.map, size), weight == 0);
			assert_int_equal(bitmap_full(m.map, size), weight == size);
			model_free(&m);
		}
	}
}

static void test_set_clear(void **state)
{
	(void)state;
	for (unsigned long size = 1; size <= 200; size += 7) {
		struct model m;

		model_new(&m, size, 50);
		for (int round = 0; round < 300; round++) {
			unsigned long start = next_rand() % (size + 1);
			unsigned long nr = next_rand() % (size - start + 1);
			bool set = next_rand() & 1;

			if (set)
				bitmap_set(m.map, start, nr);
			else
				bitmap_clear(m.map, start, nr);
			for (unsigned long i = start; i < start + nr; i++)
				m.bit[i] = set;
			check_same(&m);
		}
		model_free(&m);
	}
}

static void test_equal_copy_fill(void **state)
{
	(void)state;
	for (unsigned long size = 1; size <= 200; size += 3) {
		struct model a, b;

		model_new(&a, size, 50);
		model_new(&b, size, 50);
		bitmap_copy(b.map, a.map, size);
		assert_true(bitmap_equal(a.map, b.map, size));
		/* Bits past @size never count. */
		if (size % BITS_PER_LONG) {
			b.map[BIT_WORD(size)] ^= ~0UL << (size % BITS_PER_LONG);
			assert_true(bitmap_equal(a.map, b.map, size));
		}
		__change_bit(size - 1, b.map);
		assert_false(bitmap_equal(a.map, b.map, size));
		bitmap_fill(b.map, size);
		assert_true(bitmap_full(b.map, size));
		bitmap_zero(b.map, size);
		assert_true(bitmap_empty(b.map, size));
		model_free(&a);
		model_free(&b);
	}
}

/* The brute-force answer: the lowest aligned index >= start with nr clear bits. */
static unsigned long ref_zero_area(const struct model *m, unsigned long start, unsigned long nr,
				   unsigned long align_mask, bool *found)
{
	unsigned long idx = (start + align_mask) & ~align_mask;

	for (; idx + nr <= m->size; idx += align_mask + 1) {
		unsigned long i = 0;

		while (i < nr && !m->bit[idx + i])
			i++;
		if (i == nr) {
			*found = true;
			return idx;
		}
	}
	*found = false;
	return 0;
}

static void test_zero_area(void **state)
{
	static const unsigned long masks[] = { 0, 1, 3, 7, 63 };

	(void)state;
	for (int round = 0; round < 20000; round++) {
		struct model m;
		unsigned long size = next_rand() % 300 + 1;
		unsigned long start = next_rand() % size, nr = next_rand() % 40 + 1;
		unsigned long mask = masks[next_rand() % ARRAY_SIZE(masks)], got, want;
		bool found;

		model_new(&m, size, (unsigned int)(next_rand() % 100));
		got = bitmap_find_next_zero_area(m.map, size, start, nr, mask);
		want = ref_zero_area(&m, start, nr, mask, &found);
		if (found)
			assert_int_equal(got, want);
		else
			assert_true(got + nr > size);
		model_free(&m);
	}
}

static void test_atomic_ops(void **state)
{
	unsigned long map[3] = { 0 };
	unsigned long bit, n = 0;

	(void)state;
	set_bit(0, map);
	set_bit(127, map);
	set_bit(191, map);
	assert_true(map[0] == 1 && map[1] == 1UL << 63 && map[2] == 1UL << 63);
	assert_true(test_and_set_bit(127, map));
	assert_false(test_and_set_bit(100, map));
	assert_true(test_and_clear_bit(100, map));
	assert_false(test_and_clear_bit(100, map));
	clear_bit(0, map);
	assert_int_equal(map[0], 0);
	for_each_set_bit(bit, map, 192)
		n += bit;
	assert_int_equal(n, 127 + 191);
	n = 0;
	for_each_clear_bit(bit, map, 192)
		n++;
	assert_int_equal(n, 190);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_set_clear),
		cmocka_unit_test(test_equal_copy_fill),
		cmocka_unit_test(test_zero_area),
		cmocka_unit_test(test_atomic_ops),
	};

	return cmocka_run_group_tests_name("bitmap", tests, NULL, NULL);
}
