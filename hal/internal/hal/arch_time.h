// SPDX-License-Identifier: MPL-2.0
// The arch contract for time: clock calibration, the per-CPU one-shot timer and the battery
// clock. Included at the end of hal/arch.h; each block exists only when the architecture
// selects its ARCH_HAS_* symbol (x86_64 today). The clock itself is arch_timestamp_ns().
#ifndef HAL_ARCH_TIME_H
#define HAL_ARCH_TIME_H

#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/types.h>

#ifdef CONFIG_ARCH_HAS_TIMER
/*
 * arch_time_init - calibrate the clock behind arch_timestamp_ns() against the best reference
 * the machine has and choose how the per-CPU timer runs; arch_timestamp_ns() stays continuous
 * across the change. Boot CPU, once, interrupts off, from the framework's time initcall,
 * after arch_irq_init(). Returns 0 or a negative errno (no usable timer).
 */
int arch_time_init(void);

/*
 * arch_timer_cpu_init - set up this CPU's timer, stopped; its interrupt calls
 * hal_timer_interrupt(). This CPU, interrupts off, after arch_irq_cpu_init().
 */
void arch_timer_cpu_init(void);

/*
 * arch_timer_program - raise this CPU's timer interrupt once, when arch_timestamp_ns() has
 * reached @deadline_ns (at once if it has); replaces any earlier programming. The timer may
 * fire early when the hardware cannot reach that far: hal_timer_interrupt() then reprograms.
 * This CPU, interrupts off.
 */
void arch_timer_program(u64 deadline_ns);

/* arch_timer_stop - cancel this CPU's programmed timer interrupt. This CPU, interrupts off. */
void arch_timer_stop(void);

/* hal_timer_interrupt - the arch's timer interrupt handler calls this. Hard IRQ context. */
void hal_timer_interrupt(void);
#endif /* CONFIG_ARCH_HAS_TIMER */

/* A calendar date and time in UTC, as a battery-backed clock keeps it. */
struct rtc_time {
	u16 year;  /* e.g. 2025 */
	u8 month;  /* 1-12 */
	u8 day;	   /* 1-31 */
	u8 hour;   /* 0-23 */
	u8 minute; /* 0-59 */
	u8 second; /* 0-59 */
};

#ifdef CONFIG_ARCH_HAS_RTC
/*
 * arch_rtc_read - the battery-backed clock, in UTC. Boot CPU, boot. Returns 0, -ENODEV (no
 * clock) or -EIO (it never settled). The framework checks the fields' ranges.
 */
int arch_rtc_read(struct rtc_time *tm);
#else
static inline int arch_rtc_read(struct rtc_time *tm)
{
	(void)tm;
	return -ENODEV;
}
#endif /* CONFIG_ARCH_HAS_RTC */

#endif /* HAL_ARCH_TIME_H */
