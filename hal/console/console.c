// SPDX-License-Identifier: MPL-2.0
// Console input: a ring of received bytes filled by the arch's UART interrupt and drained by
// the TTY layer, with one handler told about new bytes.
#define pr_fmt(fmt) "console: " fmt

#include <hal/arch.h>
#include <hal/arch_console.h>
#include <hal/console.h>
#include <hal/initcall.h>
#include <hal/log.h>
#include <hal/rawlock.h>

#define RX_SIZE 4096 /* a power of two */

static struct raw_lock rx_lock = RAW_LOCK_INIT;
static u8 rx_buf[RX_SIZE];
static u32 rx_head, rx_tail; /* rx_lock; free-running, index with & (RX_SIZE - 1) */
static void (*rx_fn)(void *arg);
static void *rx_arg;

/* Buffer one byte; drops it when the ring is full (a terminal overrun). Lock held. */
static bool rx_put_locked(u8 c)
{
	if (rx_head - rx_tail == RX_SIZE)
		return false;
	rx_buf[rx_head++ & (RX_SIZE - 1)] = c;
	return true;
}

static void rx_notify(void)
{
	void (*fn)(void *) = __atomic_load_n(&rx_fn, __ATOMIC_ACQUIRE);

	if (fn)
		fn(__atomic_load_n(&rx_arg, __ATOMIC_RELAXED));
}

size_t console_rx_inject(const char *buf, size_t len)
{
	unsigned long flags = raw_lock_irqsave(&rx_lock);
	size_t n = 0;

	while (n < len && rx_put_locked((u8)buf[n]))
		n++;
	raw_unlock_irqrestore(&rx_lock, flags);
	if (n)
		rx_notify();
	return n;
}

size_t console_read_nonblock(char *buf, size_t len)
{
	unsigned long flags = raw_lock_irqsave(&rx_lock);
	size_t n = 0;

	while (n < len && rx_tail != rx_head)
		buf[n++] = (char)rx_buf[rx_tail++ & (RX_SIZE - 1)];
	raw_unlock_irqrestore(&rx_lock, flags);
	return n;
}

void console_set_rx_handler(void (*fn)(void *arg), void *arg)
{
	__atomic_store_n(&rx_arg, arg, __ATOMIC_RELAXED);
	__atomic_store_n(&rx_fn, fn, __ATOMIC_RELEASE);
}

bool console_has_input(void)
{
	return IS_ENABLED(CONFIG_ARCH_HAS_CONSOLE_RX);
}

#ifdef CONFIG_ARCH_HAS_CONSOLE_RX
/* From the UART interrupt, one byte at a time; the handler hears once per byte. */
static void console_rx_push(u8 c)
{
	char ch = (char)c;

	console_rx_inject(&ch, 1);
}

static int console_rx_init(void)
{
	int err = arch_console_rx_init(console_rx_push);

	if (err)
		pr_warn("no console input (error %d)\n", err);
	return err;
}
late_initcall(console_rx_init);
#endif
