// SPDX-License-Identifier: MPL-2.0
// Pipes and FIFOs: a 64 KiB ring between readers and writers with Linux's blocking, end of
// file and EPIPE rules, for pipe(2)/pipe2(2) and for opens of S_IFIFO nodes.
#ifndef SERVICES_PIPE_H
#define SERVICES_PIPE_H

#include <services/cred.h>

struct file;

#define PIPE_SIZE 65536 /* Linux's default capacity */
#define PIPE_BUF  4096	/* writes up to this size are atomic */

/*
 * pipe_init - set up the pipe file system and make FIFO nodes open as pipes. Once at boot,
 * after vfs_init() (later calls do nothing). Returns 0 or -ENOMEM.
 */
int pipe_init(void);

/*
 * pipe_create - a new pipe: *@rd its read end, *@wr its write end, both with @flags' status
 * bits (O_NONBLOCK) and owned by @cred. Returns 0, -ENOMEM or -ENFILE. May sleep.
 */
int pipe_create(const struct cred *cred, int flags, struct file **rd, struct file **wr);

#endif /* SERVICES_PIPE_H */
