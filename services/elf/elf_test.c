// SPDX-License-Identifier: MPL-2.0
// ktests for the ELF parser: a minimal static executable written here parses to the expected
// load plan in the kernel; broken identification and segments are refused.
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>
#include <services/elf.h>

static u8 image[4096];
static struct elf_plan plan; /* ~6 KiB: not for a kernel stack */

static const struct elf_target target = { .machine = EM_X86_64,
					  .page_size = 4096,
					  .user_top = 1ull << 47 };

static void put(u8 *p, u64 v, unsigned int bytes)
{
	while (bytes--) {
		*p++ = (u8)v;
		v >>= 8;
	}
}

/* Text (R+X, with the headers) at 0x400000 and data+bss (R+W) at 0x401100, entry 0x400100. */
static void build_image(void)
{
	u8 *ph = image + 64;

	memset(image, 0, sizeof(image));
	memcpy(image, "\177ELF\2\1\1", 7);
	put(image + 16, ET_EXEC, 2);
	put(image + 18, EM_X86_64, 2);
	put(image + 20, 1, 4);
	put(image + 24, 0x400100, 8);
	put(image + 32, 64, 8);
	put(image + 54, 56, 2);
	put(image + 56, 2, 2);
	put(ph, 1, 4);
	put(ph + 4, 5, 4);
	put(ph + 16, 0x400000, 8);
	put(ph + 32, 0x800, 8);
	put(ph + 40, 0x800, 8);
	ph += 56;
	put(ph, 1, 4);
	put(ph + 4, 6, 4);
	put(ph + 8, 0x900, 8);
	put(ph + 16, 0x401900, 8);
	put(ph + 32, 0x100, 8);
	put(ph + 40, 0x2000, 8);
}

KTEST(elf, static_plan)
{
	build_image();
	KASSERT_EQ(elf_parse_mem(image, sizeof(image), &target, &plan), 0);
	KEXPECT_EQ(plan.entry, 0x400100);
	KEXPECT_FALSE(plan.pie);
	KEXPECT_FALSE(plan.has_interp);
	KEXPECT_EQ(plan.phdr_vaddr, 0x400040);
	KASSERT_EQ(plan.nr_segments, 2);
	KEXPECT_EQ(plan.seg[0].prot, ELF_PROT_READ | ELF_PROT_EXEC);
	KEXPECT_EQ(plan.seg[1].prot, ELF_PROT_READ | ELF_PROT_WRITE);
	KEXPECT_EQ(plan.seg[1].map_start, 0x401000);
	KEXPECT_EQ(plan.seg[1].map_off, 0);
	KEXPECT_EQ(plan.seg[1].file_end_page, 0x402000);
	KEXPECT_EQ(plan.seg[1].map_end, 0x404000);
	KEXPECT_EQ(plan.lo, 0x400000);
	KEXPECT_EQ(plan.hi, 0x404000);
}

KTEST(elf, refused)
{
	struct elf_target arm = target;

	build_image();
	arm.machine = EM_AARCH64;
	KEXPECT_EQ(elf_parse_mem(image, sizeof(image), &arm, &plan), -ENOEXEC);
	KEXPECT_EQ(elf_parse_mem(image, 63, &target, &plan), -ENOEXEC);
	image[64 + 56 + 8] = 0x04; /* data offset no longer congruent with its address */
	KEXPECT_EQ(elf_parse_mem(image, sizeof(image), &target, &plan), -EINVAL);
	build_image();
	image[4] = 1; /* ELFCLASS32 */
	KEXPECT_EQ(elf_parse_mem(image, sizeof(image), &target, &plan), -ENOEXEC);
}
