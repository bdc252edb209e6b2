// SPDX-License-Identifier: MPL-2.0
// The vector table: which handler each vector runs, allocation of device vectors to platform
// lines, MSI blocks and fixed system vectors, and the dispatcher the arch's stubs call.
#define pr_fmt(fmt) "irq: " fmt

#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/initcall.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/rawlock.h>
#include "irq_internal.h"

enum irq_kind {
	IRQ_KIND_FREE,
	IRQ_KIND_LINE,	 /* a platform line (IOAPIC input) */
	IRQ_KIND_MSI,	 /* one vector of an MSI/MSI-X block */
	IRQ_KIND_VECTOR, /* a bare vector (irq_alloc_vector) */
	IRQ_KIND_SYSTEM, /* a fixed vector of the arch or the framework (timer, IPIs) */
	IRQ_KIND_ANY,	 /* desc_of(): any allocated kind */
};

struct irq_desc {
	struct raw_lock lock; /* handler and arg change together under it */
	irq_handler_t handler;
	void *arg;
	const char *name;
	u64 count; /* atomic */
	u32 line;  /* IRQ_KIND_LINE: the platform line */
	u32 dest_hwid;
	u8 kind; /* enum irq_kind; changed under alloc_lock */
};

static struct irq_desc descs[ARCH_NR_VECTORS];
/* Serialises allocation and release (kind, line, name). */
static struct raw_lock alloc_lock = RAW_LOCK_INIT;
static void (*exit_hook)(struct arch_regs *regs);
static u64 nr_unexpected;

static bool is_device_vector(unsigned int v)
{
	return v >= ARCH_IRQ_DEVICE_FIRST && v <= ARCH_IRQ_DEVICE_LAST;
}

/* The descriptor of allocated interrupt @irq if it is of @kind, else NULL. */
static struct irq_desc *desc_of(int irq, enum irq_kind kind)
{
	u8 k;

	if (irq < 0 || irq >= ARCH_NR_VECTORS)
		return NULL;
	k = descs[irq].kind;
	if (k == IRQ_KIND_FREE || (kind != IRQ_KIND_ANY && k != kind))
		return NULL;
	return &descs[irq];
}

static void desc_set_handler(struct irq_desc *d, irq_handler_t handler, void *arg)
{
	unsigned long flags = raw_lock_irqsave(&d->lock);

	d->handler = handler;
	d->arg = arg;
	raw_unlock_irqrestore(&d->lock, flags);
}

/* First free run of @count device vectors starting at a multiple of @align. */
static int find_free_vectors(unsigned int count, unsigned int align)
{
	unsigned int first = ALIGN_UP((unsigned int)ARCH_IRQ_DEVICE_FIRST, align);

	for (unsigned int v = first; v + count - 1 <= ARCH_IRQ_DEVICE_LAST; v += align) {
		unsigned int i = 0;

		while (i < count && descs[v + i].kind == IRQ_KIND_FREE)
			i++;
		if (i == count)
			return v;
	}
	return -ENOSPC;
}

/* Claim @count vectors of @kind, all with @handler(@arg), aimed at the boot CPU. */
static int alloc_vectors(unsigned int count, unsigned int align, enum irq_kind kind,
			 irq_handler_t handler, void *arg, const char *name)
{
	unsigned long flags = raw_lock_irqsave(&alloc_lock);
	int v = find_free_vectors(count, align);

	for (unsigned int i = 0; v >= 0 && i < count; i++) {
		struct irq_desc *d = &descs[v + i];

		desc_set_handler(d, handler, arg);
		d->name = name;
		d->line = 0;
		d->dest_hwid = irq_cpu_hwid(0);
		__atomic_store_n(&d->count, 0, __ATOMIC_RELAXED);
		d->kind = kind;
	}
	raw_unlock_irqrestore(&alloc_lock, flags);
	return v;
}

static void free_vector(struct irq_desc *d)
{
	unsigned long flags = raw_lock_irqsave(&alloc_lock);

	desc_set_handler(d, NULL, NULL);
	d->kind = IRQ_KIND_FREE;
	raw_unlock_irqrestore(&alloc_lock, flags);
}

int irq_alloc_vector(irq_handler_t handler, void *arg, const char *name)
{
	if (!handler)
		return -EINVAL;
	return alloc_vectors(1, 1, IRQ_KIND_VECTOR, handler, arg, name);
}

int irq_register_system_vector(unsigned int vector, irq_handler_t handler, void *arg,
			       const char *name)
{
	struct irq_desc *d = &descs[vector];
	unsigned long flags;
	int err = 0;

	if (vector >= ARCH_NR_VECTORS || is_device_vector(vector) || !handler)
		return -EINVAL;
	flags = raw_lock_irqsave(&alloc_lock);
	if (d->kind != IRQ_KIND_FREE) {
		err = -EBUSY;
	} else {
		desc_set_handler(d, handler, arg);
		d->name = name;
		d->dest_hwid = ~0u; /* every CPU */
		d->kind = IRQ_KIND_SYSTEM;
	}
	raw_unlock_irqrestore(&alloc_lock, flags);
	return err;
}

/* A line already requested cannot be requested twice (no shared lines yet). */
static bool line_taken(u32 line)
{
	for (unsigned int v = ARCH_IRQ_DEVICE_FIRST; v <= ARCH_IRQ_DEVICE_LAST; v++)
		if (descs[v].kind == IRQ_KIND_LINE && descs[v].line == line)
			return true;
	return false;
}

static int resolve_line(unsigned int line, unsigned int flags, u32 *gsi, unsigned int *lflags)
{
	if (flags & ~(IRQ_LEVEL | IRQ_ACTIVE_LOW | IRQ_ISA))
		return -EINVAL;
	if (flags & IRQ_ISA)
		return arch_irq_isa_line(line, gsi, lflags);
	*gsi = line;
	*lflags = flags;
	return 0;
}

int irq_request_line(unsigned int line, unsigned int flags, irq_handler_t handler, void *arg,
		     const char *name)
{
	unsigned int lflags;
	unsigned long irqf;
	u32 gsi;
	int v, err;

	if (!handler)
		return -EINVAL;
	err = resolve_line(line, flags, &gsi, &lflags);
	if (err)
		return err;
	irqf = raw_lock_irqsave(&alloc_lock);
	v = line_taken(gsi) ? -EBUSY : find_free_vectors(1, 1);
	if (v >= 0) {
		/* Claim it before dropping the lock; the handler is set once routing worked. */
		descs[v].kind = IRQ_KIND_LINE;
		descs[v].line = gsi;
		descs[v].name = name;
		descs[v].dest_hwid = irq_cpu_hwid(0);
		__atomic_store_n(&descs[v].count, 0, __ATOMIC_RELAXED);
	}
	raw_unlock_irqrestore(&alloc_lock, irqf);
	if (v < 0)
		return v;
	desc_set_handler(&descs[v], handler, arg);
	err = arch_irq_line_route(gsi, v, lflags, descs[v].dest_hwid);
	if (!err)
		err = arch_irq_line_mask(gsi, false);
	if (err) {
		free_vector(&descs[v]);
		return err;
	}
	pr_debug("%s: line %u -> vector 0x%x\n", name, gsi, v);
	return v;
}

void irq_free(int irq)
{
	struct irq_desc *d = desc_of(irq, IRQ_KIND_ANY);

	if (!d || d->kind == IRQ_KIND_SYSTEM) {
		WARN_ON_ONCE(1);
		return;
	}
	if (d->kind == IRQ_KIND_LINE)
		arch_irq_line_mask(d->line, true);
	free_vector(d);
}

static int line_mask(int irq, bool mask)
{
	struct irq_desc *d = desc_of(irq, IRQ_KIND_LINE);

	return d ? arch_irq_line_mask(d->line, mask) : -EINVAL;
}

int irq_mask(int irq)
{
	return line_mask(irq, true);
}

int irq_unmask(int irq)
{
	return line_mask(irq, false);
}

int irq_set_handler(int irq, irq_handler_t handler, void *arg)
{
	struct irq_desc *d = desc_of(irq, IRQ_KIND_ANY);

	if (!d || !handler || d->kind == IRQ_KIND_SYSTEM)
		return -EINVAL;
	desc_set_handler(d, handler, arg);
	return 0;
}

u64 irq_count(int irq)
{
	struct irq_desc *d = desc_of(irq, IRQ_KIND_ANY);

	return d ? __atomic_load_n(&d->count, __ATOMIC_RELAXED) : 0;
}

int irq_target(int irq, unsigned int *vector, u32 *dest_hwid)
{
	struct irq_desc *d = desc_of(irq, IRQ_KIND_ANY);

	if (!d || d->kind == IRQ_KIND_SYSTEM)
		return -EINVAL;
	*vector = irq;
	*dest_hwid = d->dest_hwid;
	return 0;
}

/* ---- MSI --------------------------------------------------------------------------------- */

int irq_msi_alloc(unsigned int count, irq_handler_t handler, void *arg)
{
	unsigned int align = 1;

	if (!IS_ENABLED(CONFIG_ARCH_HAS_MSI) || !handler || count == 0 || count > 32)
		return -EINVAL;
	while (align < count)
		align <<= 1;
	return alloc_vectors(count, align, IRQ_KIND_MSI, handler, arg, "msi");
}

void irq_msi_free(int irq, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		struct irq_desc *d = desc_of(irq + (int)i, IRQ_KIND_MSI);

		if (WARN_ON(!d))
			return;
		free_vector(d);
	}
}

int irq_msi_compose(int irq, struct msi_msg *msg)
{
	struct irq_desc *d = desc_of(irq, IRQ_KIND_MSI);

	if (!d)
		return -EINVAL;
#ifdef CONFIG_ARCH_HAS_MSI
	arch_msi_compose(irq, d->dest_hwid, msg);
	return 0;
#else
	(void)msg;
	return -EINVAL;
#endif
}

/* ---- Dispatch ---------------------------------------------------------------------------- */

void irq_set_exit_hook(void (*hook)(struct arch_regs *regs))
{
	__atomic_store_n(&exit_hook, hook, __ATOMIC_RELEASE);
}

static void run_handler(unsigned int vector)
{
	struct irq_desc *d = &descs[vector];
	irq_handler_t handler;
	unsigned long flags;
	void *arg;

	flags = raw_lock_irqsave(&d->lock);
	handler = d->handler;
	arg = d->arg;
	raw_unlock_irqrestore(&d->lock, flags);
	if (unlikely(!handler)) {
		/* A vector nobody owns: a stale MSI or a misrouted line. Ack it and go on. */
		if (__atomic_fetch_add(&nr_unexpected, 1, __ATOMIC_RELAXED) < 5)
			pr_warn("unexpected interrupt on vector 0x%x\n", vector);
		return;
	}
	__atomic_fetch_add(&d->count, 1, __ATOMIC_RELAXED);
	handler(arg);
}

void hal_irq_handle(struct arch_regs *regs, unsigned int vector)
{
	struct irq_cpu *c = irq_cpu_this();
	void (*hook)(struct arch_regs *regs);

	c->nesting++;
	if (vector < ARCH_NR_VECTORS)
		run_handler(vector);
	arch_irq_eoi(vector);
	if (c->nesting == 1 && !c->in_bh && !list_empty(&c->bh_list))
		irq_bh_run(c);
	c->nesting--;
	hook = __atomic_load_n(&exit_hook, __ATOMIC_ACQUIRE);
	if (!c->nesting && hook)
		hook(regs);
}

static int irq_setup(void)
{
	int err;

	for (unsigned int v = 0; v < ARCH_NR_VECTORS; v++)
		descs[v].lock = (struct raw_lock)RAW_LOCK_INIT;
	err = arch_irq_init();
	if (err) {
		pr_err("no interrupt controller (%d): interrupts will not work\n", err);
		return err;
	}
	err = irq_cpu_init(0);
	if (!err)
		err = irq_ipi_setup();
	if (err)
		return err;
	pr_info("%u device vectors (0x%02x-0x%02x), IPIs at 0x%02x-0x%02x\n",
		ARCH_IRQ_DEVICE_LAST - ARCH_IRQ_DEVICE_FIRST + 1, ARCH_IRQ_DEVICE_FIRST,
		ARCH_IRQ_DEVICE_LAST, ARCH_IRQ_IPI_BASE, ARCH_IRQ_IPI_BASE + IPI_NR_KINDS - 1);
	return 0;
}
irq_initcall(irq_setup);
