// SPDX-License-Identifier: MPL-2.0
// hal/lib/string.c against the host libc: the mem*/str* functions on random data at every
// alignment, in heap blocks of exactly the size used so ASan sees any byte read too far.
// sources: hal/lib/string.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keel_host.h"

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void fill_random(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)next_rand();
}

/* A NUL-terminated random string of @len chars from @alphabet, in an exact-size block. */
static char *random_string(size_t len, const char *alphabet)
{
	size_t k = strlen(alphabet);
	char *s = malloc(len + 1);

	assert_non_null(s);
	for (size_t i = 0; i < len; i++)
		s[i] = alphabet[next_rand() % k];
	s[len] = '\0';
	return s;
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Every length and alignment, in exact-size blocks: nothing outside [p, p + n) is touched. */
static void test_memcpy(void **state)
{
	(void)state;
	for (size_t n = 0; n < 300; n += (n < 40 ? 1 : 13)) {
		for (size_t so = 0; so < 8; so++) {
			for (size_t d_o = 0; d_o < 8; d_o++) {
				uint8_t *src = malloc(so + n), *dst = malloc(d_o + n);
				uint8_t *ref = malloc(d_o + n);

				fill_random(src, so + n);
				fill_random(dst, d_o + n);
				memcpy(ref, dst, d_o + n);
				assert_ptr_equal(keel_memcpy(dst + d_o, src + so, n), dst + d_o);
				memcpy(ref + d_o, src + so, n);
				assert_memory_equal(dst, ref, d_o + n);
				free(src);
				free(dst);
				free(ref);
			}
		}
	}
}

/* All the mem* functions on blocks of exactly n bytes. */
static void test_mem_exact_bounds(void **state)
{
	(void)state;
	for (size_t n = 1; n < 100; n++) {
		uint8_t *a = malloc(n), *b = malloc(n);

		fill_random(a, n);
		keel_memcpy(b, a, n);
		assert_memory_equal(a, b, n);
		keel_memset(b, 0x5a, n);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(b[i], 0x5a);
		keel_memmove(b, a, n);
		assert_int_equal(keel_memcmp(a, b, n), 0);
		assert_ptr_equal(keel_memchr(a, a[n - 1], n), memchr(a, a[n - 1], n));
		free(a);
		free(b);
	}
}

static void test_memmove(void **state)
{
	enum { SZ = 200 };
	uint8_t *buf = malloc(SZ), *ref = malloc(SZ);

	(void)state;
	for (size_t src = 0; src < 40; src++) {
		for (size_t dst = 0; dst < 40; dst++) {
			for (size_t n = 0; n + (src > dst ? src : dst) <= SZ; n += 7) {
				fill_random(buf, SZ);
				memcpy(ref, buf, SZ);
				assert_ptr_equal(keel_memmove(buf + dst, buf + src, n), buf + dst);
				memmove(ref + dst, ref + src, n);
				assert_memory_equal(buf, ref, SZ);
			}
		}
	}
	free(buf);
	free(ref);
}

static void test_memset(void **state)
{
	uint8_t buf[100], ref[100];

	(void)state;
	for (int c = -300; c < 300; c += 37) {
		for (size_t off = 0; off < 9; off++) {
			for (size_t n = 0; n + off <= sizeof(buf); n += 3) {
				fill_random(buf, sizeof(buf));
				memcpy(ref, buf, sizeof(buf));
				assert_ptr_equal(keel_memset(buf + off, c, n), buf + off);
				memset(ref + off, c, n);
				assert_memory_equal(buf, ref, sizeof(buf));
			}
		}
	}
}

static void test_memcmp_memchr(void **state)
{
	uint8_t a[64], b[64];

	(void)state;
	for (int round = 0; round < 5000; round++) {
		size_t n = next_rand() % sizeof(a);
		int c = (int)(next_rand() % 512) - 128;

		fill_random(a, sizeof(a));
		memcpy(b, a, sizeof(a));
		if (n && (next_rand() & 1))
			b[next_rand() % n] = (uint8_t)next_rand();
		assert_int_equal(sign(keel_memcmp(a, b, n)), sign(memcmp(a, b, n)));
		assert_ptr_equal(keel_memchr(a, c, n), memchr(a, c, n));
	}
}

static void test_str_search(void **state)
{
	static const char *const alphabets[] = { "ab", "abc/.", "a\x80\xff " };

	(void)state;
	for (int round = 0; round < 20000; round++) {
		const char *alpha = alphabets[round % 3];
		char *s = random_string(next_rand() % 24, alpha);
		char *t = random_string(next_rand() % 4, alpha);
		int c = (round & 7) ? (uint8_t)alpha[next_rand() % strlen(alpha)] : 0;
		size_t maxlen = next_rand() % 30;

		assert_int_equal(keel_strlen(s), strlen(s));
		assert_int_equal(keel_strnlen(s, maxlen), strnlen(s, maxlen));
		assert_ptr_equal(keel_strchr(s, c), strchr(s, c));
		assert_ptr_equal(keel_strrchr(s, c), strrchr(s, c));
		assert_ptr_equal(keel_strstr(s, t), strstr(s, t));
		assert_int_equal(keel_strspn(s, t), strspn(s, t));
		assert_int_equal(keel_strcspn(s, t), strcspn(s, t));
		assert_ptr_equal(keel_strpbrk(s, t), strpbrk(s, t));
		free(s);
		free(t);
	}
}

static void test_str_compare(void **state)
{
	static const char *const alphabets[] = { "ab", "aB", "a\xff", "Zz[" };

	(void)state;
	for (int round = 0; round < 20000; round++) {
		const char *alpha = alphabets[round % 4];
		char *a = random_string(next_rand() % 6, alpha);
		char *b = random_string(next_rand() % 6, alpha);
		size_t n = next_rand() % 8;

		assert_int_equal(sign(keel_strcmp(a, b)), sign(strcmp(a, b)));
		assert_int_equal(sign(keel_strncmp(a, b, n)), sign(strncmp(a, b, n)));
		assert_int_equal(sign(keel_strcasecmp(a, b)), sign(strcasecmp(a, b)));
		assert_int_equal(sign(keel_strncasecmp(a, b, n)), sign(strncasecmp(a, b, n)));
		free(a);
		free(b);
	}
}

static void test_strsep(void **state)
{
	(void)state;
	for (int round = 0; round < 5000; round++) {
		char *a = random_string(next_rand() % 20, "ab,;"), *b = strdup(a);
		char *pa = a, *pb = b, *ta, *tb;

		do {
			ta = keel_strsep(&pa, ",;");
			tb = strsep(&pb, ",;");
			assert_int_equal(ta ? ta - a : -1, tb ? tb - b : -1);
			if (ta)
				assert_string_equal(ta, tb);
			assert_int_equal(pa ? pa - a : -1, pb ? pb - b : -1);
		} while (ta);
		free(a);
		free(b);
	}
}

static void test_strscpy(void **state)
{
	(void)state;
	for (size_t len = 0; len < 20; len++) {
		char *src = random_string(len, "xyz");

		for (size_t size = 1; size < 24; size++) {
			char *dst = malloc(size);
			ssize_t r = strscpy(dst, src, size);

			if (len < size) {
				assert_int_equal(r, len);
				assert_string_equal(dst, src);
			} else {
				assert_int_equal(r, -E2BIG);
				assert_int_equal(strlen(dst), size - 1);
				assert_memory_equal(dst, src, size - 1);
			}
			free(dst);
		}
		assert_int_equal(strscpy(NULL, src, 0), -E2BIG);
		free(src);
	}
}

static void test_trim(void **state)
{
	char a[] = "  \t\n hello world \r\n", b[] = "   ", c[] = "x";

	(void)state;
	assert_string_equal(strim(a), "hello world");
	assert_string_equal(strim(b), "");
	assert_string_equal(strim(c), "x");
	assert_string_equal(skip_spaces("\v\f x"), "x");
	assert_string_equal(skip_spaces(""), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),	      cmocka_unit_test(test_mem_exact_bounds),
		cmocka_unit_test(test_memmove),	      cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcmp_memchr), cmocka_unit_test(test_str_search),
		cmocka_unit_test(test_str_compare),   cmocka_unit_test(test_strsep),
		cmocka_unit_test(test_strscpy),	      cmocka_unit_test(test_trim),
	};

	return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
