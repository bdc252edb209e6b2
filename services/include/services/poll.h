// SPDX-License-Identifier: MPL-2.0
// Readiness for poll/select: file types report their events, and one global notification
// wakes every poller whenever a pipe or terminal changes state (simple, no lost wake-ups).
#ifndef SERVICES_POLL_H
#define SERVICES_POLL_H

#include <hal/types.h>

struct file;

#define POLLIN	   0x0001
#define POLLPRI	   0x0002
#define POLLOUT	   0x0004
#define POLLERR	   0x0008
#define POLLHUP	   0x0010
#define POLLNVAL   0x0020
#define POLLRDNORM 0x0040
#define POLLWRNORM 0x0100

/* poll_notify - something pollable changed state: wake the pollers. Any context. */
void poll_notify(void);
/* poll_seq - the notification count, to read before checking readiness. Any context. */
u32 poll_seq(void);
/*
 * poll_wait - sleep until a notification after @seq, or until @deadline_ns
 * (time_monotonic_ns(); 0: none). Returns false at the deadline. May sleep.
 */
bool poll_wait(u32 seq, u64 deadline_ns);

/* pipe_file_poll - @f's events if it is a pipe or FIFO (true), else false. */
bool pipe_file_poll(struct file *f, u32 *events);

#endif /* SERVICES_POLL_H */
