// SPDX-License-Identifier: MPL-2.0
// x86_64 glue to the framework's ACPI parser (hal/acpi): finding the RSDP, the early table
// walk for the CPU count, and mapping firmware memory and device registers.
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H

#include <hal/mm.h>
#include <hal/types.h>

/* x86_acpi_find_rsdp - scan the legacy BIOS areas for the RSDP. Returns its physical address
 * or 0. For boot protocols that do not pass one. Boot CPU, early boot. */
paddr_t x86_acpi_find_rsdp(void);

/* x86_acpi_count_cpus - parse the ACPI tables reached from the RSDP at @rsdp (acpi_init) and
 * return the number of enabled processors in the MADT, 0 when a table is missing or broken.
 * Boot CPU, before hal_main(). */
unsigned int x86_acpi_count_cpus(paddr_t rsdp);

/*
 * x86_map_phys - a kernel pointer to [@pa, @pa + @len) with cache @policy (CACHE_UC for device
 * registers, CACHE_WB for firmware tables), valid for good; NULL when it cannot be mapped.
 * Boot or process context.
 */
void *x86_map_phys(paddr_t pa, size_t len, enum cache_policy policy);

#endif /* ARCH_ACPI_H */
