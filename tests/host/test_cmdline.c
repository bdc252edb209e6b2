// SPDX-License-Identifier: MPL-2.0
// Host unit tests for hal/init/cmdline.c: the rules of hal/cmdline.h (key=value, bare flags,
// quotes, "--", '-' = '_', last one wins, limits) by hand, then random lines against a model.
// sources: hal/init/cmdline.c hal/lib/kstrtox.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keel_host.h"
#include <hal/cmdline.h>
#include <hal/errno.h>

/* Big: keep it off the stack. */
static struct cmdline cl;

static const char *value_of(const char *name)
{
	const struct cmdline_param *p = cmdline_lookup(&cl, name);

	return p ? (p->value ? p->value : "<bare>") : "<absent>";
}

static void expect_param(unsigned int i, const char *name, const char *value)
{
	assert_true(i < cl.nr_params);
	assert_string_equal(cl.params[i].name, name);
	if (value)
		assert_string_equal(cl.params[i].value, value);
	else
		assert_null(cl.params[i].value);
}

/* ---- The documented rules -------------------------------------------------------------------- */

static void test_key_value_and_flags(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "console=ttyS0,115200  quiet\tloglevel=7\n"
					    "\r\v\froot=/dev/vda ro "),
			 0);
	assert_int_equal(cl.nr_params, 5);
	expect_param(0, "console", "ttyS0,115200");
	expect_param(1, "quiet", NULL);
	expect_param(2, "loglevel", "7");
	expect_param(3, "root", "/dev/vda");
	expect_param(4, "ro", NULL);
	assert_int_equal(cl.nr_dropped, 0);
	assert_null(cl.init_args);
	assert_string_equal(value_of("Console"), "<absent>"); /* names are case-sensitive */
	assert_string_equal(value_of("consol"), "<absent>");
	assert_string_equal(value_of("console=ttyS0,115200"), "<absent>");
}

/* The first '=' splits; the value keeps the rest, further '=' included. */
static void test_equals_signs(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "a==b c=d=e =v f= g=\"\""), 0);
	assert_int_equal(cl.nr_params, 5);
	expect_param(0, "a", "=b");
	expect_param(1, "c", "d=e");
	expect_param(2, "", "v");
	expect_param(3, "f", "");
	expect_param(4, "g", "");
	assert_string_equal(value_of(""), "v");
}

static void test_quotes(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "k=\"a b\" \"x=c  d\" m=\"p=q r\" \"flag with space\" "
					    "in\"ner quo\"tes \"\"\"\" t=\"\ttab\""),
			 0);
	assert_int_equal(cl.nr_params, 6); /* the empty """" token is dropped */
	expect_param(0, "k", "a b");
	expect_param(1, "x", "c  d");
	expect_param(2, "m", "p=q r");
	expect_param(3, "flag with space", NULL);
	expect_param(4, "inner quotes", NULL);
	expect_param(5, "t", "\ttab");
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "a=1 b=\"one -- two   c=3"), 0);
	assert_int_equal(cl.nr_params, 2);
	expect_param(1, "b", "one -- two   c=3");
	assert_null(cl.init_args);
	assert_string_equal(value_of("c"), "<absent>");
}

static void test_double_dash(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "ro -- init=/bin/sh --verbose  \"x  y\" -- z "), 0);
	assert_int_equal(cl.nr_params, 1);
	expect_param(0, "ro", NULL);
	/* Handed over untouched: quotes, "key=value" and a second "--" stay. */
	assert_string_equal(cl.init_args, "init=/bin/sh --verbose  \"x  y\" -- z ");
	assert_string_equal(value_of("init"), "<absent>");

	assert_int_equal(cmdline_parse(&cl, "--"), 0);
	assert_int_equal(cl.nr_params, 0);
	assert_string_equal(cl.init_args, "");
	assert_int_equal(cmdline_parse(&cl, "  --\t\targ"), 0);
	assert_int_equal(cl.nr_params, 0);
	assert_string_equal(cl.init_args, "arg");
	assert_int_equal(cmdline_parse(&cl, "a --   "), 0);
	assert_string_equal(cl.init_args, "");

	/* Not a lone "--": ordinary parameters. */
	assert_int_equal(cmdline_parse(&cl, "--x ---  a=-- --=1 x--"), 0);
	assert_null(cl.init_args);
	assert_int_equal(cl.nr_params, 5);
	expect_param(0, "--x", NULL);
	expect_param(1, "---", NULL);
	expect_param(2, "a", "--");
	expect_param(3, "--", "1");
	expect_param(4, "x--", NULL);
}

static void test_last_wins_dash_underscore(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "x=1 foo-bar=2 x=3 foo_bar=4 a_b-c=5 x y=a-b_c"), 0);
	assert_string_equal(value_of("x"), "<bare>"); /* the last one, even a bare flag */
	assert_string_equal(value_of("foo-bar"), "4");
	assert_string_equal(value_of("foo_bar"), "4");
	assert_string_equal(value_of("a-b_c"), "5");
	assert_string_equal(value_of("a_b_c"), "5");
	assert_string_equal(value_of("a-b-c"), "5");
	assert_string_equal(value_of("a-b"), "<absent>");
	assert_string_equal(value_of("a_b_c_"), "<absent>");
	assert_string_equal(value_of("y"), "a-b_c"); /* values are not folded */
	assert_ptr_equal(cmdline_lookup(&cl, "x"), &cl.params[5]);
}

static void test_empty_lines(void **state)
{
	static const char *const empties[] = { "", " ", "\t\n\r\v\f", "\"\"", " \"\" \"\"\"\" " };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(empties); i++) {
		assert_int_equal(cmdline_parse(&cl, empties[i]), 0);
		assert_int_equal(cl.nr_params, 0);
		assert_null(cl.init_args);
	}
	assert_int_equal(cmdline_parse(&cl, NULL), 0);
	assert_int_equal(cl.nr_params, 0);
	assert_null(cmdline_lookup(&cl, ""));
}

/* Bytes above 0x7f are not whitespace (char may be signed) and pass through unchanged. */
static void test_non_ascii(void **state)
{
	(void)state;
	assert_int_equal(cmdline_parse(&cl, "n\xc3\xa4me=v\xa0\x85lue \xff\x80"), 0);
	assert_int_equal(cl.nr_params, 2);
	expect_param(0, "n\xc3\xa4me", "v\xa0\x85lue");
	expect_param(1, "\xff\x80", NULL);
}

static void test_parse_resets_and_copies(void **state)
{
	char line[] = "a=1 b=2 -- rest";

	(void)state;
	assert_int_equal(cmdline_parse(&cl, line), 0);
	memset(line, 'z', sizeof(line) - 1); /* the parse keeps its own copy */
	assert_string_equal(value_of("a"), "1");
	assert_string_equal(cl.init_args, "rest");
	assert_int_equal(cmdline_parse(&cl, "c"), 0);
	assert_int_equal(cl.nr_params, 1);
	assert_null(cl.init_args);
	assert_string_equal(value_of("a"), "<absent>");
}

/* Build "p0=0 p1=1 ..." with @n parameters. */
static void numbered_params(char *line, size_t size, int n)
{
	size_t len = 0;

	line[0] = '\0';
	for (int i = 0; i < n; i++)
		len += snprintf(line + len, size - len, "p%d=%d ", i, i);
	assert_true(len < size);
}

static void test_param_limit(void **state)
{
	char line[BOOT_CMDLINE_MAX];

	(void)state;
	numbered_params(line, sizeof(line), CMDLINE_MAX_PARAMS);
	assert_int_equal(cmdline_parse(&cl, line), 0);
	assert_int_equal(cl.nr_params, CMDLINE_MAX_PARAMS);
	assert_int_equal(cl.nr_dropped, 0);

	numbered_params(line, sizeof(line), CMDLINE_MAX_PARAMS + 9);
	strcat(line, "p3=late -- init");
	assert_int_equal(cmdline_parse(&cl, line), -E2BIG);
	assert_int_equal(cl.nr_params, CMDLINE_MAX_PARAMS);
	assert_int_equal(cl.nr_dropped, 10);
	assert_string_equal(value_of("p63"), "63");
	assert_string_equal(value_of("p64"), "<absent>");
	assert_string_equal(value_of("p3"), "3");  /* the later p3 was dropped */
	assert_string_equal(cl.init_args, "init"); /* "the rest is still usable" */

	/* Empty and quoted-empty tokens do not use a slot. */
	numbered_params(line, sizeof(line), CMDLINE_MAX_PARAMS);
	strcat(line, "\"\" \"\"");
	assert_int_equal(cmdline_parse(&cl, line), 0);
}

/* Lines past BOOT_CMDLINE_MAX - 1 are cut there; the cut token is kept as it stands. */
static void test_overlong(void **state)
{
	static char line[8 * BOOT_CMDLINE_MAX];

	(void)state;
	memset(line, 'a', sizeof(line) - 1);
	memcpy(line, "x=", 2);
	assert_int_equal(cmdline_parse(&cl, line), 0);
	assert_int_equal(cl.nr_params, 1);
	assert_int_equal(strlen(cl.params[0].value), BOOT_CMDLINE_MAX - 1 - 2);

	/* Exactly BOOT_CMDLINE_MAX - 1 characters: nothing is lost. */
	memset(line, 0, sizeof(line));
	memset(line, 'b', BOOT_CMDLINE_MAX - 1);
	memcpy(line, "k=", 2);
	memcpy(line + BOOT_CMDLINE_MAX - 4, " z", 2);
	assert_int_equal(cmdline_parse(&cl, line), 0);
	assert_int_equal(cl.nr_params, 2);
	expect_param(1, "zb", NULL);

	/* An unterminated quote and a "--" past the cut are cut away too. */
	memset(line, 0, sizeof(line));
	memset(line, ' ', sizeof(line) - 1);
	memcpy(line + 10, "q=\"", 3);
	memcpy(line + BOOT_CMDLINE_MAX, "-- init", 7);
	assert_int_equal(cmdline_parse(&cl, line), 0);
	assert_int_equal(cl.nr_params, 1);
	assert_null(cl.init_args);
	assert_int_equal(strlen(cl.params[0].value), BOOT_CMDLINE_MAX - 1 - 13);
}

/* ---- The boot command line ------------------------------------------------------------------- */

static void test_boot_line(void **state)
{
	unsigned long long v = 12345;

	(void)state;
	cmdline_init("hex=0x1F oct=017 dec=42 nl=7\n bad=12ab neg=-1 big=18446744073709551616 "
		     "max=18446744073709551615 plus=+5 empty= flag dash-name=9 -- init args");
	assert_true(cmdline_has("flag"));
	assert_true(cmdline_has("hex"));
	assert_false(cmdline_has("init"));
	assert_null(cmdline_get("flag"));
	assert_null(cmdline_get("nothing"));
	assert_string_equal(cmdline_get("dec"), "42");
	assert_string_equal(cmdline_get("dash_name"), "9");
	assert_string_equal(cmdline_init_args(), "init args");
	assert_ptr_equal(cmdline_boot()->params[0].name, cmdline_boot()->buf);

	assert_int_equal(cmdline_get_ull("hex", &v), 0);
	assert_int_equal(v, 0x1f);
	assert_int_equal(cmdline_get_ull("oct", &v), 0);
	assert_int_equal(v, 017);
	assert_int_equal(cmdline_get_ull("dec", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(cmdline_get_ull("max", &v), 0);
	assert_int_equal(v, ~0ULL);
	assert_int_equal(cmdline_get_ull("plus", &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(cmdline_get_ull("dash-name", &v), 0);
	assert_int_equal(v, 9);
	v = 777;
	assert_int_equal(cmdline_get_ull("bad", &v), -EINVAL);
	assert_int_equal(cmdline_get_ull("neg", &v), -EINVAL);
	assert_int_equal(cmdline_get_ull("big", &v), -EINVAL);
	assert_int_equal(cmdline_get_ull("empty", &v), -EINVAL);
	assert_int_equal(cmdline_get_ull("flag", &v), -EINVAL);
	assert_int_equal(cmdline_get_ull("nothing", &v), -ENOENT);
	assert_int_equal(v, 777); /* untouched on failure */

	/* "nl=7\n": the newline is whitespace, so the value is just "7". */
	assert_string_equal(cmdline_get("nl"), "7");

	cmdline_init(NULL);
	assert_false(cmdline_has("flag"));
	assert_null(cmdline_init_args());
}

/* ---- Random lines against a model of the documented rules ------------------------------------ */

struct ref_param {
	char name[BOOT_CMDLINE_MAX];
	char value[BOOT_CMDLINE_MAX];
	bool has_value;
};

struct ref_line {
	struct ref_param params[CMDLINE_MAX_PARAMS];
	unsigned int nr, dropped;
	bool has_init;
	char init[BOOT_CMDLINE_MAX];
};

static bool ref_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static void ref_add(struct ref_line *r, const char *tok)
{
	struct ref_param *p;
	const char *eq = strchr(tok, '=');

	if (r->nr == CMDLINE_MAX_PARAMS) {
		r->dropped++;
		return;
	}
	p = &r->params[r->nr++];
	p->has_value = eq != NULL;
	snprintf(p->name, sizeof(p->name), "%.*s", eq ? (int)(eq - tok) : (int)strlen(tok), tok);
	snprintf(p->value, sizeof(p->value), "%s", eq ? eq + 1 : "");
}

/* Tokens end at unquoted whitespace; quotes only toggle; a lone unquoted "--" stops. */
static void ref_parse(struct ref_line *r, const char *in)
{
	char line[BOOT_CMDLINE_MAX], tok[BOOT_CMDLINE_MAX];
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	snprintf(line, sizeof(line), "%s", in);
	while (line[i]) {
		size_t t = 0;
		bool quoted = false;

		if (ref_space(line[i])) {
			i++;
			continue;
		}
		if (!strncmp(line + i, "--", 2) && (!line[i + 2] || ref_space(line[i + 2]))) {
			for (i += 2; ref_space(line[i]); i++)
				;
			r->has_init = true;
			snprintf(r->init, sizeof(r->init), "%s", line + i);
			return;
		}
		for (; line[i] && (quoted || !ref_space(line[i])); i++) {
			if (line[i] == '"')
				quoted = !quoted;
			else
				tok[t++] = line[i];
		}
		tok[t] = '\0';
		if (t)
			ref_add(r, tok);
	}
}

static bool ref_name_eq(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return false;
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i] && !(strchr("-_", a[i]) && strchr("-_", b[i]) && a[i] && b[i]))
			return false;
	return true;
}

static bool in_buf(const char *p)
{
	return p >= cl.buf && p < cl.buf + sizeof(cl.buf);
}

static void compare_with_ref(const struct ref_line *r, int rc)
{
	assert_int_equal(rc, r->dropped ? -E2BIG : 0);
	assert_int_equal(cl.nr_params, r->nr);
	assert_int_equal(cl.nr_dropped, r->dropped);
	for (unsigned int i = 0; i < r->nr; i++) {
		const struct cmdline_param *p = &cl.params[i];

		assert_true(in_buf(p->name));
		assert_string_equal(p->name, r->params[i].name);
		if (!r->params[i].has_value) {
			assert_null(p->value);
			continue;
		}
		assert_true(in_buf(p->value));
		assert_string_equal(p->value, r->params[i].value);
	}
	if (!r->has_init) {
		assert_null(cl.init_args);
		return;
	}
	assert_true(in_buf(cl.init_args));
	assert_string_equal(cl.init_args, r->init);
}

/* Every name the model knows, plus a folded variant, must look up to the model's last match. */
static void compare_lookups(const struct ref_line *r)
{
	for (unsigned int i = 0; i < r->nr; i++) {
		char name[BOOT_CMDLINE_MAX];
		int want = -1;

		snprintf(name, sizeof(name), "%s", r->params[i].name);
		for (char *c = name; *c; c++)
			*c = *c == '-' ? '_' : *c == '_' ? '-' : *c;
		for (unsigned int j = 0; j < r->nr; j++)
			if (ref_name_eq(r->params[j].name, name))
				want = (int)j;
		assert_true(want >= (int)i);
		assert_ptr_equal(cmdline_lookup(&cl, name), &cl.params[want]);
	}
}

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void random_line(char *line, size_t size)
{
	static const char alphabet[] = "ab=\"-_  \t\n-=x\x80\xff";
	static const char *const words[] = { " -- ", "--",  " \"",	"=\"",	   "\" ",
					     "a=b ", " x ", "foo-bar=", "foo_bar " };
	size_t len = rng() % 3 ? rng() % 200 : rng() % (size - 1);
	size_t n = 0;

	while (n < len) {
		if (rng() % 4 == 0) {
			const char *w = words[rng() % ARRAY_SIZE(words)];

			n += (size_t)snprintf(line + n, size - n, "%.*s", (int)(len - n), w);
		} else {
			line[n++] = alphabet[rng() % (sizeof(alphabet) - 1)];
		}
	}
	line[n] = '\0';
}

static void test_random_against_model(void **state)
{
	static struct ref_line ref;
	static char line[2 * BOOT_CMDLINE_MAX];

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		int rc;

		random_line(line, sizeof(line));
		rc = cmdline_parse(&cl, line);
		ref_parse(&ref, line);
		compare_with_ref(&ref, rc);
		compare_lookups(&ref);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_value_and_flags),
		cmocka_unit_test(test_equals_signs),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_last_wins_dash_underscore),
		cmocka_unit_test(test_empty_lines),
		cmocka_unit_test(test_non_ascii),
		cmocka_unit_test(test_parse_resets_and_copies),
		cmocka_unit_test(test_param_limit),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_boot_line),
		cmocka_unit_test(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
