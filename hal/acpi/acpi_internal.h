// SPDX-License-Identifier: MPL-2.0
// Private to hal/acpi/: how the table files hand parsed tables to each other.
#ifndef HAL_ACPI_INTERNAL_H
#define HAL_ACPI_INTERNAL_H

#include <hal/acpi.h>

/* No sane table is this big; a larger length means a corrupt header. */
#define ACPI_TABLE_MAX (4u << 20)

/* acpi_map_checked - map the table at @pa, check @sig (unless NULL), length and checksum. */
const struct acpi_sdt_header *acpi_map_checked(paddr_t pa, const char *sig);

/* Parse the validated MADT / FADT / DSDT into the static data behind acpi_madt()/acpi_fadt(). */
void acpi_madt_setup(const struct acpi_sdt_header *madt);
paddr_t acpi_fadt_setup(const struct acpi_sdt_header *fadt); /* returns the DSDT address */
/* acpi_fadt_setup_s5 - look for \_S5 in a DSDT or SSDT until found; true once it is. */
bool acpi_fadt_setup_s5(const struct acpi_sdt_header *aml_table);

/* Boot-log lines, printed at the irq initcall. */
void acpi_madt_report(void);
void acpi_fadt_report(void);

/* Unaligned little-endian reads (tables pack their fields). */
static inline u16 acpi_get16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static inline u32 acpi_get32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline u64 acpi_get64(const u8 *p)
{
	return (u64)acpi_get32(p) | (u64)acpi_get32(p + 4) << 32;
}

#endif /* HAL_ACPI_INTERNAL_H */
