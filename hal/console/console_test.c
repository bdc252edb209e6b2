// SPDX-License-Identifier: MPL-2.0
// Tests of the console input ring: injected bytes come back in order, the handler hears them.
#include <hal/console.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>

static int rx_calls;

static void count_rx(void *arg)
{
	(void)arg;
	rx_calls++;
}

KTEST(console, inject_and_read)
{
	char buf[16], drain[64];

	while (console_read_nonblock(drain, sizeof(drain)))
		;
	rx_calls = 0;
	console_set_rx_handler(count_rx, NULL);
	KEXPECT_EQ(console_rx_inject("abc", 3), 3u);
	console_set_rx_handler(NULL, NULL);
	KEXPECT_EQ(rx_calls, 1);
	KEXPECT_EQ(console_read_nonblock(buf, 2), 2u);
	KEXPECT_EQ(memcmp(buf, "ab", 2), 0);
	KEXPECT_EQ(console_read_nonblock(buf, sizeof(buf)), 1u);
	KEXPECT_EQ(buf[0], 'c');
	KEXPECT_EQ(console_read_nonblock(buf, sizeof(buf)), 0u);
}
