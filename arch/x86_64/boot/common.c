// SPDX-License-Identifier: MPL-2.0
// Pieces of boot-info capture that PVH and multiboot2 share.
#include <hal/arch.h>
#include <hal/lib/string.h>
#include <arch/boot.h>
#include "boot.h"

void x86_boot_cmdline(struct boot_info *bi, const char *s, size_t max)
{
	char buf[BOOT_CMDLINE_MAX];
	size_t len = strnlen(s, MIN(max, sizeof(buf) - 1));

	memcpy(buf, s, len);
	buf[len] = '\0';
	boot_info_set_cmdline(bi, buf);
}

bool x86_boot_cmdline_phys(struct boot_info *bi, paddr_t pa)
{
	paddr_t limit = arch_direct_map_limit();

	if (!pa)
		return true;
	if (pa >= limit)
		return false;
	x86_boot_cmdline(bi, arch_phys_to_virt(pa), limit - pa);
	return true;
}
