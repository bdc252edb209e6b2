// SPDX-License-Identifier: MPL-2.0
// Boot timestamps from the RISC-V time CSR (rdtime), at the device tree's timebase-frequency.
#define pr_fmt(fmt) "time: " fmt
#include <hal/arch.h>
#include <hal/fdt.h>
#include <hal/log.h>
#include <arch/csr.h>
#include <arch/rv.h>

#define NSEC_PER_SEC 1000000000ULL
/* QEMU virt's timebase, used until the device tree says otherwise. */
#define DEFAULT_TIMEBASE_HZ 10000000ULL

static u64 timebase_hz = DEFAULT_TIMEBASE_HZ, boot_time;

void rv_time_start(void)
{
	boot_time = rv_rdtime();
}

void rv_time_init(const struct fdt *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	const void *p;
	u32 len;

	/* /cpus holds it for all harts; a cpu node may carry its own. Either width is legal. */
	p = fdt_getprop(fdt, cpus, "timebase-frequency", &len);
	if (!p)
		p = fdt_getprop(fdt, fdt_first_child(fdt, cpus), "timebase-frequency", &len);
	if (p && (len == 4 || len == 8) && fdt_read_cells(p, len / 4))
		timebase_hz = fdt_read_cells(p, len / 4);
	else
		pr_warn("no timebase-frequency in /cpus; assuming %llu Hz\n", DEFAULT_TIMEBASE_HZ);
}

u64 rv_timebase_hz(void)
{
	return timebase_hz;
}

u64 arch_timestamp_ns(void)
{
	u64 ticks = rv_rdtime() - boot_time;

	/* Split so that neither product can overflow for any timebase below 18 GHz. */
	return ticks / timebase_hz * NSEC_PER_SEC +
	       ticks % timebase_hz * NSEC_PER_SEC / timebase_hz;
}
