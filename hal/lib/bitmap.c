// SPDX-License-Identifier: MPL-2.0
// Bitmap searches and range operations (lib/bitmap.h). Word-at-a-time; never touches a word
// past BITS_TO_LONGS(size), so bitmaps sized exactly for their bit count are safe.
#include <hal/compiler.h>
#include <hal/lib/bitmap.h>

/* The shared search: @invert = ~0UL looks for clear bits by flipping every word read. */
static unsigned long find_next(const unsigned long *addr, unsigned long size, unsigned long offset,
			       unsigned long invert)
{
	unsigned long word, base;

	if (offset >= size)
		return size;
	word = (addr[BIT_WORD(offset)] ^ invert) & BITMAP_FIRST_WORD_MASK(offset);
	base = ALIGN_DOWN(offset, BITS_PER_LONG);
	while (!word) {
		base += BITS_PER_LONG;
		if (base >= size)
			return size;
		word = addr[BIT_WORD(base)] ^ invert;
	}
	return MIN(base + __builtin_ctzl(word), size);
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	return find_next(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset)
{
	return find_next(addr, size, offset, ~0UL);
}

unsigned long find_last_bit(const unsigned long *addr, unsigned long size)
{
	unsigned long idx, word;

	if (!size)
		return size;
	idx = BIT_WORD(size - 1);
	word = addr[idx] & BITMAP_LAST_WORD_MASK(size);
	for (;;) {
		if (word)
			return idx * BITS_PER_LONG + BITS_PER_LONG - 1 - __builtin_clzl(word);
		if (!idx--)
			return size;
		word = addr[idx];
	}
}

/* Apply @set (true) or clear to bits [start, start + nr): partial head, whole words, tail. */
static void bitmap_assign(unsigned long *map, unsigned long start, unsigned long nr, bool set)
{
	unsigned long *p = map + BIT_WORD(start);
	unsigned long end = start + nr;
	unsigned long mask = BITMAP_FIRST_WORD_MASK(start);
	unsigned long left = nr + start % BITS_PER_LONG; /* bits counted from the start of *p */

	if (!nr)
		return;
	while (left >= BITS_PER_LONG) {
		*p = set ? *p | mask : *p & ~mask;
		p++;
		left -= BITS_PER_LONG;
		mask = ~0UL;
	}
	if (left) {
		mask &= BITMAP_LAST_WORD_MASK(end);
		*p = set ? *p | mask : *p & ~mask;
	}
}

void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr)
{
	bitmap_assign(map, start, nr, true);
}

void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr)
{
	bitmap_assign(map, start, nr, false);
}

unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits)
{
	unsigned long i, w = 0;

	for (i = 0; i < nbits / BITS_PER_LONG; i++)
		w += __builtin_popcountl(map[i]);
	if (nbits % BITS_PER_LONG)
		w += __builtin_popcountl(map[i] & BITMAP_LAST_WORD_MASK(nbits));
	return w;
}

bool bitmap_empty(const unsigned long *map, unsigned long nbits)
{
	return find_first_bit(map, nbits) >= nbits;
}

bool bitmap_full(const unsigned long *map, unsigned long nbits)
{
	return find_first_zero_bit(map, nbits) >= nbits;
}

bool bitmap_equal(const unsigned long *a, const unsigned long *b, unsigned long nbits)
{
	unsigned long i;

	for (i = 0; i < nbits / BITS_PER_LONG; i++) {
		if (a[i] != b[i])
			return false;
	}
	if (nbits % BITS_PER_LONG)
		return !((a[i] ^ b[i]) & BITMAP_LAST_WORD_MASK(nbits));
	return true;
}

unsigned long bitmap_find_next_zero_area(const unsigned long *map, unsigned long size,
					 unsigned long start, unsigned long nr,
					 unsigned long align_mask)
{
	unsigned long idx, end, busy;

	for (;;) {
		idx = find_next_zero_bit(map, size, start);
		idx = (idx + align_mask) & ~align_mask;
		end = idx + nr;
		if (end > size)
			return end;
		/* A set bit inside the candidate area: retry just past it. */
		busy = find_next_bit(map, end, idx);
		if (busy >= end)
			return idx;
		start = busy + 1;
	}
}
