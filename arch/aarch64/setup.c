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

static void read_device_tree(struct boot_info *bi, struct fdt *fdt, paddr_t fdt_pa)
{
	int err;

	/* booting.rst: 8-byte aligned, in RAM; QEMU and U-Boot put it there. */
	if (!fdt_pa || (fdt_pa & 7) || fdt_pa >= A64_IDMAP_LIMIT - A64_FDT_MAX_SIZE)
		panic("arch: bad device tree address %#llx in x0", (unsigned long long)fdt_pa);
	err = fdt_init(fdt, arch_phys_to_virt(fdt_pa), A64_FDT_MAX_SIZE);
	if (err)
		panic("arch: no valid device tree at %#llx (%d)", (unsigned long long)fdt_pa, err);
	err = fdt_fill_boot_info(fdt, fdt_pa, bi);
	if (err)
		panic("arch: malformed device tree at %#llx (%d)", (unsigned long long)fdt_pa, err);
}

/* QEMU puts the initrd at a fixed offset into RAM, which a large enough kernel overlaps. */
static void check_initrd(struct boot_info *bi)
{
	if (!bi->initrd_size || bi->initrd_start >= bi->kernel_end ||
	    bi->initrd_start + bi->initrd_size <= bi->kernel_start)
		return;
	pr_err("initrd [%#llx-%#llx) overlaps the kernel image; ignoring it\n",
	       (unsigned long long)bi->initrd_start,
	       (unsigned long long)(bi->initrd_start + bi->initrd_size));
	bi->initrd_start = 0;
	bi->initrd_size = 0;
}

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

	read_device_tree(bi, &fdt, fdt_pa);
	a64_mmu_init_ram(bi);
	a64_console_init(&fdt);
	a64_power_init(&fdt);
	check_initrd(bi);
	print_cpu(entry_el);
	hal_main(bi);
}
