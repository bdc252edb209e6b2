// SPDX-License-Identifier: MPL-2.0
// Saturating reference counts: a count that would wrap is parked at a huge negative value, so
// a buggy get/put pair leaks the object instead of freeing it while it is in use.
#include <hal/log.h>
#include <hal/sync.h>

/* Far from both 0 and INT_MAX: a few more gets or puts cannot bring it back into range. */
#define REFCOUNT_SATURATED (-0x40000000)

static void refcount_saturate(refcount_t *r, const char *what)
{
	atomic_set(&r->refs, REFCOUNT_SATURATED);
	WARN_ON_ONCE(what);
	pr_warn("refcount at %p: %s; leaking the object\n", r, what);
}

void refcount_inc(refcount_t *r)
{
	int old = atomic_fetch_add(1, &r->refs);

	if (unlikely(old <= 0 || old == __INT_MAX__))
		refcount_saturate(r, old == 0 ? "increment from zero (use after free)" :
						"increment of a saturated or overflowing count");
}

bool refcount_inc_not_zero(refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (!old)
			return false;
		if (unlikely(old < 0 || old == __INT_MAX__)) {
			refcount_saturate(r, "increment of a saturated or overflowing count");
			return true;
		}
	} while (!atomic_try_cmpxchg(&r->refs, &old, old + 1));
	return true;
}

bool refcount_dec_and_test(refcount_t *r)
{
	int old = atomic_fetch_sub(1, &r->refs);

	if (old == 1)
		return true;
	if (unlikely(old <= 0))
		refcount_saturate(r, "decrement below zero (too many puts)");
	return false;
}

void refcount_dec(refcount_t *r)
{
	if (unlikely(refcount_dec_and_test(r)))
		refcount_saturate(r, "decrement to zero in refcount_dec (leaked object)");
}
