// SPDX-License-Identifier: MPL-2.0
// fixdep: rewrite a compiler-generated .d file so that an object depends on the Kconfig symbols
// it uses (include/config/<sym>.h, touched by Kconfiglib's sync_deps) instead of autoconf.h.
// Usage: fixdep DEPFILE AUTOCONF_H CONFIG_DIR > OUTPUT
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SYMS 4096

static char *syms[MAX_SYMS];
static int nr_syms;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void add_sym(const char *s, size_t n)
{
	for (int i = 0; i < nr_syms; i++)
		if (strlen(syms[i]) == n && !memcmp(syms[i], s, n))
			return;
	if (nr_syms == MAX_SYMS)
		return;
	syms[nr_syms] = strndup(s, n);
	nr_syms++;
}

/* Record every CONFIG_<NAME> token of a file. */
static void scan_file(const char *path)
{
	size_t len, i;
	char *buf = slurp(path, &len);

	if (!buf)
		return;
	for (i = 0; i + 7 < len; i++) {
		if (memcmp(buf + i, "CONFIG_", 7) != 0)
			continue;
		if (i > 0 && (isalnum((unsigned char)buf[i - 1]) || buf[i - 1] == '_'))
			continue;
		size_t s = i + 7, e = s;
		while (e < len && (isalnum((unsigned char)buf[e]) || buf[e] == '_'))
			e++;
		if (e > s)
			add_sym(buf + s, e - s);
		i = e;
	}
	free(buf);
}

/* Kconfiglib's sync_deps: FOO_BAR lives in <dir>/foo/bar.h. */
static void print_sym_dep(const char *dir, const char *sym)
{
	printf(" \\\n  $(wildcard %s/", dir);
	for (const char *p = sym; *p; p++)
		putchar(*p == '_' ? '/' : tolower((unsigned char)*p));
	printf(".h)");
}

int main(int argc, char **argv)
{
	size_t len;
	char *d, *tok, *target = NULL;
	char **deps;
	int nr_deps = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: fixdep DEPFILE AUTOCONF_H CONFIG_DIR\n");
		return 2;
	}
	d = slurp(argv[1], &len);
	if (!d) {
		perror(argv[1]);
		return 1;
	}
	deps = calloc(len / 2 + 1, sizeof(*deps));
	if (!deps)
		return 1;
	for (char *p = d; *p; p++)
		if (*p == '\\' && (p[1] == '\n' || p[1] == '\r'))
			*p = ' ';
	for (tok = strtok(d, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
		size_t n = strlen(tok);
		if (!target) {
			if (n && tok[n - 1] == ':')
				tok[n - 1] = '\0';
			target = tok;
			printf("%s:", target);
			continue;
		}
		if (n && tok[n - 1] == ':')
			break; /* -MP phony targets follow: regenerated below */
		/* autoconf.h names every symbol; the objects depend on the ones they use. */
		if (strcmp(tok, argv[2]) == 0)
			continue;
		scan_file(tok);
		printf(" \\\n  %s", tok);
		deps[nr_deps++] = tok;
	}
	for (int i = 0; i < nr_syms; i++)
		print_sym_dep(argv[3], syms[i]);
	printf("\n");
	/* Like -MP: a deleted header must not break the next build. */
	for (int i = 0; i < nr_deps; i++)
		printf("%s:\n", deps[i]);
	return 0;
}
