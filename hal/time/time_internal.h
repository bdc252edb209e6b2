// SPDX-License-Identifier: MPL-2.0
// Private to hal/time/: the pieces the time initcall strings together, and calendar helpers.
#ifndef HAL_TIME_INTERNAL_H
#define HAL_TIME_INTERNAL_H

#include <hal/arch.h>
#include <hal/types.h>

/* timer_subsys_init - calibrate (arch_time_init), then start the boot CPU's queue and tick. */
int timer_subsys_init(void);

/* tick_cpu_start - start this CPU's tick (after its timer queue is ready). */
int tick_cpu_start(void);

/*
 * time_from_rtc - seconds since 1970 for the UTC date in @tm, or -EINVAL when a field is out
 * of range (year 1970-9999). time_to_rtc - the reverse.
 */
s64 time_from_rtc(const struct rtc_time *tm);
void time_to_rtc(u64 sec, struct rtc_time *tm);

#endif /* HAL_TIME_INTERNAL_H */
