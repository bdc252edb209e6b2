// SPDX-License-Identifier: MPL-2.0
// Early console: a polled NS16550A over MMIO. It starts at QEMU virt's UART and moves to the
// one the device tree names (/chosen stdout-path, else the first enabled ns16550a).
#define pr_fmt(fmt) "console: " fmt
#include <hal/arch.h>
#include <hal/fdt.h>
#include <hal/log.h>
#include <arch/layout.h>
#include <arch/rv.h>

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

/* A missing UART may never report THRE: this bound keeps putc from hanging the kernel. */
#define UART_SPIN_LIMIT 100000

struct rv_uart {
	uintptr_t base;
	u32 shift;    /* reg-shift: register n is at base + (n << shift) */
	u32 io_width; /* reg-io-width: 1 or 4 bytes per access */
};

static struct rv_uart uart = { RV_EARLY_UART, 0, 1 };

static u32 uart_read(unsigned int reg)
{
	uintptr_t addr = uart.base + ((uintptr_t)reg << uart.shift);

	if (uart.io_width == 4)
		return *(volatile u32 *)addr; /* NOLINT(performance-no-int-to-ptr): MMIO */
	return *(volatile u8 *)addr;	      /* NOLINT(performance-no-int-to-ptr): MMIO */
}

static void uart_write(unsigned int reg, u32 val)
{
	uintptr_t addr = uart.base + ((uintptr_t)reg << uart.shift);

	if (uart.io_width == 4)
		*(volatile u32 *)addr = val; /* NOLINT(performance-no-int-to-ptr): MMIO */
	else
		*(volatile u8 *)addr = (u8)val; /* NOLINT(performance-no-int-to-ptr): MMIO */
}

static void uart_put_raw(char c)
{
	for (int i = 0; i < UART_SPIN_LIMIT; i++) {
		if (uart_read(UART_LSR) & LSR_THRE)
			break;
		arch_cpu_relax();
	}
	uart_write(UART_THR, (u8)c);
}

void arch_early_putc(char c)
{
	if (!uart.base)
		return;
	if (c == '\n')
		uart_put_raw('\r');
	uart_put_raw(c);
}

static bool uart_compatible(const struct fdt *fdt, int node)
{
	return fdt_node_is_compatible(fdt, node, "ns16550a") ||
	       fdt_node_is_compatible(fdt, node, "ns16550");
}

/* Read the UART at @node; false (console unchanged) when it is not one we can drive. */
static bool uart_from_node(const struct fdt *fdt, int node, struct rv_uart *u)
{
	u64 addr;

	if (node < 0 || !uart_compatible(fdt, node) || fdt_reg(fdt, node, 0, &addr, NULL))
		return false;
	if (fdt_getprop_u32(fdt, node, "reg-shift", &u->shift))
		u->shift = 0;
	if (fdt_getprop_u32(fdt, node, "reg-io-width", &u->io_width))
		u->io_width = 1;
	if (u->shift > 2 || (u->io_width != 1 && u->io_width != 4) || !addr ||
	    addr > UINTPTR_MAX - (8u << u->shift))
		return false;
	u->base = (uintptr_t)addr;
	return true;
}

void rv_console_init(const struct fdt *fdt)
{
	int node = fdt_chosen_stdout(fdt);
	struct rv_uart u;

	if (!uart_from_node(fdt, node, &u) &&
	    !uart_from_node(fdt, fdt_find_compatible(fdt, -1, "ns16550a"), &u)) {
		pr_warn("no ns16550a UART in the device tree; keeping %#lx\n",
			(unsigned long)uart.base);
		return;
	}
	uart = u;
	pr_info("ns16550a at %#lx (reg-shift %u, reg-io-width %u)\n", (unsigned long)u.base,
		u.shift, u.io_width);
}
