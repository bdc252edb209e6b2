// SPDX-License-Identifier: MPL-2.0
// The framework's own IRQ-saving spinlock, for code below the public sync API (log, frames, heap).
#ifndef HAL_RAWLOCK_H
#define HAL_RAWLOCK_H

#include <hal/arch.h>
#include <hal/types.h>

/* A test-and-test-and-set lock; interrupts stay off on this CPU while it is held. */
struct raw_lock {
	u32 locked;
};

#define RAW_LOCK_INIT { 0 }

/* raw_trylock_irqsave - take @lock if it is free. Any context. Returns true with *flags set. */
static inline bool raw_trylock_irqsave(struct raw_lock *lock, unsigned long *flags)
{
	*flags = arch_irq_save();
	if (!__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		return true;
	arch_irq_restore(*flags);
	return false;
}

/* raw_lock_irqsave - spin until @lock is ours. Any context. Returns the saved IRQ state. */
static inline unsigned long raw_lock_irqsave(struct raw_lock *lock)
{
	unsigned long flags = arch_irq_save();

	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
		/* Spin on a plain load so waiters do not bounce the cache line. */
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
	}
	return flags;
}

/* raw_unlock_irqrestore - release @lock and restore the state raw_lock_irqsave() returned. */
static inline void raw_unlock_irqrestore(struct raw_lock *lock, unsigned long flags)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	arch_irq_restore(flags);
}

static inline bool raw_lock_is_held(const struct raw_lock *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0;
}

#endif /* HAL_RAWLOCK_H */
