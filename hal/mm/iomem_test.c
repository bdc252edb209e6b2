// SPDX-License-Identifier: MPL-2.0
// ktests of iomem mappings and the bounds-checked io_mem / io_port handles.
#include <hal/arch.h>
#include <hal/err.h>
#include <hal/iomem.h>
#include <hal/ktest.h>
#include <hal/pmm.h>
#include "kmap.h"

/* A register any value can be written to and read back: the 16550's scratch register. */
#ifdef CONFIG_X86_EARLY_UART_PORT
#define SCRATCH_PORT (CONFIG_X86_EARLY_UART_PORT + 7)
#else
#define SCRATCH_PORT 0
#endif

/* RAM in the direct map comes back as its direct-map address, and only write-back. */
KTEST(iomem, direct_map_ram)
{
	struct frame *f = frame_alloc();
	paddr_t pa;
	u8 *va;

	KASSERT_TRUE(!IS_ERR(f));
	pa = frame_to_paddr(f);
	va = iomem_map_phys(pa + 10, 20, CACHE_WB);
	KEXPECT_TRUE(va == (u8 *)frame_to_virt(f) + 10);
	iomem_unmap_phys(va);
	KEXPECT_EQ(PTR_ERR(iomem_map_phys(pa, PAGE_SIZE, CACHE_UC)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(iomem_map_phys(pa, 0, CACHE_WB)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(iomem_map_phys((paddr_t)-16, 32, CACHE_WB)), -EINVAL);
	frame_put(f);
}

/* Handle accessors check bounds and alignment; slices see the same memory. */
KTEST(iomem, handle_bounds)
{
	struct frame *f = frame_alloc();
	struct io_mem *io, *sl;
	u8 buf[4] = { 1, 2, 3, 4 }, out[4];
	u32 v = 0;

	KASSERT_TRUE(!IS_ERR(f));
	io = iomem_create(frame_to_paddr(f), 64, CACHE_WB);
	KASSERT_TRUE(!IS_ERR(io));
	KEXPECT_EQ(iomem_size(io), 64);
	KEXPECT_EQ(iomem_write32(io, 60, 0xdeadbeef), 0);
	KEXPECT_EQ(iomem_read32(io, 60), 0xdeadbeef);
	KEXPECT_EQ(iomem_write64(io, 8, 0x1122334455667788ULL), 0);
	KEXPECT_EQ(iomem_read16(io, 8), 0x7788);
	KEXPECT_EQ(iomem_read8(io, 15), 0x11);
	KEXPECT_EQ(frame_read(f, 60, &v, 4), 0);
	KEXPECT_EQ(v, 0xdeadbeef);
	KEXPECT_EQ(iomem_write32(io, 62, 1), -ERANGE); /* misaligned */
	KEXPECT_EQ(iomem_write32(io, 64, 1), -ERANGE); /* past the end */
	KEXPECT_EQ(iomem_read64(io, 60), ~0ULL);
	KEXPECT_EQ(iomem_read8(io, (size_t)-1), 0xff);
	KEXPECT_EQ(iomem_write_buf(io, 61, buf, 3), 0);
	KEXPECT_EQ(iomem_write_buf(io, 62, buf, 3), -ERANGE);
	KEXPECT_EQ(iomem_read_buf(io, 61, out, 3), 0);
	KEXPECT_MEMEQ(out, buf, 3);

	sl = iomem_slice(io, 8, 8);
	KASSERT_TRUE(!IS_ERR(sl));
	KEXPECT_EQ(iomem_size(sl), 8);
	KEXPECT_EQ(iomem_read32(sl, 4), 0x11223344);
	KEXPECT_EQ(iomem_read32(sl, 8), 0xffffffff);
	KEXPECT_TRUE(IS_ERR(iomem_slice(io, 60, 8)));
	KEXPECT_TRUE(IS_ERR(iomem_slice(io, 0, 0)));
	iomem_put(io); /* the slice keeps the mapping */
	KEXPECT_EQ(iomem_read32(sl, 0), 0x55667788);
	iomem_put(sl);
	iomem_put(NULL);
	KEXPECT_EQ(iomem_size(NULL), 0);
	frame_put(f);
}

/* Outside the direct map a new uncached mapping is made in the I/O window. */
KTEST(iomem, window_mapping)
{
	struct frame *f = frame_alloc();
	paddr_t pa;
	u32 *va;

	if (!kmap_root())
		KTEST_SKIP("no kernel page tables of the framework on this arch");
	KASSERT_TRUE(!IS_ERR(f));
	pa = frame_to_paddr(f);
	/* RAM is refused uncached, so use the window directly through kmap for real memory. */
	va = kmap_window_map(pa, PAGE_SIZE, (struct vm_prop){ VM_READ | VM_WRITE, CACHE_UC });
	KASSERT_TRUE(!IS_ERR(va));
	mmio_write32(va + 3, 0xfeedf00d);
	KEXPECT_EQ(mmio_read32((u8 *)frame_to_virt(f) + 12), 0xfeedf00d);
	iomem_unmap_phys(va);
	KEXPECT_FALSE(kmap_window_unmap((vaddr_t)va) == 0);
	frame_put(f);
}

KTEST(iomem, device_registers)
{
	void *va;

	if (!IS_ENABLED(CONFIG_X86_64))
		KTEST_SKIP("x86 q35 device addresses");
	/* The IOAPIC of q35: its index register reads back what was written. */
	va = iomem_map_phys(0xfec00000, 0x20, CACHE_UC);
	KASSERT_TRUE(!IS_ERR(va));
	KEXPECT_TRUE(kmap_window_contains((vaddr_t)va));
	mmio_write32(va, 1); /* IOAPICVER */
	KEXPECT_EQ(mmio_read32(va) & 0xff, 1);
	KEXPECT_EQ(mmio_read32((u8 *)va + 0x10) & 0xff, 0x20); /* version 0x20 */
	iomem_unmap_phys(va);
}

KTEST(iomem, ioport_handles)
{
	struct io_port *io = ioport_create(SCRATCH_PORT, 1);

	if (!IS_ENABLED(CONFIG_ARCH_HAS_PORT_IO)) {
		KEXPECT_EQ(PTR_ERR(io), -ENODEV);
		return;
	}
	KASSERT_TRUE(!IS_ERR(io));
	KEXPECT_EQ(ioport_size(io), 1);
	KEXPECT_EQ(ioport_write8(io, 0, 0x5a), 0);
	KEXPECT_EQ(ioport_read8(io, 0), 0x5a);
	KEXPECT_EQ(ioport_write8(io, 0, 0xa5), 0);
	KEXPECT_EQ(ioport_read8(io, 0), 0xa5);
	KEXPECT_EQ(ioport_write16(io, 0, 1), -ERANGE);
	KEXPECT_EQ(ioport_read32(io, 0), 0xffffffff);
	KEXPECT_EQ(ioport_read8(io, 1), 0xff);
	ioport_put(io);
	KEXPECT_EQ(PTR_ERR(ioport_create(0xfff0, 0x20)), -ERANGE);
	KEXPECT_EQ(PTR_ERR(ioport_create(0x80, 0)), -ERANGE);
}
