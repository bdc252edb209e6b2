// SPDX-License-Identifier: MPL-2.0
// Reader-writer spinlocks: a reader count and two flag bits in one word; a writer announces
// itself first so that new readers stand back and it is not starved.
#include <hal/log.h>
#include <hal/sched.h>
#include <hal/sync.h>

#define RW_WRITER  (1U << 31)
#define RW_WAITING (1U << 30)
#define RW_READERS (RW_WAITING - 1)

void rwlock_init(rwlock_t *lock)
{
	__atomic_store_n(&lock->state, 0, __ATOMIC_RELAXED);
}

static bool read_trylock_raw(rwlock_t *lock)
{
	u32 s = __atomic_load_n(&lock->state, __ATOMIC_RELAXED);

	if (s & (RW_WRITER | RW_WAITING))
		return false;
	if (WARN_ON_ONCE((s & RW_READERS) == RW_READERS))
		return false;
	return __atomic_compare_exchange_n(&lock->state, &s, s + 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static void read_lock_raw(rwlock_t *lock)
{
	while (!read_trylock_raw(lock))
		arch_cpu_relax();
}

static void read_unlock_raw(rwlock_t *lock)
{
	u32 old = __atomic_fetch_sub(&lock->state, 1, __ATOMIC_RELEASE);

	if (unlikely(!(old & RW_READERS)))
		panic("rwlock at %p: read unlock without readers", lock);
}

/* Free except for our own (or another writer's) WAITING mark: take it, clearing the mark. */
static bool write_trylock_raw(rwlock_t *lock)
{
	u32 s = __atomic_load_n(&lock->state, __ATOMIC_RELAXED);

	if (s & ~RW_WAITING)
		return false;
	return __atomic_compare_exchange_n(&lock->state, &s, RW_WRITER, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static void write_lock_raw(rwlock_t *lock)
{
	while (!write_trylock_raw(lock)) {
		/* Re-announce: another writer that got in first cleared the mark. */
		if (!(__atomic_load_n(&lock->state, __ATOMIC_RELAXED) & RW_WAITING))
			__atomic_fetch_or(&lock->state, RW_WAITING, __ATOMIC_RELAXED);
		arch_cpu_relax();
	}
}

static void write_unlock_raw(rwlock_t *lock)
{
	if (unlikely(!(__atomic_load_n(&lock->state, __ATOMIC_RELAXED) & RW_WRITER)))
		panic("rwlock at %p: write unlock without a writer", lock);
	__atomic_fetch_and(&lock->state, ~RW_WRITER, __ATOMIC_RELEASE);
}

void rwlock_read_lock(rwlock_t *lock)
{
	preempt_disable();
	read_lock_raw(lock);
}

void rwlock_read_unlock(rwlock_t *lock)
{
	read_unlock_raw(lock);
	preempt_enable();
}

void rwlock_write_lock(rwlock_t *lock)
{
	preempt_disable();
	write_lock_raw(lock);
}

void rwlock_write_unlock(rwlock_t *lock)
{
	write_unlock_raw(lock);
	preempt_enable();
}

irqflags_t rwlock_read_lock_irqsave(rwlock_t *lock)
{
	irqflags_t flags = arch_irq_save();

	rwlock_read_lock(lock);
	return flags;
}

void rwlock_read_unlock_irqrestore(rwlock_t *lock, irqflags_t flags)
{
	read_unlock_raw(lock);
	arch_irq_restore(flags);
	preempt_enable();
}

irqflags_t rwlock_write_lock_irqsave(rwlock_t *lock)
{
	irqflags_t flags = arch_irq_save();

	rwlock_write_lock(lock);
	return flags;
}

void rwlock_write_unlock_irqrestore(rwlock_t *lock, irqflags_t flags)
{
	write_unlock_raw(lock);
	arch_irq_restore(flags);
	preempt_enable();
}

bool rwlock_read_trylock(rwlock_t *lock)
{
	preempt_disable();
	if (read_trylock_raw(lock))
		return true;
	preempt_enable();
	return false;
}

bool rwlock_write_trylock(rwlock_t *lock)
{
	preempt_disable();
	if (write_trylock_raw(lock))
		return true;
	preempt_enable();
	return false;
}

void rwlock_assert_held(const rwlock_t *lock, bool write)
{
	u32 s = __atomic_load_n(&lock->state, __ATOMIC_RELAXED);

	if (unlikely(write ? !(s & RW_WRITER) : !(s & (RW_WRITER | RW_READERS))))
		panic("rwlock at %p is not held%s", lock, write ? " for writing" : "");
}
