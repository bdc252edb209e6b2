// SPDX-License-Identifier: MPL-2.0
// The arch contract: everything an architecture port provides to the arch-neutral framework.
#ifndef HAL_ARCH_H
#define HAL_ARCH_H

/*
 * Naming rules (NuttX's habit):
 *   arch_*      provided by every architecture, declared here, called only by hal/.
 *   x86_*, rv_*, a64_*
 *               private to one architecture; never called from hal/.
 *   hal_*       provided by hal/ for the architecture to call (boot hand-off, traps).
 *
 * This header is visible to hal/ and arch/ only: services/ and drivers/ are compiled without
 * hal/internal on their include path, so the compiler itself keeps them out.
 *
 * Optional pieces are guarded by ARCH_HAS_* Kconfig symbols that arch/<arch>/Kconfig selects;
 * hal/ tests them with IS_ENABLED() and never relies on a stub that pretends to work.
 *
 * "Any context" below means: callable with interrupts on or off, from traps, before the heap
 * exists, on any CPU.
 */

#include <hal/compiler.h>
#include <hal/types.h>
#include <hal/boot_info.h>
#include <arch/regs.h> /* struct arch_regs: the register file saved on a trap */

/* ---- Boot --------------------------------------------------------------------------------- */

/*
 * hal_main - the arch-neutral kernel entry.
 * @bi: boot information the arch filled from its boot protocol (memory map, cmdline, initrd,
 *      firmware tables). Arch calls it once, on the boot CPU, with interrupts off, with a valid
 *      stack, the early console working, traps installed and arch_timestamp_ns() counting.
 * Does not return.
 */
void __noreturn hal_main(struct boot_info *bi);

/*
 * arch_phys_to_virt / arch_virt_to_phys - the kernel's direct map of physical memory.
 * Any context. Valid for RAM reported usable in the memory map and for the kernel image;
 * arch_direct_map_limit() is the first physical address not covered.
 */
void *arch_phys_to_virt(paddr_t pa);
paddr_t arch_virt_to_phys(const void *va);
paddr_t arch_direct_map_limit(void);

/* ---- Console ------------------------------------------------------------------------------ */

/* arch_early_putc - write one byte to the early (polled) console. Any context. */
void arch_early_putc(char c);

/* ---- CPU and power ------------------------------------------------------------------------ */

/* arch_cpu_relax - a spin-wait hint (pause / nop). Any context. */
void arch_cpu_relax(void);

/* arch_irq_save - disable interrupts on this CPU, returning the previous state. Any context. */
unsigned long arch_irq_save(void);
/* arch_irq_restore - restore the state returned by arch_irq_save(). Any context. */
void arch_irq_restore(unsigned long flags);

/* arch_halt - stop this CPU for good, interrupts off. Any context. */
void __noreturn arch_halt(void);

/*
 * arch_poweroff - end the machine. Under QEMU the exit device reports @code to the host
 * (0 = success); scripts/qemu-run turns it back into the same number on every arch.
 * Without an exit device it powers off (firmware) or halts. Any context.
 */
void __noreturn arch_poweroff(int code);

/* ---- Time --------------------------------------------------------------------------------- */

/*
 * arch_timestamp_ns - nanoseconds since an arbitrary point early in boot, monotonic on this
 * CPU, from the cycle counter the arch calibrated before hal_main(). Any context.
 */
u64 arch_timestamp_ns(void);

/* ---- Traps and debugging ------------------------------------------------------------------ */

/* arch_regs_dump - print a saved register file through the log. Any context. */
void arch_regs_dump(const struct arch_regs *regs);

/*
 * arch_stack_unwind - walk the frame-pointer chain.
 * @regs: the trap frame to start from, or NULL for the caller of this function.
 * @pcs:  filled with return addresses, innermost first.
 * Returns the number of entries stored (at most @max). Stops at a frame outside the kernel
 * stack or text, so a corrupt chain cannot fault. Any context.
 */
int arch_stack_unwind(const struct arch_regs *regs, uintptr_t *pcs, int max);

/*
 * hal_trap_panic - called by the arch's trap code for a fatal kernel-mode trap.
 * @what: the exception's name ("page fault", "general protection"...).
 * @regs: the saved register file. Prints, unwinds, symbolizes and powers off with failure.
 */
void __noreturn hal_trap_panic(const char *what, const struct arch_regs *regs);

#include <hal/arch_irq.h>
#include <hal/arch_time.h>
#include <hal/arch_iommu.h>

#include <hal/arch_task.h>
#include <hal/arch_smp.h>
#include <hal/arch_mm.h>
#include <hal/arch_user.h>

#endif /* HAL_ARCH_H */
