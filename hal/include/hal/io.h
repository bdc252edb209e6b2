// SPDX-License-Identifier: MPL-2.0
// Device registers for drivers: bounds-checked handles on an MMIO window (struct io_mem) and
// on a range of x86 I/O ports (struct io_port). Drivers never see an address or a pointer.
#ifndef HAL_IO_H
#define HAL_IO_H

#include <hal/compiler.h>
#include <hal/types.h>

/*
 * struct io_mem - a window of device memory (a PCI BAR, a platform device's registers),
 * mapped uncached (or as the bus asked) by the framework. Offsets are relative to the start
 * of the window. Handles are counted: the bus driver hands one out (e.g. for a BAR) and the
 * holder drops it with iomem_put(). Opaque to drivers.
 *
 * Accessors check that [offset, offset + width) lies inside the window and that @offset is
 * naturally aligned for the width. A bad read returns all ones (what a bus abort gives) and a
 * bad write is dropped; both warn once, and the write returns -ERANGE so a driver can notice.
 * Accesses are single, ordered, non-tearing loads and stores of the given width. Any context.
 */
struct io_mem;

u8 iomem_read8(const struct io_mem *io, size_t offset);
u16 iomem_read16(const struct io_mem *io, size_t offset);
u32 iomem_read32(const struct io_mem *io, size_t offset);
u64 iomem_read64(const struct io_mem *io, size_t offset);

int iomem_write8(struct io_mem *io, size_t offset, u8 val);
int iomem_write16(struct io_mem *io, size_t offset, u16 val);
int iomem_write32(struct io_mem *io, size_t offset, u32 val);
int iomem_write64(struct io_mem *io, size_t offset, u64 val);

/*
 * iomem_read_buf / iomem_write_buf - copy @len bytes between the window at @offset and a
 * kernel buffer, one byte access at a time (for byte-wide FIFOs and config blobs).
 * Return 0, or -ERANGE when the range is not inside the window (nothing copied).
 */
int iomem_read_buf(const struct io_mem *io, size_t offset, void *buf, size_t len);
int iomem_write_buf(struct io_mem *io, size_t offset, const void *buf, size_t len);

/* iomem_size - the length of the window in bytes (0 for a NULL or error handle). */
size_t iomem_size(const struct io_mem *io);

/*
 * iomem_slice - a new handle on [@offset, @offset + @len) of @io (e.g. one virtio capability
 * region inside a BAR). The slice keeps the mapping alive on its own; drop it with
 * iomem_put(). Any context but NMI. Returns the handle, ERR_PTR(-ERANGE) when the range is
 * not inside @io or is empty, or ERR_PTR(-ENOMEM).
 */
struct io_mem *iomem_slice(struct io_mem *io, size_t offset, size_t len);

/* iomem_put - drop a handle; the last one unmaps the window. NULL and errors are ignored. */
void iomem_put(struct io_mem *io);

/*
 * struct io_port - a range of x86 I/O ports [base, base + count), handed out by the bus
 * driver (a PCI I/O BAR, a legacy device). Offsets are relative to the base; the same
 * checking rules as io_mem apply (bad read: all ones; bad write: -ERANGE; no alignment rule,
 * as port I/O has none). On architectures without port I/O no handle can exist. Any context.
 */
struct io_port;

u8 ioport_read8(const struct io_port *io, size_t offset);
u16 ioport_read16(const struct io_port *io, size_t offset);
u32 ioport_read32(const struct io_port *io, size_t offset);

int ioport_write8(struct io_port *io, size_t offset, u8 val);
int ioport_write16(struct io_port *io, size_t offset, u16 val);
int ioport_write32(struct io_port *io, size_t offset, u32 val);

/* ioport_size - the number of ports in the range (0 for a NULL or error handle). */
size_t ioport_size(const struct io_port *io);

/* ioport_put - drop a handle from the bus driver. NULL and errors are ignored. */
void ioport_put(struct io_port *io);

#endif /* HAL_IO_H */
