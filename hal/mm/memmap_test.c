// SPDX-License-Identifier: MPL-2.0
// ktests for turning a firmware memory map into free ranges.
#include <hal/ktest.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include "memmap.h"

#define MiB (1ULL << 20)

/* Too big for a kernel stack; the runner executes one case at a time. */
static struct boot_info bi;
static struct memmap m;

static void bi_reset(void)
{
	memset(&bi, 0, sizeof(bi));
}

static bool range_is(unsigned int i, paddr_t start, paddr_t end)
{
	return i < m.nr && m.ranges[i].start == start && m.ranges[i].end == end;
}

KTEST(memmap, merge_sort_and_round)
{
	bi_reset();
	boot_info_add_region(&bi, 16 * MiB, 16 * MiB, MEM_USABLE);
	boot_info_add_region(&bi, 0x1234, 0x9000, MEM_USABLE);
	boot_info_add_region(&bi, 8 * MiB, 9 * MiB, MEM_USABLE);  /* overlaps the first */
	boot_info_add_region(&bi, 32 * MiB, 1 * MiB, MEM_USABLE); /* touches the first */
	memmap_build(&m, &bi, 1ULL << 40);
	KEXPECT_EQ(m.nr, 2);
	KEXPECT_TRUE(range_is(0, 0x2000, 0xa000));
	KEXPECT_TRUE(range_is(1, 8 * MiB, 33 * MiB));
	KEXPECT_EQ(m.usable_bytes, 0x8000 + 25 * MiB);
}

KTEST(memmap, holes_are_punched)
{
	bi_reset();
	boot_info_add_region(&bi, 0, 64 * MiB, MEM_USABLE);
	boot_info_add_region(&bi, 0x9fc00, 0x400, MEM_RESERVED); /* widened to its page */
	boot_info_add_region(&bi, 60 * MiB, 8 * MiB, MEM_ACPI_NVS);
	bi.kernel_start = 1 * MiB;
	bi.kernel_end = 2 * MiB + 5;
	bi.initrd_start = 10 * MiB;
	bi.initrd_size = MiB;
	memmap_build(&m, &bi, 1ULL << 40);
	KEXPECT_EQ(m.nr, 4);
	KEXPECT_TRUE(range_is(0, PAGE_SIZE, 0x9f000)); /* page 0 never handed out */
	KEXPECT_TRUE(range_is(1, 0xa0000, 1 * MiB));
	KEXPECT_TRUE(range_is(2, 2 * MiB + PAGE_SIZE, 10 * MiB));
	KEXPECT_TRUE(range_is(3, 11 * MiB, 60 * MiB));
}

KTEST(memmap, direct_map_limit)
{
	bi_reset();
	boot_info_add_region(&bi, 1 * MiB, 7 * MiB, MEM_USABLE);
	boot_info_add_region(&bi, 4ULL << 30, 1ULL << 30, MEM_USABLE);
	memmap_build(&m, &bi, 4 * MiB);
	KEXPECT_EQ(m.nr, 1);
	KEXPECT_TRUE(range_is(0, 1 * MiB, 4 * MiB));
}

KTEST(memmap, reserved_at_top_of_address_space)
{
	bi_reset();
	boot_info_add_region(&bi, 1 * MiB, 3 * MiB, MEM_USABLE);
	boot_info_add_region(&bi, ~0ULL - 0xfff, 0x2000, MEM_RESERVED); /* wraps */
	boot_info_add_region(&bi, 2 * MiB, ~0ULL, MEM_BAD);
	memmap_build(&m, &bi, ~0ULL);
	KEXPECT_EQ(m.nr, 1);
	KEXPECT_TRUE(range_is(0, 1 * MiB, 2 * MiB));
}

KTEST(memmap, take_from_the_top)
{
	bi_reset();
	boot_info_add_region(&bi, 1 * MiB, 1 * MiB, MEM_USABLE);
	boot_info_add_region(&bi, 8 * MiB, 1 * MiB, MEM_USABLE);
	memmap_build(&m, &bi, 1ULL << 40);
	KEXPECT_EQ(memmap_take(&m, 100), 9 * MiB - PAGE_SIZE);
	KEXPECT_EQ(memmap_take(&m, 1 * MiB), 1 * MiB); /* the top range is too small now */
	KEXPECT_EQ(memmap_take(&m, 2 * MiB), 0);
	KEXPECT_EQ(memmap_free_bytes(&m), 1 * MiB - PAGE_SIZE);
}
