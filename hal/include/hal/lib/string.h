// SPDX-License-Identifier: MPL-2.0
// Freestanding string and memory functions (the C library's semantics).
#ifndef HAL_LIB_STRING_H
#define HAL_LIB_STRING_H

#include <hal/types.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);

/* strsep - split *@stringp at the first byte in @delim (BSD semantics: the delimiter is
 * overwritten with NUL, *stringp moves past it or becomes NULL). Returns the token. */
char *strsep(char **stringp, const char *delim);
/* skip_spaces - the first non-space character of @s; strim - trim both ends in place and
 * return the start of what remains. */
char *skip_spaces(const char *s);
char *strim(char *s);

/*
 * strscpy - copy @src into @dst of @size bytes, always NUL-terminated when size > 0.
 * Returns the length copied, or -E2BIG when @src was truncated (Linux semantics).
 */
ssize_t strscpy(char *dst, const char *src, size_t size);

/*
 * kstrtoull - parse an unsigned number in @base (2..36, or 0: "0x" means 16, a leading "0"
 * means 8, else 10; base 16 also takes a "0x" prefix) from the whole string @s: an optional
 * '+', at least one digit, then at most one '\n'. No spaces. Returns 0, -EINVAL for a
 * malformed string or -ERANGE on overflow (which wins over trailing junk); *@res is only
 * written on success. kstrtoll also takes a leading '-'; the narrower forms add range checks.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
/* kstrtobool - "y", "Y", "1", "on" are true; "n", "N", "0", "off" false; else -EINVAL. */
int kstrtobool(const char *s, bool *res);

/*
 * glob_match - shell-style match of @str against @pat with '*', '?' and '[...]' classes
 * ("[a-z]", negated "[!x]" or "[^x]"; a ']' first in a class or a '-' first or last is a
 * member). No escapes; '*' and '?' also match '/'. An unclosed '[' is a literal.
 */
bool glob_match(const char *pat, const char *str);

#endif /* HAL_LIB_STRING_H */
