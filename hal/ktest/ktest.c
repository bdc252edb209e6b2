// SPDX-License-Identifier: MPL-2.0
// The ktest runner: runs the KTEST() cases from the .ktest_cases section and reports KTAP v1.
#include <hal/ktest.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>
#include <hal/log.h>

#define KTEST_NAME_MAX 128
#define KTEST_MSG_MAX  256

/* Collected by KEEL_KTEST_CASES in every arch's linker script. */
extern const struct ktest_case __ktest_start[], __ktest_end[];

/* The state of the case being run; only the runner and the case touch it. */
struct ktest_ctx {
	const struct ktest_case *tc;
	char name[KTEST_NAME_MAX]; /* "suite.name" */
	bool failed;
	bool skipped;
	const char *skip_reason;
};

struct ktest_totals {
	unsigned int passed, failed, skipped;
};

static void ktest_full_name(const struct ktest_case *tc, char *buf, size_t size)
{
	scnprintf(buf, size, "%s.%s", tc->suite, tc->name);
}

static bool ktest_selected(const struct ktest_case *tc, const char *filter)
{
	char name[KTEST_NAME_MAX];

	if (!filter || !*filter)
		return true;
	ktest_full_name(tc, name, sizeof(name));
	return glob_match(filter, name);
}

static unsigned int ktest_count(const char *filter)
{
	unsigned int n = 0;

	for (const struct ktest_case *tc = __ktest_start; tc < __ktest_end; tc++)
		n += ktest_selected(tc, filter);
	return n;
}

void ktest_fail(struct ktest_ctx *ctx, const char *file, int line, const char *fmt, ...)
{
	char msg[KTEST_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->failed = true;
	log_raw("    # %s: EXPECTATION FAILED at %s:%d\n    # %s\n", ctx->name, file, line, msg);
}

void ktest_skip(struct ktest_ctx *ctx, const char *reason)
{
	ctx->skipped = true;
	ctx->skip_reason = reason;
}

bool __ktest_streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

bool __ktest_memeq(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n) == 0;
}

/* Run one case and print its result line (number @nr in the plan). */
static void ktest_run_one(const struct ktest_case *tc, unsigned int nr, struct ktest_totals *t)
{
	struct ktest_ctx ctx = { .tc = tc };

	ktest_full_name(tc, ctx.name, sizeof(ctx.name));
	tc->fn(&ctx);
	if (ctx.failed) {
		t->failed++;
		log_raw("not ok %u %s\n", nr, ctx.name);
	} else if (ctx.skipped) {
		t->skipped++;
		log_raw("ok %u %s # SKIP %s\n", nr, ctx.name, ctx.skip_reason ?: "");
	} else {
		t->passed++;
		log_raw("ok %u %s\n", nr, ctx.name);
	}
}

int ktest_run_all(const char *filter)
{
	struct ktest_totals t = { 0 };
	unsigned int nr = 0;

	log_raw("KTAP version 1\n1..%u\n", ktest_count(filter));
	for (const struct ktest_case *tc = __ktest_start; tc < __ktest_end; tc++) {
		if (ktest_selected(tc, filter))
			ktest_run_one(tc, ++nr, &t);
	}
	log_raw("# ktest: %u passed, %u failed, %u skipped\n", t.passed, t.failed, t.skipped);
	return (int)t.failed;
}
