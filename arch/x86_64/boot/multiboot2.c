// SPDX-License-Identifier: MPL-2.0
// Boot info from multiboot2 (GRUB): the tags of the boot information structure.
#define pr_fmt(fmt) "multiboot2: " fmt
#include <hal/arch.h>
#include <hal/log.h>
#include <hal/lib/string.h>
#include <arch/boot.h>
#include "boot.h"

#define MB2_TAG_END	    0
#define MB2_TAG_CMDLINE	    1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE	    3
#define MB2_TAG_MMAP	    6
#define MB2_TAG_ACPI_OLD    14
#define MB2_TAG_ACPI_NEW    15

struct mb2_info {
	u32 total_size;
	u32 reserved;
};

struct mb2_tag {
	u32 type;
	u32 size; /* including this header; tags start 8-byte aligned */
};

struct mb2_module {
	struct mb2_tag tag;
	u32 mod_start;
	u32 mod_end;
	/* followed by a NUL-terminated string */
};

struct mb2_mmap {
	struct mb2_tag tag;
	u32 entry_size;
	u32 entry_version;
	/* followed by entries of entry_size bytes */
};

struct mb2_mmap_entry {
	u64 base;
	u64 length;
	u32 type; /* E820 type */
	u32 reserved;
};

static void mb2_mmap(struct boot_info *bi, const struct mb2_mmap *t)
{
	const u8 *p = (const u8 *)(t + 1);
	const u8 *end = (const u8 *)t + t->tag.size;

	if (t->tag.size < sizeof(*t) || t->entry_size < sizeof(struct mb2_mmap_entry))
		panic("multiboot2: malformed memory map tag");
	for (; p + t->entry_size <= end; p += t->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		boot_info_add_region(bi, e->base, e->length, e820_to_mem_type(e->type));
	}
}

static void mb2_module(struct boot_info *bi, const struct mb2_module *m)
{
	if (m->tag.size < sizeof(*m) || m->mod_end < m->mod_start)
		return;
	if (bi->initrd_size) {
		pr_warn("more than one module passed, only the first is used\n");
		return;
	}
	bi->initrd_start = m->mod_start;
	bi->initrd_size = m->mod_end - m->mod_start;
}

/* Returns true for a memory map tag, so the caller can tell whether one was seen. */
static bool mb2_tag(struct boot_info *bi, const struct mb2_tag *t, paddr_t pa)
{
	const char *payload = (const char *)(t + 1);
	size_t len = t->size - sizeof(*t);

	switch (t->type) {
	case MB2_TAG_CMDLINE:
		x86_boot_cmdline(bi, payload, len);
		break;
	case MB2_TAG_LOADER_NAME:
		pr_info("loaded by %.*s\n", (int)strnlen(payload, len), payload);
		break;
	case MB2_TAG_MODULE:
		mb2_module(bi, (const struct mb2_module *)t);
		break;
	case MB2_TAG_MMAP:
		mb2_mmap(bi, (const struct mb2_mmap *)t);
		return true;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		/* The loader copies the RSDP into the tag; prefer the ACPI 2.0 copy. */
		if (!bi->acpi_rsdp || t->type == MB2_TAG_ACPI_NEW)
			bi->acpi_rsdp = pa + sizeof(*t);
		break;
	}
	return false;
}

void x86_boot_multiboot2(struct boot_info *bi, paddr_t pa)
{
	const struct mb2_info *info;
	bool have_mmap = false;
	size_t off;

	if (!x86_phys_range_mapped(pa, sizeof(*info)))
		panic("multiboot2: information at 0x%lx is not mapped", pa);
	info = arch_phys_to_virt(pa);
	if (info->total_size < sizeof(*info) || !x86_phys_range_mapped(pa, info->total_size))
		panic("multiboot2: bad information size %u", info->total_size);
	bi->protocol = "multiboot2";
	for (off = sizeof(*info); off + sizeof(struct mb2_tag) <= info->total_size;) {
		const struct mb2_tag *t = (const void *)((const u8 *)info + off);

		if (t->type == MB2_TAG_END || t->size < sizeof(*t) ||
		    t->size > info->total_size - off)
			break;
		have_mmap |= mb2_tag(bi, t, pa + off);
		off += ALIGN_UP(t->size, 8);
	}
	if (!have_mmap)
		panic("multiboot2: the loader passed no memory map");
}
