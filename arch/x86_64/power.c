// SPDX-License-Identifier: MPL-2.0
// ACPI power-off (S5 through PM1a/PM1b control) and reset (the FADT reset register), with the
// legacy reset paths behind it; arch_poweroff() falls back here after QEMU's exit device.
#define pr_fmt(fmt) "power: " fmt

#include <hal/acpi.h>
#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/initcall.h>
#include <hal/iomem.h>
#include <hal/log.h>
#include <hal/time.h>
#include <arch/acpi.h>
#include <arch/cpu.h>
#include <arch/power.h>

#define KBC_STATUS	    0x64
#define KBC_INPUT_FULL	    0x02
#define KBC_PULSE_RESET	    0xfe
#define PORT_CF9	    0xcf9
#define CF9_HARD_RESET	    0x06 /* system reset + CPU reset */
#define POWER_WAIT_NS	    (100 * NSEC_PER_MSEC)
#define ACPI_ENABLE_WAIT_NS (300 * NSEC_PER_MSEC)

/* Register width of a GAS: its access size, else its bit width, else 16 bits. */
static unsigned int gas_bits(const struct acpi_gas *g)
{
	if (g->access_size >= 1 && g->access_size <= 3)
		return 8u << (g->access_size - 1);
	return g->bit_width == 8 || g->bit_width == 32 ? g->bit_width : 16;
}

/*
 * Memory-space power registers, mapped at boot: power-off and reset run from panics and IRQ
 * handlers, where no mapping can be made.
 */
static struct {
	paddr_t pa;
	void *va;
} mem_regs[3];

static void *mem_reg_lookup(paddr_t pa)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(mem_regs); i++)
		if (mem_regs[i].va && mem_regs[i].pa == pa)
			return mem_regs[i].va;
	return NULL;
}

static void mem_reg_map(unsigned int slot, const struct acpi_gas *g)
{
	if (g->space_id != ACPI_GAS_MEMORY || !g->address)
		return;
	mem_regs[slot].va = x86_map_phys(g->address, 4, CACHE_UC);
	mem_regs[slot].pa = g->address;
}

static int power_setup(void)
{
	const struct acpi_fadt_info *f = acpi_fadt();

	if (f) {
		mem_reg_map(0, &f->pm1a_cnt);
		mem_reg_map(1, &f->pm1b_cnt);
		mem_reg_map(2, &f->reset_reg);
	}
	return 0;
}
late_initcall(power_setup);

static void port_access(u16 port, unsigned int bits, bool write, u32 *val)
{
	switch (bits) {
	case 8:
		if (write)
			arch_port_out8(port, *val);
		else
			*val = arch_port_in8(port);
		break;
	case 16:
		if (write)
			arch_port_out16(port, *val);
		else
			*val = arch_port_in16(port);
		break;
	default:
		if (write)
			arch_port_out32(port, *val);
		else
			*val = arch_port_in32(port);
	}
}

static void mem_access(void *va, unsigned int bits, bool write, u32 *val)
{
	switch (bits) {
	case 8:
		if (write)
			mmio_write8(va, *val);
		else
			*val = mmio_read8(va);
		break;
	case 16:
		if (write)
			mmio_write16(va, *val);
		else
			*val = mmio_read16(va);
		break;
	default:
		if (write)
			mmio_write32(va, *val);
		else
			*val = mmio_read32(va);
	}
}

/* Read (@write false) or write a GAS register in I/O or memory space; false if unsupported. */
static bool gas_access(const struct acpi_gas *g, bool write, u32 *val)
{
	unsigned int bits = gas_bits(g);
	void *va;

	if (g->space_id == ACPI_GAS_IO && g->address <= 0xffff) {
		port_access(g->address, bits, write, val);
		return true;
	}
	if (g->space_id != ACPI_GAS_MEMORY || !g->address)
		return false;
	va = mem_reg_lookup(g->address);
	if (!va)
		return false;
	mem_access(va, bits, write, val);
	return true;
}

/* Hand SCI_EN to the OS through SMI_CMD when firmware still owns power management. */
static void acpi_take_control(const struct acpi_fadt_info *f)
{
	u32 cnt = 0;
	u64 end;

	if (!gas_access(&f->pm1a_cnt, false, &cnt) || (cnt & ACPI_PM1_SCI_EN) || !f->smi_cmd ||
	    !f->acpi_enable)
		return;
	arch_port_out8(f->smi_cmd, f->acpi_enable);
	end = time_monotonic_ns() + ACPI_ENABLE_WAIT_NS;
	while (gas_access(&f->pm1a_cnt, false, &cnt) && !(cnt & ACPI_PM1_SCI_EN) &&
	       time_monotonic_ns() < end)
		arch_cpu_relax();
}

static void pm1_sleep(const struct acpi_gas *g, u8 typ)
{
	u32 cnt = 0;

	if (!gas_access(g, false, &cnt))
		return;
	cnt &= ~(7u << ACPI_PM1_SLP_TYP_SHIFT | ACPI_PM1_SLP_EN);
	cnt |= (u32)typ << ACPI_PM1_SLP_TYP_SHIFT;
	gas_access(g, true, &cnt);
	cnt |= ACPI_PM1_SLP_EN;
	gas_access(g, true, &cnt);
}

void x86_acpi_poweroff(void)
{
	const struct acpi_fadt_info *f = acpi_fadt();

	if (!f || !f->s5_found || (f->flags & ACPI_FADT_HW_REDUCED) || !f->pm1a_cnt.address)
		return;
	arch_irq_save();
	acpi_take_control(f);
	pm1_sleep(&f->pm1a_cnt, f->s5_typa);
	if (f->pm1b_cnt.address)
		pm1_sleep(&f->pm1b_cnt, f->s5_typb);
	time_delay_ns(POWER_WAIT_NS);
	pr_warn("ACPI S5 power-off did not happen\n");
}

static void acpi_reset(void)
{
	const struct acpi_fadt_info *f = acpi_fadt();
	u32 val;

	if (!f || !f->reset_reg.address)
		return;
	val = f->reset_value;
	/* PCI-config reset registers (bus 0) are not worth a config-space path here. */
	if (gas_access(&f->reset_reg, true, &val))
		time_delay_ns(POWER_WAIT_NS);
}

static void kbc_reset(void)
{
	for (int i = 0; i < 10000 && (x86_inb(KBC_STATUS) & KBC_INPUT_FULL); i++)
		arch_cpu_relax();
	x86_outb(KBC_STATUS, KBC_PULSE_RESET);
	time_delay_ns(POWER_WAIT_NS);
}

/* With an empty IDT, the next exception cannot be delivered: the CPU shuts down and resets. */
static void __noreturn triple_fault(void)
{
	static const struct {
		u16 limit;
		u64 base;
	} __packed empty_idt = { 0, 0 };

	asm volatile("lidt %0; int3" : : "m"(empty_idt));
	arch_halt();
}

void x86_reset(void)
{
	arch_irq_save();
	acpi_reset();
	kbc_reset();
	x86_outb(PORT_CF9, CF9_HARD_RESET);
	time_delay_ns(POWER_WAIT_NS);
	triple_fault();
}
