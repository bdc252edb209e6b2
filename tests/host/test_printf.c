// SPDX-License-Identifier: MPL-2.0
// hal/lib/printf.c against the host's snprintf: every flag set, width, precision and length
// modifier on boundary values, strings, chars, pointers, and truncation at every size.
// sources: hal/lib/printf.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keel_host.h"

#define OUT 512

static unsigned long checked;

/* No format attribute: the formats are built at run time, the arguments match them. */
static void compare(const char *fmt, ...)
{
	char want[OUT], got[OUT];
	va_list ap, ap2;
	int nwant, ngot;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	nwant = vsnprintf(want, sizeof(want), fmt, ap);
	ngot = keel_vsnprintf(got, sizeof(got), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	if (nwant != ngot || strcmp(want, got))
		fail_msg("format \"%s\": host \"%s\" (%d), keel \"%s\" (%d)", fmt, want, nwant, got,
			 ngot);
	checked++;
}

static const char *const lengths[] = { "hh", "h", "", "l", "ll", "z", "t", "j" };

/* Call compare() with @v converted to the type that @len and signedness @sgn select. */
static void compare_int(const char *fmt, const char *len, bool sgn, unsigned long long v)
{
	if (!strcmp(len, "hh"))
		sgn ? compare(fmt, (int)(signed char)v) :
		      compare(fmt, (unsigned int)(unsigned char)v);
	else if (!strcmp(len, "h"))
		sgn ? compare(fmt, (int)(short)v) : compare(fmt, (unsigned int)(unsigned short)v);
	else if (!strcmp(len, ""))
		sgn ? compare(fmt, (int)v) : compare(fmt, (unsigned int)v);
	else if (!strcmp(len, "l"))
		sgn ? compare(fmt, (long)v) : compare(fmt, (unsigned long)v);
	else if (!strcmp(len, "ll"))
		sgn ? compare(fmt, (long long)v) : compare(fmt, v);
	else if (!strcmp(len, "z"))
		sgn ? compare(fmt, (ssize_t)v) : compare(fmt, (size_t)v);
	else if (!strcmp(len, "t"))
		compare(fmt, (ptrdiff_t)v);
	else
		sgn ? compare(fmt, (intmax_t)v) : compare(fmt, (uintmax_t)v);
}

/* clang-format off */
static const unsigned long long values[] = {
	0, 1, 7, 8, 9, 10, 15, 16, 99, 100, 127, 128, 255, 256, 4095, 32767, 32768, 65535, 65536,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL, 1000000000000ULL,
	0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xfffffffffffffffeULL, ~0ULL,
	-2ULL, -9ULL, -10ULL, -100ULL, -32768ULL, -32769ULL, 0xdeadbeefcafebabeULL,
};
/* clang-format on */

/* "%" + flags (bit i of @mask picks "-+ #0"[i]) + width + precision + length + conv. */
static void build(char *fmt, unsigned int mask, int width, int prec, const char *len, char conv)
{
	char *p = fmt;

	*p++ = '%';
	for (int i = 0; i < 5; i++) {
		if (mask & (1u << i))
			*p++ = "-+ #0"[i];
	}
	if (width >= 0)
		p += sprintf(p, "%d", width);
	if (prec >= 0)
		p += sprintf(p, ".%d", prec);
	sprintf(p, "%s%c|", len, conv);
}

static void test_integers(void **state)
{
	static const int widths[] = { -1, 0, 1, 3, 8, 25 };
	static const int precs[] = { -1, 0, 1, 4, 21 };
	static const char convs[] = "diuxXo";
	char fmt[32];

	(void)state;
	for (const char *c = convs; *c; c++) {
		bool sgn = *c == 'd' || *c == 'i';

		for (unsigned int mask = 0; mask < 32; mask++) {
			/* '#' is undefined for d, i and u; leave it out there. */
			if ((mask & 8) && (sgn || *c == 'u'))
				continue;
			for (size_t w = 0; w < 6; w++) {
				for (size_t pr = 0; pr < 5; pr++) {
					for (size_t l = 0; l < 8; l++) {
						build(fmt, mask, widths[w], precs[pr], lengths[l],
						      *c);
						for (size_t v = 0; v < ARRAY_SIZE(values); v++)
							compare_int(fmt, lengths[l], sgn,
								    values[v]);
					}
				}
			}
		}
	}
	print_message("%lu integer formats compared\n", checked);
}

static void test_star_args(void **state)
{
	(void)state;
	for (int w = -12; w <= 12; w += 3) {
		for (int p = -3; p <= 12; p += 3) {
			compare("%*.*d|%-*.*x|%*s|", w, p, -4242, w, p, 0xbeefU, w, "str");
			compare("%0*d|%*.*s|%.*u", w, 77, w, p, "precision", p, 5U);
		}
	}
}

static void test_chars_strings(void **state)
{
	static const char *const strs[] = { "", "a", "hello", "a longer string, with spaces" };
	static const int widths[] = { -1, 0, 1, 5, 40 };
	static const int precs[] = { -1, 0, 1, 3, 100 };
	char fmt[32];

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(strs); s++) {
		for (unsigned int left = 0; left < 2; left++) {
			for (size_t w = 0; w < 5; w++) {
				for (size_t p = 0; p < 5; p++) {
					build(fmt, left, widths[w], precs[p], "", 's');
					compare(fmt, strs[s]);
				}
				build(fmt, left, widths[w], -1, "", 'c');
				compare(fmt, strs[s][0] ? strs[s][0] : 'Z');
			}
		}
	}
	compare("%c%c%c", 0x41, 0x141, -1); /* converted to unsigned char */
	compare("%%|%%%%|a%%b");
	compare("plain text, no conversions");
	compare("");
	compare("%s=%d (%s) %c%%", "answer", 42, "ok", '!');
}

static void test_pointers(void **state)
{
	static const uintptr_t ptrs[] = { 1, 0x1000, 0xffff800000001000UL, ~0UL, 0xabcdef };
	static const char *const fmts[] = { "%p", "%20p", "%-20p|", "%.12p", "%3p" };

	(void)state;
	/* glibc prints "(nil)" for NULL, Keel "0x0": only non-NULL pointers are compared. */
	for (size_t i = 0; i < ARRAY_SIZE(ptrs); i++) {
		for (size_t f = 0; f < ARRAY_SIZE(fmts); f++)
			compare(fmts[f], (void *)ptrs[i]);
	}
}

/* keel_snprintf without the format attribute, for arguments the compiler warns about. */
static int keel_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = keel_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_null_pointer_and_string(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(keel_snprintf(buf, sizeof(buf), "%p", NULL), 3);
	assert_string_equal(buf, "0x0");
	assert_int_equal(keel_snprintf(buf, sizeof(buf), "%5p|%-5p|", NULL, NULL), 12);
	assert_string_equal(buf, "  0x0|0x0  |");
	assert_int_equal(keel_fmt(buf, sizeof(buf), "[%s]", (char *)NULL), 8);
	assert_string_equal(buf, "[(null)]");
	assert_int_equal(keel_fmt(buf, sizeof(buf), "[%.3s]", (char *)NULL), 5);
	assert_string_equal(buf, "[(nu]");
}

/* Every buffer size from 0 past the full length: same return, prefix, NUL, no overrun. */
static void test_truncation(void **state)
{
	static const char *const fmts[] = { "%s|%08x|%-6d|%c", "%#llo %+.3d" };
	char full[64];
	int n;

	(void)state;
	n = snprintf(full, sizeof(full), "%s|%08x|%-6d|%c", "truncate me", 0xabcU, -17, 'z');
	for (size_t size = 0; size <= (size_t)n + 2; size++) {
		char *buf = malloc(size ? size : 1);

		assert_int_equal(keel_snprintf(size ? buf : NULL, size, fmts[0], "truncate me",
					       0xabcU, -17, 'z'),
				 n);
		if (size) {
			size_t k = size - 1 < (size_t)n ? size - 1 : (size_t)n;

			assert_memory_equal(buf, full, k);
			assert_int_equal(buf[k], '\0');
		}
		free(buf);
	}
	assert_int_equal(keel_snprintf(NULL, 0, fmts[1], 0777ULL, 5),
			 snprintf(NULL, 0, fmts[1], 0777ULL, 5));
}

static int keel_scn(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_scnprintf(void **state)
{
	char buf[10];
	int n = 0;

	(void)state;
	assert_int_equal(keel_scn(buf, 0, "abc"), 0);
	assert_int_equal(keel_scn(buf, 1, "abc"), 0);
	assert_string_equal(buf, "");
	for (int i = 0; i < 6; i++)
		n += scnprintf(buf + n, sizeof(buf) - n, "%d,", i);
	assert_int_equal(n, 9);
	assert_string_equal(buf, "0,1,2,3,4");
	assert_int_equal(scnprintf(buf, sizeof(buf), "%s", "exact fit"), 9);
	assert_int_equal(scnprintf(buf, sizeof(buf), "%s", "one too long"), 9);
}

static void test_huge_width(void **state)
{
	char *want = malloc(8000), *got = malloc(8000);

	(void)state;
	assert_int_equal(keel_snprintf(got, 8000, "%4000d|%-3000s|", 5, "x"),
			 snprintf(want, 8000, "%4000d|%-3000s|", 5, "x"));
	assert_string_equal(got, want);
	/* A width far beyond any buffer is clamped internally, but still returns a length. */
	assert_true(keel_snprintf(got, 16, "%*d", 1 << 30, 1) > 0);
	assert_int_equal(strlen(got), 15);
	free(want);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_star_args),
		cmocka_unit_test(test_chars_strings),
		cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_null_pointer_and_string),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_scnprintf),
		cmocka_unit_test(test_huge_width),
	};

	return cmocka_run_group_tests_name("printf", tests, NULL, NULL);
}
