// SPDX-License-Identifier: MPL-2.0
// The HPET (IA-PC HPET spec 1.0a) as a free-running reference clock: its main counter, started
// here, calibrates the TSC. Its comparators are not used (the LAPIC timer is per CPU).
#define pr_fmt(fmt) "hpet: " fmt

#include <hal/acpi.h>
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/iomem.h>
#include <hal/log.h>
#include <arch/acpi.h>
#include <arch/timer.h>

#define HPET_MMIO_SIZE	   0x400
#define HPET_CAP	   0x000
#define HPET_CFG	   0x010
#define HPET_COUNTER	   0x0f0
#define HPET_CAP_64BIT	   (1ULL << 13)
#define HPET_CAP_LEGACY	   (1ULL << 15)
#define HPET_CFG_ENABLE	   (1ULL << 0)
#define HPET_CFG_LEGACY_RT (1ULL << 1)
/* The spec bounds the period: at most 100 ns (0x05F5E100 fs). */
#define HPET_MAX_PERIOD_FS 100000000ULL
#define FS_PER_SEC	   1000000000000000ULL

static void *hpet;
static u64 hpet_hz;
static bool hpet_64bit;

bool x86_hpet_present(void)
{
	return hpet != NULL;
}

u64 x86_hpet_hz(void)
{
	return hpet_hz;
}

/* A 32-bit counter is read as such; callers take differences over short spans only. */
u64 x86_hpet_read(void)
{
	if (hpet_64bit)
		return mmio_read64((u8 *)hpet + HPET_COUNTER);
	return mmio_read32((u8 *)hpet + HPET_COUNTER);
}

int x86_hpet_init(void)
{
	const struct acpi_hpet_info *info = acpi_hpet();
	void *regs;
	u64 cap, period, cfg;

	if (!info)
		return -ENODEV;
	regs = x86_map_phys(info->address, HPET_MMIO_SIZE, CACHE_UC);
	if (!regs)
		return -ENOMEM;
	cap = mmio_read64((u8 *)regs + HPET_CAP);
	period = cap >> 32;
	if (!period || period > HPET_MAX_PERIOD_FS) {
		pr_warn("bad counter period %llu fs, ignored\n", (unsigned long long)period);
		return -EIO;
	}
	/* Legacy replacement would steal IRQ 0 and 8 from the PIT and RTC. */
	cfg = mmio_read64((u8 *)regs + HPET_CFG);
	mmio_write64((u8 *)regs + HPET_CFG, (cfg & ~HPET_CFG_LEGACY_RT) | HPET_CFG_ENABLE);
	hpet_64bit = cap & HPET_CAP_64BIT;
	hpet_hz = FS_PER_SEC / period;
	hpet = regs;
	pr_info("%u comparators, %u-bit counter at %llu.%03llu MHz, at 0x%llx\n",
		(unsigned int)((cap >> 8) & 0x1f) + 1, hpet_64bit ? 64 : 32,
		(unsigned long long)hpet_hz / 1000000, (unsigned long long)hpet_hz / 1000 % 1000,
		(unsigned long long)info->address);
	return 0;
}
