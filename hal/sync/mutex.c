// SPDX-License-Identifier: MPL-2.0
// Sleeping locks: mutexes and counting semaphores, both with FIFO hand-off to the first waiter,
// and the waiter queue they share with rw-semaphores.
#include <hal/log.h>
#include <hal/sched.h>
#include "waiter.h"

irqflags_t lock_waiter_sleep(spinlock_t *lock, irqflags_t flags, struct list_head *waiters,
			     struct lock_waiter *w)
{
	w->task = task_current();
	w->granted = false;
	list_add_tail(&w->link, waiters);
	while (!w->granted) {
		task_set_sleeping();
		spin_unlock_irqrestore(lock, flags);
		sched_block();
		flags = spin_lock_irqsave(lock);
	}
	task_set_running();
	return flags;
}

void lock_waiter_grant(struct lock_waiter *w)
{
	struct task *t = w->task;

	list_del_init(&w->link);
	w->granted = true; /* @w may be gone once the task runs: wake through a copy */
	task_wake(t);
}

/* ---- Mutexes ------------------------------------------------------------------------------- */

void mutex_init(struct mutex *m)
{
	spin_lock_init(&m->wait_lock);
	m->owner = NULL;
	INIT_LIST_HEAD(&m->waiters);
}

void mutex_lock(struct mutex *m)
{
	struct task *me = task_current();
	struct lock_waiter w;
	irqflags_t flags;

	might_sleep();
	flags = spin_lock_irqsave(&m->wait_lock);
	if (unlikely(m->owner == me))
		panic("mutex at %p: task %s locks it again", m, task_name(me));
	if (!m->owner)
		m->owner = me;
	else
		flags = lock_waiter_sleep(&m->wait_lock, flags, &m->waiters, &w);
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

bool mutex_trylock(struct mutex *m)
{
	irqflags_t flags = spin_lock_irqsave(&m->wait_lock);
	bool ok = !m->owner;

	if (ok)
		m->owner = task_current();
	spin_unlock_irqrestore(&m->wait_lock, flags);
	return ok;
}

void mutex_unlock(struct mutex *m)
{
	irqflags_t flags = spin_lock_irqsave(&m->wait_lock);
	struct lock_waiter *w;

	if (unlikely(m->owner != task_current()))
		panic("mutex at %p: unlocked by %s, owner is %s", m, task_name(task_current()),
		      m->owner ? task_name(m->owner) : "nobody");
	w = lock_waiter_first(&m->waiters);
	m->owner = w ? w->task : NULL;
	if (w)
		lock_waiter_grant(w);
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

bool mutex_is_locked(const struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}

void mutex_assert_held(const struct mutex *m)
{
	struct task *owner = READ_ONCE(m->owner);

	if (unlikely(owner != task_current()))
		panic("mutex at %p is held by %s, not by the current task %s", m,
		      owner ? task_name(owner) : "nobody", task_name(task_current()));
}

/* ---- Semaphores ---------------------------------------------------------------------------- */

void sema_init(struct semaphore *s, unsigned int count)
{
	spin_lock_init(&s->lock);
	s->count = count;
	INIT_LIST_HEAD(&s->waiters);
}

void sema_down(struct semaphore *s)
{
	struct lock_waiter w;
	irqflags_t flags;

	might_sleep();
	flags = spin_lock_irqsave(&s->lock);
	if (s->count && list_empty(&s->waiters))
		s->count--;
	else
		flags = lock_waiter_sleep(&s->lock, flags, &s->waiters, &w);
	spin_unlock_irqrestore(&s->lock, flags);
}

bool sema_trydown(struct semaphore *s)
{
	irqflags_t flags = spin_lock_irqsave(&s->lock);
	bool ok = s->count && list_empty(&s->waiters);

	if (ok)
		s->count--;
	spin_unlock_irqrestore(&s->lock, flags);
	return ok;
}

void sema_up(struct semaphore *s)
{
	irqflags_t flags = spin_lock_irqsave(&s->lock);
	struct lock_waiter *w = lock_waiter_first(&s->waiters);

	if (w)
		lock_waiter_grant(w);
	else if (!WARN_ON_ONCE(s->count == ~0U))
		s->count++;
	spin_unlock_irqrestore(&s->lock, flags);
}
