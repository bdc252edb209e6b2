// SPDX-License-Identifier: MPL-2.0
// The line discipline: input processing (ICRNL, signal characters), canonical line editing
// with echo, raw mode, and output processing, on the termios semantics of Linux's N_TTY.
#define pr_fmt(fmt) "tty: " fmt

#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/time.h>
#include <services/poll.h>
#include <services/tty.h>

#define CTRL(c) ((c) & 0x1f)
#define DEL	0x7f

#define SIGINT	2
#define SIGQUIT 3
#define SIGTSTP 20

void (*tty_signal_hook)(struct tty *tty, int pgrp, int sig);

static const struct ktermios default_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = 0000277 | 0004000 | 0000200, /* B38400 | CS8 | CREAD */
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { [VINTR] = CTRL('C'),
		  [VQUIT] = CTRL('\\'),
		  [VERASE] = DEL,
		  [VKILL] = CTRL('U'),
		  [VEOF] = CTRL('D'),
		  [VMIN] = 1,
		  [VSTART] = CTRL('Q'),
		  [VSTOP] = CTRL('S'),
		  [VSUSP] = CTRL('Z'),
		  [VREPRINT] = CTRL('R'),
		  [VWERASE] = CTRL('W'),
		  [VLNEXT] = CTRL('V') },
};

void tty_init(struct tty *tty, const char *name,
	      void (*write_out)(struct tty *tty, const char *buf, size_t len), void *out_arg)
{
	memset(tty, 0, sizeof(*tty));
	tty->name = name;
	spin_lock_init(&tty->lock);
	wait_queue_init(&tty->read_wq);
	tty->termios = default_termios;
	tty->winsize = (struct kwinsize){ .ws_row = 24, .ws_col = 80 };
	tty->write_out = write_out;
	tty->out_arg = out_arg;
}

static bool lflag(struct tty *tty, u32 f)
{
	return tty->termios.c_lflag & f;
}

static void out(struct tty *tty, const char *s, size_t n)
{
	tty->write_out(tty, s, n);
}

/* Echo one input character: control characters as ^X under ECHOCTL. */
static void echo_char(struct tty *tty, u8 c)
{
	char ctl[2] = { '^', (char)(c ^ 0x40) };

	if (!lflag(tty, ECHO))
		return;
	if (c == '\n')
		out(tty, "\r\n", 2);
	else if (lflag(tty, ECHOCTL) && (c < 0x20 || c == DEL) && c != '\t')
		out(tty, ctl, 2);
	else
		out(tty, (const char *)&c, 1);
}

/* Take back the echo of the last character of the line being edited. */
static void erase_one(struct tty *tty)
{
	u8 c;

	if (!tty->line_len)
		return;
	c = (u8)tty->line[--tty->line_len];
	if (!lflag(tty, ECHO) || !lflag(tty, ECHOE))
		return;
	out(tty, "\b \b", 3);
	if (lflag(tty, ECHOCTL) && (c < 0x20 || c == DEL) && c != '\t')
		out(tty, "\b \b", 3);
}

static void rbuf_put(struct tty *tty, const char *s, u32 n)
{
	for (u32 i = 0; i < n && tty->rhead - tty->rtail < TTY_BUF_SIZE; i++)
		tty->rbuf[tty->rhead++ % TTY_BUF_SIZE] = s[i];
}

/* End the line being edited: it (and @delim if any) becomes readable as one line. */
static void commit_line(struct tty *tty, char delim, bool with_delim)
{
	u32 n = tty->line_len + (with_delim ? 1 : 0);

	if (tty->lhead - tty->ltail == TTY_MAX_LINES || tty->rhead - tty->rtail + n > TTY_BUF_SIZE)
		return; /* full: Linux drops input too */
	if (with_delim)
		tty->line[tty->line_len] = delim;
	rbuf_put(tty, tty->line, n);
	if (tty->lhead == tty->ltail)
		tty->lfirst_left = n;
	tty->lines[tty->lhead++ % TTY_MAX_LINES] = n;
	tty->line_len = 0;
}

static void flush_input(struct tty *tty)
{
	tty->rtail = tty->rhead;
	tty->ltail = tty->lhead;
	tty->lfirst_left = 0;
	tty->line_len = 0;
}

/* ^C, ^\, ^Z: flush, echo, and tell the process layer. */
static void signal_char(struct tty *tty, u8 c, int sig)
{
	if (!lflag(tty, NOFLSH))
		flush_input(tty);
	echo_char(tty, c);
	if (tty_signal_hook)
		tty_signal_hook(tty, tty->pgrp, sig);
	else
		pr_debug("%s: signal %d for process group %d (not delivered yet)\n", tty->name, sig,
			 tty->pgrp);
}

static void word_erase(struct tty *tty)
{
	while (tty->line_len &&
	       (tty->line[tty->line_len - 1] == ' ' || tty->line[tty->line_len - 1] == '\t'))
		erase_one(tty);
	while (tty->line_len && tty->line[tty->line_len - 1] != ' ' &&
	       tty->line[tty->line_len - 1] != '\t')
		erase_one(tty);
}

static void kill_line(struct tty *tty, u8 c)
{
	if (lflag(tty, ECHOKE) && lflag(tty, ECHOE)) {
		while (tty->line_len)
			erase_one(tty);
		return;
	}
	tty->line_len = 0;
	echo_char(tty, c);
	if (lflag(tty, ECHOK))
		out(tty, "\r\n", 2);
}

/* A character in canonical mode: editing keys, line ends, or one more byte of the line. */
static void canon_char(struct tty *tty, u8 c)
{
	const u8 *cc = tty->termios.c_cc;

	if (c == cc[VERASE] || (c == CTRL('H') && cc[VERASE] == DEL)) {
		erase_one(tty);
	} else if (c == cc[VKILL]) {
		kill_line(tty, c);
	} else if (c == cc[VWERASE] && lflag(tty, IEXTEN)) {
		word_erase(tty);
	} else if (c == cc[VEOF]) {
		commit_line(tty, 0, false);
	} else if (c == '\n' || (cc[VEOL] && c == cc[VEOL]) || (cc[VEOL2] && c == cc[VEOL2])) {
		if (lflag(tty, ECHO))
			echo_char(tty, c);
		else if (c == '\n' && lflag(tty, ECHONL))
			out(tty, "\r\n", 2);
		commit_line(tty, (char)c, true);
	} else if (tty->line_len < TTY_BUF_SIZE - 1) {
		tty->line[tty->line_len++] = (char)c;
		echo_char(tty, c);
	}
}

/* One received byte, lock held. */
static void receive_char(struct tty *tty, u8 c)
{
	const struct ktermios *t = &tty->termios;

	if (t->c_iflag & ISTRIP)
		c &= 0x7f;
	if (c == '\r') {
		if (t->c_iflag & IGNCR)
			return;
		if (t->c_iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (t->c_iflag & INLCR)) {
		c = '\r';
	}
	if (lflag(tty, ISIG) && c) {
		if (c == t->c_cc[VINTR])
			return signal_char(tty, c, SIGINT);
		if (c == t->c_cc[VQUIT])
			return signal_char(tty, c, SIGQUIT);
		if (c == t->c_cc[VSUSP])
			return signal_char(tty, c, SIGTSTP);
	}
	if (lflag(tty, ICANON))
		return canon_char(tty, c);
	rbuf_put(tty, (const char *)&c, 1);
	echo_char(tty, c);
}

void tty_receive(struct tty *tty, const char *buf, size_t len)
{
	irqflags_t flags = spin_lock_irqsave(&tty->lock);

	for (size_t i = 0; i < len; i++)
		receive_char(tty, (u8)buf[i]);
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up_all(&tty->read_wq);
	poll_notify();
}
