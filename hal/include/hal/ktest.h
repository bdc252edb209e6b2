// SPDX-License-Identifier: MPL-2.0
// In-kernel unit tests: KTEST(suite, name) cases collected in a linker section, run at boot
// when the command line says "ktest" (or "ktest=<glob>" on "suite.name"), reported as KTAP v1.
#ifndef HAL_KTEST_H
#define HAL_KTEST_H

#include <hal/compiler.h>
#include <hal/types.h>

struct ktest_ctx;

struct ktest_case {
	const char *suite;
	const char *name;
	void (*fn)(struct ktest_ctx *ctx);
	const char *file;
	int line;
};

#define __KTEST_FN(suite, name)	  __ktest_fn_##suite##__##name
#define __KTEST_DESC(suite, name) __ktest_desc_##suite##__##name

/*
 * KTEST - define a test case. The body sees `__ktest_ctx`; use the KEXPECT_ and KASSERT_
 * macros in it. Each case runs to the end unless a KASSERT_ fails or it calls KTEST_SKIP().
 */
#define KTEST(suite, name)                                                                        \
	static void __KTEST_FN(suite, name)(struct ktest_ctx * __ktest_ctx);                      \
	static const struct ktest_case __KTEST_DESC(suite, name) __section(".ktest_cases") __used \
	__aligned(8) = {                                                                          \
		#suite, #name, __KTEST_FN(suite, name), __FILE__, __LINE__,                       \
	};                                                                                        \
	static void __KTEST_FN(suite, name)(struct ktest_ctx * __ktest_ctx)

/* Record a failed expectation; the case is reported "not ok" with file, line and message. */
void ktest_fail(struct ktest_ctx *ctx, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
/* Mark the case skipped with a reason ("# SKIP reason" in KTAP). */
void ktest_skip(struct ktest_ctx *ctx, const char *reason);

#define KEXPECT_TRUE(cond)                                                                 \
	({                                                                                 \
		bool __ok = !!(cond);                                                      \
		if (!__ok)                                                                 \
			ktest_fail(__ktest_ctx, __FILE__, __LINE__, "expected %s", #cond); \
		__ok;                                                                      \
	})
#define KEXPECT_FALSE(cond) KEXPECT_TRUE(!(cond))

#define __KEXPECT_CMP(a, op, b)                                                                   \
	({                                                                                        \
		long long __a = (long long)(a), __b = (long long)(b);                             \
		bool __ok = __a op __b;                                                           \
		if (!__ok)                                                                        \
			ktest_fail(__ktest_ctx, __FILE__, __LINE__,                               \
				   "expected %s %s %s (%lld vs %lld, 0x%llx vs 0x%llx)", #a, #op, \
				   #b, __a, __b, (unsigned long long)__a,                         \
				   (unsigned long long)__b);                                      \
		__ok;                                                                             \
	})
#define KEXPECT_EQ(a, b) __KEXPECT_CMP(a, ==, b)
#define KEXPECT_NE(a, b) __KEXPECT_CMP(a, !=, b)
#define KEXPECT_LT(a, b) __KEXPECT_CMP(a, <, b)
#define KEXPECT_LE(a, b) __KEXPECT_CMP(a, <=, b)
#define KEXPECT_GT(a, b) __KEXPECT_CMP(a, >, b)
#define KEXPECT_GE(a, b) __KEXPECT_CMP(a, >=, b)

#define KEXPECT_NULL(p)	    KEXPECT_TRUE((p) == NULL)
#define KEXPECT_NOT_NULL(p) KEXPECT_TRUE((p) != NULL)

#define KEXPECT_STREQ(a, b)                                                                     \
	({                                                                                      \
		const char *__sa = (a), *__sb = (b);                                            \
		bool __ok = __sa && __sb && __ktest_streq(__sa, __sb);                          \
		if (!__ok)                                                                      \
			ktest_fail(__ktest_ctx, __FILE__, __LINE__,                             \
				   "expected %s == %s (\"%s\" vs \"%s\")", #a, #b, __sa, __sb); \
		__ok;                                                                           \
	})

#define KEXPECT_MEMEQ(a, b, n)                                                             \
	({                                                                                 \
		bool __ok = __ktest_memeq((a), (b), (n));                                  \
		if (!__ok)                                                                 \
			ktest_fail(__ktest_ctx, __FILE__, __LINE__,                        \
				   "expected %zu bytes of %s == %s", (size_t)(n), #a, #b); \
		__ok;                                                                      \
	})

/* KASSERT_*: like KEXPECT_*, but end the case at once when they fail. */
#define KASSERT_TRUE(cond)               \
	do {                             \
		if (!KEXPECT_TRUE(cond)) \
			return;          \
	} while (0)
#define KASSERT_EQ(a, b)               \
	do {                           \
		if (!KEXPECT_EQ(a, b)) \
			return;        \
	} while (0)
#define KASSERT_NE(a, b)               \
	do {                           \
		if (!KEXPECT_NE(a, b)) \
			return;        \
	} while (0)
#define KASSERT_NOT_NULL(p)               \
	do {                              \
		if (!KEXPECT_NOT_NULL(p)) \
			return;           \
	} while (0)

#define KTEST_SKIP(reason)                       \
	do {                                     \
		ktest_skip(__ktest_ctx, reason); \
		return;                          \
	} while (0)

bool __ktest_streq(const char *a, const char *b);
bool __ktest_memeq(const void *a, const void *b, size_t n);

/*
 * ktest_run_all - run every registered case whose "suite.name" matches @filter (a glob; NULL
 * or "" runs all), printing KTAP v1. Returns the number of failed cases.
 */
int ktest_run_all(const char *filter);

#endif /* HAL_KTEST_H */
