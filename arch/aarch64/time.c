// SPDX-License-Identifier: MPL-2.0
// Boot timestamps from the aarch64 generic timer's virtual counter (CNTVCT_EL0).
#include <hal/arch.h>
#include <arch/a64.h>
#include <arch/sysreg.h>

/* QEMU's default counter frequency, used only when firmware left CNTFRQ_EL0 at zero. */
#define FALLBACK_HZ 62500000ULL

static u64 counter_hz, boot_count;
/* ns = count * ns_mult >> 32: no division on the hot path, exact for 62.5 MHz. */
static u64 ns_mult;

static u64 read_counter(void)
{
	a64_isb(); /* do not let the read happen before earlier instructions */
	return a64_read_sysreg(cntvct_el0);
}

void a64_time_init(void)
{
	counter_hz = a64_read_sysreg(cntfrq_el0) & 0xffffffff;
	if (!counter_hz)
		counter_hz = FALLBACK_HZ;
	ns_mult = (1000000000ULL << 32) / counter_hz;
	boot_count = read_counter();
}

u64 a64_counter_hz(void)
{
	return counter_hz;
}

u64 arch_timestamp_ns(void)
{
	u64 ticks = read_counter() - boot_count;

	return (u64)(((unsigned __int128)ticks * ns_mult) >> 32);
}
