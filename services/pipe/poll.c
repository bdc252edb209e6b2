// SPDX-License-Identifier: MPL-2.0
// The global poll notification: a sequence number and a wait queue every poller sleeps on.
#include <hal/sync.h>
#include <hal/time.h>
#include <services/poll.h>

static atomic_t seq = ATOMIC_INIT(0);
static DEFINE_WAIT_QUEUE(pollers);

void poll_notify(void)
{
	atomic_inc_return(&seq);
	wake_up_all(&pollers);
}

u32 poll_seq(void)
{
	return (u32)atomic_read_acquire(&seq);
}

bool poll_wait(u32 old, u64 deadline_ns)
{
	u64 now;

	if (!deadline_ns) {
		wait_event(&pollers, poll_seq() != old);
		return true;
	}
	now = time_monotonic_ns();
	if (now >= deadline_ns)
		return false;
	return wait_event_timeout(&pollers, poll_seq() != old, deadline_ns - now);
}
