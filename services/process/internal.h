// SPDX-License-Identifier: MPL-2.0
// Inside services/process: the pieces fork, exit and threads share.
#ifndef SERVICES_PROCESS_INTERNAL_H
#define SERVICES_PROCESS_INTERNAL_H

#include <services/process.h>

/* proc_tree_lock - guards the tree fields of every process (see struct process). */
extern spinlock_t proc_tree_lock;

/* pid_alloc - the next pid (tids come from the same numbers, as on Linux). */
int pid_alloc(void);
/* process_alloc - a zeroed process with a pid, locks and lists ready; no mm. ERR_PTR. */
struct process *process_alloc(void);

/* thread_create - a thread of @p running @ctx (taken over), counted in @p; not started. */
struct thread *thread_create(struct process *p, struct user_context *ctx, int tid);
/* thread_run - start @t in a new task. Returns a task reference or ERR_PTR. */
struct task *thread_run(struct thread *t);
/* thread_destroy - undo thread_create() of a thread that never ran. */
void thread_destroy(struct thread *t);

/* process_set_init - @p is init: orphans are reparented to it. */
void process_set_init(struct process *p);
/* process_close_fds - drop every descriptor of @p. */
void process_close_fds(struct process *p);

/* process_link_child - make @c a child of @p; @vfork_waiter (or NULL) waits for its exec. */
void process_link_child(struct process *p, struct process *c, struct thread *vfork_waiter);
/* process_unlink_free - undo process_link_child() for a child that never ran, and free it. */
void process_unlink_free(struct process *c);
/* process_vfork_wait - sleep until the vfork child released @t. */
void process_vfork_wait(struct thread *t);
/* process_zombify - @p's last thread is gone: free what it used, tell the parent. */
void process_zombify(struct process *p);

/*
 * signal_send_locked - queue @sig (valid) for @p, or thread @t of it; p->lock held. Returns
 * whether it continued a stopped group: then call signal_send_done(@p, true) after unlocking
 * (always call it: it wakes sleepers).
 */
bool signal_send_locked(struct process *p, struct thread *t, int sig, const struct ksiginfo *info);
void signal_send_done(struct process *p, bool continued);
/*
 * process_notify_parent - tell @p's parent its child stopped, continued (@code CLD_*, @sig the
 * signal): wake its wait4 and send SIGCHLD unless SA_NOCLDSTOP.
 */
void process_notify_parent(struct process *p, int code, int sig);
/* signal_kill_pgrp - @sig from the kernel to every process of group @pgrp. Task context. */
void signal_kill_pgrp(int pgrp, int sig);
/* signal_tty_init - deliver the TTY's ^C/^Z/^\ signals from now on (once). May sleep. */
void signal_tty_init(void);

#endif /* SERVICES_PROCESS_INTERNAL_H */
