// SPDX-License-Identifier: MPL-2.0
// Interfaces private to arch/riscv64: boot steps, the trap handler, linker symbols.
#ifndef ARCH_RV_H
#define ARCH_RV_H

#include <hal/compiler.h>
#include <hal/types.h>
#include <hal/boot_info.h>
#include <hal/fdt.h>
#include <arch/regs.h>

/* Linker-script and head.S symbols. */
extern char _kernel_start[], _kernel_end[], _stext[], _etext[];
extern char rv_boot_stack[], rv_boot_stack_top[];

/* rv_start - C entry from head.S on the boot hart: stack, stvec and .bss ready, MMU off. */
void __noreturn rv_start(unsigned long hartid, paddr_t fdt_pa);

/* rv_trap_handler - called by entry.S for every trap, with the saved registers. */
void rv_trap_handler(struct arch_regs *regs);

/* rv_time_start - latch the boot timestamp; assumes QEMU's 10 MHz timebase until told. */
void rv_time_start(void);
/* rv_time_init - take the timebase from /cpus "timebase-frequency". */
void rv_time_init(const struct fdt *fdt);
/* rv_timebase_hz - the rdtime frequency in use. */
u64 rv_timebase_hz(void);

/* rv_console_init - switch the early console to the UART the device tree names. */
void rv_console_init(const struct fdt *fdt);

/* rv_power_init - find the QEMU test device (sifive,test0/1) for arch_poweroff(). */
void rv_power_init(const struct fdt *fdt);

/* rv_ram_init - note the top of RAM from @bi for arch_direct_map_limit() and the unwinder. */
void rv_ram_init(const struct boot_info *bi);
/* rv_ram_contains - is [addr, addr + size) inside RAM the memory map reported? */
bool rv_ram_contains(uintptr_t addr, size_t size);

#endif /* ARCH_RV_H */
