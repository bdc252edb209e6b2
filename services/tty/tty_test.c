// SPDX-License-Identifier: MPL-2.0
// Tests of the line discipline: bytes fed in as if typed, checked against what read()
// returns and what was echoed.
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include <services/tty.h>

struct echo_buf {
	char data[256];
	size_t len;
};

static void capture(struct tty *tty, const char *buf, size_t len)
{
	struct echo_buf *e = tty->out_arg;

	for (size_t i = 0; i < len && e->len < sizeof(e->data) - 1; i++)
		e->data[e->len++] = buf[i];
	e->data[e->len] = '\0';
}

static struct tty *test_tty(struct echo_buf *e)
{
	struct tty *tty = kzalloc(sizeof(*tty));

	memset(e, 0, sizeof(*e));
	if (tty)
		tty_init(tty, "ktest", capture, e);
	return tty;
}

static void feed(struct tty *tty, const char *s)
{
	tty_receive(tty, s, strlen(s));
}

KTEST(tty, canonical_line_and_echo)
{
	struct echo_buf e;
	struct tty *tty = test_tty(&e);
	char buf[32];

	KASSERT_TRUE(tty);
	feed(tty, "ab");
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), -EAGAIN);
	feed(tty, "c\r");
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), 4);
	KEXPECT_EQ(memcmp(buf, "abc\n", 4), 0);
	KEXPECT_STREQ(e.data, "abc\r\n");
	kfree(tty);
}

KTEST(tty, erase_kill_werase)
{
	struct echo_buf e;
	struct tty *tty = test_tty(&e);
	char buf[32];

	KASSERT_TRUE(tty);
	feed(tty, "xy\x7fz\bq\n");
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), 3);
	KEXPECT_EQ(memcmp(buf, "xq\n", 3), 0);
	KEXPECT_STREQ(e.data, "xy\b \bz\b \bq\r\n");
	feed(tty, "junk\x15ok one two\x17\n");
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), 8);
	KEXPECT_EQ(memcmp(buf, "ok one \n", 8), 0);
	kfree(tty);
}

KTEST(tty, eof_and_short_reads)
{
	struct echo_buf e;
	struct tty *tty = test_tty(&e);
	char buf[32];

	KASSERT_TRUE(tty);
	feed(tty, "hello\n\x04part\x04");
	KEXPECT_EQ(tty_read(tty, buf, 2, true), 2);
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), 4);
	KEXPECT_EQ(memcmp(buf, "llo\n", 4), 0);
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), 0); /* ^D on an empty line */
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), 4); /* ^D ends "part" unterminated */
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), -EAGAIN);
	kfree(tty);
}

static int last_sig, last_pgrp;

static void record_sig(struct tty *tty, int pgrp, int sig)
{
	(void)tty;
	last_sig = sig;
	last_pgrp = pgrp;
}

KTEST(tty, signal_chars_flush_and_echo)
{
	struct echo_buf e;
	struct tty *tty = test_tty(&e);
	int pgrp = 42;
	char buf[8];

	KASSERT_TRUE(tty);
	KEXPECT_EQ(tty_ioctl(tty, TIOCSPGRP, &pgrp), 0);
	tty_signal_hook = record_sig;
	feed(tty, "abc\x03");
	KEXPECT_EQ(last_sig, 2);
	KEXPECT_EQ(last_pgrp, 42);
	feed(tty, "\x1a");
	KEXPECT_EQ(last_sig, 20);
	feed(tty, "\x1c");
	KEXPECT_EQ(last_sig, 3);
	tty_signal_hook = NULL;
	KEXPECT_STREQ(e.data, "abc^C^Z^\\");
	feed(tty, "\n");
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), true), 1); /* "abc" was flushed */
	kfree(tty);
}

KTEST(tty, raw_mode_and_ioctls)
{
	struct echo_buf e;
	struct tty *tty = test_tty(&e);
	struct ktermios t;
	struct kwinsize ws;
	char buf[8];
	int n;

	KASSERT_TRUE(tty);
	KEXPECT_EQ(tty_ioctl(tty, TIOCGWINSZ, &ws), 0);
	KEXPECT_EQ(ws.ws_row, 24);
	KEXPECT_EQ(ws.ws_col, 80);
	KEXPECT_EQ(tty_ioctl(tty, TCGETS, &t), 0);
	KEXPECT_TRUE(t.c_lflag & ICANON);
	feed(tty, "pa");
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	KEXPECT_EQ(tty_ioctl(tty, TCSETS, &t), 0);
	feed(tty, "\x7f");
	KEXPECT_EQ(tty_ioctl(tty, FIONREAD, &n), 0);
	KEXPECT_EQ(n, 3); /* the partial line moved to raw input, ^? is data */
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), false), 3);
	KEXPECT_EQ(memcmp(buf, "pa\x7f", 3), 0);
	KEXPECT_STREQ(e.data, "pa");
	t.c_cc[VMIN] = 0;
	KEXPECT_EQ(tty_ioctl(tty, TCSETS, &t), 0);
	KEXPECT_EQ(tty_read(tty, buf, sizeof(buf), false), 0); /* VMIN 0, VTIME 0: poll */
	kfree(tty);
}

KTEST(tty, output_onlcr)
{
	struct echo_buf e;
	struct tty *tty = test_tty(&e);
	struct ktermios t;

	KASSERT_TRUE(tty);
	KEXPECT_EQ(tty_write(tty, "a\nb\n", 4), 4);
	KEXPECT_STREQ(e.data, "a\r\nb\r\n");
	KEXPECT_EQ(tty_ioctl(tty, TCGETS, &t), 0);
	t.c_oflag &= ~OPOST;
	KEXPECT_EQ(tty_ioctl(tty, TCSETS, &t), 0);
	tty_write(tty, "c\n", 2);
	KEXPECT_STREQ(e.data, "a\r\nb\r\nc\n");
	kfree(tty);
}
