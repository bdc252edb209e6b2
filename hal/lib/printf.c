// SPDX-License-Identifier: MPL-2.0
// vsnprintf and friends: the C99 integer, character, string and pointer conversions, with
// flags, width, precision and length modifiers. No floating point, no %n.
#include <hal/compiler.h>
#include <hal/lib/ctype.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>

enum {
	F_LEFT = 1 << 0,  /* '-' */
	F_PLUS = 1 << 1,  /* '+' */
	F_SPACE = 1 << 2, /* ' ' */
	F_ALT = 1 << 3,	  /* '#' */
	F_ZERO = 1 << 4,  /* '0' */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
	unsigned int flags;
	int width;
	int prec; /* -1: none given */
	enum length len;
	char conv;
};

/* The output buffer; @pos counts every byte produced, stored or not. */
struct out {
	char *buf;
	size_t size;
	size_t pos;
};

/* Keeps widths from overflowing int arithmetic; far beyond any real use. */
#define MAX_FIELD (1 << 20)

static void put_char(struct out *o, char c)
{
	if (o->pos < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put_char(o, c);
}

static void put_mem(struct out *o, const char *s, size_t n)
{
	while (n--)
		put_char(o, *s++);
}

static int parse_num(const char **fmt)
{
	int n = 0;

	while (isdigit(**fmt)) {
		if (n < MAX_FIELD)
			n = n * 10 + (*(*fmt)++ - '0');
		else
			(*fmt)++;
	}
	return MIN(n, MAX_FIELD);
}

/* The flag characters, in the order of the F_ bits. */
static unsigned int flag_bit(char c)
{
	static const char flags[] = "-+ #0";
	const char *p = c ? strchr(flags, c) : NULL;

	return p ? 1U << (p - flags) : 0;
}

static const char *parse_flags(const char *fmt, struct spec *sp)
{
	unsigned int bit;

	sp->flags = 0;
	while ((bit = flag_bit(*fmt))) {
		sp->flags |= bit;
		fmt++;
	}
	return fmt;
}

static const char *parse_width_prec(const char *fmt, struct spec *sp, va_list *ap)
{
	if (*fmt == '*') {
		int w = va_arg(*ap, int);

		fmt++;
		/* A negative '*' width is a '-' flag and a positive width (C99 7.19.6.1). */
		if (w < 0) {
			sp->flags |= F_LEFT;
			w = w < -MAX_FIELD ? MAX_FIELD : -w;
		}
		sp->width = MIN(w, MAX_FIELD);
	} else {
		sp->width = parse_num(&fmt);
	}
	sp->prec = -1;
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			int p = va_arg(*ap, int);

			fmt++;
			/* A negative '*' precision counts as omitted. */
			sp->prec = p < 0 ? -1 : MIN(p, MAX_FIELD);
		} else {
			sp->prec = parse_num(&fmt);
		}
	}
	return fmt;
}

static const char *parse_length(const char *fmt, struct spec *sp)
{
	sp->len = LEN_NONE;
	switch (*fmt) {
	case 'h':
		sp->len = LEN_H;
		if (*++fmt == 'h') {
			sp->len = LEN_HH;
			fmt++;
		}
		return fmt;
	case 'l':
		sp->len = LEN_L;
		if (*++fmt == 'l') {
			sp->len = LEN_LL;
			fmt++;
		}
		return fmt;
	case 'z':
		sp->len = LEN_Z;
		return fmt + 1;
	case 't':
		sp->len = LEN_T;
		return fmt + 1;
	case 'j':
		sp->len = LEN_J;
		return fmt + 1;
	default:
		return fmt;
	}
}

/* Parse the specification after a '%'; returns the character after the conversion. */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	fmt = parse_flags(fmt, sp);
	fmt = parse_width_prec(fmt, sp, ap);
	fmt = parse_length(fmt, sp);
	sp->conv = *fmt;
	return *fmt ? fmt + 1 : fmt;
}

static long long fetch_signed(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return va_arg(*ap, ssize_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fetch_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		return (unsigned long long)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Digits of @v in @base, most significant first, into @buf (24 bytes); returns the count. */
static int to_digits(unsigned long long v, unsigned int base, bool upper, char *buf)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, i;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

static unsigned int conv_base(char conv)
{
	switch (conv) {
	case 'o':
		return 8;
	case 'x':
	case 'X':
	case 'p':
		return 16;
	default:
		return 10;
	}
}

/*
 * Lay out [spaces][prefix][zeros][digits][spaces] as C99 asks: the precision is a minimum
 * digit count (and turns off the '0' flag), '#' with 'o' forces a leading zero and with
 * 'x'/'X' a "0x" on non-zero values, a zero value with precision 0 has no digits.
 */
static void put_integer(struct out *o, const struct spec *sp, unsigned long long v, char sign)
{
	char digits[24], prefix[3];
	int nd = 0, np = 0, zeros, pad;
	unsigned int base = conv_base(sp->conv);

	if (v || sp->prec != 0)
		nd = to_digits(v, base, sp->conv == 'X', digits);
	if (sign)
		prefix[np++] = sign;
	if (base == 16 && (sp->flags & F_ALT) && (v || sp->conv == 'p')) {
		prefix[np++] = '0';
		prefix[np++] = sp->conv == 'X' ? 'X' : 'x';
	}
	zeros = MAX(sp->prec - nd, 0);
	if (base == 8 && (sp->flags & F_ALT) && zeros == 0 && (nd == 0 || digits[0] != '0'))
		zeros = 1;
	if (sp->prec < 0 && (sp->flags & (F_ZERO | F_LEFT)) == F_ZERO)
		zeros = MAX(zeros, sp->width - np - nd);
	pad = sp->width - np - zeros - nd;
	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	put_mem(o, prefix, np);
	put_repeat(o, '0', zeros);
	put_mem(o, digits, nd);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/* Strings and characters: width pads with spaces only, the precision caps a string. */
static void put_text(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	int pad = (size_t)sp->width > n ? sp->width - (int)n : 0;

	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	put_mem(o, s, n);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

static void put_signed(struct out *o, struct spec *sp, long long v)
{
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';
	/* Negate in unsigned arithmetic so LLONG_MIN is fine. */
	put_integer(o, sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v, sign);
}

/* One conversion; false for an unknown one, which ends formatting (the arguments after it
 * cannot be located any more). */
static bool convert(struct out *o, struct spec *sp, va_list *ap)
{
	const char *s;
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		put_signed(o, sp, fetch_signed(sp->len, ap));
		return true;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		put_integer(o, sp, fetch_unsigned(sp->len, ap), 0);
		return true;
	case 'p':
		sp->flags |= F_ALT;
		put_integer(o, sp, (uintptr_t)va_arg(*ap, void *), 0);
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_text(o, sp, &c, 1);
		return true;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		put_text(o, sp, s, sp->prec < 0 ? strlen(s) : strnlen(s, sp->prec));
		return true;
	case '%':
		put_char(o, '%');
		return true;
	default:
		return false;
	}
}

static size_t format(struct out *o, const char *fmt, va_list *ap)
{
	struct spec sp;

	while (*fmt) {
		const char *start = fmt;

		if (*fmt != '%') {
			put_char(o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, ap);
		if (!convert(o, &sp, ap)) {
			/* Show the bad specification verbatim so the bug is visible. */
			put_mem(o, start, fmt - start);
			break;
		}
	}
	return o->pos;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .pos = 0 };
	va_list args;
	size_t len;

	va_copy(args, ap);
	len = format(&o, fmt, &args);
	va_end(args);
	if (size)
		buf[MIN(len, size - 1)] = '\0';
	return (int)MIN(len, (size_t)__INT_MAX__);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int len = vsnprintf(buf, size, fmt, ap);

	if (!size)
		return 0;
	return (size_t)len < size ? len : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
