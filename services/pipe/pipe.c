// SPDX-License-Identifier: MPL-2.0
// Pipes: the ring buffer, blocking reads and writes (atomic up to PIPE_BUF), end of file when
// the last writer closes and EPIPE when the last reader has; anonymous pipes live in pipefs.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include <services/pipe.h>
#include <services/poll.h>
#include <services/process.h>
#include <services/tty.h>
#include <services/vfs.h>
#include "pipe_internal.h"

struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	spin_lock_init(&p->lock);
	wait_queue_init(&p->rd_wq);
	wait_queue_init(&p->wr_wq);
	return p;
}

void pipe_free(struct pipe *p)
{
	kfree(p->buf);
	kfree(p);
}

static u32 used(struct pipe *p)
{
	return READ_ONCE(p->head) - READ_ONCE(p->tail);
}

/* Copy out up to @len bytes, lock held; wakes writers. */
static size_t take(struct pipe *p, char *buf, size_t len)
{
	size_t n = MIN(len, (size_t)(p->head - p->tail));

	for (size_t i = 0; i < n; i++)
		buf[i] = p->buf[p->tail++ % PIPE_SIZE];
	return n;
}

ssize_t pipe_read(struct pipe *p, char *buf, size_t len, bool nonblock)
{
	size_t n;

	if (!len)
		return 0;
	for (;;) {
		spin_lock(&p->lock);
		n = take(p, buf, len);
		if (n || !p->writers) {
			spin_unlock(&p->lock);
			break;
		}
		spin_unlock(&p->lock);
		if (nonblock)
			return -EAGAIN;
		if (signal_wait_event(&p->rd_wq, used(p) || !READ_ONCE(p->writers)))
			return -ERESTARTSYS;
	}
	if (n) {
		wake_up_all(&p->wr_wq);
		poll_notify();
	}
	return (ssize_t)n;
}

/* Copy in what fits, lock held; a write of at most PIPE_BUF goes in whole or not at all. */
static size_t put(struct pipe *p, const char *buf, size_t len, bool atomic)
{
	size_t room = PIPE_SIZE - (p->head - p->tail), n = MIN(len, room);

	if (atomic && n < len)
		return 0;
	for (size_t i = 0; i < n; i++)
		p->buf[p->head++ % PIPE_SIZE] = buf[i];
	return n;
}

static bool writable(struct pipe *p, size_t want)
{
	return PIPE_SIZE - used(p) >= want || !READ_ONCE(p->readers);
}

/* No reader left: -EPIPE, and SIGPIPE for the writing Linux thread (as Linux). */
static ssize_t broken_pipe(void)
{
	struct thread *t = thread_current();

	if (t)
		signal_send_thread(t, SIGPIPE, NULL);
	return -EPIPE;
}

ssize_t pipe_write(struct pipe *p, const char *buf, size_t len, bool nonblock)
{
	bool atomic = len <= PIPE_BUF;
	size_t done = 0, n;

	while (done < len) {
		spin_lock(&p->lock);
		if (!p->readers) {
			spin_unlock(&p->lock);
			return done ? (ssize_t)done : broken_pipe();
		}
		n = put(p, buf + done, len - done, atomic);
		spin_unlock(&p->lock);
		if (n) {
			done += n;
			wake_up_all(&p->rd_wq);
			poll_notify();
			continue;
		}
		if (nonblock)
			return done ? (ssize_t)done : -EAGAIN;
		if (signal_wait_event(&p->wr_wq, writable(p, atomic ? len : 1)))
			return done ? (ssize_t)done : -ERESTARTSYS;
	}
	return (ssize_t)done;
}

u32 pipe_readable(struct pipe *p)
{
	return used(p);
}

/* A reader or writer comes (@delta 1) or goes (-1): wake the other side either way. */
void pipe_count(struct pipe *p, u32 fmode, int delta)
{
	spin_lock(&p->lock);
	if (fmode & FMODE_READ) {
		p->readers += delta;
		if (delta > 0)
			p->r_opens++;
	}
	if (fmode & FMODE_WRITE) {
		p->writers += delta;
		if (delta > 0)
			p->w_opens++;
	}
	spin_unlock(&p->lock);
	wake_up_all(&p->rd_wq);
	wake_up_all(&p->wr_wq);
	poll_notify();
}

/* Linux's pipe_poll(): data or no writer for readers, PIPE_BUF of room or no reader for writers. */
u32 pipe_events(struct pipe *p, u32 fmode)
{
	u32 ev = 0, n = used(p);

	if (fmode & FMODE_READ) {
		if (n)
			ev |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(p->writers) && p->w_opens)
			ev |= POLLHUP;
	}
	if (fmode & FMODE_WRITE) {
		if (PIPE_SIZE - n >= PIPE_BUF)
			ev |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(p->readers))
			ev |= POLLERR;
	}
	return ev;
}
