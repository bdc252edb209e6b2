// SPDX-License-Identifier: MPL-2.0
// IOAPICs from the MADT (redirection entries for platform lines, ISA overrides applied by the
// caller) and the legacy 8259 pair, which is remapped out of the exception range and masked.
#define pr_fmt(fmt) "ioapic: " fmt

#include <hal/acpi.h>
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/iomem.h>
#include <hal/irq.h>
#include <hal/log.h>
#include <hal/rawlock.h>
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/cpu.h>

#define IOAPIC_REGSEL	 0x00
#define IOAPIC_WINDOW	 0x10
#define IOAPIC_MMIO_SIZE 0x20
#define IOAPIC_REG_ID	 0x00
#define IOAPIC_REG_VER	 0x01
#define IOAPIC_REG_RTE	 0x10 /* + 2 * pin: low dword, then high */

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

struct ioapic {
	void *mmio;
	struct raw_lock lock; /* the select/window register pair */
	u32 id, gsi_base, nr_pins;
	u8 version;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;

static u32 ioapic_read(struct ioapic *io, u32 reg)
{
	mmio_write32((u8 *)io->mmio + IOAPIC_REGSEL, reg);
	return mmio_read32((u8 *)io->mmio + IOAPIC_WINDOW);
}

static void ioapic_write(struct ioapic *io, u32 reg, u32 val)
{
	mmio_write32((u8 *)io->mmio + IOAPIC_REGSEL, reg);
	mmio_write32((u8 *)io->mmio + IOAPIC_WINDOW, val);
}

/* The IOAPIC serving @gsi and its input pin, or NULL. */
static struct ioapic *ioapic_of(u32 gsi, u32 *pin)
{
	for (unsigned int i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi - io->gsi_base < io->nr_pins) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

/* Write the high half first so the entry is never live with a stale destination. */
static void rte_write(struct ioapic *io, u32 pin, u64 rte)
{
	ioapic_write(io, IOAPIC_REG_RTE + 2 * pin + 1, rte >> 32);
	ioapic_write(io, IOAPIC_REG_RTE + 2 * pin, (u32)rte);
}

static u64 rte_read(struct ioapic *io, u32 pin)
{
	u64 lo = ioapic_read(io, IOAPIC_REG_RTE + 2 * pin);

	return lo | (u64)ioapic_read(io, IOAPIC_REG_RTE + 2 * pin + 1) << 32;
}

int x86_ioapic_read_rte(u32 gsi, u64 *rte)
{
	struct ioapic *io;
	unsigned long flags;
	u32 pin;

	io = ioapic_of(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = raw_lock_irqsave(&io->lock);
	*rte = rte_read(io, pin);
	raw_unlock_irqrestore(&io->lock, flags);
	return 0;
}

int arch_irq_line_route(u32 line, unsigned int vector, unsigned int flags, u32 dest_hwid)
{
	struct ioapic *io;
	unsigned long irqf;
	u64 rte;
	u32 pin;

	io = ioapic_of(line, &pin);
	if (!io)
		return -ENODEV;
	/* Physical destination mode has 8 bits; larger ids need interrupt remapping. */
	if (vector < 0x10 || vector > 0xff || dest_hwid > 0xff)
		return -EINVAL;
	rte = vector | IOAPIC_RTE_MASKED | (u64)dest_hwid << IOAPIC_RTE_DEST_SHIFT;
	if (flags & IRQ_LEVEL)
		rte |= IOAPIC_RTE_LEVEL;
	if (flags & IRQ_ACTIVE_LOW)
		rte |= IOAPIC_RTE_ACTIVE_LOW;
	irqf = raw_lock_irqsave(&io->lock);
	rte_write(io, pin, rte);
	raw_unlock_irqrestore(&io->lock, irqf);
	return 0;
}

int arch_irq_line_mask(u32 line, bool mask)
{
	struct ioapic *io;
	unsigned long flags;
	u32 pin, lo;

	io = ioapic_of(line, &pin);
	if (!io)
		return -ENODEV;
	flags = raw_lock_irqsave(&io->lock);
	lo = ioapic_read(io, IOAPIC_REG_RTE + 2 * pin);
	lo = mask ? lo | (u32)IOAPIC_RTE_MASKED : lo & ~(u32)IOAPIC_RTE_MASKED;
	ioapic_write(io, IOAPIC_REG_RTE + 2 * pin, lo);
	raw_unlock_irqrestore(&io->lock, flags);
	return 0;
}

int arch_irq_isa_line(unsigned int isa, u32 *line, unsigned int *flags)
{
	unsigned int aflags;
	int err = acpi_isa_irq_to_gsi(isa, line, &aflags);

	if (err)
		return err;
	*flags = (aflags & ACPI_IRQ_LEVEL ? IRQ_LEVEL : 0) |
		 (aflags & ACPI_IRQ_ACTIVE_LOW ? IRQ_ACTIVE_LOW : 0);
	return 0;
}

unsigned int x86_ioapic_count_pins(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_ioapics; i++)
		n += ioapics[i].nr_pins;
	return n;
}

static int ioapic_add(const struct acpi_ioapic *a)
{
	struct ioapic *io = &ioapics[nr_ioapics];
	u32 ver;

	io->mmio = x86_map_phys(a->address, IOAPIC_MMIO_SIZE, CACHE_UC);
	if (!io->mmio)
		return -ENOMEM;
	io->lock = (struct raw_lock)RAW_LOCK_INIT;
	io->id = a->id;
	io->gsi_base = a->gsi_base;
	ver = ioapic_read(io, IOAPIC_REG_VER);
	io->version = ver & 0xff;
	io->nr_pins = ((ver >> 16) & 0xff) + 1;
	for (u32 pin = 0; pin < io->nr_pins; pin++)
		rte_write(io, pin, IOAPIC_RTE_MASKED);
	nr_ioapics++;
	pr_info("IOAPIC[%u]: id %u at 0x%llx, GSI %u-%u, version 0x%x\n", nr_ioapics - 1, io->id,
		(unsigned long long)a->address, io->gsi_base, io->gsi_base + io->nr_pins - 1,
		io->version);
	return 0;
}

int x86_ioapic_setup(void)
{
	const struct acpi_madt_info *m = acpi_madt();

	if (!m || !m->nr_ioapics) {
		pr_warn("no IOAPIC in the MADT: legacy and PCI lines unavailable\n");
		return -ENODEV;
	}
	for (unsigned int i = 0; i < m->nr_ioapics; i++)
		if (ioapic_add(&m->ioapics[i]))
			pr_err("cannot map IOAPIC %u at 0x%llx\n", m->ioapics[i].id,
			       (unsigned long long)m->ioapics[i].address);
	return nr_ioapics ? 0 : -ENOMEM;
}

/*
 * Even masked, an 8259 can raise a spurious IRQ 7/15; reprogramming it first moves those off
 * the exception vectors (ICW1-ICW4, 8259A datasheet), then OCW1 masks everything.
 */
void x86_pic_disable(void)
{
	x86_outb(PIC1_CMD, 0x11); /* ICW1: edge, cascade, ICW4 follows */
	x86_outb(PIC2_CMD, 0x11);
	x86_outb(PIC1_DATA, X86_PIC_VECTOR_BASE); /* ICW2: vector base */
	x86_outb(PIC2_DATA, X86_PIC_VECTOR_BASE + 8);
	x86_outb(PIC1_DATA, 1 << 2); /* ICW3: slave on IR2 */
	x86_outb(PIC2_DATA, 2);
	x86_outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
	x86_outb(PIC2_DATA, 0x01);
	x86_outb(PIC1_DATA, 0xff); /* OCW1: mask all */
	x86_outb(PIC2_DATA, 0xff);
}
