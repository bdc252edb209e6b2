// SPDX-License-Identifier: MPL-2.0
// Private to hal/sync/: the FIFO hand-off queue behind mutexes, rw-semaphores and semaphores.
#ifndef HAL_SYNC_WAITER_H
#define HAL_SYNC_WAITER_H

#include <hal/sync.h>

/* One sleeping task, on its own stack, queued on a lock's waiters list. */
struct lock_waiter {
	struct list_head link; /* in the lock's waiters (the lock's wait_lock) */
	struct task *task;
	bool granted; /* the lock (or permit) was handed to this waiter (wait_lock) */
	bool write;   /* rwsem: waits to write */
};

/*
 * lock_waiter_sleep - queue @w at the tail of @waiters and sleep until lock_waiter_grant().
 * Called with @lock held (spin_lock_irqsave, @flags); returns with it held again and the
 * new saved state.
 */
irqflags_t lock_waiter_sleep(spinlock_t *lock, irqflags_t flags, struct list_head *waiters,
			     struct lock_waiter *w);

/* lock_waiter_grant - unqueue @w, mark it granted and wake its task. The wait_lock is held. */
void lock_waiter_grant(struct lock_waiter *w);

/* lock_waiter_first - the longest waiter, or NULL. */
static inline struct lock_waiter *lock_waiter_first(struct list_head *waiters)
{
	return list_first_entry_or_null(waiters, struct lock_waiter, link);
}

#endif /* HAL_SYNC_WAITER_H */
