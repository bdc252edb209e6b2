// SPDX-License-Identifier: MPL-2.0
// ^C, ^Z and ^\ from the TTY: its input path (a bottom half, tty lock held) only queues the
// group and signal; a kernel task sends them, where process locks may be taken.
#define pr_fmt(fmt) "signal: " fmt

#include <hal/err.h>
#include <hal/log.h>
#include <hal/sync.h>
#include <hal/task.h>
#include <services/process.h>
#include <services/signal.h>
#include <services/tty.h>
#include "internal.h"

#define TTY_SIG_RING 16

static struct {
	int pgrp, sig;
} ring[TTY_SIG_RING]; /* ring_lock */
static u32 ring_head, ring_tail;
static DEFINE_SPINLOCK(ring_lock);
static DEFINE_WAIT_QUEUE(ring_wq);

static void tty_sig_hook(struct tty *tty, int pgrp, int sig)
{
	irqflags_t flags = spin_lock_irqsave(&ring_lock);

	(void)tty;
	if (pgrp > 0 &&
	    ring_head - ring_tail < TTY_SIG_RING) { /* a full ring drops, like a burst */
		ring[ring_head % TTY_SIG_RING].pgrp = pgrp;
		ring[ring_head % TTY_SIG_RING].sig = sig;
		WRITE_ONCE(ring_head, ring_head + 1);
	}
	spin_unlock_irqrestore(&ring_lock, flags);
	wake_up_all(&ring_wq);
}

static bool ring_pop(int *pgrp, int *sig)
{
	irqflags_t flags = spin_lock_irqsave(&ring_lock);
	bool any = ring_head != ring_tail;

	if (any) {
		*pgrp = ring[ring_tail % TTY_SIG_RING].pgrp;
		*sig = ring[ring_tail % TTY_SIG_RING].sig;
		ring_tail++;
	}
	spin_unlock_irqrestore(&ring_lock, flags);
	return any;
}

static int tty_sig_main(void *arg)
{
	int pgrp, sig;

	(void)arg;
	for (;;) {
		wait_event(&ring_wq, READ_ONCE(ring_head) != READ_ONCE(ring_tail));
		while (ring_pop(&pgrp, &sig))
			signal_kill_pgrp(pgrp, sig);
	}
	return 0;
}

void signal_tty_init(void)
{
	struct task_opts opts = { .cpu = TASK_CPU_ANY };
	struct task *task;

	if (tty_signal_hook)
		return;
	task = task_create("tty-signals", tty_sig_main, NULL, &opts);
	if (IS_ERR(task)) {
		pr_warn("no TTY signal task (%ld): ^C, ^Z, ^\\ are not delivered\n", PTR_ERR(task));
		return;
	}
	task_put(task);
	tty_signal_hook = tty_sig_hook;
}
