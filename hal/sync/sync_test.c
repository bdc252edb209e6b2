// SPDX-License-Identifier: MPL-2.0
// ktests for the sync primitives, with tasks spread over every CPU: lost updates under
// contention, reader/writer exclusion, FIFO hand-off, wake-ups and completions.
#include <hal/arch.h>
#include <hal/err.h>
#include <hal/ktest.h>
#include <hal/sync.h>
#include <hal/task.h>
#include <hal/time.h>

#define MAX_WORKERS 8

/* Start @n workers running @fn(@arg), spread over the CPUs; wait for all; sum their results. */
static int run_workers(unsigned int n, int (*fn)(void *), void *arg)
{
	struct task *t[MAX_WORKERS];
	int sum = 0;

	for (unsigned int i = 0; i < n; i++)
		t[i] = task_create("worker", fn, arg, NULL);
	for (unsigned int i = 0; i < n; i++)
		sum += IS_ERR(t[i]) ? 1000 : task_join(t[i]);
	return sum;
}

/* At least two workers, one more than the CPUs, so some share a CPU and get preempted. */
static unsigned int nr_workers(void)
{
	return MIN(cpu_online_count() + 1, (unsigned int)MAX_WORKERS);
}

/* A non-atomic read-modify-write with a gap: any overlap of two holders loses an update. */
static void slow_increment(long *counter)
{
	long v = READ_ONCE(*counter);

	for (int i = 0; i < 20; i++)
		arch_cpu_relax();
	WRITE_ONCE(*counter, v + 1);
}

/* ---- Atomics and refcounts ---------------------------------------------------------------- */

KTEST(sync, atomic_ops)
{
	atomic_t a = ATOMIC_INIT(5);
	atomic64_t b = ATOMIC64_INIT(1LL << 40);
	int old = 5;

	KEXPECT_EQ(atomic_cmpxchg(&a, 5, 7), 5);
	KEXPECT_EQ(atomic_cmpxchg(&a, 5, 9), 7);
	KEXPECT_FALSE(atomic_try_cmpxchg(&a, &old, 1));
	KEXPECT_EQ(old, 7);
	KEXPECT_EQ(atomic_fetch_add(3, &a), 7);
	KEXPECT_EQ(atomic_sub_return(10, &a), 0);
	KEXPECT_FALSE(atomic_inc_not_zero(&a));
	KEXPECT_TRUE(atomic_add_unless(&a, 2, 1));
	KEXPECT_TRUE(atomic_dec_and_test(&(atomic_t)ATOMIC_INIT(1)));
	KEXPECT_EQ(atomic_xchg(&a, 11), 2);
	atomic64_add(1LL << 40, &b);
	KEXPECT_EQ(atomic64_read(&b), 1LL << 41);
	KEXPECT_EQ(atomic64_fetch_or(1, &b), 1LL << 41);
	KEXPECT_EQ(atomic64_read(&b), (1LL << 41) | 1);
}

KTEST(sync, refcount_saturates_instead_of_wrapping)
{
	refcount_t r = REFCOUNT_INIT(1);

	refcount_inc(&r);
	KEXPECT_EQ(refcount_read(&r), 2);
	KEXPECT_FALSE(refcount_dec_and_test(&r));
	KEXPECT_TRUE(refcount_dec_and_test(&r));
	KEXPECT_FALSE(refcount_inc_not_zero(&r));
	/* Use after free: the count must not come back to life as 1. */
	refcount_inc(&r);
	KEXPECT_LT(refcount_read(&r), 0);
	KEXPECT_FALSE(refcount_dec_and_test(&r));
	KEXPECT_LT(refcount_read(&r), 0);
}

/* ---- Spinlocks ---------------------------------------------------------------------------- */

/* Ticket locks hand over in order: with more vCPUs than host cores each hand-off may wait for
 * the host to run the next vCPU, so keep the count modest. */
#define SPIN_ITERS 300
#define RW_ITERS   2000

struct spin_shared {
	spinlock_t lock;
	long counter;
	atomic_t irqs_were_off;
};

static int spin_worker(void *arg)
{
	struct spin_shared *s = arg;

	for (int i = 0; i < SPIN_ITERS; i++) {
		if (i & 1) {
			irqflags_t flags = spin_lock_irqsave(&s->lock);

			if (arch_irqs_enabled())
				atomic_inc(&s->irqs_were_off);
			slow_increment(&s->counter);
			spin_unlock_irqrestore(&s->lock, flags);
		} else {
			spin_lock(&s->lock);
			slow_increment(&s->counter);
			spin_unlock(&s->lock);
		}
	}
	return 0;
}

KTEST(sync, spinlock_contention_across_cpus)
{
	struct spin_shared s = { .lock = SPINLOCK_INIT(s.lock) };
	unsigned int n = nr_workers();

	KEXPECT_EQ(run_workers(n, spin_worker, &s), 0);
	KEXPECT_EQ(s.counter, (long)n * SPIN_ITERS);
	KEXPECT_EQ(atomic_read(&s.irqs_were_off), 0);
	KEXPECT_FALSE(spin_is_locked(&s.lock));
}

KTEST(sync, spin_trylock)
{
	DEFINE_SPINLOCK(l);

	KASSERT_TRUE(spin_trylock(&l));
	KEXPECT_TRUE(spin_is_locked(&l));
	spin_assert_held(&l);
	KEXPECT_FALSE(spin_trylock(&l));
	spin_unlock(&l);
	KEXPECT_FALSE(spin_is_locked(&l));
}

/* ---- Reader-writer spinlocks -------------------------------------------------------------- */

struct rw_shared {
	rwlock_t lock;
	long a, b; /* equal whenever no writer is inside */
	atomic_t torn;
	atomic_t turn;
};

static int rw_worker(void *arg)
{
	struct rw_shared *s = arg;
	bool writer = atomic_fetch_add(1, &s->turn) % 2 == 0;

	for (int i = 0; i < RW_ITERS; i++) {
		if (writer && !(i % 4)) {
			rwlock_write_lock(&s->lock);
			slow_increment(&s->a);
			slow_increment(&s->b);
			rwlock_write_unlock(&s->lock);
		} else {
			irqflags_t flags = rwlock_read_lock_irqsave(&s->lock);

			if (READ_ONCE(s->a) != READ_ONCE(s->b))
				atomic_inc(&s->torn);
			rwlock_read_unlock_irqrestore(&s->lock, flags);
		}
	}
	return 0;
}

KTEST(sync, rwlock_excludes_writers)
{
	struct rw_shared s = { .lock = RWLOCK_INIT(s.lock) };
	unsigned int n = nr_workers();
	unsigned int writers = (n + 1) / 2;

	KEXPECT_EQ(run_workers(n, rw_worker, &s), 0);
	KEXPECT_EQ(atomic_read(&s.torn), 0);
	KEXPECT_EQ(s.a, (long)writers * RW_ITERS / 4);
	KEXPECT_EQ(s.a, s.b);
	KASSERT_TRUE(rwlock_read_trylock(&s.lock));
	KEXPECT_FALSE(rwlock_write_trylock(&s.lock));
	KEXPECT_TRUE(rwlock_read_trylock(&s.lock));
	rwlock_read_unlock(&s.lock);
	rwlock_read_unlock(&s.lock);
	KEXPECT_TRUE(rwlock_write_trylock(&s.lock));
	KEXPECT_FALSE(rwlock_read_trylock(&s.lock));
	rwlock_write_unlock(&s.lock);
}

/* ---- Mutexes ------------------------------------------------------------------------------ */

#define MUTEX_ITERS 100

struct mutex_shared {
	struct mutex m;
	long counter;
	atomic_t inside;
	atomic_t overlap;
};

static int mutex_worker(void *arg)
{
	struct mutex_shared *s = arg;

	for (int i = 0; i < MUTEX_ITERS; i++) {
		mutex_lock(&s->m);
		if (atomic_inc_return(&s->inside) != 1)
			atomic_inc(&s->overlap);
		slow_increment(&s->counter);
		if (!(i % 8))
			task_yield(); /* sleep-free, but lets waiters pile up */
		atomic_dec(&s->inside);
		mutex_unlock(&s->m);
	}
	return 0;
}

KTEST(sync, mutex_contention_across_cpus)
{
	struct mutex_shared s = { .m = MUTEX_INIT(s.m) };
	unsigned int n = nr_workers();

	KEXPECT_EQ(run_workers(n, mutex_worker, &s), 0);
	KEXPECT_EQ(s.counter, (long)n * MUTEX_ITERS);
	KEXPECT_EQ(atomic_read(&s.overlap), 0);
	KEXPECT_FALSE(mutex_is_locked(&s.m));
}

/* FIFO hand-off: waiters get the mutex in the order they queued. */
struct fifo_probe {
	struct mutex m;
	char order[4];
	atomic_t pos;
};

static int fifo_waiter(void *arg)
{
	struct fifo_probe *p = arg;

	mutex_lock(&p->m);
	p->order[atomic_fetch_add(1, &p->pos)] = task_name(task_current())[0];
	mutex_unlock(&p->m);
	return 0;
}

static unsigned int nr_waiters(struct mutex *m)
{
	irqflags_t flags = spin_lock_irqsave(&m->wait_lock);
	unsigned int n = (unsigned int)list_count_nodes(&m->waiters);

	spin_unlock_irqrestore(&m->wait_lock, flags);
	return n;
}

KTEST(sync, mutex_hands_off_in_fifo_order)
{
	static const char names[][2] = { "a", "b", "c" };
	struct fifo_probe p = { .m = MUTEX_INIT(p.m) };
	struct task *t[3];

	mutex_lock(&p.m);
	mutex_assert_held(&p.m);
	KEXPECT_FALSE(mutex_trylock(&p.m) && (mutex_unlock(&p.m), true));
	for (unsigned int i = 0; i < 3; i++) {
		t[i] = task_create(names[i], fifo_waiter, &p, NULL);
		KASSERT_TRUE(!IS_ERR(t[i]));
		while (nr_waiters(&p.m) < i + 1)
			task_yield();
	}
	mutex_unlock(&p.m);
	for (unsigned int i = 0; i < 3; i++)
		task_join(t[i]);
	KEXPECT_MEMEQ(p.order, "abc", 3);
}

/* ---- rw-semaphores and semaphores --------------------------------------------------------- */

struct rwsem_shared {
	struct rwsem sem;
	long a, b;
	atomic_t torn;
	atomic_t turn;
};

static int rwsem_worker(void *arg)
{
	struct rwsem_shared *s = arg;
	bool writer = atomic_fetch_add(1, &s->turn) % 2 == 0;

	for (int i = 0; i < MUTEX_ITERS; i++) {
		if (writer && !(i % 4)) {
			rwsem_write_lock(&s->sem);
			slow_increment(&s->a);
			task_yield();
			slow_increment(&s->b);
			rwsem_write_unlock(&s->sem);
		} else {
			rwsem_read_lock(&s->sem);
			if (READ_ONCE(s->a) != READ_ONCE(s->b))
				atomic_inc(&s->torn);
			rwsem_read_unlock(&s->sem);
		}
	}
	return 0;
}

KTEST(sync, rwsem_excludes_writers)
{
	struct rwsem_shared s = { .sem = RWSEM_INIT(s.sem) };
	unsigned int n = nr_workers();

	KEXPECT_EQ(run_workers(n, rwsem_worker, &s), 0);
	KEXPECT_EQ(atomic_read(&s.torn), 0);
	KEXPECT_EQ(s.a, (long)((n + 1) / 2) * MUTEX_ITERS / 4);
	KEXPECT_EQ(s.a, s.b);
	rwsem_write_lock(&s.sem);
	rwsem_assert_held(&s.sem, true);
	KEXPECT_FALSE(rwsem_read_trylock(&s.sem));
	rwsem_downgrade(&s.sem);
	KEXPECT_TRUE(rwsem_read_trylock(&s.sem));
	KEXPECT_FALSE(rwsem_write_trylock(&s.sem));
	rwsem_read_unlock(&s.sem);
	rwsem_read_unlock(&s.sem);
	KEXPECT_TRUE(rwsem_write_trylock(&s.sem));
	rwsem_write_unlock(&s.sem);
}

struct sema_shared {
	struct semaphore sem;
	atomic_t inside;
	atomic_t max_inside;
};

static int sema_worker(void *arg)
{
	struct sema_shared *s = arg;

	for (int i = 0; i < 50; i++) {
		int now;

		sema_down(&s->sem);
		now = atomic_inc_return(&s->inside);
		for (int old = atomic_read(&s->max_inside); now > old;)
			if (atomic_try_cmpxchg(&s->max_inside, &old, now))
				break;
		task_yield();
		atomic_dec(&s->inside);
		sema_up(&s->sem);
	}
	return 0;
}

KTEST(sync, semaphore_bounds_concurrency)
{
	struct sema_shared s = { 0 };

	sema_init(&s.sem, 2);
	KEXPECT_EQ(run_workers(MAX_WORKERS, sema_worker, &s), 0);
	KEXPECT_LE(atomic_read(&s.max_inside), 2);
	KEXPECT_GE(atomic_read(&s.max_inside), 1);
	KEXPECT_TRUE(sema_trydown(&s.sem));
	KEXPECT_TRUE(sema_trydown(&s.sem));
	KEXPECT_FALSE(sema_trydown(&s.sem));
}

/* ---- Wait queues and completions ---------------------------------------------------------- */

struct wq_shared {
	struct wait_queue wq;
	atomic_t tokens;
	atomic_t done;
};

/* Wait for a token, take it. */
static int token_waiter(void *arg)
{
	struct wq_shared *s = arg;

	for (;;) {
		int n;

		wait_event(&s->wq, atomic_read(&s->tokens) > 0);
		n = atomic_read(&s->tokens);
		if (n > 0 && atomic_try_cmpxchg(&s->tokens, &n, n - 1))
			break;
	}
	atomic_inc(&s->done);
	return 0;
}

KTEST(sync, wait_queue_wakeups)
{
	struct wq_shared s = { .wq = WAIT_QUEUE_INIT(s.wq) };
	struct task *t[MAX_WORKERS];
	unsigned int n = nr_workers();

	for (unsigned int i = 0; i < n; i++)
		t[i] = task_create("waiter", token_waiter, &s, NULL);
	/* One token and one wake-up at a time, then the rest at once. */
	for (unsigned int i = 0; i < n / 2; i++) {
		atomic_inc(&s.tokens);
		wake_up_one(&s.wq);
		while (atomic_read(&s.done) < (int)i + 1)
			task_yield();
	}
	atomic_add((int)(n - n / 2), &s.tokens);
	wake_up_all(&s.wq);
	for (unsigned int i = 0; i < n; i++)
		if (!IS_ERR(t[i]))
			task_join(t[i]);
	KEXPECT_EQ(atomic_read(&s.done), (int)n);
	KEXPECT_EQ(atomic_read(&s.tokens), 0);
	KEXPECT_TRUE(list_empty(&s.wq.waiters));
}

struct completion_probe {
	struct completion go;
	struct completion back;
	unsigned int cpu;
};

static int completion_echo(void *arg)
{
	struct completion_probe *p = arg;

	wait_for_completion(&p->go);
	p->cpu = cpu_id();
	complete(&p->back);
	return 0;
}

KTEST(sync, completion_across_cpus)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct task_opts o = { .cpu = (int)cpu };
		struct completion_probe p = { .cpu = ~0U };
		struct task *t;

		completion_init(&p.go);
		completion_init(&p.back);
		t = task_create("echo", completion_echo, &p, &o);
		KASSERT_TRUE(!IS_ERR(t));
		task_yield(); /* give it a chance to sleep first */
		KEXPECT_FALSE(completion_done(&p.back));
		complete(&p.go);
		wait_for_completion(&p.back);
		KEXPECT_EQ(p.cpu, cpu);
		task_join(t);
	}
}

static int completion_waiter(void *arg)
{
	wait_for_completion(arg);
	return 0;
}

KTEST(sync, complete_all_releases_everyone)
{
	DEFINE_COMPLETION(c);
	struct task *t[MAX_WORKERS];
	unsigned int n = nr_workers();

	for (unsigned int i = 0; i < n; i++)
		t[i] = task_create("waiter", completion_waiter, &c, NULL);
	complete_all(&c);
	for (unsigned int i = 0; i < n; i++)
		KEXPECT_EQ(IS_ERR(t[i]) ? -1 : task_join(t[i]), 0);
	/* Every later waiter passes too, until reinit. */
	wait_for_completion(&c);
	KEXPECT_TRUE(try_wait_for_completion(&c));
	completion_reinit(&c);
	KEXPECT_FALSE(try_wait_for_completion(&c));
	complete(&c);
	complete(&c);
	KEXPECT_TRUE(try_wait_for_completion(&c));
	KEXPECT_TRUE(try_wait_for_completion(&c));
	KEXPECT_FALSE(completion_done(&c));
}

/* ---- Timeouts ----------------------------------------------------------------------------- */

#define SHORT_NS (20 * NSEC_PER_MSEC)
#define LONG_NS	 (3 * NSEC_PER_SEC)

KTEST(sync, wait_event_timeout_expires)
{
	DEFINE_WAIT_QUEUE(wq);
	int never = 0;
	u64 start = time_monotonic_ns(), took;
	bool ok = wait_event_timeout(&wq, READ_ONCE(never), SHORT_NS);

	took = time_monotonic_ns() - start;
	KEXPECT_FALSE(ok);
	KEXPECT_GE(took, SHORT_NS);
	KEXPECT_LT(took, LONG_NS);
	KEXPECT_TRUE(list_empty(&wq.waiters));
	KEXPECT_TRUE(wait_event_timeout(&wq, !READ_ONCE(never), SHORT_NS));
}

struct late_waker {
	struct wait_queue wq;
	int flag;
	struct completion c;
};

static int wake_later(void *arg)
{
	struct late_waker *w = arg;

	task_sleep_ns(SHORT_NS);
	WRITE_ONCE(w->flag, 1);
	wake_up_all(&w->wq);
	complete(&w->c);
	return 0;
}

KTEST(sync, timeouts_end_early_on_wakeup)
{
	struct late_waker w = { .wq = WAIT_QUEUE_INIT(w.wq), .c = COMPLETION_INIT(w.c) };
	u64 start = time_monotonic_ns();
	struct task *t = task_create("waker", wake_later, &w, NULL);

	KASSERT_TRUE(!IS_ERR(t));
	KEXPECT_TRUE(wait_event_timeout(&w.wq, READ_ONCE(w.flag), LONG_NS));
	KEXPECT_TRUE(wait_for_completion_timeout(&w.c, LONG_NS));
	KEXPECT_LT(time_monotonic_ns() - start, LONG_NS);
	KEXPECT_GE(time_monotonic_ns() - start, SHORT_NS);
	task_join(t);
	KEXPECT_FALSE(wait_for_completion_timeout(&w.c, SHORT_NS));
	complete(&w.c);
	KEXPECT_TRUE(wait_for_completion_timeout(&w.c, 0));
}

static int sleep_and_time(void *arg)
{
	u64 start = time_monotonic_ns();

	task_sleep_ns(SHORT_NS);
	*(u64 *)arg = time_monotonic_ns() - start;
	return 0;
}

KTEST(sync, sleep_on_every_cpu)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct task_opts o = { .cpu = (int)cpu };
		u64 took = 0;
		struct task *t = task_create("sleeper", sleep_and_time, &took, &o);

		KASSERT_TRUE(!IS_ERR(t));
		task_join(t);
		KEXPECT_GE(took, SHORT_NS);
		KEXPECT_LT(took, LONG_NS);
	}
}
