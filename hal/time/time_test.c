// SPDX-License-Identifier: MPL-2.0
// ktests for the clocks and the calendar conversion (every arch).
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/time.h>
#include "time_internal.h"

/* Upper bounds are loose: a loaded host can stall a TCG vCPU for a long time. */
#define SLACK_NS (NSEC_PER_SEC)

KTEST(time, monotonic_never_decreases)
{
	u64 prev = time_monotonic_ns();

	for (int i = 0; i < 100000; i++) {
		u64 now = time_monotonic_ns();

		if (now < prev) {
			KEXPECT_GE(now, prev);
			return;
		}
		prev = now;
	}
}

KTEST(time, monotonic_advances_with_delay)
{
	u64 t0 = time_monotonic_ns();

	time_delay_ns(2 * NSEC_PER_MSEC);
	KEXPECT_GE(time_monotonic_ns() - t0, 2 * NSEC_PER_MSEC);
	KEXPECT_LT(time_monotonic_ns() - t0, 2 * NSEC_PER_MSEC + SLACK_NS);
}

KTEST(time, realtime_from_rtc)
{
	/* 2020-01-01 00:00:00 UTC */
	const u64 y2020 = 1577836800ULL * NSEC_PER_SEC;

	if (!IS_ENABLED(CONFIG_ARCH_HAS_RTC))
		KTEST_SKIP("no battery clock on this arch");
	KEXPECT_GT(time_realtime_ns(), y2020);
}

KTEST(time, realtime_set)
{
	u64 saved = time_realtime_ns();
	u64 target = 1000000000ULL * NSEC_PER_SEC;

	time_realtime_set(target);
	KEXPECT_GE(time_realtime_ns(), target);
	KEXPECT_LT(time_realtime_ns(), target + SLACK_NS);
	time_realtime_set(saved);
}

KTEST(time, calendar_conversion)
{
	struct rtc_time tm = { 1970, 1, 1, 0, 0, 0 };
	struct rtc_time leap = { 2024, 2, 29, 12, 34, 56 };
	struct rtc_time bad = { 2023, 2, 29, 0, 0, 0 };
	struct rtc_time back;

	KEXPECT_EQ(time_from_rtc(&tm), 0);
	tm = (struct rtc_time){ 2000, 3, 1, 0, 0, 0 };
	KEXPECT_EQ(time_from_rtc(&tm), 951868800);
	KEXPECT_EQ(time_from_rtc(&leap), 1709210096);
	KEXPECT_EQ(time_from_rtc(&bad), -EINVAL);
	bad = (struct rtc_time){ 2023, 13, 1, 0, 0, 0 };
	KEXPECT_EQ(time_from_rtc(&bad), -EINVAL);
	bad = (struct rtc_time){ 2023, 1, 1, 24, 0, 0 };
	KEXPECT_EQ(time_from_rtc(&bad), -EINVAL);
	time_to_rtc(1709210096, &back);
	KEXPECT_EQ(back.year, 2024);
	KEXPECT_EQ(back.month, 2);
	KEXPECT_EQ(back.day, 29);
	KEXPECT_EQ(back.hour, 12);
	KEXPECT_EQ(back.minute, 34);
	KEXPECT_EQ(back.second, 56);
}
