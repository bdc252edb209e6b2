// SPDX-License-Identifier: MPL-2.0
// The serial console as a TTY (/dev/console, /dev/tty for now, /dev/ttyS0): output to the
// framework console, input from its receive ring through a bottom half, and the file ops.
#include <hal/console.h>
#include <hal/errno.h>
#include <hal/mm.h>
#include <services/poll.h>
#include <services/process.h>
#include <services/tty.h>
#include <services/vfs.h>

#define IOCTL_ARG_MAX 64

static struct tty console_tty;
static atomic_t console_state = ATOMIC_INIT(0); /* 0 new, 1 starting, 2 ready */

/* The framework console sends '\n' as "\r\n" already: drop the '\r' ONLCR put before it. */
static void console_out(struct tty *tty, const char *buf, size_t len)
{
	size_t start = 0;

	(void)tty;
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] == '\r' && buf[i + 1] == '\n') {
			console_write(buf + start, i - start);
			start = i + 1;
		}
	}
	console_write(buf + start, len - start);
}

static void console_rx_bh(void *arg)
{
	char buf[64];
	size_t n;

	while ((n = console_read_nonblock(buf, sizeof(buf))))
		tty_receive(arg, buf, n);
}

static void console_rx_irq(void *arg)
{
	irq_bh_schedule(&((struct tty *)arg)->rx_bh);
}

struct tty *tty_console(void)
{
	if (atomic_read_acquire(&console_state) == 2)
		return &console_tty;
	if (atomic_cmpxchg(&console_state, 0, 1) == 0) {
		tty_init(&console_tty, "console", console_out, NULL);
		irq_bh_init(&console_tty.rx_bh, console_rx_bh, &console_tty);
		console_set_rx_handler(console_rx_irq, &console_tty);
		irq_bh_schedule(&console_tty.rx_bh); /* what was typed before */
		atomic_set_release(&console_state, 2);
	}
	while (atomic_read_acquire(&console_state) != 2)
		;
	return &console_tty;
}

static ssize_t tty_f_read(struct file *file, void *buf, size_t len, s64 *pos)
{
	(void)pos;
	return tty_read(file->private, buf, len, READ_ONCE(file->flags) & O_NONBLOCK);
}

static ssize_t tty_f_write(struct file *file, const void *buf, size_t len, s64 *pos)
{
	(void)pos;
	return tty_write(file->private, buf, len);
}

/* Record the caller's session and group for TIOCSCTTY (signals and job control use them). */
static long tty_set_ctty(struct tty *tty)
{
	struct thread *t = thread_current();

	if (!t)
		return -EPERM;
	WRITE_ONCE(tty->session, t->proc->pid);
	if (!READ_ONCE(tty->pgrp))
		WRITE_ONCE(tty->pgrp, t->proc->pid);
	return 0;
}

long tty_ioctl_user(struct tty *tty, unsigned int cmd, unsigned long arg)
{
	struct thread *t = thread_current();
	u8 karg[IOCTL_ARG_MAX];
	bool out, in;
	int size = tty_ioctl_size(cmd, &out, &in);
	long ret;

	if (cmd == TIOCSCTTY)
		return tty_set_ctty(tty);
	if (size && !t)
		return -EFAULT;
	if (in && copy_from_user(t->proc->mm, karg, arg, (size_t)size))
		return -EFAULT;
	ret = tty_ioctl(tty, cmd, karg);
	if (!ret && out && copy_to_user(t->proc->mm, arg, karg, (size_t)size))
		return -EFAULT;
	return ret;
}

static long tty_f_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return tty_ioctl_user(file->private, cmd, arg);
}

static const struct file_operations tty_fops = {
	.read = tty_f_read,
	.write = tty_f_write,
	.ioctl = tty_f_ioctl,
};

int tty_file_open(struct tty *tty, struct file *file)
{
	file->f_op = &tty_fops;
	file->private = tty;
	return 0;
}

bool tty_file_poll(struct file *f, u32 *events)
{
	if (f->f_op != &tty_fops)
		return false;
	*events = POLLOUT | POLLWRNORM;
	if (tty_input_ready(f->private))
		*events |= POLLIN | POLLRDNORM;
	return true;
}
