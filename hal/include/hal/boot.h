// SPDX-License-Identifier: MPL-2.0
// How a kernel built on the framework takes over once the framework has booted, and how it
// ends the machine.
#ifndef HAL_BOOT_H
#define HAL_BOOT_H

#include <hal/compiler.h>
#include <hal/types.h>

/*
 * KERNEL_MAIN(fn) - name the kernel's entry: int fn(void). Once the framework is up (every
 * CPU online, the scheduler running, interrupts on) it calls @fn in a task; when @fn
 * returns, the machine powers off with @fn's result as the exit code (0 = success). The
 * kernel's Kconfig symbol must select KERNEL_MAIN; one per image. A command line with
 * "ktest" runs the ktests instead.
 */
#define KERNEL_MAIN(fn)       \
	int kernel_main(void) \
	{                     \
		return fn();  \
	}                     \
	int kernel_main(void)

/* kernel_main - what KERNEL_MAIN() defines; the framework calls it. */
int kernel_main(void);

/*
 * system_poweroff - power the machine off. Under QEMU the exit device reports @code to the
 * host (0 = success, anything else = failure). Any context.
 */
void __noreturn system_poweroff(int code);

/*
 * boot_initramfs - the initramfs the boot loader handed over (read-only; it stays reserved
 * for the life of the kernel). Returns its bytes with *@len set, or NULL with *@len 0 when
 * there is none. Any context after boot.
 */
const void *boot_initramfs(size_t *len);

/* boot_cmdline - the kernel command line as the boot loader passed it ("" if none). */
const char *boot_cmdline(void);

#endif /* HAL_BOOT_H */
