// SPDX-License-Identifier: MPL-2.0
// File descriptor system calls: read/write/writev on the console and on VFS files, ioctl,
// readlink, poll/ppoll/select/pselect6. Descriptors of kind FD_CONSOLE are the console TTY.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/time.h>
#include <services/poll.h>
#include <services/tty.h>
#include "syscall.h"

#define IOV_MAX 1024
#define CHUNK	512
#define MAX_RW	0x7ffff000L /* Linux's MAX_RW_COUNT */

struct iovec64 {
	u64 base;
	u64 len;
};

/* Write @len user bytes at @buf to @e, a chunk at a time. */
static long write_user(struct thread *t, struct fd_entry *e, vaddr_t buf, size_t len)
{
	char chunk[CHUNK];
	size_t done = 0;

	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));
		long w;

		if (copy_from_user(t->proc->mm, chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		if (e->kind == FD_CONSOLE) {
			w = tty_write(tty_console(), chunk, n);
		} else {
			w = vfs_write(e->file, chunk, n);
		}
		if (w <= 0)
			return done ? (long)done : w;
		done += (size_t)w;
		if ((size_t)w < n)
			break;
	}
	return (long)done;
}

/* One read of the console TTY: a line in canonical mode, what is there in raw mode. */
static long read_console(struct thread *t, struct fd_entry *e, vaddr_t buf, size_t len)
{
	char chunk[CHUNK];
	long r = tty_read(tty_console(), chunk, MIN(len, sizeof(chunk)),
			  READ_ONCE(e->status) & O_NONBLOCK);

	if (r > 0 && copy_to_user(t->proc->mm, buf, chunk, (size_t)r))
		return -EFAULT;
	return r;
}

/* Read into user memory; a short read (a terminal line, a pipe) ends the call. */
static long read_user(struct thread *t, struct fd_entry *e, vaddr_t buf, size_t len)
{
	char chunk[CHUNK];
	size_t done = 0;

	if (e->kind == FD_CONSOLE)
		return read_console(t, e, buf, len);
	/* As Linux: a buffer that cannot take the data fails before the file position moves. */
	if (!mm_access_ok(t->proc->mm, buf, len, VM_WRITE))
		return -EFAULT;
	while (done < len) {
		size_t want = MIN(len - done, sizeof(chunk));
		long r = vfs_read(e->file, chunk, want);

		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		if (copy_to_user(t->proc->mm, buf + done, chunk, (size_t)r))
			return done ? (long)done : -EFAULT;
		done += (size_t)r;
		if ((size_t)r < want)
			break;
	}
	return (long)done;
}

long sys_write(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	ret = write_user(t, &e, a[1], MIN(a[2], (unsigned long)MAX_RW));
	fd_release(&e);
	return ret;
}

long sys_read(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	ret = read_user(t, &e, a[1], MIN(a[2], (unsigned long)MAX_RW));
	fd_release(&e);
	return ret;
}

/* Linux checks the whole vector first: a negative or overflowing total is -EINVAL. */
static long check_iov(const struct iovec64 *iov, unsigned long cnt)
{
	u64 total = 0;

	for (unsigned long i = 0; i < cnt; i++) {
		if (iov[i].len > (u64)MAX_RW || (total += iov[i].len) > (u64)MAX_RW)
			return -EINVAL;
	}
	return 0;
}

static long writev_iov(struct thread *t, struct fd_entry *e, const struct iovec64 *iov,
		       unsigned long cnt)
{
	long total = 0;

	for (unsigned long i = 0; i < cnt; i++) {
		long w;

		if (!iov[i].len)
			continue;
		w = write_user(t, e, iov[i].base, iov[i].len);
		if (w < 0)
			return total ? total : w;
		total += w;
		if ((u64)w < iov[i].len)
			break;
	}
	return total;
}

static long readv_iov(struct thread *t, struct fd_entry *e, const struct iovec64 *iov,
		      unsigned long cnt)
{
	long total = 0;

	for (unsigned long i = 0; i < cnt; i++) {
		long r;

		if (!iov[i].len)
			continue;
		r = read_user(t, e, iov[i].base, iov[i].len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((u64)r < iov[i].len)
			break;
	}
	return total;
}

/* readv and writev: the vector is read and checked whole before any data moves. */
static long do_rwv(struct thread *t, const unsigned long *a, bool write)
{
	unsigned long cnt = a[2];
	struct iovec64 *iov;
	struct fd_entry e;
	long ret;

	if (cnt > IOV_MAX)
		return -EINVAL;
	ret = fd_lookup(t, a[0], &e);
	if (ret)
		return ret;
	iov = kcalloc(cnt ? cnt : 1, sizeof(*iov));
	ret = iov ? copy_from_user(t->proc->mm, iov, a[1], cnt * sizeof(*iov)) : -ENOMEM;
	if (!ret)
		ret = check_iov(iov, cnt);
	if (!ret)
		ret = write ? writev_iov(t, &e, iov, cnt) : readv_iov(t, &e, iov, cnt);
	kfree(iov);
	fd_release(&e);
	return ret;
}

long sys_writev(struct thread *t, const unsigned long *a)
{
	return do_rwv(t, a, true);
}

long sys_readv(struct thread *t, const unsigned long *a)
{
	return do_rwv(t, a, false);
}
long sys_ioctl(struct thread *t, const unsigned long *a)
{
	struct fd_entry e;
	long ret = fd_lookup(t, a[0], &e);

	if (ret)
		return ret;
	if (e.kind == FD_FILE)
		ret = vfs_ioctl(e.file, (unsigned int)a[1], a[2]);
	else
		ret = tty_ioctl_user(tty_console(), (unsigned int)a[1], a[2]);
	fd_release(&e);
	return ret;
}

static long do_readlinkat(struct thread *t, long dirfd, vaddr_t upath, vaddr_t ubuf, long len)
{
	size_t size = MIN((unsigned long)len, (unsigned long)PATH_MAX);
	struct fd_entry hold = { .kind = FD_NONE };
	char *path, *buf;
	struct vfs_ctx ctx;
	long ret;

	if (len <= 0)
		return -EINVAL;
	path = user_path(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	buf = kmalloc(size);
	ret = buf ? at_ctx(t, dirfd, path, &ctx, &hold) : -ENOMEM;
	if (!ret)
		ret = vfs_readlinkat(&ctx, path, buf, size);
	if (ret > 0 && copy_to_user(t->proc->mm, ubuf, buf, (size_t)ret))
		ret = -EFAULT;
	fd_release(&hold);
	kfree(buf);
	kfree(path);
	return ret;
}

long sys_readlink(struct thread *t, const unsigned long *a)
{
	return do_readlinkat(t, AT_FDCWD, a[0], a[1], (long)a[2]);
}

long sys_readlinkat(struct thread *t, const unsigned long *a)
{
	return do_readlinkat(t, (long)a[0], a[1], a[2], (long)a[3]);
}

/* ---- poll and select ----------------------------------------------------------------- */

#define POLL_ALWAYS    (POLLERR | POLLHUP | POLLNVAL) /* reported whether asked for or not */
#define FDSET_WORDS(n) (((n) + 63) / 64)

struct pollfd64 {
	s32 fd;
	s16 events;
	s16 revents;
};

struct timeval64 {
	s64 tv_sec;
	s64 tv_usec;
};

struct timespec64p {
	s64 tv_sec;
	s64 tv_nsec;
};

/* The events of descriptor @fd now: files without a notion of readiness are always ready. */
static u32 fd_events(struct thread *t, long fd)
{
	struct fd_entry e;
	u32 ev = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

	if (fd_lookup(t, (unsigned long)fd, &e))
		return POLLNVAL;
	if (e.kind == FD_CONSOLE)
		ev = tty_input_ready(tty_console()) ? ev : POLLOUT | POLLWRNORM;
	else if (!pipe_file_poll(e.file, &ev))
		(void)tty_file_poll(e.file, &ev);
	fd_release(&e);
	return ev;
}

/* Fill in every revents; returns how many are non-zero. */
static int poll_scan(struct thread *t, struct pollfd64 *pfd, unsigned long n)
{
	int ready = 0;

	for (unsigned long i = 0; i < n; i++) {
		pfd[i].revents = 0;
		if (pfd[i].fd < 0)
			continue;
		pfd[i].revents =
			(s16)(fd_events(t, pfd[i].fd) & ((u16)pfd[i].events | POLL_ALWAYS));
		ready += pfd[i].revents != 0;
	}
	return ready;
}

/*
 * Scan until something is ready or @deadline (0: none; ~0: do not wait). Signals cannot
 * interrupt the wait yet (no EINTR): they arrive with signal delivery.
 */
static int poll_loop(struct thread *t, struct pollfd64 *pfd, unsigned long n, u64 deadline)
{
	for (;;) {
		u32 seq = poll_seq();
		int ready = poll_scan(t, pfd, n);

		if (ready || deadline == ~0ull || !poll_wait(seq, deadline))
			return ready ? ready : poll_scan(t, pfd, n);
	}
}

static u64 deadline_in(u64 ns)
{
	return ns ? time_monotonic_ns() + ns : ~0ull;
}

static long do_poll(struct thread *t, vaddr_t ufds, unsigned long n, u64 deadline)
{
	struct pollfd64 *pfd;
	long ret;

	if (n > MIN(t->proc->rlim[RLIMIT_NOFILE].cur, (u64)PROC_MAX_FDS))
		return -EINVAL;
	pfd = kcalloc(n ? n : 1, sizeof(*pfd));
	if (!pfd)
		return -ENOMEM;
	ret = copy_from_user(t->proc->mm, pfd, ufds, n * sizeof(*pfd));
	if (!ret)
		ret = poll_loop(t, pfd, n, deadline);
	if (ret >= 0 && copy_to_user(t->proc->mm, ufds, pfd, n * sizeof(*pfd)))
		ret = -EFAULT;
	kfree(pfd);
	return ret;
}

long sys_poll(struct thread *t, const unsigned long *a)
{
	int ms = (int)a[2];

	return do_poll(t, a[0], a[1], ms < 0 ? 0 : deadline_in((u64)ms * NSEC_PER_MSEC));
}

/* A user timespec as a deadline (NULL: none); -EINVAL for a bad one. */
static long ts_deadline(struct thread *t, vaddr_t uts, u64 *deadline)
{
	struct timespec64p ts;

	*deadline = 0;
	if (!uts)
		return 0;
	if (copy_from_user(t->proc->mm, &ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = deadline_in((u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec);
	return 0;
}

/* The time left until @deadline, written back as ppoll/pselect6 do. */
static void ts_remaining(struct thread *t, vaddr_t uts, u64 deadline)
{
	u64 now = time_monotonic_ns(),
	    left = deadline > now && deadline != ~0ull ? deadline - now : 0;
	struct timespec64p ts = { (s64)(left / NSEC_PER_SEC), (s64)(left % NSEC_PER_SEC) };

	if (uts)
		(void)copy_to_user(t->proc->mm, uts, &ts, sizeof(ts));
}

/* ppoll: the signal mask argument is ignored until signal masks exist. */
long sys_ppoll(struct thread *t, const unsigned long *a)
{
	u64 deadline;
	long ret = ts_deadline(t, a[2], &deadline);

	if (ret)
		return ret;
	ret = do_poll(t, a[0], a[1], deadline);
	if (ret >= 0)
		ts_remaining(t, a[2], deadline);
	return ret;
}

/* The three fd_sets of select, @words 64-bit words each; NULL user sets stay zero. */
struct fdsets {
	u64 *in[3];  /* what was asked */
	u64 *out[3]; /* what is ready */
	unsigned long nfds, words;
};

#define SEL_IN	(POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define SEL_OUT (POLLOUT | POLLWRNORM | POLLERR)
#define SEL_EX	POLLPRI

/* One pass: the ready bits into s->out, their count, or -EBADF for a closed descriptor. */
static long select_scan(struct thread *t, struct fdsets *s)
{
	static const u32 want[3] = { SEL_IN, SEL_OUT, SEL_EX };
	long count = 0;

	for (unsigned long fd = 0; fd < s->nfds; fd++) {
		u64 bit = 1ull << (fd % 64);
		bool asked = false;
		u32 ev;

		for (int k = 0; k < 3; k++)
			asked |= s->in[k] && (s->in[k][fd / 64] & bit);
		if (!asked)
			continue;
		ev = fd_events(t, (long)fd);
		if (ev & POLLNVAL)
			return -EBADF;
		for (int k = 0; k < 3; k++) {
			if (s->in[k] && (s->in[k][fd / 64] & bit) && (ev & want[k])) {
				s->out[k][fd / 64] |= bit;
				count++;
			}
		}
	}
	return count;
}

static long select_loop(struct thread *t, struct fdsets *s, u64 deadline)
{
	for (;;) {
		u32 seq = poll_seq();
		long n = select_scan(t, s);

		if (n || deadline == ~0ull || !poll_wait(seq, deadline))
			return n;
	}
}

static void fdsets_free(struct fdsets *s)
{
	for (int k = 0; k < 3; k++) {
		kfree(s->in[k]);
		kfree(s->out[k]);
	}
}

static long fdsets_get(struct thread *t, struct fdsets *s, const unsigned long *a)
{
	size_t bytes = s->words * 8;

	for (int k = 0; k < 3; k++) {
		if (!a[1 + k])
			continue;
		s->in[k] = kzalloc(bytes ? bytes : 8);
		s->out[k] = kzalloc(bytes ? bytes : 8);
		if (!s->in[k] || !s->out[k])
			return -ENOMEM;
		if (copy_from_user(t->proc->mm, s->in[k], a[1 + k], (s->nfds + 7) / 8))
			return -EFAULT;
		if (s->nfds % 64)
			s->in[k][s->words - 1] &= (1ull << (s->nfds % 64)) - 1;
	}
	return 0;
}

/* select and pselect6 after the timeout: sets in a[1..3], written back on success. */
static long do_select(struct thread *t, const unsigned long *a, u64 deadline)
{
	struct fdsets s = { .nfds = MIN((unsigned long)(int)a[0], (unsigned long)PROC_MAX_FDS) };
	long ret;

	if ((int)a[0] < 0)
		return -EINVAL;
	s.words = FDSET_WORDS(s.nfds);
	ret = fdsets_get(t, &s, a);
	if (!ret)
		ret = select_loop(t, &s, deadline);
	for (int k = 0; k < 3 && ret >= 0; k++)
		if (s.out[k] && copy_to_user(t->proc->mm, a[1 + k], s.out[k], (s.nfds + 7) / 8))
			ret = -EFAULT;
	fdsets_free(&s);
	return ret;
}

long sys_select(struct thread *t, const unsigned long *a)
{
	struct timeval64 tv;
	u64 deadline = 0, now, left;
	long ret;

	if (a[4]) {
		if (copy_from_user(t->proc->mm, &tv, a[4], sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		deadline = deadline_in((u64)tv.tv_sec * NSEC_PER_SEC +
				       (u64)tv.tv_usec * NSEC_PER_USEC);
	}
	ret = do_select(t, a, deadline);
	if (ret >= 0 && a[4]) { /* Linux reports the time left */
		now = time_monotonic_ns();
		left = deadline > now && deadline != ~0ull ? deadline - now : 0;
		tv.tv_sec = (s64)(left / NSEC_PER_SEC);
		tv.tv_usec = (s64)(left % NSEC_PER_SEC / NSEC_PER_USEC);
		(void)copy_to_user(t->proc->mm, a[4], &tv, sizeof(tv));
	}
	return ret;
}

/* pselect6: a[5] points at {sigset pointer, size}, ignored until signal masks exist. */
long sys_pselect6(struct thread *t, const unsigned long *a)
{
	u64 deadline;
	long ret = ts_deadline(t, a[4], &deadline);

	if (ret)
		return ret;
	ret = do_select(t, a, deadline);
	if (ret >= 0)
		ts_remaining(t, a[4], deadline);
	return ret;
}
