// SPDX-License-Identifier: MPL-2.0
// Terminals: Linux's termios line discipline (canonical editing, echo, signal characters,
// raw mode with VMIN/VTIME) over an output sink, and the serial console as a TTY.
#ifndef SERVICES_TTY_H
#define SERVICES_TTY_H

#include <hal/irq.h>
#include <hal/sync.h>
#include <hal/types.h>

struct file;

/* struct termios of the Linux ioctls (TCGETS/TCSETS): 19 control characters. */
#define NCCS 19
struct ktermios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};

struct kwinsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc indices, c_iflag / c_oflag / c_lflag bits (Linux generic values). */
#define VINTR	 0
#define VQUIT	 1
#define VERASE	 2
#define VKILL	 3
#define VEOF	 4
#define VTIME	 5
#define VMIN	 6
#define VSTART	 8
#define VSTOP	 9
#define VSUSP	 10
#define VEOL	 11
#define VREPRINT 12
#define VWERASE	 14
#define VLNEXT	 15
#define VEOL2	 16

#define IGNCR	0000200
#define ICRNL	0000400
#define INLCR	0000100
#define ISTRIP	0000040
#define IXON	0002000
#define OPOST	0000001
#define ONLCR	0000004
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define ECHOCTL 0001000
#define ECHOKE	0004000
#define IEXTEN	0100000

/* The terminal ioctls Keel answers. */
#define TCGETS	   0x5401
#define TCSETS	   0x5402
#define TCSETSW	   0x5403
#define TCSETSF	   0x5404
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B
#define TIOCNOTTY  0x5422
#define TIOCGSID   0x5429
#define TCFLSH	   0x540B

#define TTY_BUF_SIZE  4096
#define TTY_MAX_LINES 256

/*
 * struct tty - one terminal. @lock (irqsave: input arrives in a bottom half) guards the
 * input side and the termios; readers sleep on @read_wq.
 */
struct tty {
	const char *name;
	spinlock_t lock;
	struct ktermios termios;
	struct kwinsize winsize;
	char rbuf[TTY_BUF_SIZE];  /* input ready for read() */
	u32 rhead, rtail;	  /* free-running */
	u32 lines[TTY_MAX_LINES]; /* canonical: lengths of complete lines in rbuf (0: EOF) */
	u32 lhead, ltail;
	u32 lfirst_left;	 /* bytes left of the first line in @lines (canonical reads) */
	char line[TTY_BUF_SIZE]; /* canonical: the line being edited */
	u32 line_len;
	int pgrp, session; /* foreground process group and session (0: none) */
	struct wait_queue read_wq;
	/* Where output and echo go. Called with @lock held or not: must not sleep. */
	void (*write_out)(struct tty *tty, const char *buf, size_t len);
	void *out_arg;
	struct irq_bh rx_bh;
};

/* tty_init - a terminal with Linux's default termios (cooked, echo, 80x24). */
void tty_init(struct tty *tty, const char *name,
	      void (*write_out)(struct tty *tty, const char *buf, size_t len), void *out_arg);
/* tty_receive - bytes from the line: run them through the discipline. Any context. */
void tty_receive(struct tty *tty, const char *buf, size_t len);
/*
 * tty_read - read(2): blocks as termios says unless @nonblock (-EAGAIN). Returns the count,
 * 0 at an end of file (^D), or -errno. May sleep.
 */
ssize_t tty_read(struct tty *tty, char *buf, size_t len, bool nonblock);
/* tty_write - write(2) with output processing (OPOST/ONLCR). Returns @len. */
ssize_t tty_write(struct tty *tty, const char *buf, size_t len);
/* tty_ioctl - a terminal ioctl on kernel memory @arg (sized for @cmd); -ENOTTY if unknown. */
long tty_ioctl(struct tty *tty, unsigned int cmd, void *arg);
/* tty_ioctl_size - bytes of @cmd's argument and whether it is written back (out) or read. */
int tty_ioctl_size(unsigned int cmd, bool *out, bool *in);
/*
 * tty_ioctl_user - tty_ioctl() for the current thread, @arg a user pointer: copies the
 * argument in and out (-EFAULT). TIOCSCTTY records the caller's pid as the session.
 */
long tty_ioctl_user(struct tty *tty, unsigned int cmd, unsigned long arg);
/* tty_readable - bytes a read would return now without blocking (FIONREAD). */
u32 tty_readable(struct tty *tty);

/*
 * tty_signal_hook - called for ^C, ^Z and ^\ with the foreground process group and the
 * signal (SIGINT 2, SIGTSTP 20, SIGQUIT 3), from the input path (a bottom half) with the
 * tty's lock held: it must not sleep. Set by the process layer once signals exist; until
 * then the signal is only logged (pr_debug).
 */
extern void (*tty_signal_hook)(struct tty *tty, int pgrp, int sig);

/* tty_input_ready - would a read return at once (a line or EOF; in raw mode a byte)? */
bool tty_input_ready(struct tty *tty);
/* tty_file_poll - @f's POLL* events if it is a terminal (true), else false. */
bool tty_file_poll(struct file *f, u32 *events);

/* tty_console - the serial console's TTY (console input starts on the first call). */
struct tty *tty_console(void);
/* tty_file_open - make @file (a device node or /dev/console) a file of @tty. */
int tty_file_open(struct tty *tty, struct file *file);

#endif /* SERVICES_TTY_H */
