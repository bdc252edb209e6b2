// SPDX-License-Identifier: MPL-2.0
// Runs the subsystems' boot-time setup (hal_initcall levels) in link order.
#define pr_fmt(fmt) "init: " fmt

#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/log.h>

extern const struct initcall __initcall_start[], __initcall_end[];

void run_initcalls(void)
{
	for (const struct initcall *ic = __initcall_start; ic < __initcall_end; ic++) {
		int err = ic->fn();

		if (err)
			pr_err("%s failed: %s (%d)\n", ic->name, errno_name(err), err);
	}
}
