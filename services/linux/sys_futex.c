// SPDX-License-Identifier: MPL-2.0
// futex(2): WAIT/WAKE with bitsets, REQUEUE/CMP_REQUEUE and timeouts. A waiter is queued
// before it checks the futex word, so a wake between its check and its sleep is never lost.
#include <hal/errno.h>
#include <hal/lib/list.h>
#include <hal/mm.h>
#include <hal/sync.h>
#include <hal/time.h>
#include "syscall.h"

#define FUTEX_WAIT	     0
#define FUTEX_WAKE	     1
#define FUTEX_REQUEUE	     3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_ANY     0xffffffffu

/* Exit of a process is noticed this often by its sleeping futex waiters. */
#define EXIT_POLL_NS (20ULL * 1000 * 1000)

/* What identifies a futex: (mm, address) for private memory, (frame, offset) for shared. */
struct futex_key {
	const void *obj;
	u64 off;
};

struct futex_waiter {
	struct list_head node; /* futex_lock */
	struct futex_key key;  /* futex_lock */
	u32 bitset;
	bool woken; /* futex_lock */
	struct wait_queue wq;
};

static DEFINE_SPINLOCK(futex_lock);
static LIST_HEAD(futex_waiters); /* futex_lock */

static int futex_get_key(struct thread *t, vaddr_t uaddr, bool private, struct futex_key *k)
{
	struct mm *mm = t->proc->mm;
	struct vm_mapping m;
	struct vma *v;
	bool shared;

	if (uaddr & 3)
		return -EINVAL;
	k->obj = mm;
	k->off = uaddr;
	if (private)
		return 0;
	mutex_lock(&mm->lock);
	v = mm_find_vma(mm, uaddr);
	shared = v && (v->flags & VMA_SHARED);
	mutex_unlock(&mm->lock);
	if (!shared)
		return 0;
	if (vm_space_query(mm->space, uaddr, &m))
		return -EFAULT;
	k->obj = m.frame;
	k->off = m.offset + (uaddr & (PAGE_SIZE - 1));
	frame_put(m.frame); /* only its identity matters; the mapping keeps it alive */
	return 0;
}

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->obj == b->obj && a->off == b->off;
}

/* Wake up to @n waiters on @k whose bitset meets @bitset. Returns how many. */
static int wake_key(const struct futex_key *k, int n, u32 bitset)
{
	struct futex_waiter *w, *tmp;
	int woken = 0;

	spin_lock(&futex_lock);
	list_for_each_entry_safe(w, tmp, &futex_waiters, node) {
		if (woken >= n)
			break;
		if (!key_eq(&w->key, k) || !(w->bitset & bitset))
			continue;
		list_del_init(&w->node);
		WRITE_ONCE(w->woken, true);
		wake_up_all(&w->wq);
		woken++;
	}
	spin_unlock(&futex_lock);
	return woken;
}

int futex_wake_user(struct mm *mm, vaddr_t uaddr, int n)
{
	struct futex_key k = { .obj = mm, .off = uaddr };

	return wake_key(&k, n, FUTEX_BITSET_ANY);
}

/* Sleep until woken, @deadline (monotonic ns, 0: none) or the process exits. */
static void futex_sleep(struct thread *t, struct futex_waiter *w, u64 deadline)
{
	for (;;) {
		u64 now = time_monotonic_ns(), slice = EXIT_POLL_NS;

		if (READ_ONCE(w->woken) || READ_ONCE(t->proc->exiting) || READ_ONCE(t->exiting))
			return;
		if (deadline) {
			if (now >= deadline)
				return;
			slice = MIN(slice, deadline - now);
		}
		wait_event_timeout(&w->wq, READ_ONCE(w->woken), slice);
	}
}

static long futex_wait(struct thread *t, vaddr_t uaddr, bool private, u32 val, u64 deadline,
		       u32 bitset)
{
	struct futex_waiter w = { .bitset = bitset };
	u32 cur;
	long ret;

	if (!bitset)
		return -EINVAL;
	ret = futex_get_key(t, uaddr, private, &w.key);
	if (ret)
		return ret;
	wait_queue_init(&w.wq);
	spin_lock(&futex_lock);
	list_add_tail(&w.node, &futex_waiters);
	spin_unlock(&futex_lock);
	ret = copy_from_user(t->proc->mm, &cur, uaddr, sizeof(cur));
	if (!ret && cur != val)
		ret = -EAGAIN;
	if (!ret)
		futex_sleep(t, &w, deadline);
	/* Taking the lock also waits out a waker still touching @w.wq. */
	spin_lock(&futex_lock);
	if (w.woken)
		ret = 0;
	else if (!ret)
		ret = deadline && time_monotonic_ns() >= deadline ? -ETIMEDOUT : -EINTR;
	if (!w.woken)
		list_del(&w.node);
	spin_unlock(&futex_lock);
	return ret;
}

/* Wake @n waiters of @k1, move up to @n2 more to @k2. */
static long requeue(const struct futex_key *k1, const struct futex_key *k2, int n, int n2)
{
	struct futex_waiter *w, *tmp;
	int woken = 0, moved = 0;

	spin_lock(&futex_lock);
	list_for_each_entry_safe(w, tmp, &futex_waiters, node) {
		if (!key_eq(&w->key, k1))
			continue;
		if (woken < n) {
			list_del_init(&w->node);
			WRITE_ONCE(w->woken, true);
			wake_up_all(&w->wq);
			woken++;
		} else if (moved < n2) {
			w->key = *k2;
			moved++;
		} else {
			break;
		}
	}
	spin_unlock(&futex_lock);
	return woken + moved;
}

static long futex_requeue(struct thread *t, const unsigned long *a, bool private, bool cmp)
{
	struct futex_key k1, k2;
	long err;
	u32 cur;

	if ((int)a[2] < 0 || (long)a[3] < 0)
		return -EINVAL;
	err = futex_get_key(t, a[0], private, &k1);
	if (!err)
		err = futex_get_key(t, a[4], private, &k2);
	if (err)
		return err;
	if (cmp) {
		if (copy_from_user(t->proc->mm, &cur, a[0], sizeof(cur)))
			return -EFAULT;
		if (cur != (u32)a[5])
			return -EAGAIN;
	}
	return requeue(&k1, &k2, (int)a[2], (int)MIN(a[3], 0x7fffffffUL));
}

/* The deadline of a WAIT (relative timeout) or WAIT_BITSET (absolute): 0 for none. */
static long futex_deadline(struct thread *t, vaddr_t uts, bool absolute, bool realtime, u64 *out)
{
	struct {
		s64 sec, nsec;
	} ts;
	u64 ns, now;

	*out = 0;
	if (!uts)
		return 0;
	if (copy_from_user(t->proc->mm, &ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
		return -EINVAL;
	ns = (u64)ts.sec * 1000000000ULL + (u64)ts.nsec;
	now = time_monotonic_ns();
	if (absolute && realtime) {
		u64 rt = time_realtime_ns();

		ns = ns > rt ? now + (ns - rt) : now;
	} else if (!absolute) {
		ns += now;
	}
	*out = ns ? ns : 1;
	return 0;
}

long sys_futex(struct thread *t, const unsigned long *a)
{
	int op = (int)(a[1] & ~(unsigned long)(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME));
	bool private = a[1] & FUTEX_PRIVATE_FLAG, rt = a[1] & FUTEX_CLOCK_REALTIME;
	u64 deadline;
	long err;

	switch (op) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (rt && op == FUTEX_WAIT)
			return -ENOSYS; /* as Linux: CLOCK_REALTIME only with the bitset op */
		err = futex_deadline(t, a[3], op == FUTEX_WAIT_BITSET, rt, &deadline);
		if (err)
			return err;
		return futex_wait(t, a[0], private, (u32)a[2], deadline,
				  op == FUTEX_WAIT ? FUTEX_BITSET_ANY : (u32)a[5]);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET: {
		struct futex_key k;
		u32 bits = op == FUTEX_WAKE ? FUTEX_BITSET_ANY : (u32)a[5];

		if (!bits)
			return -EINVAL;
		err = futex_get_key(t, a[0], private, &k);
		return err ? err : wake_key(&k, (int)MIN(a[2], 0x7fffffffUL), bits);
	}
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(t, a, private, op == FUTEX_CMP_REQUEUE);
	default:
		return -ENOSYS;
	}
}
