// SPDX-License-Identifier: MPL-2.0
// ktests for lib/printf.h: each conversion with flags, width, precision and length
// modifiers against the output C99 requires; truncation and return values.
#include <hal/compiler.h>
#include <hal/ktest.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>

/* No format attribute: lets the test pass formats the compiler would reject. */
static int format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Format into a roomy buffer and check both the text and the returned length. */
#define __EXPECT_FMT(fn, expect, fmt, ...)                              \
	do {                                                            \
		char __buf[128];                                        \
		int __n = fn(__buf, sizeof(__buf), fmt, ##__VA_ARGS__); \
		KEXPECT_STREQ(__buf, expect);                           \
		KEXPECT_EQ(__n, (int)strlen(expect));                   \
	} while (0)
#define EXPECT_FMT(expect, fmt, ...) __EXPECT_FMT(snprintf, expect, fmt, ##__VA_ARGS__)
/* For flag combinations that are valid C but draw a -Wformat warning. */
#define EXPECT_FMT_RAW(expect, fmt, ...) __EXPECT_FMT(format_unchecked, expect, fmt, ##__VA_ARGS__)

KTEST(printf, decimal)
{
	EXPECT_FMT("0", "%d", 0);
	EXPECT_FMT("-1", "%d", -1);
	EXPECT_FMT("2147483647 -2147483648", "%d %i", 2147483647, -2147483647 - 1);
	EXPECT_FMT("4294967295", "%u", 0xffffffffU);
	EXPECT_FMT("-9223372036854775808", "%lld", (-0x7fffffffffffffffLL - 1));
	EXPECT_FMT("18446744073709551615", "%llu", ~0ULL);
	EXPECT_FMT("-9223372036854775808", "%ld", (long)(-0x7fffffffffffffffL - 1));
	EXPECT_FMT("-1 255 -1 65535", "%hhd %hhu %hd %hu", 255, 255, 65535, 65535);
	EXPECT_FMT("-5 5", "%zd %zu", (ssize_t)-5, (size_t)5);
	EXPECT_FMT("-7 7", "%td %jd", (ptrdiff_t)-7, (intmax_t)7);
}

KTEST(printf, flags_width_precision)
{
	EXPECT_FMT("   42", "%5d", 42);
	EXPECT_FMT("42   |", "%-5d|", 42);
	EXPECT_FMT("00042", "%05d", 42);
	EXPECT_FMT("-0042", "%05d", -42);
	EXPECT_FMT("+42 +0", "%+d %+d", 42, 0);
	EXPECT_FMT(" 42", "% d", 42);
	EXPECT_FMT_RAW("+42", "%+ d", 42); /* '+' beats ' ' */
	EXPECT_FMT("  00042", "%7.5d", 42);
	EXPECT_FMT("   -00042", "%9.5d", -42);
	EXPECT_FMT_RAW("  042", "%05.3d", 42); /* a precision turns off '0' */
	EXPECT_FMT_RAW("42   ", "%-05d", 42);  /* '-' beats '0' */
	EXPECT_FMT("|", "%.0d|", 0);
	EXPECT_FMT("   |", "%3.0d|", 0);
	EXPECT_FMT("+", "%+.0d", 0);
	EXPECT_FMT("   42", "%*d", 5, 42);
	EXPECT_FMT("42   |", "%*d|", -5, 42);
	EXPECT_FMT("00042", "%.*d", 5, 42);
	EXPECT_FMT("42", "%.*d", -3, 42); /* negative precision: as if none */
	EXPECT_FMT("  0003", "%*.*d", 6, 4, 3);
}

KTEST(printf, hex_octal)
{
	EXPECT_FMT("ff FF", "%x %X", 255, 255);
	EXPECT_FMT("0xff 0XFF", "%#x %#X", 255, 255);
	EXPECT_FMT("0", "%#x", 0);
	EXPECT_FMT("0x00ff", "%#06x", 255);
	EXPECT_FMT("  0xff", "%#6x", 255);
	EXPECT_FMT("0x000ff", "%#.5x", 255);
	EXPECT_FMT("ffffffffffffffff", "%lx", ~0UL);
	EXPECT_FMT("deadbeefcafef00d", "%llx", 0xdeadbeefcafef00dULL);
	EXPECT_FMT("17 017 0", "%o %#o %#o", 15, 15, 0);
	EXPECT_FMT("0", "%#.0o", 0);
	EXPECT_FMT("00017", "%#.5o", 15);
	EXPECT_FMT("1777777777777777777777", "%llo", ~0ULL);
	EXPECT_FMT("ff", "%hhx", 0x1ff);
}

KTEST(printf, chars_strings_pointers)
{
	EXPECT_FMT("a", "%c", 'a');
	EXPECT_FMT("  a|a  ", "%3c|%-3c", 'a', 'a');
	EXPECT_FMT("hello", "%s", "hello");
	EXPECT_FMT("  hi|hi  |", "%4s|%-4s|", "hi", "hi");
	EXPECT_FMT("hel", "%.3s", "hello");
	EXPECT_FMT("   he", "%5.2s", "hello");
	EXPECT_FMT_RAW("(null)", "%s", (const char *)NULL);
	EXPECT_FMT("%", "%%");
	EXPECT_FMT("100%", "%d%%", 100);
	EXPECT_FMT("0x1000", "%p", (void *)0x1000);
	EXPECT_FMT("0x0", "%p", NULL);
	EXPECT_FMT("  0x10", "%6p", (void *)0x10);
	EXPECT_FMT("0xffffffffffffffff", "%p", (void *)~0UL);
}

KTEST(printf, precision_reads_no_further)
{
	/* With a precision, %s must not look past it: this array has no terminator. */
	const char raw[4] = { 'a', 'b', 'c', 'd' };

	EXPECT_FMT("abcd", "%.4s", raw);
	EXPECT_FMT("ab", "%.*s", 2, raw);
}

KTEST(printf, truncation)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KEXPECT_EQ(snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	KEXPECT_STREQ(buf, "0123456");
	KEXPECT_EQ(snprintf(buf, 1, "abc"), 3);
	KEXPECT_EQ(buf[0], '\0');
	buf[0] = 'q';
	KEXPECT_EQ(snprintf(buf, 0, "abc%d", 12345), 8);
	KEXPECT_EQ(buf[0], 'q');
	KEXPECT_EQ(snprintf(NULL, 0, "%08x", 1), 8);
	KEXPECT_EQ(snprintf(buf, sizeof(buf), "%5d|%-3s", -12, "ab"), 9);
	KEXPECT_STREQ(buf, "  -12|a");
}

KTEST(printf, scnprintf_chains)
{
	char buf[16];
	int n = 0;

	n += scnprintf(buf + n, sizeof(buf) - n, "%s", "abcdef");
	KEXPECT_EQ(n, 6);
	n += scnprintf(buf + n, sizeof(buf) - n, "-%d-", 1234);
	KEXPECT_EQ(n, 12);
	n += scnprintf(buf + n, sizeof(buf) - n, "%s", "overflowing");
	KEXPECT_EQ(n, 15);
	KEXPECT_STREQ(buf, "abcdef-1234-ove");
	n += scnprintf(buf + n, sizeof(buf) - n, "more");
	KEXPECT_EQ(n, 15);
	KEXPECT_EQ(scnprintf(buf, 0, "abc"), 0);
}

KTEST(printf, unknown_conversion_stops)
{
	char buf[32];

	/* An unknown conversion is shown verbatim and ends the output: the arguments after
	 * it can no longer be located safely. */
	KEXPECT_EQ(format_unchecked(buf, sizeof(buf), "a%db%-5yc%s", 1, "unused"), 7);
	KEXPECT_STREQ(buf, "a1b%-5y");
	KEXPECT_EQ(format_unchecked(buf, sizeof(buf), "end%"), 4);
	KEXPECT_STREQ(buf, "end%");
	KEXPECT_EQ(format_unchecked(buf, sizeof(buf), "%n", &buf[0]), 2);
	KEXPECT_STREQ(buf, "%n");
}
