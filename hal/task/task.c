// SPDX-License-Identifier: MPL-2.0
// Kernel tasks: creation with their own stack, references, exit and join, and the boot task.
#define pr_fmt(fmt) "task: " fmt

#include <hal/err.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/pmm.h>
#include <hal/sched.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>
#include "sched_core.h"

#define TASK_STACK_DEFAULT (16 * 1024)
#define TASK_STACK_MAX	   (1024 * 1024)
/* Written at the lowest address of every stack; a debug kernel checks it on each switch. */
#define STACK_CANARY 0x57ac4ca2a11ed0ffULL

/*
 * The code hal_main() runs in becomes this task; it lives on the arch's boot stack and stays on
 * the boot CPU (boot code and tests that talk to "this CPU's" hardware rely on it).
 */
struct task hal_boot_task = {
	.state = TASK_RUNNING,
	.on_rq = true,
	.on_cpu = 1,
	.bound_cpu = 0,
	.flags = TASK_F_BOOT,
	.lock = RAW_LOCK_INIT,
	.refs = REFCOUNT_INIT(1),
	.exited = COMPLETION_INIT(hal_boot_task.exited),
	.fpu_cpu = -1,
	.name = "boot",
};

static atomic_t next_task_id = ATOMIC_INIT(1);

static int task_stack_alloc(struct task *t, size_t size)
{
	unsigned int order = pmm_order_for(DIV_ROUND_UP(size, PAGE_SIZE));
	paddr_t pa = pmm_alloc_pages(order);

	if (!pa)
		return -ENOMEM;
	t->stack = arch_phys_to_virt(pa);
	t->stack_size = PAGE_SIZE << order;
	t->stack_top = (uintptr_t)t->stack + t->stack_size;
	*(u64 *)t->stack = STACK_CANARY;
	return 0;
}

static void task_stack_free(struct task *t)
{
	unsigned int order = pmm_order_for(t->stack_size / PAGE_SIZE);

	pmm_free_pages(arch_virt_to_phys(t->stack), order);
}

bool task_stack_ok(const struct task *t)
{
	return !t->stack || *(const u64 *)t->stack == STACK_CANARY;
}

static int task_check_opts(const struct task_opts *o)
{
	if (o->cpu != TASK_CPU_ANY && (o->cpu < 0 || !cpu_is_online((unsigned int)o->cpu)))
		return -EINVAL;
	if (o->stack_size > TASK_STACK_MAX || (o->flags & ~TASK_FPU))
		return -EINVAL;
	if ((o->flags & TASK_FPU) && !IS_ENABLED(CONFIG_ARCH_HAS_FPU_STATE))
		return -EINVAL;
	return 0;
}

static void task_init_fields(struct task *t, const char *name, const struct task_opts *o)
{
	strscpy(t->name, name ? name : "task", sizeof(t->name));
	t->id = (u32)atomic_inc_return(&next_task_id);
	t->state = TASK_RUNNING;
	t->on_rq = true;
	t->bound_cpu = o->cpu;
	t->cpu = o->cpu == TASK_CPU_ANY ? cpu_id() : (u32)o->cpu;
	t->flags = o->flags;
	t->lock = (struct raw_lock)RAW_LOCK_INIT;
	/* One reference for the creator, one the task holds on itself until it has left the CPU. */
	refcount_set(&t->refs, 2);
	completion_init(&t->exited);
	INIT_LIST_HEAD(&t->node.link);
	t->node.priority = o->priority;
	t->fpu_cpu = -1;
	/* A new task first runs in task_entry(), inside a switch: preemption is still off. */
	t->preempt_count = 1;
}

struct task *task_create(const char *name, int (*fn)(void *arg), void *arg,
			 const struct task_opts *opts)
{
	static const struct task_opts defaults = { .cpu = TASK_CPU_ANY };
	const struct task_opts *o = opts ? opts : &defaults;
	struct task *t;
	int err = task_check_opts(o);

	if (err || !fn)
		return ERR_PTR(-EINVAL);
	t = kzalloc(sizeof(*t));
	if (!t)
		return ERR_PTR(-ENOMEM);
	task_init_fields(t, name, o);
	t->fn = fn;
	t->arg = arg;
	err = task_stack_alloc(t, o->stack_size ? o->stack_size : TASK_STACK_DEFAULT);
	if (err)
		goto out_free_task;
	if (o->flags & TASK_FPU) {
		err = task_fpu_alloc(t);
		if (err)
			goto out_free_stack;
	}
	t->sp = arch_task_stack_init(t->stack_top, task_entry);
	sched_add_new(t);
	return t;

out_free_stack:
	task_stack_free(t);
out_free_task:
	kfree(t);
	return ERR_PTR(err);
}

/* task_make_idle - the idle task of @cpu: never queued, never ends. */
struct task *task_make_idle(unsigned int cpu)
{
	static const struct task_opts o = { .cpu = TASK_CPU_ANY };
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	task_init_fields(t, "idle", &o);
	scnprintf(t->name, sizeof(t->name), "idle/%u", cpu);
	t->bound_cpu = (int)cpu;
	t->cpu = cpu;
	t->flags |= TASK_F_IDLE;
	if (task_stack_alloc(t, TASK_STACK_DEFAULT)) {
		kfree(t);
		return NULL;
	}
	t->sp = arch_task_stack_init(t->stack_top, sched_idle_entry);
	return t;
}

struct task *task_current(void)
{
	return this_cpu_local()->current;
}

struct task *task_get(struct task *t)
{
	refcount_inc(&t->refs);
	return t;
}

void task_put(struct task *t)
{
	if (!t || !refcount_dec_and_test(&t->refs))
		return;
	if (WARN_ON(t->flags & (TASK_F_BOOT | TASK_F_IDLE)))
		return;
	task_fpu_free(t);
	task_stack_free(t);
	kfree(t);
}

int task_join(struct task *t)
{
	int code;

	wait_for_completion(&t->exited);
	code = t->exit_code;
	task_put(t);
	return code;
}

void task_set_vm_space(struct vm_space *s)
{
	struct task *t = task_current();
	struct vm_space *old = t->space;

	if (!IS_ENABLED(CONFIG_ARCH_HAS_PAGING) || old == s)
		return;
	preempt_disable();
	t->space = s ? vm_space_get(s) : NULL;
	vm_space_activate(s);
	preempt_enable();
	/* Off every CPU now (only this task could have it active through the scheduler). */
	vm_space_put(old);
}

void task_exit(int code)
{
	struct task *t = task_current();

	BUG_ON(t->flags & (TASK_F_BOOT | TASK_F_IDLE));
	task_set_vm_space(NULL);
	if (WARN_ON(t->preempt_count != 0))
		t->preempt_count = 0;
	t->exit_code = code;
	arch_irq_save();
	/* Joiners may run on other CPUs at once; the self-reference keeps @t until it is off-CPU. */
	complete_all(&t->exited);
	__atomic_store_n(&t->state, TASK_DEAD, __ATOMIC_SEQ_CST);
	sched_switch_away_dead();
}

int task_set_cpu(struct task *t, int cpu)
{
	if (cpu != TASK_CPU_ANY && (cpu < 0 || !cpu_is_online((unsigned int)cpu)))
		return -EINVAL;
	if (t->flags & (TASK_F_IDLE | TASK_F_BOOT))
		return -EINVAL;
	WRITE_ONCE(t->bound_cpu, cpu);
	return 0;
}

const char *task_name(const struct task *t)
{
	return t->name;
}

unsigned int task_id(const struct task *t)
{
	return t->id;
}

unsigned int task_cpu(const struct task *t)
{
	return READ_ONCE(t->cpu);
}

bool task_has_exited(const struct task *t)
{
	return completion_done(&t->exited);
}

void *task_data(const struct task *t)
{
	return t->data;
}

void task_set_data(struct task *t, void *data)
{
	t->data = data;
}
