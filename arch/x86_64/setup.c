// SPDX-License-Identifier: MPL-2.0
// x86_start: the boot CPU's path from head.S to hal_main() — console, descriptor tables,
// clock, then the machine description from the boot protocol and ACPI.
#define pr_fmt(fmt) "x86: " fmt
#include <hal/arch.h>
#include <hal/log.h>
#include <arch/acpi.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <arch/mmu.h>

static struct boot_info boot_info;

/* The x2APIC id (leaf 0xb) when the CPU reports one, else the initial xAPIC id (leaf 1). */
static u32 boot_cpu_apic_id(void)
{
	if (x86_cpuid(0, 0).eax >= 0xb) {
		struct x86_cpuid r = x86_cpuid(0xb, 0);

		if (r.ebx)
			return r.edx;
	}
	return x86_cpuid(1, 0).ebx >> 24;
}

static void x86_fill_boot_info(struct boot_info *bi, u32 proto, u32 info)
{
	if (proto == X86_BOOT_PVH)
		x86_boot_pvh(bi, info);
	else
		x86_boot_multiboot2(bi, info);
	bi->kernel_start = arch_virt_to_phys(_kernel_start);
	bi->kernel_end = arch_virt_to_phys(_kernel_end);
	bi->boot_cpu_id = boot_cpu_apic_id();
	if (!bi->acpi_rsdp)
		bi->acpi_rsdp = x86_acpi_find_rsdp();
	if (bi->acpi_rsdp)
		bi->nr_cpus = x86_acpi_count_cpus(bi->acpi_rsdp);
	else
		pr_warn("no ACPI RSDP; CPU count unknown\n");
}

void x86_start(u32 proto, u32 info)
{
	x86_uart_init();
	x86_gdt_init();
	x86_idt_init();
	x86_tsc_init();
	x86_fill_boot_info(&boot_info, proto, info);
	x86_mm_early_init(&boot_info);
	hal_main(&boot_info);
}
