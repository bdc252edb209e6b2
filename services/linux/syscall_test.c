// SPDX-License-Identifier: MPL-2.0
// ktests for the dispatcher: the table knows Linux's numbers, and a call Keel does not have
// (or a number Linux does not have) is -ENOSYS, never a fake success.
#include <hal/errno.h>
#include <hal/ktest.h>
#include "syscall.h"

KTEST(linux_syscall, table_names)
{
	KEXPECT_STREQ(linux_syscall_name(0), "read");
	KEXPECT_STREQ(linux_syscall_name(59), "execve");
	KEXPECT_STREQ(linux_syscall_name(231), "exit_group");
	KEXPECT_STREQ(linux_syscall_name(435), "clone3");
	KEXPECT_NULL(linux_syscall_name(400)); /* the gap between rseq's era and 424 */
	KEXPECT_NULL(linux_syscall_name(100000));
}

KTEST(linux_syscall, enosys)
{
	unsigned long args[6] = { 0 };

	KEXPECT_EQ(linux_dispatch(NULL, 101, args), -ENOSYS);  /* ptrace: not implemented */
	KEXPECT_EQ(linux_dispatch(NULL, 101, args), -ENOSYS);  /* logged only once */
	KEXPECT_EQ(linux_dispatch(NULL, 999, args), -ENOSYS);  /* no such call */
	KEXPECT_EQ(linux_dispatch(NULL, ~0UL, args), -ENOSYS); /* -1: as Linux */
}
