// SPDX-License-Identifier: MPL-2.0
// Wait queues and completions: sleep until a condition holds, woken by whoever changed it.
#include <hal/log.h>
#include <hal/sched.h>
#include <hal/sync.h>

void wait_queue_init(struct wait_queue *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->waiters);
}

void wait_entry_init(struct wait_entry *we)
{
	INIT_LIST_HEAD(&we->link);
	we->task = task_current();
}

/*
 * Queueing and marking asleep under wq->lock pairs with the waker, which changes the
 * condition before it takes the lock: either it sees this entry asleep, or the condition
 * check that follows here sees the change.
 */
void wait_prepare(struct wait_queue *wq, struct wait_entry *we)
{
	irqflags_t flags = spin_lock_irqsave(&wq->lock);

	if (list_empty(&we->link))
		list_add_tail(&we->link, &wq->waiters);
	task_set_sleeping();
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_sleep(void)
{
	sched_block();
}

bool wait_sleep_until(u64 deadline_ns)
{
	might_sleep();
	return sched_block_until(deadline_ns);
}

u64 wait_deadline(u64 timeout_ns)
{
	return sched_deadline_after(timeout_ns);
}

void wait_finish(struct wait_queue *wq, struct wait_entry *we)
{
	irqflags_t flags;

	task_set_running();
	if (list_empty(&we->link))
		return;
	flags = spin_lock_irqsave(&wq->lock);
	list_del_init(&we->link);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* Wake up to @max sleeping waiters, oldest first. wq->lock held. */
static unsigned int wake_locked(struct wait_queue *wq, unsigned int max)
{
	struct wait_entry *we;
	unsigned int n = 0;

	list_for_each_entry(we, &wq->waiters, link) {
		if (n >= max)
			break;
		n += task_wake(we->task);
	}
	return n;
}

unsigned int wake_up_one(struct wait_queue *wq)
{
	irqflags_t flags = spin_lock_irqsave(&wq->lock);
	unsigned int n = wake_locked(wq, 1);

	spin_unlock_irqrestore(&wq->lock, flags);
	return n;
}

unsigned int wake_up_all(struct wait_queue *wq)
{
	irqflags_t flags = spin_lock_irqsave(&wq->lock);
	unsigned int n = wake_locked(wq, ~0U);

	spin_unlock_irqrestore(&wq->lock, flags);
	return n;
}

/* ---- Completions --------------------------------------------------------------------------- */

#define COMPLETION_ALL (~0U)

void completion_init(struct completion *c)
{
	c->done = 0;
	wait_queue_init(&c->wq);
}

void completion_reinit(struct completion *c)
{
	WRITE_ONCE(c->done, 0);
}

void complete(struct completion *c)
{
	irqflags_t flags = spin_lock_irqsave(&c->wq.lock);

	if (c->done != COMPLETION_ALL && c->done + 1 != COMPLETION_ALL)
		c->done++;
	wake_locked(&c->wq, 1);
	spin_unlock_irqrestore(&c->wq.lock, flags);
}

void complete_all(struct completion *c)
{
	irqflags_t flags = spin_lock_irqsave(&c->wq.lock);

	c->done = COMPLETION_ALL;
	wake_locked(&c->wq, ~0U);
	spin_unlock_irqrestore(&c->wq.lock, flags);
}

/* Take one completion if there is one. wq.lock held. */
static bool completion_consume(struct completion *c)
{
	if (!c->done)
		return false;
	if (c->done != COMPLETION_ALL)
		c->done--;
	return true;
}

/*
 * Sleep until a completion can be consumed or @deadline_ns passes (~0: never). Returns whether
 * one was consumed.
 */
static bool completion_wait(struct completion *c, u64 deadline_ns)
{
	struct wait_entry we;
	irqflags_t flags;
	bool done;

	might_sleep();
	wait_entry_init(&we);
	flags = spin_lock_irqsave(&c->wq.lock);
	while (!(done = completion_consume(c))) {
		bool in_time = true;

		if (list_empty(&we.link))
			list_add_tail(&we.link, &c->wq.waiters);
		task_set_sleeping();
		spin_unlock_irqrestore(&c->wq.lock, flags);
		if (deadline_ns == ~0ULL)
			sched_block();
		else
			in_time = sched_block_until(deadline_ns);
		flags = spin_lock_irqsave(&c->wq.lock);
		if (!in_time) {
			done = completion_consume(c);
			break;
		}
	}
	task_set_running();
	list_del_init(&we.link);
	spin_unlock_irqrestore(&c->wq.lock, flags);
	return done;
}

void wait_for_completion(struct completion *c)
{
	completion_wait(c, ~0ULL);
}

bool wait_for_completion_timeout(struct completion *c, u64 timeout_ns)
{
	return completion_wait(c, sched_deadline_after(timeout_ns));
}

bool try_wait_for_completion(struct completion *c)
{
	irqflags_t flags = spin_lock_irqsave(&c->wq.lock);
	bool ok = completion_consume(c);

	spin_unlock_irqrestore(&c->wq.lock, flags);
	return ok;
}

bool completion_done(const struct completion *c)
{
	return READ_ONCE(c->done) != 0;
}
