// SPDX-License-Identifier: MPL-2.0
// ktests for the command-line parser.
#include <hal/cmdline.h>
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/lib/printf.h>

/* Big enough to keep off the stack; the runner executes one case at a time. */
static struct cmdline cl;

static const char *value_of(const char *name)
{
	const struct cmdline_param *p = cmdline_lookup(&cl, name);

	return p ? p->value : "<absent>";
}

KTEST(cmdline, key_value_and_flags)
{
	KASSERT_EQ(cmdline_parse(&cl, "console=ttyS0  ktest\tloglevel=7 "), 0);
	KEXPECT_EQ(cl.nr_params, 3);
	KEXPECT_STREQ(value_of("console"), "ttyS0");
	KEXPECT_STREQ(value_of("loglevel"), "7");
	KASSERT_NOT_NULL(cmdline_lookup(&cl, "ktest"));
	KEXPECT_NULL(cmdline_lookup(&cl, "ktest")->value);
	KEXPECT_NULL(cmdline_lookup(&cl, "kte"));
	KEXPECT_NULL(cl.init_args);
}

KTEST(cmdline, quotes)
{
	KASSERT_EQ(cmdline_parse(&cl, "foo=\"a b\" \"bar=c d\" baz= x=\"\""), 0);
	KEXPECT_EQ(cl.nr_params, 4);
	KEXPECT_STREQ(value_of("foo"), "a b");
	KEXPECT_STREQ(value_of("bar"), "c d");
	KEXPECT_STREQ(value_of("baz"), "");
	KEXPECT_STREQ(value_of("x"), "");
}

KTEST(cmdline, unterminated_quote)
{
	KASSERT_EQ(cmdline_parse(&cl, "a=\"one two three"), 0);
	KEXPECT_EQ(cl.nr_params, 1);
	KEXPECT_STREQ(value_of("a"), "one two three");
}

KTEST(cmdline, double_dash_ends_kernel_params)
{
	KASSERT_EQ(cmdline_parse(&cl, "ro --  init --verbose \"x y\""), 0);
	KEXPECT_EQ(cl.nr_params, 1);
	KEXPECT_STREQ(cl.init_args, "init --verbose \"x y\"");
	KASSERT_EQ(cmdline_parse(&cl, "a=-- --x b"), 0);
	KEXPECT_EQ(cl.nr_params, 3);
	KEXPECT_NULL(cl.init_args);
	KASSERT_EQ(cmdline_parse(&cl, "a --"), 0);
	KEXPECT_STREQ(cl.init_args, "");
}

KTEST(cmdline, last_wins_and_dash_underscore)
{
	KASSERT_EQ(cmdline_parse(&cl, "x=1 foo-bar=2 x=3"), 0);
	KEXPECT_STREQ(value_of("x"), "3");
	KEXPECT_STREQ(value_of("foo_bar"), "2");
	KEXPECT_STREQ(value_of("foo-bar"), "2");
}

KTEST(cmdline, empty)
{
	KEXPECT_EQ(cmdline_parse(&cl, ""), 0);
	KEXPECT_EQ(cl.nr_params, 0);
	KEXPECT_EQ(cmdline_parse(&cl, NULL), 0);
	KEXPECT_EQ(cmdline_parse(&cl, " \t \"\" "), 0);
	KEXPECT_EQ(cl.nr_params, 0);
}

KTEST(cmdline, too_many_params)
{
	static char line[BOOT_CMDLINE_MAX];
	size_t len = 0;

	for (int i = 0; i < CMDLINE_MAX_PARAMS + 6; i++)
		len += scnprintf(line + len, sizeof(line) - len, "p%d=%d ", i, i);
	KEXPECT_EQ(cmdline_parse(&cl, line), -E2BIG);
	KEXPECT_EQ(cl.nr_params, CMDLINE_MAX_PARAMS);
	KEXPECT_EQ(cl.nr_dropped, 6);
	KEXPECT_STREQ(value_of("p63"), "63");
	KEXPECT_STREQ(value_of("p64"), "<absent>");
}

KTEST(cmdline, boot_command_line)
{
	/* The boot line is whatever QEMU passed; it asked for ktests, so "ktest" is there. */
	KEXPECT_TRUE(cmdline_has("ktest"));
	KEXPECT_FALSE(cmdline_has("no_such_param_here"));
	KEXPECT_NULL(cmdline_get("no_such_param_here"));
}
