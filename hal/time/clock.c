// SPDX-License-Identifier: MPL-2.0
// The clocks: monotonic (the arch's calibrated timestamp) and realtime (monotonic plus an
// offset set from the battery clock at boot), busy-wait delays, and the time initcall.
#define pr_fmt(fmt) "time: " fmt

#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/log.h>
#include <hal/time.h>
#include "time_internal.h"

/* realtime = monotonic + offset (mod 2^64); written whole, read whole. */
static u64 realtime_offset;

u64 time_monotonic_ns(void)
{
	return arch_timestamp_ns();
}

u64 time_realtime_ns(void)
{
	return time_monotonic_ns() + __atomic_load_n(&realtime_offset, __ATOMIC_RELAXED);
}

void time_realtime_set(u64 ns)
{
	__atomic_store_n(&realtime_offset, ns - time_monotonic_ns(), __ATOMIC_RELAXED);
}

void time_delay_ns(u64 ns)
{
	u64 end = time_monotonic_ns() + ns;

	while (time_monotonic_ns() < end)
		arch_cpu_relax();
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (March-based years). */
static s64 days_from_civil(s64 y, unsigned int m, unsigned int d)
{
	s64 era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static unsigned int days_in_month(unsigned int y, unsigned int m)
{
	static const u8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

s64 time_from_rtc(const struct rtc_time *tm)
{
	if (tm->year < 1970 || tm->year > 9999 || tm->month < 1 || tm->month > 12 || tm->day < 1 ||
	    tm->day > days_in_month(tm->year, tm->month) || tm->hour > 23 || tm->minute > 59 ||
	    tm->second > 59)
		return -EINVAL;
	return days_from_civil(tm->year, tm->month, tm->day) * 86400 + tm->hour * 3600 +
	       tm->minute * 60 + tm->second;
}

void time_to_rtc(u64 sec, struct rtc_time *tm)
{
	u64 days = sec / 86400, rem = sec % 86400;
	unsigned int y = 1970, m = 1;

	while (days >= 365u + days_in_month(y, 2) - 28) {
		days -= 365 + days_in_month(y, 2) - 28;
		y++;
	}
	while (days >= days_in_month(y, m))
		days -= days_in_month(y, m++);
	tm->year = y;
	tm->month = m;
	tm->day = days + 1;
	tm->hour = rem / 3600;
	tm->minute = rem / 60 % 60;
	tm->second = rem % 60;
}

static void realtime_from_rtc(void)
{
	struct rtc_time tm;
	s64 sec;
	int err = arch_rtc_read(&tm);

	sec = err ? err : time_from_rtc(&tm);
	if (sec < 0) {
		if (sec != -ENODEV)
			pr_warn("battery clock unreadable (%lld); realtime starts at 1970\n",
				(long long)sec);
		return;
	}
	time_realtime_set((u64)sec * NSEC_PER_SEC);
	pr_info("realtime %04u-%02u-%02u %02u:%02u:%02u UTC from the battery clock\n", tm.year,
		tm.month, tm.day, tm.hour, tm.minute, tm.second);
}

static int time_setup(void)
{
	int err = 0;

	if (IS_ENABLED(CONFIG_ARCH_HAS_TIMER))
		err = timer_subsys_init();
	realtime_from_rtc();
	return err;
}
time_initcall(time_setup);
