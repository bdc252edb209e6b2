// SPDX-License-Identifier: MPL-2.0
// Private to hal/task/: what the task, scheduler, policy and FPU files share.
#ifndef HAL_TASK_SCHED_CORE_H
#define HAL_TASK_SCHED_CORE_H

#include <hal/errno.h>
#include <hal/sched.h>

/* The round-robin default policy (sched_rr.c). */
extern const struct sched_policy sched_rr_policy;

/* task_entry - where a new task starts (through arch_task_switch); runs its function. */
void __noreturn task_entry(void);
/* sched_idle_entry - where an idle task starts. */
void __noreturn sched_idle_entry(void);

/* sched_add_new - queue a freshly created task. */
void sched_add_new(struct task *t);
/* sched_switch_away_dead - leave the CPU for good (task_exit, interrupts off). */
void __noreturn sched_switch_away_dead(void);

/* task_make_idle - allocate @cpu's idle task (not queued). NULL when out of memory. */
struct task *task_make_idle(unsigned int cpu);
/* task_stack_ok - false when the canary at the bottom of @t's stack was overwritten. */
bool task_stack_ok(const struct task *t);

#ifdef CONFIG_ARCH_HAS_FPU_STATE
int task_fpu_alloc(struct task *t);
void task_fpu_free(struct task *t);
void task_fpu_switch(struct cpu_local *cl, struct task *prev, struct task *next);
#else
static inline int task_fpu_alloc(struct task *t)
{
	(void)t;
	return -EINVAL;
}

static inline void task_fpu_free(struct task *t)
{
	(void)t;
}

static inline void task_fpu_switch(struct cpu_local *cl, struct task *prev, struct task *next)
{
	(void)cl, (void)prev, (void)next;
}
#endif

#endif /* HAL_TASK_SCHED_CORE_H */
