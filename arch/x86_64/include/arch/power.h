// SPDX-License-Identifier: MPL-2.0
// Powering the machine off and resetting it through ACPI (FADT), with legacy fallbacks.
#ifndef ARCH_POWER_H
#define ARCH_POWER_H

#include <hal/compiler.h>

/*
 * x86_acpi_poweroff - enter S5 (soft off) through the FADT's PM1 control blocks with the
 * DSDT's \_S5 sleep types. Any context, interrupts are turned off. Returns only when the
 * machine has no ACPI power-off or did not obey within ~100 ms.
 */
void x86_acpi_poweroff(void);

/*
 * x86_reset - reset the machine: the FADT reset register, then the 8042 keyboard controller,
 * then port 0xcf9, then a triple fault. Any context. Does not return.
 */
void __noreturn x86_reset(void);

#endif /* ARCH_POWER_H */
