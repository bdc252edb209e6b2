// SPDX-License-Identifier: MPL-2.0
// Kernel mappings of device memory and firmware tables, and the makers of the io_mem/io_port
// handles of hal/io.h. For hal/ and arch/ only (bus drivers, interrupt controllers, ACPI).
#ifndef HAL_IOMEM_H
#define HAL_IOMEM_H

#include <hal/compiler.h>
#include <hal/io.h>
#include <hal/mm.h>
#include <hal/types.h>

/*
 * iomem_map_phys - map [@pa, @pa + @size) into the kernel with @policy and return the kernel
 * address of @pa (any alignment: the page offset is kept).
 *
 * A range that lies inside the direct map of RAM (arch_phys_to_virt) asked for CACHE_WB
 * comes back as its direct-map address without a new mapping: this is how firmware tables
 * in RAM or reserved memory (ACPI) are read. Any other range gets a fresh mapping in the
 * kernel's I/O window; asking for RAM of the direct map with another policy than CACHE_WB is
 * refused (two mappings with different cache types of one page are undefined on x86).
 *
 * Process context or boot (it allocates page tables), not from IRQ handlers.
 * Returns the address, or ERR_PTR(-EINVAL) for size 0 / overflow / bad alias,
 * ERR_PTR(-ENOMEM) when the window or page-table memory is exhausted, or
 * ERR_PTR(-EOPNOTSUPP) on an architecture without kernel page tables of the framework
 * (CONFIG_ARCH_HAS_PAGING unset), where only the direct-map case works.
 */
void *iomem_map_phys(paddr_t pa, size_t size, enum cache_policy policy);

/*
 * iomem_unmap_phys - undo iomem_map_phys(); @va is the address it returned. Direct-map
 * addresses are accepted and ignored. Flushes the TLB of every CPU before the window space
 * is reused. Process context or boot.
 */
void iomem_unmap_phys(void *va);

/*
 * iomem_create - a counted io_mem handle on [@pa, @pa + @size), mapped with @policy (use
 * CACHE_UC for registers, CACHE_WC for prefetchable frame buffers). For the bus code that
 * hands BARs to drivers. Same context and errors as iomem_map_phys(); the last iomem_put()
 * unmaps.
 */
struct io_mem *iomem_create(paddr_t pa, size_t size, enum cache_policy policy);

/*
 * ioport_create - a handle on I/O ports [@base, @base + @count). Any context but NMI.
 * Returns the handle, ERR_PTR(-ERANGE) when the range is empty or passes port 0xffff,
 * ERR_PTR(-ENODEV) when the architecture has no port I/O (CONFIG_ARCH_HAS_PORT_IO unset),
 * or ERR_PTR(-ENOMEM).
 */
struct io_port *ioport_create(u16 base, u32 count);

/*
 * Raw MMIO accessors on an address from iomem_map_phys(), for trusted code that owns the
 * mapping (LAPIC, IOAPIC, HPET, VT-d registers). Single accesses; the compiler keeps memory
 * accesses before a write before it, and those after a read after it (so a DMA descriptor
 * written to RAM is in place before the doorbell write). CPU ordering is the arch's: on x86
 * uncached accesses are ordered against everything.
 */
#define __MMIO_READ(width)                                        \
	static inline u##width mmio_read##width(const void *addr) \
	{                                                         \
		u##width v = *(const volatile u##width *)addr;    \
		__atomic_signal_fence(__ATOMIC_SEQ_CST);          \
		return v;                                         \
	}
#define __MMIO_WRITE(width)                                            \
	static inline void mmio_write##width(void *addr, u##width val) \
	{                                                              \
		__atomic_signal_fence(__ATOMIC_SEQ_CST);               \
		*(volatile u##width *)addr = val;                      \
	}
__MMIO_READ(8)
__MMIO_READ(16)
__MMIO_READ(32)
__MMIO_READ(64)
__MMIO_WRITE(8)
__MMIO_WRITE(16)
__MMIO_WRITE(32)
__MMIO_WRITE(64)
#undef __MMIO_READ
#undef __MMIO_WRITE

#endif /* HAL_IOMEM_H */
