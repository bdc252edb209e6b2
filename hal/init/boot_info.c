// SPDX-License-Identifier: MPL-2.0
// Helpers the arch boot code uses to fill struct boot_info from its boot protocol.
#define pr_fmt(fmt) "boot: " fmt

#include <hal/boot_info.h>
#include <hal/log.h>
#include <hal/lib/string.h>
#include "init.h"

/* Regions the arch reported past BOOT_MAX_REGIONS; hal_main() logs them. */
static unsigned int dropped_regions;

void boot_info_add_region(struct boot_info *bi, paddr_t base, u64 size, enum mem_type type)
{
	struct mem_region *r;

	if (!size)
		return;
	if (bi->nr_regions >= BOOT_MAX_REGIONS) {
		dropped_regions++;
		return;
	}
	r = &bi->regions[bi->nr_regions++];
	r->base = base;
	r->size = size;
	r->type = type;
}

void boot_info_set_cmdline(struct boot_info *bi, const char *s)
{
	strscpy(bi->cmdline, s ? s : "", sizeof(bi->cmdline));
}

unsigned int boot_info_dropped_regions(void)
{
	return dropped_regions;
}

void boot_info_check_initrd(struct boot_info *bi)
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
