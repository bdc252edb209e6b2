// SPDX-License-Identifier: MPL-2.0
// hal/lib/glob.c against the host's fnmatch(3) (no escapes, no path or dot rules), on a
// table of edge cases and on random patterns and strings over small alphabets.
// sources: hal/lib/glob.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "keel_host.h"

static uint64_t rng = 0xa4093822299f31d0ULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static bool host_match(const char *pat, const char *str)
{
	return fnmatch(pat, str, FNM_NOESCAPE) == 0;
}

static void check(const char *pat, const char *str)
{
	bool want = host_match(pat, str), got = glob_match(pat, str);

	if (want != got)
		fail_msg("glob_match(\"%s\", \"%s\") = %d, fnmatch says %d", pat, str, got, want);
}

static void test_table(void **state)
{
	static const char *const pats[] = {
		"",	  "*",	    "**",  "?",	      "??",	      "a",     "a*",
		"*a",	  "*a*",    "a?c", "a*c",     "a*b*c",	      "[abc]", "[!abc]",
		"[^abc]", "[a-c]x", "[]]", "[!]]",    "[]a]",	      "[a-]",  "[-a]",
		"[z-a]",  "[",	    "[a",  "a[",      "[!",	      "[]",    "*[",
		"x[*]",	  "[[]",    "*.c", "ktest.*", "*rb*.insert*",
	};
	static const char *const strs[] = {
		"",   "a",     "b",	 "c",	       "x",
		"ab", "abc",   "ac",	 "abbc",       "axbxc",
		"]",  "-",     "[",	 "[a",	       "a[",
		"ax", "bx",    "zx",	 "*",	       "x*",
		"[]", "foo.c", "foo.cc", "ktest.list", "rbtree.insert_erase",
		"!",  "^",
	};

	(void)state;
	for (size_t p = 0; p < ARRAY_SIZE(pats); p++) {
		for (size_t s = 0; s < ARRAY_SIZE(strs); s++)
			check(pats[p], strs[s]);
	}
}

static void random_from(char *out, size_t len, const char *alphabet)
{
	size_t k = strlen(alphabet);

	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[next_rand() % k];
	out[len] = '\0';
}

static void test_random(void **state)
{
	char pat[16], str[16];

	(void)state;
	for (int round = 0; round < 300000; round++) {
		random_from(pat, next_rand() % 10, "ab*?*[]!-c");
		random_from(str, next_rand() % 12, "abc-]!");
		check(pat, str);
	}
}

/* Many stars against a long near-miss: the single-backtrack matcher stays fast. */
static void test_no_exponential_blowup(void **state)
{
	char str[4001];

	(void)state;
	memset(str, 'a', 4000);
	str[4000] = '\0';
	assert_false(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", str));
	str[3999] = 'b';
	assert_true(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", str));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_no_exponential_blowup),
	};

	return cmocka_run_group_tests_name("glob", tests, NULL, NULL);
}
