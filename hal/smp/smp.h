// SPDX-License-Identifier: MPL-2.0
// Private to hal/smp/: the per-CPU table between bring-up and the CPU numbering.
#ifndef HAL_SMP_SMP_H
#define HAL_SMP_SMP_H

struct cpu_local;

/* smp_set_cpu_local - record the block of a CPU about to be started. Boot CPU. */
void smp_set_cpu_local(unsigned int cpu, struct cpu_local *cl);

/* smp_mark_online - @cpu starts scheduling (called on that CPU). */
void smp_mark_online(unsigned int cpu);

#endif /* HAL_SMP_SMP_H */
