// SPDX-License-Identifier: MPL-2.0
// Synchronization for the framework and for services: atomics, refcounts, IRQ-safe spinlocks,
// rw-locks, mutexes, rw-semaphores, semaphores, wait queues and completions.
#ifndef HAL_SYNC_H
#define HAL_SYNC_H

#include <hal/compiler.h>
#include <hal/types.h>
#include <hal/lib/list.h>

struct task;

/*
 * Contexts named below:
 *   "any context"  task or IRQ context, interrupts on or off, any CPU.
 *   "may sleep"    task context only, no spinlock held, interrupts on; debug kernels
 *                  (CONFIG_DEBUG_KERNEL) panic when a sleeping call comes from atomic context.
 * Before the scheduler runs (early initcalls), sleeping calls must not have to wait: an
 * uncontended mutex_lock() works, a contended one is a bug.
 */

/* ---- Compiler and memory ordering --------------------------------------------------------- */

/* READ_ONCE / WRITE_ONCE - a single, untorn access the compiler may not merge or repeat. */
#define READ_ONCE(x)	 __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/* barrier - stop the compiler moving memory accesses across this point (no CPU fence). */
#define barrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
/* smp_mb / smp_rmb / smp_wmb - full, load-load and store-store fences between CPUs. */
#define smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
/* smp_load_acquire / smp_store_release - one-way ordered accesses for hand-offs. */
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

/* ---- Atomics ------------------------------------------------------------------------------ */

/*
 * atomic_t (int) and atomic64_t (s64). Ordering follows Linux: operations that return a value
 * are fully ordered (sequentially consistent); read, set and the void operations are relaxed.
 * Any context.
 */
typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

#define ATOMIC_INIT(i)	 { (i) }
#define ATOMIC64_INIT(i) { (i) }

#define __ATOMIC_OPS(pfx, atype, ctype)                                                            \
	static inline ctype pfx##_read(const atype *v)                                             \
	{                                                                                          \
		return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);                             \
	}                                                                                          \
	static inline ctype pfx##_read_acquire(const atype *v)                                     \
	{                                                                                          \
		return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);                             \
	}                                                                                          \
	static inline void pfx##_set(atype *v, ctype i)                                            \
	{                                                                                          \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);                                \
	}                                                                                          \
	static inline void pfx##_set_release(atype *v, ctype i)                                    \
	{                                                                                          \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);                                \
	}                                                                                          \
	static inline void pfx##_add(ctype i, atype *v)                                            \
	{                                                                                          \
		__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline void pfx##_sub(ctype i, atype *v)                                            \
	{                                                                                          \
		__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline void pfx##_inc(atype *v)                                                     \
	{                                                                                          \
		__atomic_fetch_add(&v->counter, 1, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline void pfx##_dec(atype *v)                                                     \
	{                                                                                          \
		__atomic_fetch_sub(&v->counter, 1, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline ctype pfx##_fetch_add(ctype i, atype *v)                                     \
	{                                                                                          \
		return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_sub(ctype i, atype *v)                                     \
	{                                                                                          \
		return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_or(ctype i, atype *v)                                      \
	{                                                                                          \
		return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);                        \
	}                                                                                          \
	static inline ctype pfx##_fetch_and(ctype i, atype *v)                                     \
	{                                                                                          \
		return __atomic_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_add_return(ctype i, atype *v)                                    \
	{                                                                                          \
		return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_sub_return(ctype i, atype *v)                                    \
	{                                                                                          \
		return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_inc_return(atype *v)                                             \
	{                                                                                          \
		return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_dec_return(atype *v)                                             \
	{                                                                                          \
		return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline bool pfx##_dec_and_test(atype *v)                                            \
	{                                                                                          \
		return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST) == 0;                  \
	}                                                                                          \
	static inline bool pfx##_inc_and_test(atype *v)                                            \
	{                                                                                          \
		return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST) == 0;                  \
	}                                                                                          \
	static inline ctype pfx##_xchg(atype *v, ctype i)                                          \
	{                                                                                          \
		return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST);                      \
	}                                                                                          \
	/* cmpxchg - store @new if the value is @old; returns the value found. */                  \
	static inline ctype pfx##_cmpxchg(atype *v, ctype old, ctype new)                          \
	{                                                                                          \
		__atomic_compare_exchange_n(&v->counter, &old, new, false, __ATOMIC_SEQ_CST,       \
					    __ATOMIC_SEQ_CST);                                     \
		return old;                                                                        \
	}                                                                                          \
	/* try_cmpxchg - like cmpxchg, but returns success and updates *@old on failure. */        \
	static inline bool pfx##_try_cmpxchg(atype *v, ctype *old, ctype new)                      \
	{                                                                                          \
		return __atomic_compare_exchange_n(&v->counter, old, new, false, __ATOMIC_SEQ_CST, \
						   __ATOMIC_SEQ_CST);                              \
	}                                                                                          \
	/* add_unless - add @a unless the value is @u; returns whether it added. */                \
	static inline bool pfx##_add_unless(atype *v, ctype a, ctype u)                            \
	{                                                                                          \
		ctype c = pfx##_read(v);                                                           \
		do {                                                                               \
			if (c == u)                                                                \
				return false;                                                      \
		} while (!pfx##_try_cmpxchg(v, &c, c + a));                                        \
		return true;                                                                       \
	}                                                                                          \
	static inline bool pfx##_inc_not_zero(atype *v)                                            \
	{                                                                                          \
		return pfx##_add_unless(v, 1, 0);                                                  \
	}

__ATOMIC_OPS(atomic, atomic_t, int)
__ATOMIC_OPS(atomic64, atomic64_t, s64)
#undef __ATOMIC_OPS

/* ---- Reference counts --------------------------------------------------------------------- */

/*
 * refcount_t - an object's reference count that refuses to wrap: an increment from 0 (use
 * after free), an overflow or a decrement below 0 warns once and leaves the counter
 * saturated, so the object leaks instead of being freed twice. Any context.
 */
typedef struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { ATOMIC_INIT(n) }

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}

/* refcount_inc - take a reference; the caller must already hold one. */
void refcount_inc(refcount_t *r);
/* refcount_inc_not_zero - take a reference unless the count already dropped to 0. */
bool __must_check refcount_inc_not_zero(refcount_t *r);
/* refcount_dec_and_test - drop a reference; true when it was the last (free the object). */
bool __must_check refcount_dec_and_test(refcount_t *r);
/* refcount_dec - drop a reference that is known not to be the last (warns if it was). */
void refcount_dec(refcount_t *r);

/* ---- Spinlocks ---------------------------------------------------------------------------- */

/* The interrupt state saved by the *_irqsave calls: opaque, hand it back unchanged. */
typedef unsigned long irqflags_t;

/*
 * spinlock_t - a fair (ticket) spinlock. Holding one disables preemption on this CPU; the
 * _irqsave forms also disable interrupts, and are required for a lock that an IRQ handler
 * takes too. Never sleep while holding one. Debug kernels catch recursion, unlock by a CPU
 * that does not hold it, and report a lock that spins for seconds.
 */
typedef struct spinlock {
	union {
		u32 ticket;
		struct {
			u16 owner; /* ticket being served */
			u16 next;  /* next ticket handed out */
		};
	};
#ifdef CONFIG_DEBUG_KERNEL
	u32 holder; /* CPU id + 1 of the holder, 0 when free */
	const char *name;
	uintptr_t holder_pc; /* where it was taken, for lockup reports */
#endif
} spinlock_t;

#ifdef CONFIG_DEBUG_KERNEL
#define SPINLOCK_INIT(lockname) { .ticket = 0, .holder = 0, .name = #lockname, .holder_pc = 0 }
#else
#define SPINLOCK_INIT(lockname) { .ticket = 0 }
#endif
#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT(name)

/* spin_lock_init - initialise a lock at run time. */
void spin_lock_init(spinlock_t *lock);

/* spin_lock / spin_unlock - for locks never taken from IRQ handlers. Any context. */
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
/* spin_trylock - take the lock if it is free; true on success. Any context. */
bool __must_check spin_trylock(spinlock_t *lock);

/* spin_lock_irqsave - disable interrupts, then lock; returns the previous interrupt state. */
irqflags_t spin_lock_irqsave(spinlock_t *lock);
/* spin_unlock_irqrestore - unlock, then restore the state spin_lock_irqsave() returned. */
void spin_unlock_irqrestore(spinlock_t *lock, irqflags_t flags);
/* spin_trylock_irqsave - like spin_trylock(); on success *@flags holds the saved state. */
bool __must_check spin_trylock_irqsave(spinlock_t *lock, irqflags_t *flags);

/* spin_is_locked - true when some CPU holds @lock (racy: for assertions and reports). */
bool spin_is_locked(const spinlock_t *lock);
/*
 * spin_assert_held - panic unless @lock is held; in debug kernels, held by this CPU. Use it
 * at the top of functions documented as "caller holds x->lock".
 */
void spin_assert_held(const spinlock_t *lock);

/* ---- Reader-writer spinlocks -------------------------------------------------------------- */

/*
 * rwlock_t - many readers or one writer, spinning. A waiting writer holds new readers back,
 * so writers are not starved; a reader therefore must not take the same lock recursively.
 * Same context rules as spinlock_t.
 */
typedef struct rwlock {
	u32 state; /* readers count | RW_WAITING | RW_WRITER */
} rwlock_t;

#define RWLOCK_INIT(name)   { .state = 0 }
#define DEFINE_RWLOCK(name) rwlock_t name = RWLOCK_INIT(name)

void rwlock_init(rwlock_t *lock);
void rwlock_read_lock(rwlock_t *lock);
void rwlock_read_unlock(rwlock_t *lock);
void rwlock_write_lock(rwlock_t *lock);
void rwlock_write_unlock(rwlock_t *lock);
irqflags_t rwlock_read_lock_irqsave(rwlock_t *lock);
void rwlock_read_unlock_irqrestore(rwlock_t *lock, irqflags_t flags);
irqflags_t rwlock_write_lock_irqsave(rwlock_t *lock);
void rwlock_write_unlock_irqrestore(rwlock_t *lock, irqflags_t flags);
bool __must_check rwlock_read_trylock(rwlock_t *lock);
bool __must_check rwlock_write_trylock(rwlock_t *lock);
/* rwlock_assert_held - panic unless @lock is held (for writing when @write). */
void rwlock_assert_held(const rwlock_t *lock, bool write);

/* ---- Wait queues -------------------------------------------------------------------------- */

/*
 * struct wait_queue - tasks waiting for a condition. Waiters use wait_event(); whoever makes
 * the condition true calls wake_up_one() or wake_up_all() afterwards (any context, IRQ
 * handlers included).
 */
struct wait_queue {
	spinlock_t lock;	  /* protects @waiters */
	struct list_head waiters; /* struct wait_entry, in arrival order */
};

/* One waiter, on the waiting task's stack. */
struct wait_entry {
	struct list_head link; /* in wait_queue.waiters (lock), empty when not queued */
	struct task *task;
};

#define WAIT_QUEUE_INIT(name)	{ SPINLOCK_INIT(name.lock), LIST_HEAD_INIT(name.waiters) }
#define DEFINE_WAIT_QUEUE(name) struct wait_queue name = WAIT_QUEUE_INIT(name)

void wait_queue_init(struct wait_queue *wq);

/*
 * wake_up_one - wake the first waiter that is asleep. wake_up_all - wake every waiter.
 * Any context. Returns the number of tasks woken.
 */
unsigned int wake_up_one(struct wait_queue *wq);
unsigned int wake_up_all(struct wait_queue *wq);

/* The steps of wait_event(), for callers that need to drop their own lock in between. */
void wait_entry_init(struct wait_entry *we);
/* wait_prepare - queue @we (once) and mark the current task asleep. May sleep soon after. */
void wait_prepare(struct wait_queue *wq, struct wait_entry *we);
/* wait_sleep - give up the CPU until woken (returns at once if already woken). May sleep. */
void wait_sleep(void);
/*
 * wait_sleep_until - like wait_sleep(), but also woken at @deadline_ns (time_monotonic_ns()).
 * Returns false once the deadline has passed. May sleep.
 */
bool wait_sleep_until(u64 deadline_ns);
/* wait_finish - mark the task running and unqueue @we. */
void wait_finish(struct wait_queue *wq, struct wait_entry *we);
/* wait_deadline - the deadline @timeout_ns from now (saturating). */
u64 wait_deadline(u64 timeout_ns);

/*
 * wait_event - sleep until @cond is true. @cond is re-evaluated after every wake-up, without
 * any lock held, so it must be safe to read racily (READ_ONCE or atomics). May sleep.
 */
#define wait_event(wq, cond)                       \
	do {                                       \
		struct wait_entry __we;            \
		if (cond)                          \
			break;                     \
		wait_entry_init(&__we);            \
		for (;;) {                         \
			wait_prepare((wq), &__we); \
			if (cond)                  \
				break;             \
			wait_sleep();              \
		}                                  \
		wait_finish((wq), &__we);          \
	} while (0)

/*
 * wait_event_timeout - like wait_event(), giving up after @timeout_ns nanoseconds. Evaluates
 * to true when @cond held (checked once more at the deadline), false on timeout. May sleep.
 */
#define wait_event_timeout(wq, cond, timeout_ns)                     \
	({                                                           \
		bool __ok = (cond);                                  \
		if (!__ok) {                                         \
			struct wait_entry __we;                      \
			u64 __deadline = wait_deadline(timeout_ns);  \
			wait_entry_init(&__we);                      \
			for (;;) {                                   \
				wait_prepare((wq), &__we);           \
				if ((__ok = (cond)))                 \
					break;                       \
				if (!wait_sleep_until(__deadline)) { \
					__ok = (cond);               \
					break;                       \
				}                                    \
			}                                            \
			wait_finish((wq), &__we);                    \
		}                                                    \
		__ok;                                                \
	})

/* ---- Mutexes ------------------------------------------------------------------------------ */

/*
 * struct mutex - a sleeping lock with an owner. Waiters queue in FIFO order and unlock hands
 * the mutex directly to the first of them, so nobody starves. Task context only: not from
 * IRQ handlers, not while holding a spinlock. Must be unlocked by the task that locked it.
 */
struct mutex {
	spinlock_t wait_lock;	  /* protects the two fields below */
	struct task *owner;	  /* NULL when free */
	struct list_head waiters; /* struct lock_waiter, FIFO */
};

#define MUTEX_INIT(name)   { SPINLOCK_INIT(name.wait_lock), NULL, LIST_HEAD_INIT(name.waiters) }
#define DEFINE_MUTEX(name) struct mutex name = MUTEX_INIT(name)

void mutex_init(struct mutex *m);
/* mutex_lock - take @m, sleeping while another task holds it. May sleep. */
void mutex_lock(struct mutex *m);
/* mutex_trylock - take @m if it is free; true on success. Task context, does not sleep. */
bool __must_check mutex_trylock(struct mutex *m);
/* mutex_unlock - release @m (and hand it to the first waiter). Task context. */
void mutex_unlock(struct mutex *m);
/* mutex_is_locked - true when some task holds @m (racy). */
bool mutex_is_locked(const struct mutex *m);
/* mutex_assert_held - panic unless the current task holds @m. */
void mutex_assert_held(const struct mutex *m);

/* ---- Reader-writer semaphores (sleeping) -------------------------------------------------- */

/*
 * struct rwsem - a sleeping rw-lock: many readers or one writer. Waiters are served in
 * arrival order (a run of readers at the head is let in together), so neither side starves.
 * Same context rules as struct mutex.
 */
struct rwsem {
	spinlock_t wait_lock;	  /* protects the fields below */
	int count;		  /* > 0: readers inside, -1: a writer, 0: free */
	struct task *writer;	  /* the writer inside, for assertions */
	struct list_head waiters; /* struct lock_waiter, FIFO */
};

#define RWSEM_INIT(name)   { SPINLOCK_INIT(name.wait_lock), 0, NULL, LIST_HEAD_INIT(name.waiters) }
#define DEFINE_RWSEM(name) struct rwsem name = RWSEM_INIT(name)

void rwsem_init(struct rwsem *s);
void rwsem_read_lock(struct rwsem *s);
void rwsem_read_unlock(struct rwsem *s);
void rwsem_write_lock(struct rwsem *s);
void rwsem_write_unlock(struct rwsem *s);
bool __must_check rwsem_read_trylock(struct rwsem *s);
bool __must_check rwsem_write_trylock(struct rwsem *s);
/* rwsem_downgrade - turn the write lock the caller holds into a read lock. */
void rwsem_downgrade(struct rwsem *s);
void rwsem_assert_held(const struct rwsem *s, bool write);

/* ---- Counting semaphores ------------------------------------------------------------------ */

/* struct semaphore - @count permits; sema_down sleeps (FIFO) while none is left. */
struct semaphore {
	spinlock_t lock;	  /* protects the fields below */
	unsigned int count;	  /* permits available */
	struct list_head waiters; /* struct lock_waiter, FIFO */
};

void sema_init(struct semaphore *s, unsigned int count);
/* sema_down - take a permit, sleeping until one is free. May sleep. */
void sema_down(struct semaphore *s);
/* sema_trydown - take a permit if one is free; true on success. Any context. */
bool __must_check sema_trydown(struct semaphore *s);
/* sema_up - give a permit back (to the first waiter, if any). Any context. */
void sema_up(struct semaphore *s);

/* ---- Completions -------------------------------------------------------------------------- */

/*
 * struct completion - "this has happened": waiters sleep until someone calls complete()
 * (one waiter proceeds per call, or a later waiter finds the count) or complete_all() (every
 * present and future waiter proceeds until completion_reinit()).
 */
struct completion {
	unsigned int done; /* completions not yet consumed; UINT_MAX after complete_all (wq.lock) */
	struct wait_queue wq;
};

#define COMPLETION_INIT(name)	{ 0, WAIT_QUEUE_INIT(name.wq) }
#define DEFINE_COMPLETION(name) struct completion name = COMPLETION_INIT(name)

void completion_init(struct completion *c);
/* completion_reinit - make a completed completion usable again (no waiters may be present). */
void completion_reinit(struct completion *c);
/* complete / complete_all - signal one waiter / all waiters. Any context. */
void complete(struct completion *c);
void complete_all(struct completion *c);
/* wait_for_completion - sleep until @c is completed, consuming one completion. May sleep. */
void wait_for_completion(struct completion *c);
/*
 * wait_for_completion_timeout - the same, giving up after @timeout_ns nanoseconds. Returns
 * true when it consumed a completion, false on timeout. May sleep.
 */
bool __must_check wait_for_completion_timeout(struct completion *c, u64 timeout_ns);
/* try_wait_for_completion - consume a completion if one is there; never sleeps. */
bool __must_check try_wait_for_completion(struct completion *c);
/* completion_done - true when a wait would not sleep now (racy). */
bool completion_done(const struct completion *c);

#endif /* HAL_SYNC_H */
