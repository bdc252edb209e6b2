// SPDX-License-Identifier: MPL-2.0
// Sleeping reader-writer locks, served in arrival order: a writer waits for the readers inside,
// and readers arriving after a queued writer wait behind it.
#include <hal/log.h>
#include <hal/sched.h>
#include "waiter.h"

void rwsem_init(struct rwsem *s)
{
	spin_lock_init(&s->wait_lock);
	s->count = 0;
	s->writer = NULL;
	INIT_LIST_HEAD(&s->waiters);
}

/* The lock just became free (count 0): let in the writer or the run of readers at the head. */
static void rwsem_grant_next(struct rwsem *s)
{
	struct lock_waiter *w = lock_waiter_first(&s->waiters);

	if (w && w->write) {
		s->count = -1;
		s->writer = w->task;
		lock_waiter_grant(w);
		return;
	}
	while (w && !w->write) {
		s->count++;
		lock_waiter_grant(w);
		w = lock_waiter_first(&s->waiters);
	}
}

void rwsem_read_lock(struct rwsem *s)
{
	struct lock_waiter w = { .write = false };
	irqflags_t flags;

	might_sleep();
	flags = spin_lock_irqsave(&s->wait_lock);
	if (s->count >= 0 && list_empty(&s->waiters))
		s->count++;
	else
		flags = lock_waiter_sleep(&s->wait_lock, flags, &s->waiters, &w);
	spin_unlock_irqrestore(&s->wait_lock, flags);
}

void rwsem_write_lock(struct rwsem *s)
{
	struct lock_waiter w = { .write = true };
	irqflags_t flags;

	might_sleep();
	flags = spin_lock_irqsave(&s->wait_lock);
	if (unlikely(s->writer == task_current()))
		panic("rwsem at %p: task %s write-locks it again", s, task_name(s->writer));
	if (!s->count && list_empty(&s->waiters)) {
		s->count = -1;
		s->writer = task_current();
	} else {
		flags = lock_waiter_sleep(&s->wait_lock, flags, &s->waiters, &w);
	}
	spin_unlock_irqrestore(&s->wait_lock, flags);
}

bool rwsem_read_trylock(struct rwsem *s)
{
	irqflags_t flags = spin_lock_irqsave(&s->wait_lock);
	bool ok = s->count >= 0 && list_empty(&s->waiters);

	if (ok)
		s->count++;
	spin_unlock_irqrestore(&s->wait_lock, flags);
	return ok;
}

bool rwsem_write_trylock(struct rwsem *s)
{
	irqflags_t flags = spin_lock_irqsave(&s->wait_lock);
	bool ok = !s->count && list_empty(&s->waiters);

	if (ok) {
		s->count = -1;
		s->writer = task_current();
	}
	spin_unlock_irqrestore(&s->wait_lock, flags);
	return ok;
}

void rwsem_read_unlock(struct rwsem *s)
{
	irqflags_t flags = spin_lock_irqsave(&s->wait_lock);

	if (unlikely(s->count <= 0))
		panic("rwsem at %p: read unlock without readers (count %d)", s, s->count);
	if (--s->count == 0)
		rwsem_grant_next(s);
	spin_unlock_irqrestore(&s->wait_lock, flags);
}

static void rwsem_check_writer(const struct rwsem *s)
{
	if (unlikely(s->count != -1 || s->writer != task_current()))
		panic("rwsem at %p: write unlock by %s, which does not hold it", s,
		      task_name(task_current()));
}

void rwsem_write_unlock(struct rwsem *s)
{
	irqflags_t flags = spin_lock_irqsave(&s->wait_lock);

	rwsem_check_writer(s);
	s->count = 0;
	s->writer = NULL;
	rwsem_grant_next(s);
	spin_unlock_irqrestore(&s->wait_lock, flags);
}

void rwsem_downgrade(struct rwsem *s)
{
	irqflags_t flags = spin_lock_irqsave(&s->wait_lock);
	struct lock_waiter *w;

	rwsem_check_writer(s);
	s->count = 1;
	s->writer = NULL;
	while ((w = lock_waiter_first(&s->waiters)) && !w->write) {
		s->count++;
		lock_waiter_grant(w);
	}
	spin_unlock_irqrestore(&s->wait_lock, flags);
}

void rwsem_assert_held(const struct rwsem *s, bool write)
{
	int count = READ_ONCE(s->count);

	if (write ? count != -1 || READ_ONCE(s->writer) != task_current() : count == 0)
		panic("rwsem at %p is not held%s", s, write ? " for writing by this task" : "");
}
