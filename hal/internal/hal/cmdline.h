// SPDX-License-Identifier: MPL-2.0
// The kernel command line, parsed the Linux way: "key=value", bare flags, quotes, "--".
#ifndef HAL_CMDLINE_H
#define HAL_CMDLINE_H

#include <hal/compiler.h>
#include <hal/boot_info.h>
#include <hal/types.h>

#define CMDLINE_MAX_PARAMS 64

struct cmdline_param {
	const char *name;
	const char *value; /* NULL for a bare flag */
};

/* A parsed command line; the strings point into its own copy of the text. */
struct cmdline {
	char buf[BOOT_CMDLINE_MAX];
	struct cmdline_param params[CMDLINE_MAX_PARAMS];
	unsigned int nr_params;
	unsigned int nr_dropped; /* parameters past CMDLINE_MAX_PARAMS */
	const char *init_args;	 /* the text after "--" (for init), NULL when absent */
};

/*
 * cmdline_parse - split @s into parameters. Whitespace separates them; double quotes group
 * (`key="a b"` or `"key=a b"`) and are removed; a lone `--` ends the kernel's parameters.
 * Returns 0, or -E2BIG when parameters were dropped (the rest is still usable).
 */
int cmdline_parse(struct cmdline *cl, const char *s);

/*
 * cmdline_lookup - the last parameter called @name ('-' and '_' compare equal, as in Linux),
 * or NULL when absent.
 */
const struct cmdline_param *cmdline_lookup(const struct cmdline *cl, const char *name);

/* The boot command line, parsed once by hal_main() before anything reads it. */
void cmdline_init(const char *s);
const struct cmdline *cmdline_boot(void);

/* cmdline_get - value of `name=value` on the boot command line; NULL when absent or bare. */
const char *cmdline_get(const char *name);
/* cmdline_has - does the boot command line carry @name, bare or with a value? */
bool cmdline_has(const char *name);
/* cmdline_get_ull - parse `name=<number>`: 0, -ENOENT when absent, -EINVAL when malformed. */
int cmdline_get_ull(const char *name, unsigned long long *val);
/* cmdline_init_args - what followed "--" (for the init process), or NULL. */
const char *cmdline_init_args(void);

#endif /* HAL_CMDLINE_H */
