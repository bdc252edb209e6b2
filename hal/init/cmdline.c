// SPDX-License-Identifier: MPL-2.0
// Kernel command-line parsing (Linux rules: key=value, bare flags, quotes, "--") and lookup.
#include <hal/cmdline.h>
#include <hal/errno.h>
#include <hal/lib/ctype.h>
#include <hal/lib/string.h>

static struct cmdline boot_cmdline;

/*
 * Cut one token starting at @p in place: quotes toggle grouping and are dropped. Returns
 * where the next token may start; the token itself is NUL-terminated at its (new) end.
 */
static char *cut_token(char *p)
{
	char *out = p;
	bool quoted = false;

	for (; *p && (quoted || !isspace(*p)); p++) {
		if (*p == '"')
			quoted = !quoted;
		else
			*out++ = *p;
	}
	if (*p)
		p++;
	*out = '\0';
	return p;
}

static void add_param(struct cmdline *cl, char *token)
{
	struct cmdline_param *param;
	char *eq = strchr(token, '=');

	if (cl->nr_params >= CMDLINE_MAX_PARAMS) {
		cl->nr_dropped++;
		return;
	}
	param = &cl->params[cl->nr_params++];
	param->name = token;
	param->value = NULL;
	if (eq) {
		*eq = '\0';
		param->value = eq + 1;
	}
}

int cmdline_parse(struct cmdline *cl, const char *s)
{
	char *p, *token;

	memset(cl, 0, sizeof(*cl));
	strscpy(cl->buf, s ? s : "", sizeof(cl->buf));
	for (p = skip_spaces(cl->buf); *p; p = skip_spaces(p)) {
		/* A bare "--" hands the rest, untouched, to init. */
		if (p[0] == '-' && p[1] == '-' && (!p[2] || isspace(p[2]))) {
			cl->init_args = skip_spaces(p + 2);
			break;
		}
		token = p;
		p = cut_token(p);
		if (*token)
			add_param(cl, token);
	}
	return cl->nr_dropped ? -E2BIG : 0;
}

/* Parameter names compare with '-' and '_' equal, as Linux's parameq() does. */
static bool param_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a == '-' ? '_' : *a;
		char cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
	}
	return *a == *b;
}

const struct cmdline_param *cmdline_lookup(const struct cmdline *cl, const char *name)
{
	for (unsigned int i = cl->nr_params; i > 0; i--) {
		if (param_name_eq(cl->params[i - 1].name, name))
			return &cl->params[i - 1];
	}
	return NULL;
}

void cmdline_init(const char *s)
{
	cmdline_parse(&boot_cmdline, s);
}

const struct cmdline *cmdline_boot(void)
{
	return &boot_cmdline;
}

const char *cmdline_get(const char *name)
{
	const struct cmdline_param *param = cmdline_lookup(&boot_cmdline, name);

	return param ? param->value : NULL;
}

bool cmdline_has(const char *name)
{
	return cmdline_lookup(&boot_cmdline, name) != NULL;
}

int cmdline_get_ull(const char *name, unsigned long long *val)
{
	const struct cmdline_param *param = cmdline_lookup(&boot_cmdline, name);

	if (!param)
		return -ENOENT;
	if (!param->value)
		return -EINVAL;
	return kstrtoull(param->value, 0, val) ? -EINVAL : 0;
}

const char *cmdline_init_args(void)
{
	return boot_cmdline.init_args;
}
