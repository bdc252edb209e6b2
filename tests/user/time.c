// SPDX-License-Identifier: MPL-2.0
// ABI suite "time": the standard clocks, their resolutions, nanosleep and clock_nanosleep
// (relative, absolute, interrupted), gettimeofday, time, times and getrusage.
#define _GNU_SOURCE
#define UTEST_SUITE "time"
#include "utest.h"

#include <stdint.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#define NSEC 1000000000LL

static int64_t ns_of(const struct timespec *ts)
{
	return ts->tv_sec * NSEC + ts->tv_nsec;
}

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ns_of(&ts);
}

static volatile sig_atomic_t handled;

static void count_handler(int sig)
{
	(void)sig;
	handled++;
}

TEST(standard_clocks)
{
	static const clockid_t clocks[] = {
		CLOCK_REALTIME,		 CLOCK_MONOTONIC,     CLOCK_PROCESS_CPUTIME_ID,
		CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
		CLOCK_MONOTONIC_COARSE,	 CLOCK_BOOTTIME,
	};
	struct timespec ts;

	for (unsigned int i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		CHECK_EQ(clock_gettime(clocks[i], &ts), 0);
		CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < NSEC);
		CHECK_EQ(clock_getres(clocks[i], &ts), 0);
		CHECK(ts.tv_sec == 0 && ts.tv_nsec > 0);
	}
	/* The high-resolution clocks tick at least every millisecond. */
	CHECK_EQ(clock_getres(CLOCK_MONOTONIC, &ts), 0);
	CHECK(ts.tv_nsec <= 1000000);
	CHECK_EQ(clock_getres(CLOCK_REALTIME, &ts), 0);
	CHECK(ts.tv_nsec <= 1000000);
	CHECK_ERR(clock_gettime((clockid_t)12345, &ts), EINVAL);
	CHECK_ERR(clock_getres((clockid_t)12345, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8), EFAULT);
}

TEST(monotonic_never_goes_back)
{
	int64_t prev = now_ns(CLOCK_MONOTONIC), t, boot;

	for (int i = 0; i < 10000; i++) {
		t = now_ns(CLOCK_MONOTONIC);
		CHECK(t >= prev);
		if (t < prev)
			break;
		prev = t;
	}
	boot = now_ns(CLOCK_BOOTTIME);
	CHECK(boot >= prev); /* boot time also counts suspend: never less */
}

TEST(realtime_agrees)
{
	struct timeval tv;
	int64_t rt = now_ns(CLOCK_REALTIME), gt;
	time_t t;

	CHECK(rt / NSEC > 1577836800); /* after 2020-01-01: the clock was set from the RTC */
	CHECK_EQ(gettimeofday(&tv, NULL), 0);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	gt = tv.tv_sec * NSEC + tv.tv_usec * 1000LL;
	CHECK(llabs(gt - rt) < NSEC);
	t = time(NULL);
	CHECK(llabs((long long)t - rt / NSEC) <= 1);
#ifdef SYS_time
	CHECK(syscall(SYS_time, NULL) >= t);
#endif
}

TEST(nanosleep_sleeps)
{
	struct timespec req = { 0, 20 * 1000000 }, rem;
	int64_t t0 = now_ns(CLOCK_MONOTONIC), dt;

	CHECK_EQ(nanosleep(&req, &rem), 0);
	dt = now_ns(CLOCK_MONOTONIC) - t0;
	CHECK(dt >= 20 * 1000000);
	CHECK(dt < 2 * NSEC);
	req.tv_nsec = NSEC;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL);
	req.tv_sec = -1;
	req.tv_nsec = 0;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL);
	req.tv_sec = 0;
	CHECK_EQ(nanosleep(&req, NULL), 0); /* zero: returns at once */
}

TEST(clock_nanosleep_absolute)
{
	struct timespec deadline, now;
	int64_t target;

	/* clock_nanosleep returns the error number itself, not -1. */
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &deadline), 0);
	target = ns_of(&deadline) + 20 * 1000000;
	deadline.tv_sec = target / NSEC;
	deadline.tv_nsec = target % NSEC;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL), 0);
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &now), 0);
	CHECK(ns_of(&now) >= target);
	/* A deadline in the past returns at once. */
	deadline.tv_sec = 1;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL), 0);
	now.tv_sec = 0;
	now.tv_nsec = 1000000;
	CHECK_EQ(clock_nanosleep(CLOCK_REALTIME, 0, &now, NULL), 0);
	now.tv_nsec = -1;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &now, NULL), EINVAL);
	now.tv_nsec = 0;
	CHECK_EQ(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &now, NULL), EINVAL);
}

TEST(sleep_interrupted)
{
	struct sigaction sa = { .sa_handler = count_handler };
	struct timespec req = { 5, 0 }, rem = { 0, 0 };
	pid_t parent = getpid(), pid;
	int64_t t0;
	int status;

	sigemptyset(&sa.sa_mask);
	handled = 0;
	REQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct timespec d = { 0, 50 * 1000000 };

		nanosleep(&d, NULL);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	t0 = now_ns(CLOCK_MONOTONIC);
	/* Even with SA_RESTART nanosleep would fail: it reports what was left instead. */
	CHECK_ERR(nanosleep(&req, &rem), EINTR);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 4 * NSEC);
	CHECK(ns_of(&rem) > 3 * NSEC && ns_of(&rem) <= 5 * NSEC);
	CHECK_EQ(handled, 1);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	signal(SIGUSR1, SIG_DFL);
}

TEST(cpu_time_and_usage)
{
	struct rusage ru;
	struct tms t;
	int64_t c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID), c1;
	volatile unsigned long spin = 0;

	/* Burn some CPU until the process clock moves by 5 ms (bounded by the watchdog). */
	do {
		for (int i = 0; i < 100000; i++)
			spin += (unsigned long)i;
		c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	} while (c1 - c0 < 5 * 1000000);
	CHECK(c1 > c0);
	CHECK_EQ(getrusage(RUSAGE_SELF, &ru), 0);
	CHECK(ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0 || ru.ru_stime.tv_usec > 0);
	CHECK(ru.ru_maxrss > 0);
	CHECK_EQ(getrusage(RUSAGE_CHILDREN, &ru), 0);
	CHECK_ERR(getrusage(42, &ru), EINVAL);
	CHECK(times(&t) != (clock_t)-1);
	CHECK(sysconf(_SC_CLK_TCK) == 100);
}
