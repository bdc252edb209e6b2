// SPDX-License-Identifier: MPL-2.0
// riscv64 boot in C: from head.S (stack, stvec, .bss, MMU off) to hal_main() with a struct
// boot_info built from the SBI boot protocol (a0 = hart id, a1 = device tree).
#define pr_fmt(fmt) "arch: " fmt
#include <hal/arch.h>
#include <hal/fdt.h>
#include <hal/log.h>
#include <arch/layout.h>
#include <arch/rv.h>
#include <arch/sbi.h>

static struct boot_info boot_info;

/* "OpenSBI v1.1, SBI 1.0": which firmware we run on, for the boot log. */
static void print_firmware(const struct boot_info *bi)
{
	struct sbi_ret spec = rv_sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0);
	struct sbi_ret impl = rv_sbi_call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0);
	struct sbi_ret ver = rv_sbi_call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0);
	unsigned long v = (unsigned long)ver.value;

	if (!impl.error && impl.value == SBI_IMPL_OPENSBI)
		pr_info("OpenSBI v%lu.%lu, SBI %lu.%lu\n", v >> 16, v & 0xffff,
			(unsigned long)spec.value >> 24 & 0x7f,
			(unsigned long)spec.value & 0xffffff);
	else
		pr_info("SBI implementation %ld, SBI %lu.%lu\n", impl.value,
			(unsigned long)spec.value >> 24 & 0x7f,
			(unsigned long)spec.value & 0xffffff);
	pr_info("boot hart %llu, %u hart(s) in the device tree, timebase %llu Hz, DTB at %#llx\n",
		(unsigned long long)bi->boot_cpu_id, bi->nr_cpus,
		(unsigned long long)rv_timebase_hz(), (unsigned long long)bi->fdt);
}

void __noreturn rv_start(unsigned long hartid, paddr_t fdt_pa)
{
	struct boot_info *bi = &boot_info;
	struct fdt fdt;

	rv_time_start();
	bi->protocol = "OpenSBI";
	bi->kernel_start = arch_virt_to_phys(_kernel_start);
	bi->kernel_end = arch_virt_to_phys(_kernel_end);
	bi->boot_cpu_id = hartid;
	bi->fdt = fdt_pa;

	fdt_boot_setup(&fdt, fdt_pa, UINTPTR_MAX, RV_FDT_MAX_SIZE, "a1", bi);
	rv_ram_init(bi);
	rv_console_init(&fdt);
	rv_time_init(&fdt);
	rv_power_init(&fdt);
	boot_info_check_initrd(bi);
	print_firmware(bi);
	hal_main(bi);
}
