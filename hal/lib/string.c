// SPDX-License-Identifier: MPL-2.0
// Freestanding memory and string functions with the C library's semantics, plus the kernel's
// own helpers (strscpy, kstrto*, strsep, case-insensitive compares).
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/lib/ctype.h>
#include <hal/lib/string.h>

/*
 * The mem* functions move a word at a time once both pointers share an alignment. The word
 * type may alias anything, so this stays correct without -fno-strict-aliasing; it never
 * reads or writes outside [p, p + n), so it is also clean under AddressSanitizer.
 */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WSIZE sizeof(word_t)
#define WMASK (WSIZE - 1)

static void copy_forward(u8 *d, const u8 *s, size_t n)
{
	if ((((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0 && n >= WSIZE) {
		while ((uintptr_t)d & WMASK) {
			*d++ = *s++;
			n--;
		}
		for (; n >= WSIZE; n -= WSIZE, d += WSIZE, s += WSIZE)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
}

static void copy_backward(u8 *d, const u8 *s, size_t n)
{
	d += n;
	s += n;
	if ((((uintptr_t)d ^ (uintptr_t)s) & WMASK) == 0 && n >= WSIZE) {
		while ((uintptr_t)d & WMASK) {
			*--d = *--s;
			n--;
		}
		for (; n >= WSIZE; n -= WSIZE) {
			d -= WSIZE;
			s -= WSIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;

	/* Copying forward is safe unless dst starts inside [src, src + n). */
	if (d - s >= n)
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;
	word_t pattern = (u8)c * (~0UL / 0xff);

	if (n >= WSIZE) {
		while ((uintptr_t)d & WMASK) {
			*d++ = (u8)c;
			n--;
		}
		for (; n >= WSIZE; n -= WSIZE, d += WSIZE)
			*(word_t *)d = pattern;
	}
	while (n--)
		*d++ = (u8)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++) {
		if (*p == (u8)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		u8 x = *a, y = *b;

		if (x != y)
			return x - y;
		if (!x)
			break;
	}
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, (size_t)-1);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int x = tolower((u8)*a), y = tolower((u8)*b);

		if (x != y)
			return x - y;
		if (!x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)haystack;
	for (; *haystack; haystack++) {
		if (*haystack == *needle && !strncmp(haystack, needle, n))
			return (char *)haystack;
	}
	return NULL;
}

/* A 256-bit set of the bytes in @chars (the terminator excluded). */
static void byte_set(u64 set[4], const char *chars)
{
	set[0] = set[1] = set[2] = set[3] = 0;
	for (const u8 *p = (const u8 *)chars; *p; p++)
		set[*p / 64] |= 1ULL << (*p % 64);
}

static bool byte_in(const u64 set[4], u8 c)
{
	return set[c / 64] & (1ULL << (c % 64));
}

size_t strspn(const char *s, const char *accept)
{
	u64 set[4];
	size_t n = 0;

	byte_set(set, accept);
	while (s[n] && byte_in(set, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	u64 set[4];
	size_t n = 0;

	byte_set(set, reject);
	while (s[n] && !byte_in(set, s[n]))
		n++;
	return n;
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

char *strsep(char **stringp, const char *delim)
{
	char *start = *stringp, *end;

	if (!start)
		return NULL;
	end = start + strcspn(start, delim);
	if (*end) {
		*end = '\0';
		*stringp = end + 1;
	} else {
		*stringp = NULL;
	}
	return start;
}

char *skip_spaces(const char *s)
{
	while (isspace((u8)*s))
		s++;
	return (char *)s;
}

char *strim(char *s)
{
	size_t len;

	s = skip_spaces(s);
	len = strlen(s);
	while (len && isspace((u8)s[len - 1]))
		len--;
	s[len] = '\0';
	return s;
}

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		/* Truncated: keep what fits and still terminate. */
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}
