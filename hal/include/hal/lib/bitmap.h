// SPDX-License-Identifier: MPL-2.0
// Bit operations and bitmaps (arrays of unsigned long, bit 0 = LSB of word 0), as in Linux.
// set_bit/clear_bit/test_and_* are atomic; the __-prefixed forms are not and are cheaper.
#ifndef HAL_LIB_BITMAP_H
#define HAL_LIB_BITMAP_H

#include <hal/compiler.h>
#include <hal/types.h>

#define BITS_PER_LONG		   (8 * sizeof(unsigned long))
#define BITS_TO_LONGS(nr)	   DIV_ROUND_UP(nr, BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))
/* Bits [start % BITS_PER_LONG, BITS_PER_LONG) of a word / bits [0, nbits % BPL) (all if 0). */
#define BITMAP_FIRST_WORD_MASK(start) (~0UL << ((start) % BITS_PER_LONG))
#define BITMAP_LAST_WORD_MASK(nbits)  (~0UL >> (-(nbits) % BITS_PER_LONG))

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void __clear_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline void __change_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

static inline bool __test_and_set_bit(unsigned long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__set_bit(nr, addr);
	return old;
}

static inline bool __test_and_clear_bit(unsigned long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__clear_bit(nr, addr);
	return old;
}

/* Atomic, no ordering implied (Linux: set_bit() is not a barrier). */
static inline void set_bit(unsigned long nr, unsigned long *addr)
{
	__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline void clear_bit(unsigned long nr, unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_RELAXED);
}

/* Atomic and fully ordered, like every value-returning atomic in Linux. */
static inline bool test_and_set_bit(unsigned long nr, unsigned long *addr)
{
	return __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

static inline bool test_and_clear_bit(unsigned long nr, unsigned long *addr)
{
	return __atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

/* Whole-bitmap helpers on the first @nbits bits (whole words: bits past nbits in the last
 * word are written too). */
static inline void bitmap_zero(unsigned long *map, unsigned long nbits)
{
	for (unsigned long i = 0; i < BITS_TO_LONGS(nbits); i++)
		map[i] = 0;
}

static inline void bitmap_fill(unsigned long *map, unsigned long nbits)
{
	for (unsigned long i = 0; i < BITS_TO_LONGS(nbits); i++)
		map[i] = ~0UL;
}

static inline void bitmap_copy(unsigned long *dst, const unsigned long *src, unsigned long nbits)
{
	for (unsigned long i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = src[i];
}

/*
 * find_next_bit / find_next_zero_bit - index of the first set / clear bit at or after
 * @offset and below @size; @size when there is none. find_first_* start at 0;
 * find_last_bit finds the highest set bit below @size (@size when there is none).
 */
unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset);
unsigned long find_last_bit(const unsigned long *addr, unsigned long size);

static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}

static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}

#define for_each_set_bit(bit, addr, size)                            \
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size); \
	     (bit) = find_next_bit((addr), (size), (bit) + 1))

#define for_each_clear_bit(bit, addr, size)                               \
	for ((bit) = find_first_zero_bit((addr), (size)); (bit) < (size); \
	     (bit) = find_next_zero_bit((addr), (size), (bit) + 1))

/* bitmap_set / bitmap_clear - set / clear bits [@start, @start + @nr). Not atomic. */
void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr);
void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr);

/* Queries over the first @nbits bits only (bits beyond are ignored). */
unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits);
bool bitmap_empty(const unsigned long *map, unsigned long nbits);
bool bitmap_full(const unsigned long *map, unsigned long nbits);
bool bitmap_equal(const unsigned long *a, const unsigned long *b, unsigned long nbits);

/*
 * bitmap_find_next_zero_area - find @nr clear bits in a row, below @size, starting at or
 * after @start, with the first index a multiple of @align_mask + 1 (@align_mask is a power
 * of two minus one). Returns that index; when there is no such area, returns a value
 * greater than @size - @nr (Linux semantics: callers test `idx + nr > size`).
 */
unsigned long bitmap_find_next_zero_area(const unsigned long *map, unsigned long size,
					 unsigned long start, unsigned long nr,
					 unsigned long align_mask);

#endif /* HAL_LIB_BITMAP_H */
