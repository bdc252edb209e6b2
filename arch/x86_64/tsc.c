// SPDX-License-Identifier: MPL-2.0
// The boot clock: the TSC, calibrated once against PIT channel 2, read as nanoseconds.
#define pr_fmt(fmt) "tsc: " fmt
#include <hal/arch.h>
#include <hal/log.h>
#include <arch/boot.h>
#include <arch/cpu.h>

#define PIT_HZ		1193182ULL
#define PIT_CH2_DATA	0x42
#define PIT_MODE	0x43
#define PIT_CH2_ONESHOT 0xb0 /* channel 2, lobyte/hibyte, mode 0 (count down once), binary */
#define PORT_61		0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: channel 2 output */
#define P61_GATE	0x01
#define P61_SPEAKER	0x02
#define P61_OUT2	0x20

#define CALIBRATE_MS 10
#define PIT_LATCH    ((PIT_HZ * CALIBRATE_MS + 500) / 1000)
/* Give up waiting for the PIT after this many polls (~10 ms takes a few thousand). */
#define PIT_POLL_LIMIT 10000000

/* Scale: ns = (cycles * tsc_mult) >> 32. tsc_mult is 0 until calibration. */
static u64 tsc_at_boot;
static u64 tsc_mult;
static u64 tsc_hz;

/* Cycles spent while PIT channel 2 counts PIT_LATCH ticks, or 0 when it never finishes. */
static u64 tsc_measure_pit(void)
{
	u8 p61 = x86_inb(PORT_61);
	u64 start, end;
	long polls = 0;

	x86_outb(PORT_61, (p61 & ~P61_SPEAKER) | P61_GATE);
	x86_outb(PIT_MODE, PIT_CH2_ONESHOT);
	x86_outb(PIT_CH2_DATA, PIT_LATCH & 0xff);
	x86_outb(PIT_CH2_DATA, PIT_LATCH >> 8);
	start = x86_rdtsc();
	while (!(x86_inb(PORT_61) & P61_OUT2) && polls < PIT_POLL_LIMIT)
		polls++;
	end = x86_rdtsc();
	x86_outb(PORT_61, p61);
	return polls < PIT_POLL_LIMIT ? end - start : 0;
}

/*
 * x86_tsc_init - calibrate the TSC (boot CPU, interrupts off). Timestamps count from the
 * first call of arch_timestamp_ns() or this function, whichever comes first.
 */
void x86_tsc_init(void)
{
	u64 cycles;

	if (!tsc_at_boot)
		tsc_at_boot = x86_rdtsc();
	cycles = tsc_measure_pit();
	if (!cycles) {
		/* Keep a clock that moves rather than none; say loudly that it is a guess. */
		tsc_hz = 1000000000ULL;
		pr_warn("PIT channel 2 did not count; assuming 1 GHz\n");
	} else {
		tsc_hz = cycles * PIT_HZ / PIT_LATCH;
		pr_info("%llu.%03llu MHz calibrated against PIT\n",
			(unsigned long long)tsc_hz / 1000000,
			(unsigned long long)tsc_hz / 1000 % 1000);
	}
	tsc_mult = (1000000000ULL << 32) / tsc_hz;
}

u64 arch_timestamp_ns(void)
{
	u64 now = x86_rdtsc();

	if (unlikely(!tsc_at_boot))
		tsc_at_boot = now;
	return (u64)(((unsigned __int128)(now - tsc_at_boot) * tsc_mult) >> 32);
}
