// SPDX-License-Identifier: MPL-2.0
// ktests for the x86_64 signal frame: every offset user space (glibc, musl, debuggers) reads
// must be Linux's, from struct rt_sigframe down to the registers of uc_mcontext.
#include <hal/compiler.h>
#include <hal/ktest.h>
#include <services/signal.h>
#include "../linux/abi/x86_64/sigframe.h"

#define OFF(type, member) ((long)offsetof(struct type, member))

KTEST(signal, rt_sigframe_layout)
{
	KEXPECT_EQ(OFF(linux_rt_sigframe, pretcode), 0);
	KEXPECT_EQ(OFF(linux_rt_sigframe, uc), 8);
	KEXPECT_EQ(OFF(linux_rt_sigframe, info), 312);
	KEXPECT_EQ((long)sizeof(struct linux_rt_sigframe), 440);
	KEXPECT_EQ((long)sizeof(struct linux_siginfo), 128);
}

KTEST(signal, ucontext_layout)
{
	KEXPECT_EQ(OFF(linux_ucontext, uc_flags), 0);
	KEXPECT_EQ(OFF(linux_ucontext, uc_link), 8);
	KEXPECT_EQ(OFF(linux_ucontext, uc_stack), 16);
	KEXPECT_EQ(OFF(linux_ucontext, uc_mcontext), 40);
	KEXPECT_EQ(OFF(linux_ucontext, uc_sigmask), 296);
	KEXPECT_EQ((long)sizeof(struct linux_stack), 24);
}

/* glibc's REG_* indices into gregset_t are the same order: REG_R8 0 ... REG_RIP 16, REG_EFL 17. */
KTEST(signal, mcontext_layout)
{
	KEXPECT_EQ(OFF(linux_sigcontext, gregs[0]), 0);	   /* r8 */
	KEXPECT_EQ(OFF(linux_sigcontext, gregs[8]), 64);   /* rdi */
	KEXPECT_EQ(OFF(linux_sigcontext, gregs[13]), 104); /* rax */
	KEXPECT_EQ(OFF(linux_sigcontext, gregs[15]), 120); /* rsp */
	KEXPECT_EQ(OFF(linux_sigcontext, gregs[16]), 128); /* rip */
	KEXPECT_EQ(OFF(linux_sigcontext, gregs[17]), 136); /* eflags */
	KEXPECT_EQ(OFF(linux_sigcontext, cs), 144);
	KEXPECT_EQ(OFF(linux_sigcontext, err), 152);
	KEXPECT_EQ(OFF(linux_sigcontext, trapno), 160);
	KEXPECT_EQ(OFF(linux_sigcontext, oldmask), 168);
	KEXPECT_EQ(OFF(linux_sigcontext, cr2), 176);
	KEXPECT_EQ(OFF(linux_sigcontext, fpstate), 184);
	KEXPECT_EQ((long)sizeof(struct linux_sigcontext), 256);
}

KTEST(signal, siginfo_layout)
{
	KEXPECT_EQ(OFF(linux_siginfo, si_code), 8);
	KEXPECT_EQ(OFF(linux_siginfo, proc.pid), 16);
	KEXPECT_EQ(OFF(linux_siginfo, proc.uid), 20);
	KEXPECT_EQ(OFF(linux_siginfo, proc.status), 24);
	KEXPECT_EQ(OFF(linux_siginfo, addr), 16);
}
