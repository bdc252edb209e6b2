// SPDX-License-Identifier: MPL-2.0
// The read, write and ioctl side of a terminal: blocking reads in canonical and raw mode
// (VMIN/VTIME), output processing, and the termios / window / process group ioctls.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/time.h>
#include <services/poll.h>
#include <services/signal.h>
#include <services/tty.h>

#define NSEC_PER_DSEC 100000000ull /* VTIME counts tenths of a second */

u32 tty_readable(struct tty *tty)
{
	irqflags_t flags = spin_lock_irqsave(&tty->lock);
	u32 n = tty->termios.c_lflag & ICANON ? (tty->lhead != tty->ltail ? tty->lfirst_left : 0) :
						tty->rhead - tty->rtail;

	spin_unlock_irqrestore(&tty->lock, flags);
	return n;
}

/* Is there something for a read to return now (in canonical mode: a line or an EOF)? */
static bool read_ready(struct tty *tty, u32 min)
{
	if (READ_ONCE(tty->termios.c_lflag) & ICANON)
		return READ_ONCE(tty->lhead) != READ_ONCE(tty->ltail);
	return READ_ONCE(tty->rhead) - READ_ONCE(tty->rtail) >= min;
}

bool tty_input_ready(struct tty *tty)
{
	return read_ready(tty, 1);
}

static u32 take(struct tty *tty, char *buf, u32 n)
{
	for (u32 i = 0; i < n; i++)
		buf[i] = tty->rbuf[tty->rtail++ % TTY_BUF_SIZE];
	return n;
}

/* Copy out what is ready, lock held: at most one line in canonical mode. */
static ssize_t take_ready(struct tty *tty, char *buf, size_t len)
{
	u32 n;

	if (!(tty->termios.c_lflag & ICANON))
		return take(tty, buf, MIN((u32)len, tty->rhead - tty->rtail));
	if (tty->lhead == tty->ltail)
		return -EAGAIN;
	n = take(tty, buf, MIN((u32)len, tty->lfirst_left));
	tty->lfirst_left -= n;
	if (!tty->lfirst_left) {
		tty->ltail++;
		if (tty->ltail != tty->lhead)
			tty->lfirst_left = tty->lines[tty->ltail % TTY_MAX_LINES];
	}
	return n;
}

/*
 * Raw mode waits: VMIN bytes, with VTIME as the overall (VMIN 0) or inter-byte timer.
 * Returns 0, or -ERESTARTSYS when a signal ends the wait for the first byte.
 */
static int raw_wait(struct tty *tty, u8 vmin, u8 vtime)
{
	u64 t = vtime * NSEC_PER_DSEC;
	u32 have;

	if (!vtime)
		return vmin ? signal_wait_event(&tty->read_wq, read_ready(tty, vmin)) : 0;
	if (!vmin) {
		(void)wait_event_timeout(&tty->read_wq, read_ready(tty, 1), t);
		return 0;
	}
	if (signal_wait_event(&tty->read_wq, read_ready(tty, 1)))
		return -ERESTARTSYS;
	do {
		have = READ_ONCE(tty->rhead) - READ_ONCE(tty->rtail);
		if (have >= vmin)
			return 0;
	} while (wait_event_timeout(&tty->read_wq,
				    READ_ONCE(tty->rhead) - READ_ONCE(tty->rtail) != have, t));
	return 0;
}

ssize_t tty_read(struct tty *tty, char *buf, size_t len, bool nonblock)
{
	irqflags_t flags;
	ssize_t n;
	bool canon = READ_ONCE(tty->termios.c_lflag) & ICANON;
	u8 vmin = tty->termios.c_cc[VMIN], vtime = tty->termios.c_cc[VTIME];

	if (!len)
		return 0;
	if (!read_ready(tty, 1) && nonblock)
		return -EAGAIN;
	if (canon)
		n = signal_wait_event(&tty->read_wq, read_ready(tty, 1));
	else
		n = raw_wait(tty, MIN(vmin, (u8)MIN(len, 255u)), vtime);
	if (n)
		return n;
	flags = spin_lock_irqsave(&tty->lock);
	n = take_ready(tty, buf, len);
	spin_unlock_irqrestore(&tty->lock, flags);
	if (n == -EAGAIN) /* another reader took the line */
		return nonblock ? -EAGAIN : tty_read(tty, buf, len, nonblock);
	return n;
}

ssize_t tty_write(struct tty *tty, const char *buf, size_t len)
{
	bool onlcr = (READ_ONCE(tty->termios.c_oflag) & (OPOST | ONLCR)) == (OPOST | ONLCR);
	size_t start = 0;

	for (size_t i = 0; i < len && onlcr; i++) {
		if (buf[i] != '\n')
			continue;
		tty->write_out(tty, buf + start, i - start);
		tty->write_out(tty, "\r\n", 2);
		start = i + 1;
	}
	if (start < len)
		tty->write_out(tty, buf + start, len - start);
	return (ssize_t)len;
}

/* A change of ICANON: the partial line becomes readable raw input, or raw input one line. */
static void switch_mode(struct tty *tty, bool to_canon)
{
	u32 pending;

	if (!to_canon) {
		for (u32 i = 0; i < tty->line_len && tty->rhead - tty->rtail < TTY_BUF_SIZE; i++)
			tty->rbuf[tty->rhead++ % TTY_BUF_SIZE] = tty->line[i];
		tty->line_len = 0;
		tty->ltail = tty->lhead;
		return;
	}
	pending = tty->rhead - tty->rtail;
	tty->ltail = tty->lhead;
	if (pending) {
		tty->lines[tty->lhead++ % TTY_MAX_LINES] = pending;
		tty->lfirst_left = pending;
	}
}

static void set_termios(struct tty *tty, const struct ktermios *t, bool flush)
{
	irqflags_t flags = spin_lock_irqsave(&tty->lock);
	bool was_canon = tty->termios.c_lflag & ICANON;

	if (flush) {
		tty->rtail = tty->rhead;
		tty->ltail = tty->lhead;
		tty->line_len = 0;
	}
	tty->termios = *t;
	if (was_canon != !!(t->c_lflag & ICANON))
		switch_mode(tty, t->c_lflag & ICANON);
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up_all(&tty->read_wq);
	poll_notify();
}

int tty_ioctl_size(unsigned int cmd, bool *out, bool *in)
{
	*out = *in = false;
	switch (cmd) {
	case TCGETS:
		*out = true;
		return sizeof(struct ktermios);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		*in = true;
		return sizeof(struct ktermios);
	case TIOCGWINSZ:
		*out = true;
		return sizeof(struct kwinsize);
	case TIOCSWINSZ:
		*in = true;
		return sizeof(struct kwinsize);
	case TIOCGPGRP:
	case TIOCGSID:
	case FIONREAD:
		*out = true;
		return sizeof(int);
	case TIOCSPGRP:
		*in = true;
		return sizeof(int);
	default:
		return 0;
	}
}

long tty_ioctl(struct tty *tty, unsigned int cmd, void *arg)
{
	switch (cmd) {
	case TCGETS:
		memcpy(arg, &tty->termios, sizeof(tty->termios));
		return 0;
	case TCSETS:
	case TCSETSW: /* output is synchronous: nothing to drain */
	case TCSETSF:
		set_termios(tty, arg, cmd == TCSETSF);
		return 0;
	case TIOCGWINSZ:
		memcpy(arg, &tty->winsize, sizeof(tty->winsize));
		return 0;
	case TIOCSWINSZ:
		memcpy(&tty->winsize, arg, sizeof(tty->winsize)); /* SIGWINCH: not yet */
		return 0;
	case TIOCGPGRP:
		*(int *)arg = READ_ONCE(tty->pgrp);
		return 0;
	case TIOCGSID:
		*(int *)arg = READ_ONCE(tty->session);
		return tty->session ? 0 : -ENOTTY;
	case TIOCSPGRP:
		if (*(int *)arg < 0)
			return -EINVAL;
		WRITE_ONCE(tty->pgrp, *(int *)arg);
		return 0;
	case FIONREAD:
		*(int *)arg = (int)tty_readable(tty);
		return 0;
	case TCFLSH:
		set_termios(tty, &tty->termios, true);
		return 0;
	case TIOCSCTTY: /* recorded by the caller, who knows the session */
	case TIOCNOTTY:
		return 0;
	default:
		return -ENOTTY;
	}
}
