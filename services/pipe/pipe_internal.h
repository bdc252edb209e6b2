// SPDX-License-Identifier: MPL-2.0
// Inside the pipe code: the ring, its reader and writer counts, and the calls the file side
// (pipefs.c) and the ktests use on kernel buffers.
#ifndef SERVICES_PIPE_INTERNAL_H
#define SERVICES_PIPE_INTERNAL_H

#include <hal/sync.h>
#include <hal/lib/list.h>
#include <services/pipe.h>

struct inode;

/* struct pipe - @lock guards the ring and the counts; sleepers use the wait queues. */
struct pipe {
	spinlock_t lock;
	char *buf;	/* PIPE_SIZE bytes */
	u32 head, tail; /* free-running */
	int readers, writers;
	u32 r_opens, w_opens; /* opens so far: a FIFO open waits for the other side's */
	struct wait_queue rd_wq, wr_wq;
	struct inode *fifo;    /* the named FIFO it belongs to, or NULL */
	struct list_head link; /* in the FIFO table (its lock) */
};

struct pipe *pipe_alloc(void);
void pipe_free(struct pipe *p);
/* pipe_read - up to @len bytes: 0 once empty with no writer left, -EAGAIN if @nonblock. */
ssize_t pipe_read(struct pipe *p, char *buf, size_t len, bool nonblock);
/* pipe_write - @len bytes (or what fit with @nonblock: -EAGAIN for none), -EPIPE w/o readers. */
ssize_t pipe_write(struct pipe *p, const char *buf, size_t len, bool nonblock);
u32 pipe_readable(struct pipe *p);
void pipe_count(struct pipe *p, u32 fmode, int delta);
/* pipe_events - POLL* events of an end opened with @fmode. */
u32 pipe_events(struct pipe *p, u32 fmode);

#endif /* SERVICES_PIPE_INTERNAL_H */
