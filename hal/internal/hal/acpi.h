// SPDX-License-Identifier: MPL-2.0
// ACPI tables for the trusted framework: RSDP -> XSDT/RSDT, the MADT (CPUs, IOAPICs, overrides),
// HPET, MCFG, FADT (power-off and reset) and raw lookup of any other table (DMAR for the IOMMU).
#ifndef HAL_ACPI_H
#define HAL_ACPI_H

#include <hal/compiler.h>
#include <hal/types.h>

/* The header every system description table starts with (ACPI 6.5, 5.2.6). */
struct acpi_sdt_header {
	char signature[4];
	u32 length; /* of the whole table, header included */
	u8 revision;
	u8 checksum; /* the bytes of the table sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

/* Generic Address Structure (5.2.3.2): where a register lives. */
struct acpi_gas {
	u8 space_id; /* ACPI_GAS_* */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size; /* 0 undefined, 1 byte, 2 word, 3 dword, 4 qword */
	u64 address;
} __packed;

#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO	1
#define ACPI_GAS_PCI	2

/* Limits of the static tables the parser fills (boot runs before the heap exists). */
#define ACPI_MAX_TABLES	   64
#define ACPI_MAX_CPUS	   256
#define ACPI_MAX_IOAPICS   16
#define ACPI_MAX_OVERRIDES 32
#define ACPI_MAX_LAPIC_NMI 16
#define ACPI_MAX_MCFG	   16

/* ---- Tables ------------------------------------------------------------------------------- */

/*
 * acpi_init - validate the RSDP at physical @rsdp, record every table the XSDT (or RSDT) lists
 * and parse MADT, HPET, MCFG and FADT (and the DSDT's \_S5 package) into static data.
 * Boot CPU, once, before the heap (the arch calls it while it fills struct boot_info; tables
 * are read through arch_acpi_map()). Returns 0, -ENOENT without a valid RSDP or root table.
 * Later calls return -EALREADY.
 */
int acpi_init(paddr_t rsdp);

/* acpi_available - acpi_init() found a valid root table. Any context. */
bool acpi_available(void);

/*
 * acpi_table_find - the @instance-th (0 = first) table whose signature is @sig (4 chars, e.g.
 * "DMAR"), mapped and checksum-verified once (later calls return the same mapping), valid for
 * good; read it through the header's length, never past it. Boot or process context (the
 * first call may create a mapping).
 * Returns the header, or NULL when there is no such table or it fails validation.
 */
const struct acpi_sdt_header *acpi_table_find(const char *sig, unsigned int instance);

/* acpi_table_phys - physical address and length (*@len) of a table, 0 when absent. Any context. */
paddr_t acpi_table_phys(const char *sig, unsigned int instance, u32 *len);

/* acpi_checksum_ok - the @len bytes at @p sum to 0 (mod 256). Any context. */
bool acpi_checksum_ok(const void *p, size_t len);

/* ---- MADT: processors and interrupt controllers ------------------------------------------- */

struct acpi_cpu {
	u32 apic_id;	     /* local APIC / x2APIC id: the hardware CPU id on x86 */
	u32 uid;	     /* ACPI processor UID */
	bool enabled;	     /* usable now */
	bool online_capable; /* disabled, but may be brought online (hotplug) */
};

struct acpi_ioapic {
	u32 id;
	paddr_t address;
	u32 gsi_base; /* first global system interrupt of its inputs */
};

/* Interrupt source override (5.2.12.5): ISA IRQ @source is GSI @gsi with MPS INTI @flags. */
struct acpi_irq_override {
	u8 bus;
	u8 source;
	u32 gsi;
	u16 flags;
};

/* Local APIC NMI (5.2.12.7): LINT@lint of the CPU with ACPI UID @uid (~0u: all) is an NMI. */
struct acpi_lapic_nmi {
	u32 uid;
	u8 lint;
	u16 flags;
};

/* MPS INTI flags of overrides and NMI entries. */
#define ACPI_INTI_POLARITY_MASK 0x3
#define ACPI_INTI_ACTIVE_HIGH	0x1
#define ACPI_INTI_ACTIVE_LOW	0x3
#define ACPI_INTI_TRIGGER_MASK	0xc
#define ACPI_INTI_EDGE		0x4
#define ACPI_INTI_LEVEL		0xc

/* Trigger and polarity of a GSI, as acpi_isa_irq_to_gsi() reports them. */
#define ACPI_IRQ_LEVEL	    (1u << 0) /* level-triggered (else edge) */
#define ACPI_IRQ_ACTIVE_LOW (1u << 1) /* active low (else high) */

/*
 * struct acpi_madt_info - what the MADT said. CPUs keep table order; entries with neither the
 * enabled nor the online-capable flag are dropped. Read-only after acpi_init().
 */
struct acpi_madt_info {
	paddr_t lapic_address; /* after any 64-bit override entry */
	bool pcat_compat;      /* a dual 8259 PIC is present and must be masked */
	unsigned int nr_cpus, nr_cpus_enabled, nr_ioapics, nr_overrides, nr_lapic_nmis;
	unsigned int nr_dropped; /* entries past the static limits above */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	struct acpi_irq_override overrides[ACPI_MAX_OVERRIDES];
	struct acpi_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMI];
};

/* acpi_madt - the parsed MADT, or NULL when there is none. Any context. */
const struct acpi_madt_info *acpi_madt(void);

/*
 * acpi_cpu_count / acpi_cpu_get - the processors of the MADT (the "acpi_cpu_list" SMP bring-up
 * walks): count, and entry @i (NULL past the end). Any context.
 */
unsigned int acpi_cpu_count(void);
const struct acpi_cpu *acpi_cpu_get(unsigned int i);

/*
 * acpi_isa_irq_to_gsi - the GSI that ISA IRQ @isa_irq arrives on and its ACPI_IRQ_* trigger
 * and polarity (*@flags), after the MADT's interrupt source overrides; ISA defaults (identity,
 * edge, active high) otherwise. Any context. Returns 0, or -EINVAL for @isa_irq >= 16.
 */
int acpi_isa_irq_to_gsi(unsigned int isa_irq, u32 *gsi, unsigned int *flags);

/*
 * acpi_madt_parse - parse the MADT at @madt (@len bytes, already validated) into @out. Malformed
 * or truncated entries end the walk; unknown types are skipped. Exposed for tests.
 * Returns 0 or -EINVAL when @len is too short for the fixed part.
 */
int acpi_madt_parse(const void *madt, size_t len, struct acpi_madt_info *out);

/* ---- HPET, MCFG ----------------------------------------------------------------------------- */

struct acpi_hpet_info {
	paddr_t address; /* register block (system memory) */
	u8 number;	 /* HPET sequence number */
	u16 min_tick;	 /* minimum clock ticks for periodic mode without lost interrupts */
};

/* acpi_hpet - the first HPET block, or NULL when there is none or it is not in memory space. */
const struct acpi_hpet_info *acpi_hpet(void);

/* One PCI Express ECAM window (MCFG allocation entry). */
struct acpi_mcfg_region {
	paddr_t base; /* ECAM address of bus 0 of @segment, even when @bus_start > 0 */
	u16 segment;
	u8 bus_start, bus_end;
};

/* acpi_mcfg_count / acpi_mcfg_get - the ECAM windows of the MCFG (NULL past the end). */
unsigned int acpi_mcfg_count(void);
const struct acpi_mcfg_region *acpi_mcfg_get(unsigned int i);

/* ---- FADT: power management ------------------------------------------------------------- */

/* FADT flags (5.2.9, table 5.10) and IA-PC boot architecture flags (table 5.11). */
#define ACPI_FADT_RESET_REG_SUP	 (1u << 10)
#define ACPI_FADT_HW_REDUCED	 (1u << 20)
#define ACPI_BOOT_LEGACY_DEVICES (1u << 0)
#define ACPI_BOOT_8042		 (1u << 1)
#define ACPI_BOOT_NO_VGA	 (1u << 2)
#define ACPI_BOOT_NO_MSI	 (1u << 3)
#define ACPI_BOOT_NO_CMOS_RTC	 (1u << 5)

/* PM1 control register bits (4.8.4.2). */
#define ACPI_PM1_SCI_EN	       (1u << 0)
#define ACPI_PM1_SLP_TYP_SHIFT 10
#define ACPI_PM1_SLP_EN	       (1u << 13)

/*
 * struct acpi_fadt_info - the FADT fields the framework uses; 32-bit legacy blocks are turned
 * into GAS form (I/O space) when the 64-bit X_ fields are absent or zero.
 */
struct acpi_fadt_info {
	u32 flags;
	u16 boot_arch;
	u16 sci_irq;
	u32 smi_cmd;
	u8 acpi_enable; /* value written to smi_cmd to hand SCI_EN to the OS */
	u8 century;	/* CMOS RTC index of the century, 0 when none */
	struct acpi_gas pm1a_cnt, pm1b_cnt;
	struct acpi_gas reset_reg;
	u8 reset_value;
	paddr_t dsdt;
	/* SLP_TYPa/b for S5 (soft off) from the DSDT's \_S5 package; valid when s5_found. */
	bool s5_found;
	u8 s5_typa, s5_typb;
};

/* acpi_fadt - the parsed FADT, or NULL when there is none. Any context. */
const struct acpi_fadt_info *acpi_fadt(void);

/*
 * acpi_fadt_parse - parse the FADT at @fadt (@len bytes, validated) into @out, reading only
 * the fields @len covers (ACPI 1.0 tables are short). Returns 0 or -EINVAL. For tests.
 */
int acpi_fadt_parse(const void *fadt, size_t len, struct acpi_fadt_info *out);

/*
 * acpi_aml_find_s5 - find "Name(_S5, Package(){a, b, ...})" in the AML @aml (@len bytes) and
 * return the first two integers in *@typa, *@typb. Bounded scan; no AML interpreter.
 * Returns 0, or -ENOENT when no well-formed \_S5 package is found.
 */
int acpi_aml_find_s5(const u8 *aml, size_t len, u8 *typa, u8 *typb);

/* ---- Provided by the architecture ------------------------------------------------------- */

/*
 * arch_acpi_map - a kernel pointer to the firmware memory [@pa, @pa + @len), cached, valid for
 * good; NULL when it cannot be mapped. Boot CPU during acpi_init() (no heap yet), and boot or
 * process context afterwards (acpi_table_find()). Only with CONFIG_ARCH_HAS_ACPI.
 */
const void *arch_acpi_map(paddr_t pa, size_t len);

#endif /* HAL_ACPI_H */
