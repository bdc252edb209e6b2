// SPDX-License-Identifier: MPL-2.0
// The aarch64 early console: a polled PL011, first at the fixed QEMU virt address, then the
// one the device tree names in /chosen stdout-path (or the first "arm,pl011").
#define pr_fmt(fmt) "console: " fmt
#include <hal/arch.h>
#include <hal/log.h>
#include <arch/a64.h>
#include <arch/layout.h>
#include <arch/mmu.h>

#define PL011_DR      0x00
#define PL011_FR      0x18
#define PL011_FR_TXFF (1u << 5)

/* MMIO base of the console UART (identity-mapped as Device memory); 0: no console. */
static uintptr_t uart_base = A64_EARLY_PL011;

static void pl011_putc(uintptr_t base, char c)
{
	volatile u32 *regs = (volatile u32 *)base;

	while (regs[PL011_FR / 4] & PL011_FR_TXFF)
		;
	regs[PL011_DR / 4] = (u8)c;
}

void arch_early_putc(char c)
{
	uintptr_t base = uart_base;

	if (!base)
		return;
	if (c == '\n')
		pl011_putc(base, '\r');
	pl011_putc(base, c);
}

void a64_console_init(const struct fdt *fdt)
{
	int node = fdt_chosen_stdout(fdt);
	u64 addr, size;

	if (node < 0 || !fdt_node_is_compatible(fdt, node, "arm,pl011"))
		node = fdt_find_compatible(fdt, -1, "arm,pl011");
	/* It must be MMIO inside the identity map, which a64_mmu_init_ram() made Device memory. */
	if (node < 0 || fdt_reg(fdt, node, 0, &addr, &size) < 0 || size < PL011_FR + 4 ||
	    addr + size > A64_IDMAP_LIMIT || addr + size < addr || a64_ram_contains(addr, size)) {
		if (uart_base)
			pr_warn("no PL011 in the device tree; keeping the early UART at %#lx\n",
				(unsigned long)uart_base);
		return;
	}
	uart_base = addr;
	pr_info("pl011 at %#llx (%s)\n", (unsigned long long)addr, fdt_node_name(fdt, node));
}
