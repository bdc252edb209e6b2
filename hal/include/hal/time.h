// SPDX-License-Identifier: MPL-2.0
// Time for services and drivers: the monotonic and realtime clocks in nanoseconds, busy-wait
// delays, one-shot and periodic timers whose callbacks run in interrupt context, and the tick.
#ifndef HAL_TIME_H
#define HAL_TIME_H

#include <hal/compiler.h>
#include <hal/types.h>
#include <hal/lib/rbtree.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL

/* ---- Clocks ------------------------------------------------------------------------------ */

/*
 * time_monotonic_ns - nanoseconds since an arbitrary point early in boot; never goes back,
 * counts on while the machine runs, same timebase on every CPU. Any context.
 */
u64 time_monotonic_ns(void);

/*
 * time_realtime_ns - nanoseconds since 1970-01-01 00:00 UTC: the battery clock read at boot
 * (0 = 1970 when there is none) plus the monotonic time since. Any context.
 */
u64 time_realtime_ns(void);

/* time_realtime_set - make time_realtime_ns() return @ns now (settimeofday). Any context. */
void time_realtime_set(u64 ns);

/* time_delay_ns - busy-wait at least @ns nanoseconds. Any context; keep it short. */
void time_delay_ns(u64 ns);

/* ---- Timers ------------------------------------------------------------------------------ */

struct timer;

/*
 * A timer callback. Runs in hard interrupt context (interrupts off, must not sleep) on the CPU
 * that armed the timer. It may re-arm or cancel its own timer.
 */
typedef void (*timer_fn_t)(struct timer *t, void *arg);

/* struct timer - embed it where it is needed; the fields are private to the framework. */
struct timer {
	struct rb_node node; /* in the arming CPU's queue, ordered by deadline */
	u64 deadline;	     /* monotonic ns */
	u64 period;	     /* 0 for one-shot */
	timer_fn_t fn;
	void *arg;
	int cpu; /* the queue holding it, -1 when not pending */
};

/* timer_init - set up @t to call @fn(@t, @arg). Call once before any other timer_ function. */
void timer_init(struct timer *t, timer_fn_t fn, void *arg);

/*
 * timer_arm - fire @t once when time_monotonic_ns() reaches @deadline_ns (a deadline already
 * past fires as soon as possible). A pending timer is moved, so the old deadline is forgotten.
 * The callback runs on the calling CPU. Any context. Returns 0, or -ENODEV before the timer
 * hardware of this CPU is set up (time_cpu_init()).
 */
int timer_arm(struct timer *t, u64 deadline_ns);

/*
 * timer_arm_periodic - fire @t at @first_ns, then every @period_ns (> 0) after it; a late
 * callback skips the periods it missed instead of firing in a burst. Same rules as
 * timer_arm(); -EINVAL for a zero period.
 */
int timer_arm_periodic(struct timer *t, u64 first_ns, u64 period_ns);

/*
 * timer_cancel - stop @t. Any context. Returns true when it was pending. The callback may be
 * running on another CPU when this returns; timer_cancel_sync() also waits for that (not from
 * the callback itself, nor with a lock the callback takes).
 */
bool timer_cancel(struct timer *t);
bool timer_cancel_sync(struct timer *t);

/* timer_pending - is @t armed and not yet fired (one-shot) or armed at all (periodic)? */
bool timer_pending(const struct timer *t);

/* ---- Tick -------------------------------------------------------------------------------- */

/*
 * The tick: a periodic timer of TIME_TICK_HZ on every CPU that ran time_cpu_init(). Tick hooks
 * run in its interrupt (hard IRQ context, interrupts off): the scheduler's time slice.
 */
#ifdef CONFIG_TICK_HZ
#define TIME_TICK_HZ CONFIG_TICK_HZ
#else
#define TIME_TICK_HZ 100
#endif
#define TIME_TICK_NS (NSEC_PER_SEC / TIME_TICK_HZ)

/*
 * time_tick_register - call @hook on every tick of every CPU. At most 4 hooks.
 * Boot or process context. Returns 0, -EEXIST, or -ENOSPC.
 */
int time_tick_register(void (*hook)(void));

/* time_tick_unregister - stop calling @hook (it may be running on another CPU). 0/-ENOENT. */
int time_tick_unregister(void (*hook)(void));

/* time_ticks - ticks this CPU has taken since its time_cpu_init(). Any context. */
u64 time_ticks(void);

#endif /* HAL_TIME_H */
