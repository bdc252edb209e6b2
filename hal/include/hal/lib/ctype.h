// SPDX-License-Identifier: MPL-2.0
// ASCII character classes (the C locale only: the kernel never sees another one).
#ifndef HAL_LIB_CTYPE_H
#define HAL_LIB_CTYPE_H

#include <hal/compiler.h>
#include <hal/types.h>

static inline bool isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool islower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool isalpha(int c)
{
	return isupper(c) || islower(c);
}

static inline bool isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

static inline bool isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* space, \t, \n, \v, \f, \r */
static inline bool isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline bool isprint(int c)
{
	return c >= 0x20 && c < 0x7f;
}

static inline bool iscntrl(int c)
{
	return (c >= 0 && c < 0x20) || c == 0x7f;
}

static inline bool ispunct(int c)
{
	return isprint(c) && !isalnum(c) && c != ' ';
}

static inline int tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

static inline int toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}

#endif /* HAL_LIB_CTYPE_H */
