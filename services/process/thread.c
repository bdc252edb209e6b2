// SPDX-License-Identifier: MPL-2.0
// Threads: each one a framework task (with its own FPU state) that runs its user context and
// serves what brings it back: system calls, page faults, and fatal exceptions as signals.
#define pr_fmt(fmt) "linux: " fmt

#include <hal/err.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/task.h>
#include <hal/user.h>
#include <services/process.h>
#include "internal.h"

struct thread *thread_current(void)
{
	return task_data(task_current());
}

/* The signal Linux sends for each kind of exception, and its name for the log. */
static int exception_signal(enum user_exception_kind kind, const char **name)
{
	switch (kind) {
	case USER_EXC_ILLEGAL:
		*name = "SIGILL";
		return SIGILL;
	case USER_EXC_ARITH:
		*name = "SIGFPE";
		return SIGFPE;
	case USER_EXC_TRAP:
		*name = "SIGTRAP";
		return SIGTRAP;
	case USER_EXC_ALIGNMENT:
		*name = "SIGBUS";
		return SIGBUS;
	default:
		*name = "SIGSEGV";
		return SIGSEGV;
	}
}

/* Linux's si_code for a bad access: inside a mapping it is a permission problem. */
static int fault_code(struct mm *mm, vaddr_t addr)
{
	bool mapped;

	mutex_lock(&mm->lock);
	mapped = mm_find_vma(mm, addr) != NULL;
	mutex_unlock(&mm->lock);
	return mapped ? SEGV_ACCERR : SEGV_MAPERR;
}

/*
 * A page fault the mm resolves resumes the thread; anything else becomes the signal Linux
 * sends for it, forced through (a blocked or ignored one kills, as on Linux).
 */
static void handle_exception(struct thread *t)
{
	struct user_exception e;
	struct ksiginfo info = { 0 };
	const char *name;

	user_context_exception(t->ctx, &e);
	if (e.kind == USER_EXC_PAGE_FAULT &&
	    !mm_fault(t->proc->mm, e.fault.addr, e.fault.access, e.fault.present))
		return;
	info.signo = exception_signal(e.kind, &name);
	info.addr = e.fault_addr;
	if (e.kind == USER_EXC_PAGE_FAULT)
		info.code = fault_code(t->proc->mm, e.fault.addr);
	else
		info.code = SI_KERNEL;
	pr_debug("pid %d (%s): %s at ip %#lx addr %#lx\n", t->proc->pid, t->proc->comm, name,
		 (unsigned long)user_context_ip(t->ctx), (unsigned long)e.fault_addr);
	signal_force(t, info.signo, &info);
}

/* The end of thread @t: wake a CLONE_CHILD_CLEARTID joiner, and the process's last one. */
static int thread_exit(struct thread *t)
{
	struct process *p = t->proc;
	int status, zero = 0;
	bool last;

	if (t->clear_child_tid && !copy_to_user(p->mm, t->clear_child_tid, &zero, sizeof(zero)))
		futex_wake_user(p->mm, t->clear_child_tid, 1);
	spin_lock(&p->lock);
	list_del(&t->node);
	last = --p->nr_threads == 0;
	if (last) /* its status is set: by exit_group, a signal or the last exit() */
		p->exiting = true;
	status = p->exit_status;
	spin_unlock(&p->lock);
	task_set_data(task_current(), NULL);
	user_context_destroy(t->ctx);
	kfree(t);
	if (last)
		process_zombify(p); /* @p may be reaped and freed from here on */
	else
		wake_up_all(&p->child_wait); /* an exec may wait for the other threads to go */
	return status;
}

void process_kill_other_threads(struct thread *t)
{
	struct process *p = t->proc;
	struct thread *o;

	spin_lock(&p->lock);
	list_for_each_entry(o, &p->threads, node) {
		if (o != t) {
			WRITE_ONCE(o->exiting, true);
			user_mode_kick(o->ctx);
		}
	}
	spin_unlock(&p->lock);
	wait_event(&p->child_wait, READ_ONCE(p->nr_threads) == 1);
}

static int thread_main(void *arg)
{
	struct thread *t = arg;

	task_set_data(task_current(), t);
	while (!READ_ONCE(t->proc->exiting) && !READ_ONCE(t->exiting)) {
		int reason = user_mode_run(t->ctx);
		long nr = -1;

		if (reason == USER_RETURN_SYSCALL) {
			nr = (long)user_context_syscall_nr(t->ctx);
			t->sigreturned = false;
			linux_syscall(t, t->ctx);
			if (t->sigreturned) /* the registers are the frame's: no restart */
				nr = -1;
		} else if (reason == USER_RETURN_EXCEPTION) {
			handle_exception(t);
		} else if (reason < 0) {
			process_exit(t, SIGSEGV); /* this task cannot run user code at all */
		}
		signal_deliver(t, nr);
	}
	return thread_exit(t);
}

struct thread *thread_create(struct process *p, struct user_context *ctx, int tid)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (!t)
		return ERR_PTR(-ENOMEM);
	t->proc = p;
	t->ctx = ctx;
	t->tid = tid;
	wait_queue_init(&t->sig_wait);
	spin_lock(&p->lock);
	p->nr_threads++;
	list_add_tail(&t->node, &p->threads);
	spin_unlock(&p->lock);
	return t;
}

void thread_destroy(struct thread *t)
{
	struct process *p = t->proc;

	spin_lock(&p->lock);
	list_del(&t->node);
	p->nr_threads--;
	spin_unlock(&p->lock);
	user_context_destroy(t->ctx);
	kfree(t);
}

struct task *thread_run(struct thread *t)
{
	struct task_opts opts = { .cpu = TASK_CPU_ANY, .flags = TASK_FPU, .stack_size = 32768 };

	return task_create(t->proc->comm, thread_main, t, &opts);
}

struct task *thread_start(struct process *p, struct user_context *ctx)
{
	struct thread *t = thread_create(p, ctx, p->pid);
	struct task *task;

	if (IS_ERR(t))
		return ERR_PTR(PTR_ERR(t));
	task = thread_run(t);
	if (IS_ERR(task)) {
		t->ctx = NULL; /* the caller still owns @ctx */
		thread_destroy(t);
	}
	return task;
}
