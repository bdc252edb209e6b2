// SPDX-License-Identifier: MPL-2.0
// Minimal ACPI table access for x86_64 boot: finding the RSDP and counting CPUs in the MADT.
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H

#include <hal/types.h>

/* x86_acpi_find_rsdp - scan the legacy BIOS areas for the RSDP. Returns its physical address
 * or 0. For boot protocols that do not pass one. Boot CPU, early boot. */
paddr_t x86_acpi_find_rsdp(void);

/* x86_acpi_count_cpus - the number of enabled processors (LAPIC and x2APIC entries) in the
 * MADT reached from the RSDP at @rsdp, or 0 when a table is missing or broken. */
unsigned int x86_acpi_count_cpus(paddr_t rsdp);

#endif /* ARCH_ACPI_H */
