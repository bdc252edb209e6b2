// SPDX-License-Identifier: MPL-2.0
// Time and randomness: clock_gettime, gettimeofday, getrandom.
#include <hal/errno.h>
#include <hal/task.h>
#include <hal/time.h>
#include <services/signal.h>
#include "syscall.h"

#define CLOCK_REALTIME	       0
#define CLOCK_MONOTONIC	       1
#define CLOCK_MONOTONIC_RAW    4
#define CLOCK_REALTIME_COARSE  5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME	       7

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM   0x2
#define GRND_INSECURE 0x4

struct timespec64 {
	s64 sec, nsec;
};

static void ns_to_ts(u64 ns, struct timespec64 *ts)
{
	ts->sec = (s64)(ns / NSEC_PER_SEC);
	ts->nsec = (s64)(ns % NSEC_PER_SEC);
}

/* CPU-time clocks need per-thread accounting that does not exist yet: -EINVAL for now. */
long sys_clock_gettime(struct thread *t, const unsigned long *a)
{
	struct timespec64 ts;

	switch ((int)a[0]) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		ns_to_ts(time_realtime_ns(), &ts);
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		ns_to_ts(time_monotonic_ns(), &ts);
		break;
	default:
		return -EINVAL;
	}
	return copy_to_user(t->proc->mm, a[1], &ts, sizeof(ts));
}

long sys_gettimeofday(struct thread *t, const unsigned long *a)
{
	u64 ns = time_realtime_ns();
	s64 tv[2] = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };
	s32 tz[2] = { 0, 0 };

	if (a[0] && copy_to_user(t->proc->mm, a[0], tv, sizeof(tv)))
		return -EFAULT;
	if (a[1] && copy_to_user(t->proc->mm, a[1], tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

#define TIMER_ABSTIME 1

/* A sleep request: 0 with *@ns set, -EFAULT or -EINVAL (tv_nsec outside [0, 1e9), tv_sec < 0). */
static int read_timespec(struct thread *t, vaddr_t uts, u64 *ns)
{
	struct timespec64 ts;

	if (copy_from_user(t->proc->mm, &ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*ns = ts.sec > (s64)(~0ULL / NSEC_PER_SEC / 2) ? ~0ULL / 2 :
							 (u64)ts.sec * NSEC_PER_SEC + (u64)ts.nsec;
	return 0;
}

/* A signal ends the sleep: the time left goes to @urem (when given), the call restarts or fails. */
static long interrupted_sleep(struct thread *t, u64 ns, vaddr_t urem)
{
	u64 left = signal_sleep_ns(t, ns);
	struct timespec64 rem = { (s64)(left / NSEC_PER_SEC), (s64)(left % NSEC_PER_SEC) };

	if (!left)
		return 0;
	if (urem && copy_to_user(t->proc->mm, urem, &rem, sizeof(rem)))
		return -EFAULT;
	return -ERESTARTNOHAND;
}

long sys_nanosleep(struct thread *t, const unsigned long *a)
{
	u64 ns;
	int err = read_timespec(t, a[0], &ns);

	return err ? err : interrupted_sleep(t, ns, a[1]);
}

long sys_clock_nanosleep(struct thread *t, const unsigned long *a)
{
	u64 ns, now;
	int err;

	switch ((int)a[0]) {
	case CLOCK_REALTIME:
		now = time_realtime_ns();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		now = time_monotonic_ns();
		break;
	default:
		return -EINVAL;
	}
	err = read_timespec(t, a[2], &ns);
	if (err)
		return err;
	if (a[1] & TIMER_ABSTIME)
		ns = ns > now ? ns - now : 0;
	return ns ? interrupted_sleep(t, ns, (a[1] & TIMER_ABSTIME) ? 0 : a[3]) : 0;
}

static u64 rng_state; /* updated racily on purpose: any interleaving is still a stream */

void linux_random_bytes(void *buf, size_t len)
{
	u8 *out = buf;

	if (!READ_ONCE(rng_state))
		WRITE_ONCE(rng_state, time_realtime_ns() ^ (time_monotonic_ns() << 21));
	while (len) {
		u64 x = __atomic_add_fetch(&rng_state, 0x9e3779b97f4a7c15ULL, __ATOMIC_RELAXED);

		x ^= time_monotonic_ns();
		x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
		x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
		x ^= x >> 31;
		for (int b = 0; b < 8 && len; b++, len--)
			*out++ = (u8)(x >> (8 * b));
	}
}

long sys_getrandom(struct thread *t, const unsigned long *a)
{
	size_t len = a[1] > 0x1ffffff ? 0x1ffffff : a[1];
	size_t done = 0;
	u8 chunk[256];

	if (a[2] & ~(unsigned long)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
	    (a[2] & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	while (done < len) {
		size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);

		linux_random_bytes(chunk, n);
		if (copy_to_user(t->proc->mm, a[0] + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}
