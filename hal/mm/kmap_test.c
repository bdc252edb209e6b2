// SPDX-License-Identifier: MPL-2.0
// ktests of the kernel page tables: W^X everywhere, read-only data and text really refuse
// writes (the fault is caught by the probe's fixup), data does not execute, and the I/O window.
#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/err.h>
#include <hal/ktest.h>
#include <hal/pmm.h>
#include "kmap.h"
#include "pt.h"

static const u8 test_rodata[64] = { 0x5a };
static u8 test_data[64] = { 0xa5 };

/* A function that only returns: executable in text. */
static __noinline void test_ret(void)
{
	asm volatile("");
}

#define SKIP_WITHOUT_TABLES()                                            \
	do {                                                             \
		if (!kmap_root())                                        \
			KTEST_SKIP("kernel page tables were not built"); \
	} while (0)

KTEST(kmap, rodata_write_faults)
{
	u8 v = 0;

	SKIP_WITHOUT_TABLES();
	KEXPECT_EQ(arch_probe_read8(test_rodata, &v), 0);
	KEXPECT_EQ(v, 0x5a);
	KEXPECT_EQ(arch_probe_write8((void *)test_rodata, 0x11), -EFAULT);
	KEXPECT_EQ(test_rodata[0], 0x5a);
}

KTEST(kmap, text_write_faults)
{
	SKIP_WITHOUT_TABLES();
	KEXPECT_EQ(arch_probe_write8((void *)test_ret, 0xcc), -EFAULT);
	KEXPECT_EQ(arch_probe_exec((const void *)test_ret), 0);
}

/* The direct-map aliases of text and rodata are read-only too, and never executable. */
KTEST(kmap, direct_alias_read_only)
{
	u8 *ro = arch_phys_to_virt(arch_virt_to_phys(test_rodata));
	u8 *text = arch_phys_to_virt(arch_virt_to_phys((const void *)test_ret));
	u8 *rw = arch_phys_to_virt(arch_virt_to_phys(test_data));
	u8 v = 0;

	SKIP_WITHOUT_TABLES();
	KEXPECT_EQ(arch_probe_read8(ro, &v), 0);
	KEXPECT_EQ(v, 0x5a);
	KEXPECT_EQ(arch_probe_write8(ro, 1), -EFAULT);
	KEXPECT_EQ(arch_probe_write8(text, 1), -EFAULT);
	KEXPECT_EQ(arch_probe_exec(text), -EFAULT);
	KEXPECT_EQ(arch_probe_write8(rw, 0x3c), 0);
	KEXPECT_EQ(test_data[0], 0x3c);
}

KTEST(kmap, data_and_heap_do_not_execute)
{
	u8 *heap = kmalloc(16);

	SKIP_WITHOUT_TABLES();
	KASSERT_NOT_NULL(heap);
	heap[0] = 0xc3; /* what a "ret" would be on x86: still must not run */
	test_data[1] = 0xc3;
	KEXPECT_EQ(arch_probe_exec(heap), -EFAULT);
	KEXPECT_EQ(arch_probe_exec(&test_data[1]), -EFAULT);
	kfree(heap);
}

KTEST(kmap, null_page_unmapped)
{
	u8 v;

	SKIP_WITHOUT_TABLES();
	KEXPECT_EQ(arch_probe_read8(NULL, &v), -EFAULT);
	KEXPECT_EQ(arch_probe_write8((void *)PAGE_SIZE, 0), -EFAULT);
}

/* Count leaves in the kernel half that are writable and executable at once (recursively). */
static unsigned long count_wx(paddr_t table, unsigned int level, unsigned long *leaves)
{
	const pte_t *t = arch_phys_to_virt(table);
	unsigned long bad = 0;

	for (size_t i = 0; i < ARCH_PT_ENTRIES; i++) {
		if (level == ARCH_PT_LEVELS && i < ARCH_KERNEL_ROOT_FIRST)
			continue;
		if (!arch_pte_valid(t[i]))
			continue;
		if (arch_pte_is_leaf(t[i], level)) {
			u32 f = arch_pte_prop(t[i], level).flags;

			(*leaves)++;
			bad += (f & VM_WRITE) && (f & VM_EXEC);
			bad += !!(f & PT_USER);
		} else {
			bad += count_wx(arch_pte_paddr(t[i], level), level - 1, leaves);
		}
	}
	return bad;
}

KTEST(kmap, no_writable_executable_kernel_page)
{
	unsigned long leaves = 0;

	SKIP_WITHOUT_TABLES();
	KEXPECT_EQ(count_wx(kmap_root(), ARCH_PT_LEVELS, &leaves), 0);
	KEXPECT_GT(leaves, 0);
	KEXPECT_EQ(arch_pt_active(), kmap_root());
}

KTEST(kmap, direct_map_covers_ram_only)
{
	SKIP_WITHOUT_TABLES();
	KEXPECT_TRUE(kmap_direct_mapped(arch_virt_to_phys(test_data), sizeof(test_data)));
	KEXPECT_TRUE(kmap_direct_mapped(0x1000, PAGE_SIZE));
	KEXPECT_FALSE(kmap_direct_mapped(arch_direct_map_limit(), 1));
	KEXPECT_FALSE(kmap_direct_mapped((paddr_t)-PAGE_SIZE, 2 * PAGE_SIZE));
}

/* A window mapping of a RAM page reaches the same memory; after unmap it is gone. */
KTEST(kmap, window_map_unmap)
{
	struct frame *f = frame_alloc();
	u8 *va, v = 0;

	SKIP_WITHOUT_TABLES();
	KASSERT_TRUE(!IS_ERR(f));
	va = kmap_window_map(frame_to_paddr(f), PAGE_SIZE, VM_PROP(VM_READ | VM_WRITE));
	KASSERT_TRUE(!IS_ERR(va));
	KEXPECT_TRUE(kmap_window_contains((vaddr_t)va));
	va[100] = 0x42;
	KEXPECT_EQ(frame_read(f, 100, &v, 1), 0);
	KEXPECT_EQ(v, 0x42);
	/* The guard page after the mapping, and the mapping once it is gone, fault. */
	KEXPECT_EQ(arch_probe_read8(va + PAGE_SIZE, &v), -EFAULT);
	KEXPECT_EQ(arch_probe_exec(va), -EFAULT);
	KEXPECT_EQ(kmap_window_unmap((vaddr_t)va), 0);
	KEXPECT_EQ(arch_probe_read8(va, &v), -EFAULT);
	KEXPECT_EQ(kmap_window_unmap((vaddr_t)va), -EINVAL);
	frame_put(f);
}

KTEST(kmap, window_reuses_space_and_frees_nothing_twice)
{
	struct frame *f = frame_alloc_contig(4);
	void *a, *b, *c;

	SKIP_WITHOUT_TABLES();
	KASSERT_TRUE(!IS_ERR(f));
	a = kmap_window_map(frame_to_paddr(f), 4 * PAGE_SIZE, VM_PROP(VM_READ));
	b = kmap_window_map(frame_to_paddr(f), PAGE_SIZE, VM_PROP(VM_READ));
	KASSERT_TRUE(!IS_ERR(a) && !IS_ERR(b));
	KEXPECT_GE((vaddr_t)b, (vaddr_t)a + 5 * PAGE_SIZE); /* after a's guard page */
	KEXPECT_EQ(kmap_window_unmap((vaddr_t)a), 0);
	c = kmap_window_map(frame_to_paddr(f), 2 * PAGE_SIZE, VM_PROP(VM_READ));
	KASSERT_TRUE(!IS_ERR(c));
	KEXPECT_EQ((vaddr_t)c, (vaddr_t)a); /* first fit */
	KEXPECT_EQ(kmap_window_unmap((vaddr_t)b), 0);
	KEXPECT_EQ(kmap_window_unmap((vaddr_t)c), 0);
	KEXPECT_TRUE(IS_ERR(kmap_window_map(0x1234, PAGE_SIZE, VM_PROP(VM_READ))));
	frame_put(f);
}
