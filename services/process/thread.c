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

#define SIGILL	4
#define SIGTRAP 5
#define SIGBUS	7
#define SIGFPE	8
#define SIGSEGV 11

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

/*
 * A page fault the mm resolves resumes the thread; anything else is fatal. There are no
 * signal handlers yet, so the default action applies: the process dies by the signal (its
 * wait status is the signal number, as for a killed Linux process).
 */
static void handle_exception(struct thread *t)
{
	struct user_exception e;
	const char *name;
	int sig;

	user_context_exception(t->ctx, &e);
	if (e.kind == USER_EXC_PAGE_FAULT &&
	    !mm_fault(t->proc->mm, e.fault.addr, e.fault.access, e.fault.present))
		return;
	sig = exception_signal(e.kind, &name);
	pr_info("pid %d (%s) killed by %s at ip %#lx addr %#lx\n", t->proc->pid, t->proc->comm,
		name, (unsigned long)user_context_ip(t->ctx), (unsigned long)e.fault_addr);
	process_exit(t, sig);
}

static int thread_main(void *arg)
{
	struct thread *t = arg;
	int status;

	task_set_data(task_current(), t);
	while (!READ_ONCE(t->proc->exiting)) {
		int reason = user_mode_run(t->ctx);

		if (reason == USER_RETURN_SYSCALL)
			linux_syscall(t, t->ctx);
		else if (reason == USER_RETURN_EXCEPTION)
			handle_exception(t);
		else if (reason < 0)
			process_exit(t, SIGSEGV); /* this task cannot run user code at all */
	}
	status = t->proc->exit_status;
	task_set_data(task_current(), NULL);
	user_context_destroy(t->ctx);
	kfree(t);
	return status;
}

struct task *thread_start(struct process *p, struct user_context *ctx)
{
	struct task_opts opts = { .cpu = TASK_CPU_ANY, .flags = TASK_FPU, .stack_size = 32768 };
	struct thread *t = kzalloc(sizeof(*t));
	struct task *task;

	if (!t)
		return ERR_PTR(-ENOMEM);
	t->proc = p;
	t->ctx = ctx;
	t->tid = p->pid;
	spin_lock(&p->lock);
	p->nr_threads++;
	spin_unlock(&p->lock);
	task = task_create(p->comm, thread_main, t, &opts);
	if (IS_ERR(task))
		kfree(t);
	return task;
}
