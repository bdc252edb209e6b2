// SPDX-License-Identifier: MPL-2.0
// Runs the hal library's own KTEST() cases on the host, one cmocka test each, under the
// sanitizers: a host stand-in for the ktest runner (hal/ktest/ktest.c). KTEST_FILTER=<glob>
// on "suite.name" picks cases, as "ktest=<glob>" does on the kernel command line.
// sources: hal/lib/string_test.c hal/lib/printf_test.c hal/lib/list_test.c
// sources: hal/lib/rbtree_test.c hal/lib/bitmap_test.c
// sources: hal/lib/string.c hal/lib/kstrtox.c hal/lib/glob.c hal/lib/errno.c hal/lib/printf.c
// sources: hal/lib/rbtree.c hal/lib/bitmap.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keel_host.h"
#include <hal/ktest.h>

/* The Makefile renames the objects' .ktest_cases section to this, so ld bounds it. */
extern const struct ktest_case __start_ktest_cases[], __stop_ktest_cases[];

struct ktest_ctx {
	bool failed;
	bool skipped;
	char message[512];
};

void ktest_fail(struct ktest_ctx *ctx, const char *file, int line, const char *fmt, ...)
{
	size_t used = strlen(ctx->message);
	va_list ap;

	ctx->failed = true;
	used += snprintf(ctx->message + used, sizeof(ctx->message) - used,
			 "%s%s:%d: ", used ? "; " : "", file, line);
	if (used >= sizeof(ctx->message))
		return;
	va_start(ap, fmt);
	vsnprintf(ctx->message + used, sizeof(ctx->message) - used, fmt, ap);
	va_end(ap);
}

void ktest_skip(struct ktest_ctx *ctx, const char *reason)
{
	ctx->skipped = true;
	snprintf(ctx->message, sizeof(ctx->message), "%s", reason);
}

bool __ktest_streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

bool __ktest_memeq(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n) == 0;
}

static void run_case(void **state)
{
	const struct ktest_case *tc = *state;
	struct ktest_ctx ctx = { 0 };

	tc->fn(&ctx);
	if (ctx.failed)
		fail_msg("%s", ctx.message);
	if (ctx.skipped)
		skip();
}

int main(void)
{
	size_t count = __stop_ktest_cases - __start_ktest_cases, n = 0;
	struct CMUnitTest *tests = calloc(count, sizeof(*tests));
	const char *filter = getenv("KTEST_FILTER");
	int failed;

	for (const struct ktest_case *tc = __start_ktest_cases; tc < __stop_ktest_cases; tc++) {
		char name[160];

		/* A descriptor that is not one means the section was padded (see Makefile). */
		if (!tc->suite || !tc->name || !tc->fn) {
			fprintf(stderr, "ktest_cases section is not an array of descriptors\n");
			return 1;
		}
		snprintf(name, sizeof(name), "%s.%s", tc->suite, tc->name);
		if (filter && *filter && !glob_match(filter, name))
			continue;
		tests[n].name = strdup(name);
		tests[n].test_func = run_case;
		tests[n].initial_state = (void *)tc;
		n++;
	}
	failed = _cmocka_run_group_tests("ktest", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free((void *)tests[i].name);
	free(tests);
	return failed;
}
