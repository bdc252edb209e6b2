// SPDX-License-Identifier: MPL-2.0
// Shell-style wildcard matching for test filters, command-line options and device names:
// '*', '?', and classes "[abc]", "[a-z]", "[!x]" / "[^x]". No escapes, no path semantics.
#include <hal/compiler.h>
#include <hal/lib/string.h>

/*
 * Match @c against the class starting just after '['. Sets *@end past the closing ']' and
 * returns whether @c is in the class, or returns -1 when the class is not closed (the '['
 * is then an ordinary character). A ']' right after "[" or "[!" is a member, as is a '-'
 * first or last; a range whose ends are reversed matches nothing.
 */
static int match_class(const char *pat, u8 c, const char **end)
{
	bool negate = *pat == '!' || *pat == '^';
	bool found = false;
	const char *p = pat + negate;

	do {
		u8 lo = *p, hi = lo;

		if (!lo)
			return -1;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = p[2];
			p += 2;
		}
		found |= lo <= c && c <= hi;
		p++;
	} while (*p != ']');
	*end = p + 1;
	return found != negate;
}

/* One pattern element against one character: 1 match, 0 no match; *@pat moves past it. */
static bool match_one(const char **pat, u8 c)
{
	const char *p = *pat;
	int r;

	if (*p == '?') {
		*pat = p + 1;
		return true;
	}
	if (*p == '[') {
		r = match_class(p + 1, c, pat);
		if (r >= 0)
			return r;
	}
	*pat = p + 1;
	return (u8)*p == c;
}

/*
 * Only the most recent '*' ever needs to be retried: a later star can absorb anything an
 * earlier one could, so matching runs in O(len(pat) * len(str)) with no recursion.
 */
bool glob_match(const char *pat, const char *str)
{
	const char *star_pat = NULL, *star_str = NULL;

	for (;;) {
		if (*pat == '*') {
			star_pat = ++pat;
			star_str = str;
			continue;
		}
		if (!*str)
			return !*pat;
		if (*pat && match_one(&pat, *str)) {
			str++;
			continue;
		}
		if (!star_pat)
			return false;
		pat = star_pat;
		str = ++star_str;
	}
}
