// SPDX-License-Identifier: MPL-2.0
// The FADT (ACPI 6.5, 5.2.9): PM1 control blocks, reset register, RTC century, boot flags; and
// the DSDT's \_S5 package (SLP_TYP values for soft off), found by a bounded AML scan.
#define pr_fmt(fmt) "acpi: " fmt

#include <hal/acpi.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/lib/string.h>
#include "acpi_internal.h"

/* Byte offsets of the FADT fields we read. */
#define FADT_DSDT	  40
#define FADT_SCI_INT	  46
#define FADT_SMI_CMD	  48
#define FADT_ACPI_ENABLE  52
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM1B_CNT_BLK 68
#define FADT_PM1_CNT_LEN  89
#define FADT_CENTURY	  108
#define FADT_BOOT_ARCH	  109
#define FADT_FLAGS	  112
#define FADT_RESET_REG	  116
#define FADT_RESET_VALUE  128
#define FADT_X_DSDT	  140
#define FADT_X_PM1A_CNT	  172
#define FADT_X_PM1B_CNT	  184
#define ACPI_GAS_LEN	  12

/* AML opcodes met on the way to \_S5's integers (ACPI 6.5, 20.2). */
#define AML_ZERO	 0x00
#define AML_ONE		 0x01
#define AML_NAME	 0x08
#define AML_BYTE_PREFIX	 0x0a
#define AML_WORD_PREFIX	 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_QWORD_PREFIX 0x0e
#define AML_PACKAGE	 0x12
#define AML_ROOT_CHAR	 0x5c
#define AML_ONES	 0xff

static struct acpi_fadt_info fadt_info;
static bool fadt_found;

/* Read a field of @size bytes at @off, or 0 when the table is too short to have it. */
static u64 fadt_field(const u8 *p, size_t len, size_t off, size_t size)
{
	u64 v = 0;

	if (off + size <= len)
		memcpy(&v, p + off, size);
	return v;
}

/* A 64-bit X_ block when present, else the 32-bit legacy I/O port block of @legacy_len. */
static void fadt_block(const u8 *p, size_t len, size_t x_off, size_t legacy_off, u8 legacy_len,
		       struct acpi_gas *out)
{
	memset(out, 0, sizeof(*out));
	if (x_off + ACPI_GAS_LEN <= len) {
		memcpy(out, p + x_off, ACPI_GAS_LEN);
		if (out->address)
			return;
		memset(out, 0, sizeof(*out)); /* a zero X_ block must not lend its fields */
	}
	out->address = fadt_field(p, len, legacy_off, 4);
	if (!out->address)
		return;
	out->space_id = ACPI_GAS_IO;
	out->bit_width = legacy_len * 8;
	out->access_size = legacy_len >= 4 ? 3 : 2;
}

int acpi_fadt_parse(const void *fadt, size_t len, struct acpi_fadt_info *out)
{
	const u8 *p = fadt;
	u8 cnt_len;

	memset(out, 0, sizeof(*out));
	if (len < FADT_PM1_CNT_LEN + 1)
		return -EINVAL;
	out->sci_irq = fadt_field(p, len, FADT_SCI_INT, 2);
	out->smi_cmd = fadt_field(p, len, FADT_SMI_CMD, 4);
	out->acpi_enable = fadt_field(p, len, FADT_ACPI_ENABLE, 1);
	out->century = fadt_field(p, len, FADT_CENTURY, 1);
	out->boot_arch = fadt_field(p, len, FADT_BOOT_ARCH, 2);
	out->flags = fadt_field(p, len, FADT_FLAGS, 4);
	if (FADT_RESET_REG + ACPI_GAS_LEN <= len)
		memcpy(&out->reset_reg, p + FADT_RESET_REG, ACPI_GAS_LEN);
	out->reset_value = fadt_field(p, len, FADT_RESET_VALUE, 1);
	cnt_len = p[FADT_PM1_CNT_LEN] ? p[FADT_PM1_CNT_LEN] : 2;
	fadt_block(p, len, FADT_X_PM1A_CNT, FADT_PM1A_CNT_BLK, cnt_len, &out->pm1a_cnt);
	fadt_block(p, len, FADT_X_PM1B_CNT, FADT_PM1B_CNT_BLK, cnt_len, &out->pm1b_cnt);
	out->dsdt = fadt_field(p, len, FADT_X_DSDT, 8);
	if (!out->dsdt)
		out->dsdt = fadt_field(p, len, FADT_DSDT, 4);
	return 0;
}

/* Decode one AML integer constant at @p; returns the bytes used, 0 when it is not one. */
static size_t aml_integer(const u8 *p, const u8 *end, u64 *v)
{
	static const u8 sizes[] = { [AML_BYTE_PREFIX] = 1,
				    [AML_WORD_PREFIX] = 2,
				    [AML_DWORD_PREFIX] = 4,
				    [AML_QWORD_PREFIX] = 8 };
	size_t n;

	if (p >= end)
		return 0;
	if (*p == AML_ZERO || *p == AML_ONE || *p == AML_ONES) {
		*v = *p == AML_ONES ? ~0ULL : *p;
		return 1;
	}
	if (*p >= ARRAY_SIZE(sizes) || !sizes[*p])
		return 0;
	n = sizes[*p];
	if ((size_t)(end - p) < n + 1)
		return 0;
	*v = 0;
	memcpy(v, p + 1, n);
	return n + 1;
}

/* Parse "PackageOp PkgLength NumElements a b ..." at @p into the first two integers. */
static int aml_s5_package(const u8 *p, const u8 *end, u8 *typa, u8 *typb)
{
	u64 a, b;
	size_t n;

	if (p >= end || *p++ != AML_PACKAGE || p >= end)
		return -ENOENT;
	p += 1 + (*p >> 6); /* PkgLength: lead byte, then 0-3 more bytes */
	if (p >= end || *p++ < 2)
		return -ENOENT; /* NumElements */
	n = aml_integer(p, end, &a);
	if (!n)
		return -ENOENT;
	if (!aml_integer(p + n, end, &b))
		return -ENOENT;
	*typa = a & 7;
	*typb = b & 7;
	return 0;
}

int acpi_aml_find_s5(const u8 *aml, size_t len, u8 *typa, u8 *typb)
{
	const u8 *end = aml + len;

	for (size_t i = 1; i + 4 < len; i++) {
		if (memcmp(aml + i, "_S5_", 4))
			continue;
		/* NameOp "_S5_" or NameOp "\_S5_", not a reference from inside a method. */
		if (aml[i - 1] != AML_NAME &&
		    !(aml[i - 1] == AML_ROOT_CHAR && i >= 2 && aml[i - 2] == AML_NAME))
			continue;
		if (!aml_s5_package(aml + i + 4, end, typa, typb))
			return 0;
	}
	return -ENOENT;
}

paddr_t acpi_fadt_setup(const struct acpi_sdt_header *fadt)
{
	fadt_found = !acpi_fadt_parse(fadt, fadt->length, &fadt_info);
	return fadt_found ? fadt_info.dsdt : 0;
}

bool acpi_fadt_setup_s5(const struct acpi_sdt_header *aml_table)
{
	const u8 *aml = (const u8 *)aml_table + sizeof(*aml_table);

	if (fadt_found && !fadt_info.s5_found)
		fadt_info.s5_found = !acpi_aml_find_s5(aml, aml_table->length - sizeof(*aml_table),
						       &fadt_info.s5_typa, &fadt_info.s5_typb);
	return fadt_info.s5_found;
}

const struct acpi_fadt_info *acpi_fadt(void)
{
	return fadt_found ? &fadt_info : NULL;
}

static const char *gas_space(const struct acpi_gas *g)
{
	return g->space_id == ACPI_GAS_IO ? "io" : g->space_id == ACPI_GAS_MEMORY ? "mem" : "pci";
}

void acpi_fadt_report(void)
{
	const struct acpi_fadt_info *f = &fadt_info;

	if (!fadt_found) {
		pr_warn("no FADT: no ACPI power-off or reset\n");
		return;
	}
	if (f->s5_found)
		pr_info("FADT: SCI IRQ %u, PM1a_CNT %s 0x%llx, S5 SLP_TYP %u/%u%s\n", f->sci_irq,
			gas_space(&f->pm1a_cnt), (unsigned long long)f->pm1a_cnt.address,
			f->s5_typa, f->s5_typb,
			f->flags & ACPI_FADT_HW_REDUCED ? ", hardware-reduced" : "");
	else
		pr_info("FADT: SCI IRQ %u, no \\_S5 in the DSDT or SSDTs: no ACPI power-off\n",
			f->sci_irq);
	if (f->reset_reg.address)
		pr_info("FADT: reset register %s 0x%llx <- 0x%x%s\n", gas_space(&f->reset_reg),
			(unsigned long long)f->reset_reg.address, f->reset_value,
			f->flags & ACPI_FADT_RESET_REG_SUP ? "" : " (not flagged as supported)");
}
