// SPDX-License-Identifier: MPL-2.0
// The system call dispatcher: number -> handler through the arch's table. A call Keel does
// not have returns -ENOSYS and is logged once by name; never a fake success.
#define pr_fmt(fmt) "linux: " fmt

#include <hal/errno.h>
#include <hal/lib/bitmap.h>
#include <hal/log.h>
#include <hal/user.h>
#include "syscall.h"

struct syscall_entry {
	const char *name;
	syscall_fn fn;
};

#define SYSCALL(nr, name, impl) [nr] = { #name, SYSCALL_FN_##impl(name) },
#define SYSCALL_FN_Y(name)	sys_##name
#define SYSCALL_FN_N(name)	NULL
static const struct syscall_entry syscall_table[] = {
#include LINUX_SYSCALL_TABLE
};
#undef SYSCALL

#define NR_LOGGED 1024
static DECLARE_BITMAP(logged, NR_LOGGED); /* atomic bit operations */

const char *linux_syscall_name(unsigned long nr)
{
	return nr < ARRAY_SIZE(syscall_table) ? syscall_table[nr].name : NULL;
}

/* Log the first -ENOSYS of each number (numbers past the bitmap share its last bit). */
static void log_enosys(unsigned long nr)
{
	const char *name = linux_syscall_name(nr);

	if (!test_and_set_bit(MIN(nr, NR_LOGGED - 1), logged))
		pr_info("syscall %lu (%s) not implemented\n", nr, name ? name : "unknown");
}

long linux_dispatch(struct thread *t, unsigned long nr, const unsigned long *args)
{
	if (nr < ARRAY_SIZE(syscall_table) && syscall_table[nr].fn)
		return syscall_table[nr].fn(t, args);
	log_enosys(nr);
	return -ENOSYS;
}

void linux_syscall(struct thread *t, struct user_context *ctx)
{
	unsigned long args[6];

	for (unsigned int i = 0; i < 6; i++)
		args[i] = user_context_syscall_arg(ctx, i);
	user_context_set_retval(ctx, (unsigned long)linux_dispatch(t, user_context_syscall_nr(ctx),
								   args));
}
