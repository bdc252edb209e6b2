// SPDX-License-Identifier: MPL-2.0
// The arch contract for user mode (ARCH_HAS_USER): the user register file, entering user mode
// and coming back, and what hal/user gives the arch's return-to-user path.
#ifndef HAL_ARCH_USER_H
#define HAL_ARCH_USER_H

#include <hal/compiler.h>
#include <hal/types.h>

#ifdef CONFIG_ARCH_HAS_USER
struct user_context;
struct user_exception;

/*
 * <arch/user.h> provides:
 *   struct arch_user_regs	the user register file (general registers, ip, sp, flags, TLS
 *				base and the arch's other per-thread registers, the last trap)
 *   ARCH_USER_NR_REGS		registers reachable by index (see user_context_get_reg)
 *   ARCH_USER_REG_TLS		the index of the TLS base register
 *   static inline helpers, any context, no checks beyond what they say:
 *	unsigned long *arch_user_reg(struct arch_user_regs *r, unsigned int idx)
 *		the slot of register @idx (Linux signal-context order), NULL past the end;
 *	arch_user_syscall_nr/arch_user_syscall_arg(r, i)/arch_user_set_retval/arch_user_retval,
 *	arch_user_ip/arch_user_set_ip, arch_user_sp/arch_user_set_sp, arch_user_flags,
 *	arch_user_tls.
 */
#include <arch/user.h>

/* arch_user_regs_init - every register zero, flags at the user default. Any context. */
void arch_user_regs_init(struct arch_user_regs *r);

/* arch_user_set_flags - store @flags keeping only the bits user code may set. Any context. */
void arch_user_set_flags(struct arch_user_regs *r, unsigned long flags);

/*
 * arch_user_set_reg - store @val in register @idx, refusing values the register cannot take
 * when the CPU loads it (non-canonical bases...). Returns 0 or -EINVAL. Any context.
 */
int arch_user_set_reg(struct arch_user_regs *r, unsigned int idx, unsigned long val);

/* arch_user_exception - decode the last exception saved in @r. Any context. */
void arch_user_exception(const struct arch_user_regs *r, struct user_exception *out);

/*
 * arch_user_enter - load @r and run user code with interrupts on and the current task's FPU
 * state, until a system call, an exception, or hal_user_irq_return() asking for the context
 * back; save the user registers into @r and return the enum user_return reason. Called with
 * interrupts off by the task that runs @ctx (TASK_FPU, own stack, the context's space as its
 * active space); returns with them off. Interrupts from user mode taken meanwhile may switch
 * tasks and CPUs: the arch's return-to-user path calls hal_user_irq_return(@ctx).
 */
int arch_user_enter(struct user_context *ctx, struct arch_user_regs *r);

/*
 * hal_user_irq_return - provided by hal/user for the arch: @ctx is about to go back to user
 * mode after an interrupt (perhaps on another CPU, after other tasks ran; the scheduler has
 * made the task's space active again). Returns true when it must come back to the kernel
 * instead (a kick is pending: the arch then saves the interrupted registers and
 * arch_user_enter() returns USER_RETURN_EVENT), false to go on. Interrupts off.
 */
bool hal_user_irq_return(struct user_context *ctx);
#endif

#endif /* HAL_ARCH_USER_H */
