// SPDX-License-Identifier: MPL-2.0
// Device memory and port I/O: kernel mappings of physical ranges (iomem_map_phys) and the
// bounds-checked io_mem / io_port handles drivers get from bus code.
#define pr_fmt(fmt) "iomem: " fmt

#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/err.h>
#include <hal/iomem.h>
#include <hal/log.h>
#include "kmap.h"

/*
 * A window of device memory. Slices point at their root; the root holds the mapping and
 * counts the handles on it (its own and every slice's).
 */
struct io_mem {
	u8 *base;	     /* kernel address of offset 0 */
	size_t size;	     /* bytes */
	struct io_mem *root; /* the handle that owns the mapping (itself for a root) */
	u32 refcount;	     /* root only: handles alive (atomic) */
};

struct io_port {
	u16 base;
	u32 count;
};

/* ---- Mappings ----------------------------------------------------------------------------- */

void *iomem_map_phys(paddr_t pa, size_t size, enum cache_policy policy)
{
	paddr_t start = ALIGN_DOWN(pa, PAGE_SIZE), end;
	void *va;

	if (!size || pa + size < pa)
		return ERR_PTR(-EINVAL);
	end = ALIGN_UP(pa + size, PAGE_SIZE);
	if (kmap_direct_mapped(start, end - start)) {
		if (policy != CACHE_WB)
			return ERR_PTR(-EINVAL);
		return arch_phys_to_virt(pa);
	}
	if (policy != CACHE_WB && kmap_direct_overlaps(start, end - start))
		return ERR_PTR(-EINVAL);
	va = kmap_window_map(start, end - start, (struct vm_prop){ VM_READ | VM_WRITE, policy });
	if (IS_ERR(va))
		return va;
	return (u8 *)va + (pa - start);
}

void iomem_unmap_phys(void *va)
{
	vaddr_t v = (vaddr_t)va;

	if (IS_ERR_OR_NULL(va) || !kmap_window_contains(v))
		return; /* a direct-map address: nothing was mapped */
	WARN_ON(kmap_window_unmap(ALIGN_DOWN(v, PAGE_SIZE)));
}

/* ---- io_mem handles ----------------------------------------------------------------------- */

struct io_mem *iomem_create(paddr_t pa, size_t size, enum cache_policy policy)
{
	struct io_mem *io = kmalloc(sizeof(*io));
	void *va;

	if (!io)
		return ERR_PTR(-ENOMEM);
	va = iomem_map_phys(pa, size, policy);
	if (IS_ERR(va)) {
		kfree(io);
		return va;
	}
	io->base = va;
	io->size = size;
	io->root = io;
	io->refcount = 1;
	return io;
}

struct io_mem *iomem_slice(struct io_mem *io, size_t offset, size_t len)
{
	struct io_mem *s;

	if (IS_ERR_OR_NULL(io) || !len || offset > io->size || len > io->size - offset)
		return ERR_PTR(-ERANGE);
	s = kmalloc(sizeof(*s));
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->base = io->base + offset;
	s->size = len;
	s->root = io->root;
	s->refcount = 0;
	__atomic_fetch_add(&io->root->refcount, 1, __ATOMIC_RELAXED);
	return s;
}

void iomem_put(struct io_mem *io)
{
	struct io_mem *root;

	if (IS_ERR_OR_NULL(io))
		return;
	root = io->root;
	if (io != root)
		kfree(io);
	if (__atomic_sub_fetch(&root->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	iomem_unmap_phys(root->base);
	kfree(root);
}

size_t iomem_size(const struct io_mem *io)
{
	return IS_ERR_OR_NULL(io) ? 0 : io->size;
}

/* The address of [offset, offset + width) in @io, or NULL (warning once) when out of range. */
static void *io_span(const struct io_mem *io, size_t offset, size_t width, bool aligned)
{
	if (WARN_ON_ONCE(IS_ERR_OR_NULL(io) || offset > io->size || width > io->size - offset ||
			 (aligned && !IS_ALIGNED(offset, width))))
		return NULL;
	return io->base + offset;
}

#define IOMEM_ACCESSORS(w)                                             \
	u##w iomem_read##w(const struct io_mem *io, size_t offset)     \
	{                                                              \
		void *p = io_span(io, offset, w / 8, true);            \
                                                                       \
		return p ? mmio_read##w(p) : (u##w) ~0ULL;             \
	}                                                              \
	int iomem_write##w(struct io_mem *io, size_t offset, u##w val) \
	{                                                              \
		void *p = io_span(io, offset, w / 8, true);            \
                                                                       \
		if (!p)                                                \
			return -ERANGE;                                \
		mmio_write##w(p, val);                                 \
		return 0;                                              \
	}
IOMEM_ACCESSORS(8)
IOMEM_ACCESSORS(16)
IOMEM_ACCESSORS(32)
IOMEM_ACCESSORS(64)

int iomem_read_buf(const struct io_mem *io, size_t offset, void *buf, size_t len)
{
	u8 *p = len ? io_span(io, offset, len, false) : NULL;
	u8 *out = buf;

	if (!p)
		return len ? -ERANGE : 0;
	for (size_t i = 0; i < len; i++)
		out[i] = mmio_read8(p + i);
	return 0;
}

int iomem_write_buf(struct io_mem *io, size_t offset, const void *buf, size_t len)
{
	u8 *p = len ? io_span(io, offset, len, false) : NULL;
	const u8 *in = buf;

	if (!p)
		return len ? -ERANGE : 0;
	for (size_t i = 0; i < len; i++)
		mmio_write8(p + i, in[i]);
	return 0;
}

/* ---- io_port handles ---------------------------------------------------------------------- */

struct io_port *ioport_create(u16 base, u32 count)
{
	struct io_port *io;

	if (!IS_ENABLED(CONFIG_ARCH_HAS_PORT_IO))
		return ERR_PTR(-ENODEV);
	if (!count || base + count > 0x10000)
		return ERR_PTR(-ERANGE);
	io = kmalloc(sizeof(*io));
	if (!io)
		return ERR_PTR(-ENOMEM);
	io->base = base;
	io->count = count;
	return io;
}

void ioport_put(struct io_port *io)
{
	if (!IS_ERR_OR_NULL(io))
		kfree(io);
}

size_t ioport_size(const struct io_port *io)
{
	return IS_ERR_OR_NULL(io) ? 0 : io->count;
}

/* The port of [offset, offset + width) in @io, or -1 (warning once) when out of range. */
static int port_of(const struct io_port *io, size_t offset, size_t width)
{
	if (WARN_ON_ONCE(IS_ERR_OR_NULL(io) || offset > io->count || width > io->count - offset))
		return -1;
	return io->base + (int)offset;
}

#ifdef CONFIG_ARCH_HAS_PORT_IO
#define IOPORT_ACCESSORS(w)                                                \
	u##w ioport_read##w(const struct io_port *io, size_t offset)       \
	{                                                                  \
		int port = port_of(io, offset, w / 8);                     \
                                                                           \
		return port < 0 ? (u##w) ~0U : arch_port_in##w((u16)port); \
	}                                                                  \
	int ioport_write##w(struct io_port *io, size_t offset, u##w val)   \
	{                                                                  \
		int port = port_of(io, offset, w / 8);                     \
                                                                           \
		if (port < 0)                                              \
			return -ERANGE;                                    \
		arch_port_out##w((u16)port, val);                          \
		return 0;                                                  \
	}
#else
/* No handle can exist without port I/O: every access is out of range. */
#define IOPORT_ACCESSORS(w)                                              \
	u##w ioport_read##w(const struct io_port *io, size_t offset)     \
	{                                                                \
		(void)port_of(io, offset, w / 8);                        \
		return (u##w) ~0U;                                       \
	}                                                                \
	int ioport_write##w(struct io_port *io, size_t offset, u##w val) \
	{                                                                \
		(void)port_of(io, offset, w / 8), (void)val;             \
		return -ERANGE;                                          \
	}
#endif
IOPORT_ACCESSORS(8)
IOPORT_ACCESSORS(16)
IOPORT_ACCESSORS(32)
