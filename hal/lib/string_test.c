// SPDX-License-Identifier: MPL-2.0
// ktests for lib/string.h: mem*/str* against byte-at-a-time references over many alignments,
// strscpy, the kstrto* parsers, glob_match and errno_name.
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>

#define BUF   160
#define GUARD 0xa5

static void fill_pattern(u8 *buf, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (u8)(seed + i * 7);
}

KTEST(string, memcpy_alignments)
{
	static u8 src[BUF], dst[BUF], ref[BUF];

	fill_pattern(src, BUF, 1);
	for (size_t so = 0; so < 9; so++) {
		for (size_t d_o = 0; d_o < 9; d_o++) {
			for (size_t n = 0; n < 70; n++) {
				memset(dst, GUARD, BUF);
				memset(ref, GUARD, BUF);
				for (size_t i = 0; i < n; i++)
					ref[d_o + i] = src[so + i];
				KASSERT_EQ(memcpy(dst + d_o, src + so, n), dst + d_o);
				KASSERT_TRUE(__ktest_memeq(dst, ref, BUF));
			}
		}
	}
}

KTEST(string, memmove_overlap)
{
	static u8 buf[BUF], ref[BUF];

	/* Every overlap, in both directions: a wrong direction corrupts the copy. */
	for (size_t src = 0; src < 24; src++) {
		for (size_t dst = 0; dst < 24; dst++) {
			for (size_t n = 0; n + MAX(src, dst) < 100; n += 3) {
				fill_pattern(buf, BUF, 3);
				fill_pattern(ref, BUF, 3);
				for (size_t i = 0; i < n; i++)
					ref[dst + i] = (u8)(3 + (src + i) * 7);
				KASSERT_EQ(memmove(buf + dst, buf + src, n), buf + dst);
				KASSERT_TRUE(__ktest_memeq(buf, ref, BUF));
			}
		}
	}
}

KTEST(string, memset_bounds)
{
	static u8 buf[BUF];

	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n < 80; n++) {
			memset(buf, GUARD, BUF);
			KASSERT_EQ(memset(buf + off, 0x1ff, n), buf + off);
			for (size_t i = 0; i < BUF; i++) {
				bool inside = i >= off && i < off + n;

				KASSERT_EQ(buf[i], inside ? 0xff : GUARD);
			}
		}
	}
}

KTEST(string, memcmp_memchr)
{
	static const char hello[] = "hello", high[] = "\xff\0b";
	u8 a[40], b[40];

	fill_pattern(a, sizeof(a), 9);
	fill_pattern(b, sizeof(b), 9);
	KEXPECT_EQ(memcmp(a, b, sizeof(a)), 0);
	KEXPECT_EQ(memcmp(a, b, 0), 0);
	b[33] = a[33] + 1;
	KEXPECT_LT(memcmp(a, b, sizeof(a)), 0);
	KEXPECT_GT(memcmp(b, a, sizeof(a)), 0);
	KEXPECT_EQ(memcmp(a, b, 33), 0);
	/* Bytes compare as unsigned char. */
	a[0] = 0x80;
	b[0] = 0x01;
	KEXPECT_GT(memcmp(a, b, 1), 0);

	KEXPECT_EQ(memchr(hello, 'l', 5), hello + 2);
	KEXPECT_NULL(memchr(hello, 'l', 2));
	KEXPECT_EQ(memchr(hello, '\0', 6), hello + 5);
	KEXPECT_EQ(memchr(high, 'b', 3), high + 2);
	KEXPECT_EQ(memchr(high, 0x1ff, 3), high);
}

KTEST(string, str_basics)
{
	const char *s = "path/to/file.txt", *aaab = "aaab";

	KEXPECT_EQ(strlen(""), 0);
	KEXPECT_EQ(strlen(s), 16);
	KEXPECT_EQ(strnlen(s, 4), 4);
	KEXPECT_EQ(strnlen(s, 100), 16);
	KEXPECT_EQ(strnlen("", 0), 0);
	KEXPECT_EQ(strchr(s, '/'), s + 4);
	KEXPECT_EQ(strrchr(s, '/'), s + 7);
	KEXPECT_EQ(strchr(s, '\0'), s + 16);
	KEXPECT_EQ(strrchr(s, '\0'), s + 16);
	KEXPECT_NULL(strchr(s, 'z'));
	KEXPECT_EQ(strstr(s, "file"), s + 8);
	KEXPECT_EQ(strstr(s, ""), s);
	KEXPECT_NULL(strstr(s, "txtx"));
	KEXPECT_EQ(strstr(s + 8, "file"), s + 8);
	KEXPECT_EQ(strstr(aaab, "aab"), aaab + 1);
	KEXPECT_NULL(strstr(aaab, "aaaa"));
	KEXPECT_EQ(strspn("  \tx", " \t"), 3);
	KEXPECT_EQ(strcspn("abc:def", ":;"), 3);
	KEXPECT_EQ(strcspn("abc", ""), 3);
	KEXPECT_EQ(strpbrk(s, "./"), s + 4);
}

KTEST(string, str_compare)
{
	KEXPECT_EQ(strcmp("abc", "abc"), 0);
	KEXPECT_LT(strcmp("abc", "abd"), 0);
	KEXPECT_GT(strcmp("abcd", "abc"), 0);
	KEXPECT_LT(strcmp("", "a"), 0);
	KEXPECT_GT(strcmp("\xff", "a"), 0);
	KEXPECT_EQ(strncmp("abcX", "abcY", 3), 0);
	KEXPECT_LT(strncmp("abcX", "abcY", 4), 0);
	KEXPECT_EQ(strncmp("ab", "ab", 100), 0);
	KEXPECT_EQ(strncmp("x", "y", 0), 0);
	KEXPECT_EQ(strcasecmp("Hello", "hELLO"), 0);
	KEXPECT_LT(strcasecmp("apple", "Banana"), 0);
	KEXPECT_EQ(strncasecmp("ROOT=x", "root=y", 5), 0);
}

KTEST(string, strscpy)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KEXPECT_EQ(strscpy(buf, "abc", sizeof(buf)), 3);
	KEXPECT_STREQ(buf, "abc");
	KEXPECT_EQ(strscpy(buf, "1234567", sizeof(buf)), 7);
	KEXPECT_STREQ(buf, "1234567");
	KEXPECT_EQ(strscpy(buf, "12345678", sizeof(buf)), -E2BIG);
	KEXPECT_STREQ(buf, "1234567");
	KEXPECT_EQ(strscpy(buf, "", sizeof(buf)), 0);
	KEXPECT_STREQ(buf, "");
	buf[0] = 'q';
	KEXPECT_EQ(strscpy(buf, "abc", 0), -E2BIG);
	KEXPECT_EQ(buf[0], 'q');
	KEXPECT_EQ(strscpy(buf, "abc", 1), -E2BIG);
	KEXPECT_EQ(buf[0], '\0');
}

KTEST(string, strsep_strim)
{
	char line[] = "console=ttyS0  quiet,a";
	char *p = line, *tok;
	char pad[] = " \t value \n";

	tok = strsep(&p, " ,");
	KEXPECT_STREQ(tok, "console=ttyS0");
	KEXPECT_STREQ(strsep(&p, " ,"), "");
	KEXPECT_STREQ(strsep(&p, " ,"), "quiet");
	KEXPECT_STREQ(strsep(&p, " ,"), "a");
	KEXPECT_NULL(p);
	KEXPECT_NULL(strsep(&p, " ,"));
	KEXPECT_STREQ(strim(pad), "value");
	KEXPECT_STREQ(skip_spaces("  x "), "x ");
}

KTEST(string, kstrtoull)
{
	unsigned long long v = 0;

	KEXPECT_EQ(kstrtoull("0", 0, &v), 0);
	KEXPECT_EQ(v, 0);
	KEXPECT_EQ(kstrtoull("1234\n", 10, &v), 0);
	KEXPECT_EQ(v, 1234);
	KEXPECT_EQ(kstrtoull("0x1F", 0, &v), 0);
	KEXPECT_EQ(v, 31);
	KEXPECT_EQ(kstrtoull("0X1f", 16, &v), 0);
	KEXPECT_EQ(v, 31);
	KEXPECT_EQ(kstrtoull("ff", 16, &v), 0);
	KEXPECT_EQ(v, 255);
	KEXPECT_EQ(kstrtoull("0755", 0, &v), 0);
	KEXPECT_EQ(v, 0755);
	KEXPECT_EQ(kstrtoull("+7", 10, &v), 0);
	KEXPECT_EQ(v, 7);
	KEXPECT_EQ(kstrtoull("18446744073709551615", 10, &v), 0);
	KEXPECT_EQ(v, ~0ULL);
	KEXPECT_EQ(kstrtoull("1010", 2, &v), 0);
	KEXPECT_EQ(v, 10);
	KEXPECT_EQ(kstrtoull("zz", 36, &v), 0);
	KEXPECT_EQ(v, 35 * 36 + 35);

	v = 42;
	KEXPECT_EQ(kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	KEXPECT_EQ(kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	KEXPECT_EQ(kstrtoull("", 10, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("\n", 10, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("12a", 10, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("12\n\n", 10, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull(" 12", 10, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("-1", 10, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("0x", 16, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("0x", 0, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("08", 0, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("2", 2, &v), -EINVAL);
	KEXPECT_EQ(kstrtoull("1", 1, &v), -EINVAL);
	KEXPECT_EQ(v, 42); /* never written on failure */
}

KTEST(string, kstrtoll_and_friends)
{
	long long v = 0;
	unsigned int u = 0;
	int i = 0;
	bool b = false;

	KEXPECT_EQ(kstrtoll("-9223372036854775808", 10, &v), 0);
	KEXPECT_EQ(v, (-0x7fffffffffffffffLL - 1));
	KEXPECT_EQ(kstrtoll("9223372036854775807", 10, &v), 0);
	KEXPECT_EQ(v, 0x7fffffffffffffffLL);
	KEXPECT_EQ(kstrtoll("-9223372036854775809", 10, &v), -ERANGE);
	KEXPECT_EQ(kstrtoll("9223372036854775808", 10, &v), -ERANGE);
	KEXPECT_EQ(kstrtoll("-0x10", 0, &v), 0);
	KEXPECT_EQ(v, -16);
	KEXPECT_EQ(kstrtoll("-0", 10, &v), 0);
	KEXPECT_EQ(v, 0);
	KEXPECT_EQ(kstrtoll("-", 10, &v), -EINVAL);
	KEXPECT_EQ(kstrtoll("-+1", 10, &v), -EINVAL);
	KEXPECT_EQ(kstrtouint("4294967295", 10, &u), 0);
	KEXPECT_EQ(u, 0xffffffffU);
	KEXPECT_EQ(kstrtouint("4294967296", 10, &u), -ERANGE);
	KEXPECT_EQ(kstrtoint("-2147483648", 10, &i), 0);
	KEXPECT_EQ(i, -2147483647 - 1);
	KEXPECT_EQ(kstrtoint("2147483648", 10, &i), -ERANGE);
	KEXPECT_EQ(kstrtobool("on", &b), 0);
	KEXPECT_TRUE(b);
	KEXPECT_EQ(kstrtobool("N", &b), 0);
	KEXPECT_FALSE(b);
	KEXPECT_EQ(kstrtobool("maybe", &b), -EINVAL);
}

KTEST(string, glob_match)
{
	static const struct {
		const char *pat, *str;
		bool match;
	} cases[] = {
		{ "", "", true },
		{ "", "a", false },
		{ "*", "", true },
		{ "*", "anything", true },
		{ "?", "", false },
		{ "?", "x", true },
		{ "a*b", "ab", true },
		{ "a*b", "axxb", true },
		{ "a*b", "axxbc", false },
		{ "*b*", "abc", true },
		{ "a*b*c", "abxbc", true },
		{ "a**c", "ac", true },
		{ "*.txt", "x.txt", true },
		{ "*.txt", "x.txt.gz", false },
		{ "mm.*", "mm.frame_alloc", true },
		{ "mm.*", "mmx.y", false },
		{ "[abc]", "b", true },
		{ "[abc]", "d", false },
		{ "[a-z]x", "qx", true },
		{ "[a-z]", "Q", false },
		{ "[!a-z]", "Q", true },
		{ "[^0-9]", "5", false },
		{ "[]]", "]", true },
		{ "[!]]", "]", false },
		{ "[a-]", "-", true },
		{ "[z-a]", "m", false },
		{ "[ab", "[ab", true },
		{ "[ab", "a", false },
		{ "a?c*[0-9]", "abcdef7", true },
		{ "*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa", false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool m = glob_match(cases[i].pat, cases[i].str);

		if (m != cases[i].match)
			ktest_fail(__ktest_ctx, __FILE__, __LINE__,
				   "glob_match(\"%s\", \"%s\") = %d", cases[i].pat, cases[i].str,
				   m);
	}
}

KTEST(string, errno_name)
{
	KEXPECT_STREQ(errno_name(ENOMEM), "ENOMEM");
	KEXPECT_STREQ(errno_name(-ENOENT), "ENOENT");
	KEXPECT_STREQ(errno_name(EAGAIN), "EAGAIN");
	KEXPECT_STREQ(errno_name(ENOTRECOVERABLE), "ENOTRECOVERABLE");
	KEXPECT_STREQ(errno_name(-ERESTARTSYS), "ERESTARTSYS");
	KEXPECT_STREQ(errno_name(0), "E?");
	KEXPECT_STREQ(errno_name(41), "E?");
	KEXPECT_STREQ(errno_name(515), "E?");
	KEXPECT_STREQ(errno_name(-2147483647 - 1), "E?");
}
