// SPDX-License-Identifier: MPL-2.0
// Ticket spinlocks: first come, first served across CPUs; preemption (and with _irqsave,
// interrupts) off while held; debug kernels track the holder to catch misuse.
#include <hal/ksyms.h>
#include <hal/log.h>
#include <hal/sched.h>
#include <hal/sync.h>

#define TICKET_NEXT_ONE (1U << 16)
/* A debug kernel reports a lock it waited this long for (TCG can be slow; be generous). */
#define SPIN_REPORT_NS (5ULL * 1000000000)

void spin_lock_init(spinlock_t *lock)
{
	*lock = (spinlock_t)SPINLOCK_INIT(spinlock);
}

#ifdef CONFIG_DEBUG_KERNEL
static u32 this_holder(void)
{
	return cpu_id() + 1;
}

static const char *lock_name(const spinlock_t *lock)
{
	return lock->name ? lock->name : "?";
}

/* Where the holder took @lock, symbolized into @buf. */
static const char *holder_site(const spinlock_t *lock, char *buf, size_t size)
{
	ksym_snprint(buf, size, lock->holder_pc);
	return buf;
}

static void spin_debug_before(spinlock_t *lock)
{
	char site[80];

	if (unlikely(READ_ONCE(lock->holder) == this_holder()))
		panic("spinlock %s at %p: CPU %u takes it again (first taken at %s)",
		      lock_name(lock), lock, cpu_id(), holder_site(lock, site, sizeof(site)));
}

static void spin_debug_acquired(spinlock_t *lock, uintptr_t pc)
{
	WRITE_ONCE(lock->holder, this_holder());
	lock->holder_pc = pc;
}

static void spin_debug_release(spinlock_t *lock)
{
	if (unlikely(READ_ONCE(lock->holder) != this_holder()))
		panic("spinlock %s at %p: released by CPU %u, which does not hold it (holder %d)",
		      lock_name(lock), lock, cpu_id(), (int)lock->holder - 1);
	WRITE_ONCE(lock->holder, 0);
}

static void spin_debug_slow(spinlock_t *lock, u64 *start, bool *reported)
{
	u64 now = arch_timestamp_ns();
	char site[80];

	if (!*start)
		*start = now;
	else if (!*reported && now - *start > SPIN_REPORT_NS) {
		*reported = true;
		pr_warn("CPU %u spinning for %llu ms on spinlock %s at %p, held by CPU %d since %s\n",
			cpu_id(), (unsigned long long)(now - *start) / 1000000, lock_name(lock),
			lock, (int)READ_ONCE(lock->holder) - 1,
			holder_site(lock, site, sizeof(site)));
	}
}
#else
static inline void spin_debug_before(spinlock_t *lock)
{
	(void)lock;
}

static inline void spin_debug_acquired(spinlock_t *lock, uintptr_t pc)
{
	(void)lock, (void)pc;
}

static inline void spin_debug_release(spinlock_t *lock)
{
	(void)lock;
}
#endif

static void ticket_lock(spinlock_t *lock)
{
	u32 t = __atomic_fetch_add(&lock->ticket, TICKET_NEXT_ONE, __ATOMIC_RELAXED);
	u16 mine = (u16)(t >> 16);
#ifdef CONFIG_DEBUG_KERNEL
	u64 start = 0;
	bool reported = false;
	unsigned int spins = 0;
#endif

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != mine) {
		arch_cpu_relax();
#ifdef CONFIG_DEBUG_KERNEL
		if (!(++spins & 0xffff))
			spin_debug_slow(lock, &start, &reported);
#endif
	}
}

static bool ticket_trylock(spinlock_t *lock)
{
	u32 old = __atomic_load_n(&lock->ticket, __ATOMIC_RELAXED);

	if ((u16)old != (u16)(old >> 16))
		return false;
	return __atomic_compare_exchange_n(&lock->ticket, &old, old + TICKET_NEXT_ONE, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Only the holder writes owner, so a plain 16-bit release store serves the next ticket. */
static void ticket_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->owner, (u16)(lock->owner + 1), __ATOMIC_RELEASE);
}

void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	spin_debug_before(lock);
	ticket_lock(lock);
	spin_debug_acquired(lock, (uintptr_t)__builtin_return_address(0));
}

void spin_unlock(spinlock_t *lock)
{
	spin_debug_release(lock);
	ticket_unlock(lock);
	preempt_enable();
}

bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (ticket_trylock(lock)) {
		spin_debug_acquired(lock, (uintptr_t)__builtin_return_address(0));
		return true;
	}
	preempt_enable();
	return false;
}

irqflags_t spin_lock_irqsave(spinlock_t *lock)
{
	irqflags_t flags = arch_irq_save();

	preempt_disable();
	spin_debug_before(lock);
	ticket_lock(lock);
	spin_debug_acquired(lock, (uintptr_t)__builtin_return_address(0));
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *lock, irqflags_t flags)
{
	spin_debug_release(lock);
	ticket_unlock(lock);
	arch_irq_restore(flags);
	preempt_enable();
}

bool spin_trylock_irqsave(spinlock_t *lock, irqflags_t *flags)
{
	*flags = arch_irq_save();
	preempt_disable();
	if (ticket_trylock(lock)) {
		spin_debug_acquired(lock, (uintptr_t)__builtin_return_address(0));
		return true;
	}
	preempt_enable();
	arch_irq_restore(*flags);
	return false;
}

bool spin_is_locked(const spinlock_t *lock)
{
	u32 t = __atomic_load_n(&lock->ticket, __ATOMIC_RELAXED);

	return (u16)t != (u16)(t >> 16);
}

void spin_assert_held(const spinlock_t *lock)
{
	if (unlikely(!spin_is_locked(lock)))
		panic("spinlock at %p is not held", lock);
#ifdef CONFIG_DEBUG_KERNEL
	if (unlikely(READ_ONCE(lock->holder) != cpu_id() + 1))
		panic("spinlock %s at %p is held by CPU %d, not by this CPU %u", lock_name(lock),
		      lock, (int)READ_ONCE(lock->holder) - 1, cpu_id());
#endif
}
