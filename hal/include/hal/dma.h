// SPDX-License-Identifier: MPL-2.0
// DMA for drivers: buffers a device may read or write, each with the device address to put in
// descriptors. With an IOMMU on, a device reaches only what was mapped for it here.
#ifndef HAL_DMA_H
#define HAL_DMA_H

#include <hal/compiler.h>
#include <hal/types.h>

struct device;
struct frame;

/*
 * dma_addr_t - an address as one device sees memory. It means something only to that device
 * (through the IOMMU it is an I/O virtual address), so drivers write it into descriptors
 * and registers and never turn it into a pointer.
 */
typedef u64 dma_addr_t;

/* Who moves the data. A device gets read access for TO_DEVICE, write for FROM_DEVICE. */
enum dma_direction {
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_BIDIRECTIONAL = 3,
};

/*
 * dma_set_mask - the device can emit addresses of @bits bits (32..64); device addresses
 * handed out for @dev afterwards stay below 2^@bits. The default is 32. Returns 0 or -EINVAL.
 */
int dma_set_mask(struct device *dev, unsigned int bits);

/* ---- Coherent buffers: long-lived, shared by CPU and device (rings, descriptors) ---------- */

/*
 * struct dma_coherent - a zeroed, physically contiguous buffer mapped for one device, read and
 * written by the kernel only through the accessors below (every offset is checked).
 */
struct dma_coherent;

/*
 * dma_coherent_alloc - @size bytes (rounded up to pages) for @dev. Process context or boot.
 * Returns the handle, ERR_PTR(-EINVAL) for size 0 or too big, ERR_PTR(-ENOMEM), or
 * ERR_PTR(-EIO) when the memory is out of the device's reach (no IOMMU, DMA mask too small).
 */
struct dma_coherent *dma_coherent_alloc(struct device *dev, size_t size);

/*
 * dma_coherent_free - unmap (the device loses access before this returns) and free. NULL and
 * error pointers are ignored. Process context or boot.
 */
void dma_coherent_free(struct dma_coherent *buf);

/* dma_coherent_daddr - the device address of byte 0. dma_coherent_size - the usable size. */
dma_addr_t dma_coherent_daddr(const struct dma_coherent *buf);
size_t dma_coherent_size(const struct dma_coherent *buf);

/*
 * dma_coherent_read / write / fill - copy between the buffer at @offset and kernel memory.
 * Any context. Return 0, or -ERANGE when [offset, offset + len) is outside the buffer.
 */
int dma_coherent_read(const struct dma_coherent *buf, size_t offset, void *dst, size_t len);
int dma_coherent_write(struct dma_coherent *buf, size_t offset, const void *src, size_t len);
int dma_coherent_fill(struct dma_coherent *buf, size_t offset, int byte, size_t len);

/*
 * Single, naturally aligned, non-tearing accesses for fields the device reads or writes
 * concurrently (ring indexes, descriptor flags); little-endian like the buses. A bad or
 * misaligned offset reads all ones and drops the write with -ERANGE (warning once).
 */
u16 dma_coherent_read16(const struct dma_coherent *buf, size_t offset);
u32 dma_coherent_read32(const struct dma_coherent *buf, size_t offset);
u64 dma_coherent_read64(const struct dma_coherent *buf, size_t offset);
int dma_coherent_write16(struct dma_coherent *buf, size_t offset, u16 val);
int dma_coherent_write32(struct dma_coherent *buf, size_t offset, u32 val);
int dma_coherent_write64(struct dma_coherent *buf, size_t offset, u64 val);

/*
 * dma_mb / dma_rmb / dma_wmb - order the CPU's accesses to DMA memory against each other
 * and against device register accesses (e.g. descriptor written before the index that
 * publishes it). Any context.
 */
void dma_mb(void);
void dma_rmb(void);
void dma_wmb(void);

/* ---- Streaming mappings: one transfer of data the caller already holds in frames ---------- */

/*
 * struct dma_stream - [offset, offset + len) of a frame handle mapped for one device in one
 * direction. The mapping holds a reference on the frame until dma_stream_unmap().
 */
struct dma_stream;

/*
 * dma_stream_map - map @len bytes of @frame at @offset for @dev. Process context or boot.
 * Returns the handle, ERR_PTR(-EINVAL) for a bad range or direction, ERR_PTR(-ENOMEM), or
 * ERR_PTR(-EIO) when the memory is out of the device's reach.
 */
struct dma_stream *dma_stream_map(struct device *dev, struct frame *frame, size_t offset,
				  size_t len, enum dma_direction dir);

/*
 * dma_stream_unmap - the device loses access (IOTLB flushed) before the frame reference is
 * dropped. NULL and error pointers are ignored. Process context or boot.
 */
void dma_stream_unmap(struct dma_stream *s);

/* dma_stream_daddr - device address of byte 0 of the mapped range; dma_stream_len - its size. */
dma_addr_t dma_stream_daddr(const struct dma_stream *s);
size_t dma_stream_len(const struct dma_stream *s);

/*
 * dma_stream_sync_for_device / _for_cpu - hand [offset, offset + len) of the mapping to the
 * device before it reads it, or back to the CPU after the device wrote it (caches and
 * ordering; on coherent platforms a barrier). Any context.
 * Return 0, or -ERANGE when the range is outside the mapping.
 */
int dma_stream_sync_for_device(struct dma_stream *s, size_t offset, size_t len);
int dma_stream_sync_for_cpu(struct dma_stream *s, size_t offset, size_t len);

#endif /* HAL_DMA_H */
