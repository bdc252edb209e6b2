// SPDX-License-Identifier: MPL-2.0
// aarch64 boot in C: from head.S (MMU on, stack, vectors) to hal_main() with a struct
// boot_info built from the arm64 Image boot protocol and the device tree.
#define pr_fmt(fmt) "arch: " fmt
#include <hal/arch.h>
#include <hal/fdt.h>
#include <hal/log.h>
#include <arch/a64.h>
#include <arch/layout.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>

static struct boot_info boot_info;

static void print_cpu(u64 entry_el)
{
	u64 hz = a64_counter_hz();

	pr_info("aarch64 CPU (MIDR %#llx) at EL1%s, generic timer %llu.%03llu MHz\n",
		(unsigned long long)a64_read_sysreg(midr_el1),
		entry_el == 2 ? " (entered at EL2)" : "", (unsigned long long)(hz / 1000000),
		(unsigned long long)(hz / 1000 % 1000));
}

void __noreturn a64_boot_main(paddr_t fdt_pa, u64 entry_el)
{
	struct boot_info *bi = &boot_info;
	struct fdt fdt;

	a64_time_init();
	bi->protocol = "arm64 Image";
	bi->kernel_start = arch_virt_to_phys(_kernel_start);
	bi->kernel_end = arch_virt_to_phys(_kernel_end);
	bi->boot_cpu_id = a64_read_sysreg(mpidr_el1) & A64_MPIDR_AFF_MASK;
	bi->fdt = fdt_pa;

	fdt_boot_setup(&fdt, fdt_pa, A64_IDMAP_LIMIT, A64_FDT_MAX_SIZE, "x0", bi);
	a64_mmu_init_ram(bi);
	a64_console_init(&fdt);
	a64_power_init(&fdt);
	boot_info_check_initrd(bi);
	print_cpu(entry_el);
	hal_main(bi);
}
