// SPDX-License-Identifier: MPL-2.0
// Inside the Linux system call layer: the handler type and a prototype for every call the
// table marks as implemented (sys_<name>).
#ifndef SERVICES_LINUX_SYSCALL_H
#define SERVICES_LINUX_SYSCALL_H

#include <services/process.h>
#include "abi/abi.h"

/* A system call: the thread and its six raw arguments; returns the value or -errno. */
typedef long (*syscall_fn)(struct thread *t, const unsigned long *a);

#define SYSCALL(nr, name, impl) SYSCALL_PROTO_##impl(name)
#define SYSCALL_PROTO_Y(name)	long sys_##name(struct thread *t, const unsigned long *a);
#define SYSCALL_PROTO_N(name)
#include LINUX_SYSCALL_TABLE
#undef SYSCALL

/* fd_lookup - a copy of descriptor @fd with its own file reference (fd_release), or -EBADF. */
int fd_lookup(struct thread *t, unsigned long fd, struct fd_entry *out);
void fd_release(struct fd_entry *e);
/* fd_install - put @file (reference taken over) at the lowest free descriptor: it, or -EMFILE. */
int fd_install(struct thread *t, struct file *file, bool cloexec);
/* fd_close - close descriptor @fd: 0 or -EBADF. */
int fd_close(struct thread *t, unsigned long fd);
/*
 * fd_dup - another descriptor for @oldfd's file: exactly @newfd (closing what was there) when
 * @exact, else the lowest free one from @newfd on. Returns it, -EBADF, -EINVAL or -EMFILE.
 */
int fd_dup(struct thread *t, unsigned long oldfd, unsigned long newfd, bool exact, bool cloexec);
/*
 * at_ctx - the vfs_ctx for a *at call: relative paths start at @dirfd's directory unless it
 * is AT_FDCWD. @hold pins that descriptor's file until fd_release(@hold).
 */
int at_ctx(struct thread *t, long dirfd, const char *path, struct vfs_ctx *ctx,
	   struct fd_entry *hold);
/* user_path - a kernel copy of the user path at @uaddr (kfree it), or ERR_PTR. */
char *user_path(vaddr_t uaddr);

/*
 * linux_dispatch - run system call @nr with @args for @t: its result, or -ENOSYS (logged
 * once per number) when Keel does not have it.
 */
long linux_dispatch(struct thread *t, unsigned long nr, const unsigned long *args);

#endif /* SERVICES_LINUX_SYSCALL_H */
