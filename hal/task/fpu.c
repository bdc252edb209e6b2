// SPDX-License-Identifier: MPL-2.0
// User FPU/SIMD state of tasks: one save area per TASK_FPU task, saved when it leaves a CPU
// and loaded when it comes back unless the registers still hold it. The kernel itself never
// touches these registers, so kernel-only tasks cost nothing.
#include <hal/mm.h>
#include "sched_core.h"

static size_t fpu_alloc_size(void)
{
	size_t want = MAX(arch_fpu_state_size(), arch_fpu_state_align());
	size_t size = 64;

	/* kmalloc aligns a power-of-two size to itself (to a page above PAGE_SIZE). */
	while (size < want)
		size <<= 1;
	return size;
}

int task_fpu_alloc(struct task *t)
{
	t->fpu = kzalloc(fpu_alloc_size());
	if (!t->fpu)
		return -ENOMEM;
	arch_fpu_state_init(t->fpu);
	t->fpu_cpu = -1;
	return 0;
}

void task_fpu_free(struct task *t)
{
	kfree(t->fpu);
	t->fpu = NULL;
}

/*
 * Interrupts off, between two tasks on @cl's CPU. The registers keep prev's state after the
 * save, so a task that comes straight back (or after kernel-only tasks) skips the load.
 */
void task_fpu_switch(struct cpu_local *cl, struct task *prev, struct task *next)
{
	if (prev->fpu) {
		arch_fpu_save(prev->fpu);
		prev->fpu_cpu = (int)cl->id;
		cl->fpu_owner = prev;
	}
	if (!next->fpu || (cl->fpu_owner == next && next->fpu_cpu == (int)cl->id))
		return;
	arch_fpu_restore(next->fpu);
	next->fpu_cpu = (int)cl->id;
	cl->fpu_owner = next;
}

void *task_fpu_area(struct task *t, size_t *size)
{
	if (size)
		*size = t->fpu ? arch_fpu_state_size() : 0;
	return t->fpu;
}

void task_fpu_save_current(void)
{
	struct task *t = task_current();
	unsigned long flags;

	if (!t->fpu)
		return;
	flags = arch_irq_save();
	arch_fpu_save(t->fpu);
	arch_irq_restore(flags);
}

void task_fpu_load_current(void)
{
	struct task *t = task_current();
	unsigned long flags;

	if (!t->fpu)
		return;
	flags = arch_irq_save();
	arch_fpu_restore(t->fpu);
	t->fpu_cpu = (int)this_cpu_local()->id;
	this_cpu_local()->fpu_owner = t;
	arch_irq_restore(flags);
}
