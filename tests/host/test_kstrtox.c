// SPDX-License-Identifier: MPL-2.0
// hal/lib/kstrtox.c against strtoull/strtoll: random strings in every base, where the host
// functions (with Linux's stricter rules applied on top) give the expected verdict.
// sources: hal/lib/kstrtox.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keel_host.h"

static uint64_t rng = 0x13198a2e03707344ULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * What kstrtoull must answer, worked out with strtoull: the string (after one optional
 * '+') must start with a digit, be consumed to the end or to one final '\n', and fit;
 * overflow is reported before trailing junk, as Linux does.
 */
static int ref_kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	char *end;

	if (base == 1 || base > 36)
		return -EINVAL;
	if (*s == '+')
		s++;
	if (!((*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')))
		return -EINVAL;
	errno = 0;
	*res = strtoull(s, &end, (int)base);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s)
		return -EINVAL;
	if (*end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}

static int ref_kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	bool neg = *s == '-';
	int err;

	if (neg && s[1] == '+')
		return -EINVAL;
	err = ref_kstrtoull(s + neg, base, &v);
	if (err)
		return err;
	if (v > (neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX))
		return -ERANGE;
	*res = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

static void random_number_string(char *s, size_t max)
{
	static const char *const pieces[] = { "0", "1", "7",  "8", "9",		 "a",
					      "f", "g", "z",  "x", "X",		 "0x",
					      "+", "-", "\n", " ", "99999999999" };
	size_t n = next_rand() % 7, len = 0;

	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[next_rand() % ARRAY_SIZE(pieces)];

		if (len + strlen(p) + 1 > max)
			break;
		strcpy(s + len, p);
		len += strlen(p);
	}
}

static void test_random_against_strtoull(void **state)
{
	static const unsigned int bases[] = { 0, 2, 8, 10, 16, 36 };
	char s[64];

	(void)state;
	for (int round = 0; round < 200000; round++) {
		unsigned int base = bases[round % ARRAY_SIZE(bases)];
		unsigned long long got = 12345, want = 12345;
		long long sgot = 6789, swant = 6789;
		int e1, e2;

		random_number_string(s, sizeof(s));
		e1 = kstrtoull(s, base, &got);
		e2 = ref_kstrtoull(s, base, &want);
		if (e1 != e2 || got != (e2 ? 12345 : want))
			fail_msg("kstrtoull(\"%s\", %u): %d/%llu, want %d/%llu", s, base, e1, got,
				 e2, want);
		e1 = kstrtoll(s, base, &sgot);
		e2 = ref_kstrtoll(s, base, &swant);
		if (e1 != e2 || sgot != (e2 ? 6789 : swant))
			fail_msg("kstrtoll(\"%s\", %u): %d/%lld, want %d/%lld", s, base, e1, sgot,
				 e2, swant);
	}
}

/* Values printed by the host in each base parse back exactly. */
static void test_round_trip(void **state)
{
	char s[80];

	(void)state;
	for (int round = 0; round < 100000; round++) {
		unsigned long long v = next_rand() >> (next_rand() % 64), got;
		long long sv = (long long)v, sgot;

		snprintf(s, sizeof(s), "%llu", v);
		assert_int_equal(kstrtoull(s, 10, &got), 0);
		assert_true(got == v);
		snprintf(s, sizeof(s), "%#llx\n", v);
		assert_int_equal(kstrtoull(s, v ? 0 : 16, &got), 0);
		assert_true(got == v);
		snprintf(s, sizeof(s), "%#llo", v);
		assert_int_equal(kstrtoull(s, 0, &got), 0);
		assert_true(got == v);
		snprintf(s, sizeof(s), "%lld", sv);
		assert_int_equal(kstrtoll(s, 0, &sgot), 0);
		assert_true(sgot == sv);
	}
}

static void test_narrow_types(void **state)
{
	static const char *const yes[] = { "1", "y", "Y", "yes", "on", "ON", "On\n" };
	static const char *const no[] = { "0", "n", "N", "no", "off", "OFF" };
	unsigned long ul;
	long l;
	unsigned int u;
	int i;
	bool b;

	(void)state;
	assert_int_equal(kstrtoul("0xffffffffffffffff", 0, &ul), 0);
	assert_true(ul == ~0UL);
	assert_int_equal(kstrtol("-0x8000000000000000", 0, &l), 0);
	assert_true(l == LONG_MIN);
	assert_int_equal(kstrtouint("0xffffffff", 16, &u), 0);
	assert_true(u == UINT_MAX);
	assert_int_equal(kstrtouint("-1", 10, &u), -EINVAL);
	assert_int_equal(kstrtouint("0x100000000", 16, &u), -ERANGE);
	assert_int_equal(kstrtoint("-2147483649", 10, &i), -ERANGE);
	assert_int_equal(kstrtoint("+2147483647\n", 10, &i), 0);
	assert_int_equal(i, INT_MAX);
	for (size_t k = 0; k < ARRAY_SIZE(yes); k++) {
		b = false;
		assert_int_equal(kstrtobool(yes[k], &b), 0);
		assert_true(b);
	}
	for (size_t k = 0; k < ARRAY_SIZE(no); k++) {
		b = true;
		assert_int_equal(kstrtobool(no[k], &b), 0);
		assert_false(b);
	}
	assert_int_equal(kstrtobool("", &b), -EINVAL);
	assert_int_equal(kstrtobool("o", &b), -EINVAL);
	assert_int_equal(kstrtobool("2", &b), -EINVAL);
	assert_int_equal(kstrtobool(NULL, &b), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_against_strtoull),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_narrow_types),
	};

	return cmocka_run_group_tests_name("kstrtox", tests, NULL, NULL);
}
