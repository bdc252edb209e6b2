// SPDX-License-Identifier: MPL-2.0
// ktests for lib/bitmap.h: every search and range operation against a one-bool-per-bit
// model, on sizes that do and do not end on a word boundary.
#include <hal/compiler.h>
#include <hal/ktest.h>
#include <hal/lib/bitmap.h>

#define NBITS 300 /* not a multiple of BITS_PER_LONG on purpose */

struct model {
	DECLARE_BITMAP(map, NBITS);
	bool bit[NBITS];
};

static u64 next_rand(u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static void model_init(struct model *m, u64 seed, unsigned int density)
{
	bitmap_zero(m->map, NBITS);
	for (unsigned long i = 0; i < NBITS; i++) {
		m->bit[i] = next_rand(&seed) % 100 < density;
		if (m->bit[i])
			__set_bit(i, m->map);
	}
}

static unsigned long model_next(const struct model *m, unsigned long size, unsigned long off,
				bool want)
{
	for (unsigned long i = off; i < size; i++) {
		if (m->bit[i] == want)
			return i;
	}
	return size;
}

static bool model_same(const struct model *m)
{
	for (unsigned long i = 0; i < NBITS; i++) {
		if (test_bit(i, m->map) != m->bit[i])
			return false;
	}
	return true;
}

KTEST(bitmap, single_bits)
{
	DECLARE_BITMAP(map, 130);

	bitmap_zero(map, 130);
	__set_bit(0, map);
	set_bit(64, map);
	__set_bit(129, map);
	KEXPECT_TRUE(test_bit(0, map) && test_bit(64, map) && test_bit(129, map));
	KEXPECT_FALSE(test_bit(1, map) || test_bit(63, map) || test_bit(128, map));
	KEXPECT_EQ(map[1], 1);
	KEXPECT_TRUE(test_and_clear_bit(64, map));
	KEXPECT_FALSE(test_and_clear_bit(64, map));
	KEXPECT_FALSE(test_and_set_bit(65, map));
	KEXPECT_TRUE(test_and_set_bit(65, map));
	KEXPECT_TRUE(__test_and_clear_bit(65, map));
	KEXPECT_FALSE(__test_and_set_bit(66, map));
	__change_bit(66, map);
	clear_bit(0, map);
	KEXPECT_EQ(bitmap_weight(map, 130), 1);
	KEXPECT_EQ(find_first_bit(map, 130), 129);
}

KTEST(bitmap, find_matches_model)
{
	static const unsigned int densities[] = { 0, 2, 50, 98, 100 };
	struct model m;

	for (size_t d = 0; d < ARRAY_SIZE(densities); d++) {
		model_init(&m, 0xabcdef + d, densities[d]);
		for (unsigned long size = 0; size <= NBITS; size += (size < 130 ? 1 : 17)) {
			for (unsigned long off = 0; off <= size + 1; off++) {
				KASSERT_EQ(find_next_bit(m.map, size, off),
					   model_next(&m, size, off, true));
				KASSERT_EQ(find_next_zero_bit(m.map, size, off),
					   model_next(&m, size, off, false));
			}
		}
	}
}

KTEST(bitmap, find_last_and_weight)
{
	struct model m;
	unsigned long last, weight;

	for (unsigned int seed = 1; seed < 20; seed++) {
		model_init(&m, seed, seed * 3);
		for (unsigned long size = 0; size <= NBITS; size++) {
			last = size;
			weight = 0;
			for (unsigned long i = 0; i < size; i++) {
				if (m.bit[i]) {
					last = i;
					weight++;
				}
			}
			KASSERT_EQ(find_last_bit(m.map, size), last);
			KASSERT_EQ(bitmap_weight(m.map, size), weight);
			KASSERT_EQ(bitmap_empty(m.map, size), weight == 0);
			KASSERT_EQ(bitmap_full(m.map, size), weight == size);
		}
	}
}

KTEST(bitmap, set_clear_ranges)
{
	struct model m;
	u64 seed = 77;

	model_init(&m, 5, 50);
	for (int round = 0; round < 400; round++) {
		unsigned long start = next_rand(&seed) % NBITS;
		unsigned long nr = next_rand(&seed) % (NBITS - start + 1);
		bool set = round & 1;

		if (set)
			bitmap_set(m.map, start, nr);
		else
			bitmap_clear(m.map, start, nr);
		for (unsigned long i = start; i < start + nr; i++)
			m.bit[i] = set;
		KASSERT_TRUE(model_same(&m));
	}
}

KTEST(bitmap, for_each_and_equal)
{
	DECLARE_BITMAP(a, 200);
	DECLARE_BITMAP(b, 200);
	unsigned long bit, count = 0, sum = 0;

	bitmap_zero(a, 200);
	bitmap_set(a, 60, 10);
	__set_bit(199, a);
	for_each_set_bit(bit, a, 200) {
		count++;
		sum += bit;
	}
	KEXPECT_EQ(count, 11);
	KEXPECT_EQ(sum, 645 + 199);
	count = 0;
	for_each_clear_bit(bit, a, 200)
		count++;
	KEXPECT_EQ(count, 189);
	bitmap_copy(b, a, 200);
	KEXPECT_TRUE(bitmap_equal(a, b, 200));
	b[3] ^= 1UL << 63; /* bit 255: beyond nbits, must not count */
	KEXPECT_TRUE(bitmap_equal(a, b, 200));
	__clear_bit(199, b);
	KEXPECT_FALSE(bitmap_equal(a, b, 200));
	bitmap_fill(b, 200);
	KEXPECT_TRUE(bitmap_full(b, 200));
}

KTEST(bitmap, find_next_zero_area)
{
	DECLARE_BITMAP(map, 256);
	unsigned long idx;

	bitmap_zero(map, 256);
	bitmap_set(map, 0, 10);
	bitmap_set(map, 20, 5);
	KEXPECT_EQ(bitmap_find_next_zero_area(map, 256, 0, 10, 0), 10);
	KEXPECT_EQ(bitmap_find_next_zero_area(map, 256, 0, 11, 0), 25);
	KEXPECT_EQ(bitmap_find_next_zero_area(map, 256, 0, 4, 7), 16); /* 16..19 fits before 20 */
	KEXPECT_EQ(bitmap_find_next_zero_area(map, 256, 0, 8, 15), 32);
	KEXPECT_EQ(bitmap_find_next_zero_area(map, 256, 12, 3, 0), 12);
	idx = bitmap_find_next_zero_area(map, 256, 0, 300, 0);
	KEXPECT_GT(idx + 300, 256);
	bitmap_set(map, 25, 231);
	idx = bitmap_find_next_zero_area(map, 256, 0, 11, 0);
	KEXPECT_GT(idx + 11, 256);
	KEXPECT_EQ(bitmap_find_next_zero_area(map, 256, 0, 10, 0), 10);
}
