// SPDX-License-Identifier: MPL-2.0
// Boot from a flattened device tree (riscv64, aarch64): validate the pointer, fill boot_info.
#include <hal/arch.h>
#include <hal/fdt.h>
#include <hal/log.h>

void fdt_boot_setup(struct fdt *fdt, paddr_t fdt_pa, paddr_t pa_limit, u32 max_size,
		    const char *reg, struct boot_info *bi)
{
	int err;

	if (!fdt_pa || (fdt_pa & 7) || pa_limit < max_size || fdt_pa > pa_limit - max_size)
		panic("arch: bad device tree address %#llx in %s", (unsigned long long)fdt_pa, reg);
	err = fdt_init(fdt, arch_phys_to_virt(fdt_pa), max_size);
	if (err)
		panic("arch: no valid device tree at %#llx (%d)", (unsigned long long)fdt_pa, err);
	err = fdt_fill_boot_info(fdt, fdt_pa, bi);
	if (err)
		panic("arch: malformed device tree at %#llx (%d)", (unsigned long long)fdt_pa, err);
}
