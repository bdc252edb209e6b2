// SPDX-License-Identifier: MPL-2.0
// x86_64 early boot: the entry from head.S, boot-protocol parsers and boot-CPU setup steps.
#ifndef ARCH_BOOT_H
#define ARCH_BOOT_H

/* The protocol head.S was entered through (first argument of x86_start). */
#define X86_BOOT_PVH	    1
#define X86_BOOT_MULTIBOOT2 2

#ifndef __ASSEMBLER__

#include <hal/compiler.h>
#include <hal/types.h>
#include <hal/boot_info.h>

/* Linker-script symbols (virtual addresses). */
extern char _kernel_start[], _kernel_end[];
extern char _stext[], _etext[];
extern char _srodata[], _erodata[];
extern char _sdata[], _edata[];
extern char _sbss[], _ebss[];
extern char x86_boot_stack[], x86_boot_stack_top[];

/*
 * x86_start - first C code, called by head.S on the boot stack in long mode at the kernel's
 * virtual address, interrupts off. @proto is X86_BOOT_*, @info the physical address of the
 * protocol's info block (hvm_start_info or the multiboot2 information). Does not return.
 */
void __noreturn x86_start(u32 proto, u32 info);

/* Fill @bi from a PVH hvm_start_info / a multiboot2 info block at physical @pa. Panic if the
 * block is unusable (bad magic, no memory map). Boot CPU, before hal_main(). */
void x86_boot_pvh(struct boot_info *bi, paddr_t pa);
void x86_boot_multiboot2(struct boot_info *bi, paddr_t pa);

/* Boot-CPU setup steps, in the order x86_start runs them. */
void x86_uart_init(void);
void x86_gdt_init(void);
void x86_idt_init(void);
void x86_tsc_init(void);

/* Does @pa..@pa+@len lie inside the direct map (so arch_phys_to_virt() may be read)? */
bool x86_phys_range_mapped(paddr_t pa, u64 len);

/* Is @addr on one of the stacks arch/ set up (boot, IST)? Sets [*lo, *hi) when it is. */
bool x86_known_stack(uintptr_t addr, uintptr_t *lo, uintptr_t *hi);

#endif /* __ASSEMBLER__ */
#endif /* ARCH_BOOT_H */
