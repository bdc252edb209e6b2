// SPDX-License-Identifier: MPL-2.0
// Interfaces private to arch/aarch64: boot steps, the trap handler, firmware calls.
#ifndef ARCH_A64_H
#define ARCH_A64_H

#include <hal/types.h>
#include <hal/boot_info.h>
#include <hal/fdt.h>
#include <arch/regs.h>

/* Linker-script and head.S symbols. */
extern char _kernel_start[], _kernel_end[], _stext[], _etext[];
extern char a64_boot_stack[], a64_boot_stack_top[];
extern u64 a64_idmap_l1[];

/* a64_boot_main - C entry from head.S on the boot CPU: MMU on, stack and vectors set up. */
void __noreturn a64_boot_main(paddr_t fdt_pa, u64 entry_el);

/* a64_trap_handler - called by entry.S for every exception; @vector is 0..15 in VBAR order. */
void a64_trap_handler(struct arch_regs *regs, unsigned long vector);

/* a64_time_init - latch the counter frequency and the boot timestamp. Boot CPU, first thing. */
void a64_time_init(void);
/* a64_counter_hz - the generic timer frequency (CNTFRQ_EL0). */
u64 a64_counter_hz(void);

/* a64_console_init - switch the early console to the UART the device tree names. */
void a64_console_init(const struct fdt *fdt);

/* a64_power_init - note the PSCI conduit from /psci for arch_poweroff(). */
void a64_power_init(const struct fdt *fdt);

/*
 * a64_mmu_init_ram - turn the identity map's 1 GiB blocks that hold no memory from @bi into
 * Device memory and note the top of RAM for arch_direct_map_limit(). Boot CPU, once.
 */
void a64_mmu_init_ram(const struct boot_info *bi);
/* a64_ram_contains - is [addr, addr + size) inside the RAM the memory map reported? */
bool a64_ram_contains(uintptr_t addr, size_t size);

/*
 * Firmware calls that may not exist: without semihosting, HLT is undefined; without EL2 or
 * EL3, HVC or SMC is. The trap handler turns that undefined-instruction exception into a
 * return of -1 (firmware.S), so callers can fall back instead of crashing.
 */
long a64_semihost_call(unsigned long op, const void *param);
long a64_psci_hvc(unsigned long fn, unsigned long a1, unsigned long a2, unsigned long a3);
long a64_psci_smc(unsigned long fn, unsigned long a1, unsigned long a2, unsigned long a3);
/* a64_fixup_firmware_call - the trap handler's side of the above; true when it was handled. */
bool a64_fixup_firmware_call(struct arch_regs *regs);

#endif /* ARCH_A64_H */
