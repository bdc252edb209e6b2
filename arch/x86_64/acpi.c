// SPDX-License-Identifier: MPL-2.0
// x86_64 side of ACPI: find the RSDP, hand it to the framework's parser (hal/acpi) while boot
// info is filled, and map firmware memory for it.
#define pr_fmt(fmt) "acpi: " fmt
#include <hal/acpi.h>
#include <hal/arch.h>
#include <hal/err.h>
#include <hal/iomem.h>
#include <hal/log.h>
#include <hal/lib/string.h>
#include <arch/acpi.h>
#include <arch/boot.h>

/* True while acpi_init() runs before hal_main(): no page-table allocator yet. */
static bool acpi_early;

/*
 * Before hal_main() the boot page tables map the first 4 GiB, where firmware tables and the
 * chipset's registers live; afterwards the kernel's own page tables map only RAM, so
 * everything else goes through iomem_map_phys().
 */
void *x86_map_phys(paddr_t pa, size_t len, enum cache_policy policy)
{
	void *va;

	if (acpi_early)
		return x86_phys_range_mapped(pa, len) ? arch_phys_to_virt(pa) : NULL;
	va = iomem_map_phys(pa, len, policy);
	return IS_ERR(va) ? NULL : va;
}

const void *arch_acpi_map(paddr_t pa, size_t len)
{
	return x86_map_phys(pa, len, CACHE_WB);
}

static paddr_t acpi_scan_rsdp(paddr_t start, paddr_t end)
{
	for (paddr_t pa = start; pa + 20 <= end; pa += 16) {
		const char *p = arch_phys_to_virt(pa);

		if (!memcmp(p, "RSD PTR ", 8) && acpi_checksum_ok(p, 20))
			return pa;
	}
	return 0;
}

/* The RSDP sits on a 16-byte boundary in the first KiB of the EBDA or in 0xe0000-0xfffff. */
paddr_t x86_acpi_find_rsdp(void)
{
	paddr_t ebda = (paddr_t)*(const u16 *)arch_phys_to_virt(0x40e) << 4;
	paddr_t pa = 0;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		pa = acpi_scan_rsdp(ebda, ebda + 1024);
	return pa ? pa : acpi_scan_rsdp(0xe0000, 0x100000);
}

unsigned int x86_acpi_count_cpus(paddr_t rsdp)
{
	const struct acpi_madt_info *madt;
	int err;

	acpi_early = true;
	err = acpi_init(rsdp);
	acpi_early = false;
	if (err) {
		pr_warn("no valid RSDP/XSDT at 0x%lx (%d); CPU count unknown\n", rsdp, err);
		return 0;
	}
	madt = acpi_madt();
	return madt ? madt->nr_cpus_enabled : 0;
}
