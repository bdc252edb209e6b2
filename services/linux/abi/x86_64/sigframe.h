// SPDX-License-Identifier: MPL-2.0
// The x86_64 Linux signal frame as user space sees it (struct rt_sigframe of the kernel's
// uapi/asm headers): layout data only, filled by services/linux/sys_signal.c.
#ifndef SERVICES_LINUX_ABI_X86_64_SIGFRAME_H
#define SERVICES_LINUX_ABI_X86_64_SIGFRAME_H

#include <hal/types.h>

/* The general registers, in user_context_get_reg() index order (0..17). */
#define LINUX_SIGCONTEXT_NR_GREGS 18

struct linux_sigcontext {
	u64 gregs[LINUX_SIGCONTEXT_NR_GREGS]; /* r8..r15 rdi rsi rbp rbx rdx rax rcx rsp rip eflags */
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate; /* struct _fpstate *, 0: no FPU state saved */
	u64 reserved1[8];
};

struct linux_stack {
	u64 ss_sp;
	s32 ss_flags;
	u32 pad;
	u64 ss_size;
};

struct linux_ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct linux_stack uc_stack;
	struct linux_sigcontext uc_mcontext;
	u64 uc_sigmask;
};

/* siginfo_t: 128 bytes; the union's members Keel fills start at offset 16. */
struct linux_siginfo {
	s32 si_signo, si_errno, si_code, pad;
	union {
		struct {
			s32 pid, uid; /* kill, tkill, SIGCHLD */
			s32 status;   /* SIGCHLD */
			s32 pad;
			s64 utime, stime;
		} proc;
		u64 addr; /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
		u8 bytes[112];
	};
};

struct linux_rt_sigframe {
	u64 pretcode; /* sa_restorer: the handler returns into rt_sigreturn */
	struct linux_ucontext uc;
	struct linux_siginfo info;
};

#define LINUX_UC_SIGCONTEXT_SS	   0x2
#define LINUX_UC_STRICT_RESTORE_SS 0x4
#define LINUX_USER_CS		   0x33
#define LINUX_USER_SS		   0x2b
#define LINUX_REDZONE		   128
#define LINUX_MINSIGSTKSZ	   2048
#define LINUX_SYSCALL_INSN_LEN	   2  /* syscall: 0f 05 */
#define LINUX_REG_RAX		   13 /* sigcontext index of rax */
#define LINUX_REG_FLAGS		   17
#define LINUX_FLAGS_TF		   0x100
#define LINUX_FLAGS_DF		   0x400

#endif /* SERVICES_LINUX_ABI_X86_64_SIGFRAME_H */
