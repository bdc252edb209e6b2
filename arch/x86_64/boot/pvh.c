// SPDX-License-Identifier: MPL-2.0
// Boot info from the PVH direct-boot protocol (QEMU -kernel): struct hvm_start_info.
#define pr_fmt(fmt) "pvh: " fmt
#include <hal/arch.h>
#include <hal/log.h>
#include <arch/boot.h>
#include "boot.h"

#define HVM_START_MAGIC 0x336ec578

/* Layouts from Xen's public/arch-x86/hvm/start_info.h. */
struct hvm_start_info {
	u32 magic;
	u32 version; /* the memory map fields exist from version 1 */
	u32 flags;
	u32 nr_modules;
	u64 modlist_paddr;
	u64 cmdline_paddr;
	u64 rsdp_paddr;
	u64 memmap_paddr;
	u32 memmap_entries;
	u32 reserved;
};

struct hvm_modlist_entry {
	u64 paddr;
	u64 size;
	u64 cmdline_paddr;
	u64 reserved;
};

struct hvm_memmap_entry {
	u64 addr;
	u64 size;
	u32 type; /* E820 type */
	u32 reserved;
};

static void pvh_memmap(struct boot_info *bi, const struct hvm_start_info *si)
{
	const struct hvm_memmap_entry *e;
	u64 bytes = (u64)si->memmap_entries * sizeof(*e);

	if (si->version < 1 || !si->memmap_entries)
		panic("pvh: the loader passed no memory map");
	if (!x86_phys_range_mapped(si->memmap_paddr, bytes))
		panic("pvh: memory map at 0x%lx is not mapped", si->memmap_paddr);
	e = arch_phys_to_virt(si->memmap_paddr);
	for (u32 i = 0; i < si->memmap_entries; i++)
		boot_info_add_region(bi, e[i].addr, e[i].size, e820_to_mem_type(e[i].type));
}

/* The first module is the initramfs; the protocol has room for more, Keel has no use yet. */
static void pvh_modules(struct boot_info *bi, const struct hvm_start_info *si)
{
	const struct hvm_modlist_entry *m;

	if (!si->nr_modules)
		return;
	if (!x86_phys_range_mapped(si->modlist_paddr, sizeof(*m))) {
		pr_warn("module list at 0x%lx is not mapped; no initrd\n", si->modlist_paddr);
		return;
	}
	m = arch_phys_to_virt(si->modlist_paddr);
	bi->initrd_start = m->paddr;
	bi->initrd_size = m->size;
	if (si->nr_modules > 1)
		pr_warn("%u modules passed, only the first is used\n", si->nr_modules);
}

void x86_boot_pvh(struct boot_info *bi, paddr_t pa)
{
	const struct hvm_start_info *si;

	if (!x86_phys_range_mapped(pa, sizeof(*si)))
		panic("pvh: start info at 0x%lx is not mapped", pa);
	si = arch_phys_to_virt(pa);
	if (si->magic != HVM_START_MAGIC)
		panic("pvh: bad start info magic 0x%x", si->magic);
	bi->protocol = "PVH";
	if (!x86_boot_cmdline_phys(bi, si->cmdline_paddr))
		pr_warn("command line at 0x%lx is not mapped\n", si->cmdline_paddr);
	pvh_modules(bi, si);
	bi->acpi_rsdp = si->rsdp_paddr;
	pvh_memmap(bi, si);
}
