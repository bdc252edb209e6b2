// SPDX-License-Identifier: MPL-2.0
// The clock: the TSC read as nanoseconds. A quick PIT estimate at the first instruction of C
// gives the boot log its timestamps; arch_time_init() then calibrates against the HPET (PIT
// without one) and rebases the scale so the clock never jumps.
#define pr_fmt(fmt) "tsc: " fmt

#include <hal/arch.h>
#include <hal/log.h>
#include <hal/time.h>
#include <arch/apic.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <arch/timer.h>

#define EARLY_CALIBRATE_MS 10
#define CALIBRATE_MS	   10
#define PAIR_TRIES	   5
#define CPUID_INVARIANT	   (1u << 8) /* leaf 0x80000007 EDX */

/*
 * ns = ns_base + ((tsc - tsc_base) * tsc_mult >> 32). Written only by the boot CPU before any
 * other CPU runs, so readers need no lock.
 */
static u64 tsc_base;
static u64 ns_base;
static u64 tsc_mult;
static u64 tsc_hz;
static const char *tsc_source = "a guess";

static u64 mult_for(u64 hz)
{
	return (NSEC_PER_SEC << 32) / hz;
}

u64 arch_timestamp_ns(void)
{
	u64 now = x86_rdtsc();

	if (unlikely(!tsc_base))
		tsc_base = now;
	/* Another CPU's TSC a few cycles behind must not wrap the difference. */
	if (unlikely(now < tsc_base))
		return ns_base;
	return ns_base + (u64)(((unsigned __int128)(now - tsc_base) * tsc_mult) >> 32);
}

u64 x86_tsc_hz(void)
{
	return tsc_hz;
}

const char *x86_tsc_calibration_source(void)
{
	return tsc_source;
}

u64 x86_tsc_from_ns(u64 ns)
{
	u64 delta = ns - ns_base;

	if (ns <= ns_base)
		return tsc_base;
	/* Deadlines centuries away ("never") saturate instead of overflowing the division. */
	if (delta / NSEC_PER_SEC >= ~0ULL / tsc_hz - 1)
		return ~0ULL;
	return tsc_base + x86_mul_div(delta, tsc_hz, NSEC_PER_SEC);
}

/* Switch to @hz without a jump: the new scale starts where the old one is now. */
static void tsc_set_hz(u64 hz, const char *source)
{
	u64 now_ns = arch_timestamp_ns();
	u64 now = x86_rdtsc();

	ns_base = now_ns;
	tsc_base = now;
	tsc_hz = hz;
	tsc_mult = mult_for(hz);
	tsc_source = source;
}

/*
 * x86_tsc_init - the early estimate (boot CPU, interrupts off, before hal_main). Timestamps
 * count from the first call of arch_timestamp_ns() or this function, whichever comes first.
 */
void x86_tsc_init(void)
{
	u64 cycles;

	if (!tsc_base)
		tsc_base = x86_rdtsc();
	cycles = x86_pit_measure_tsc(EARLY_CALIBRATE_MS);
	/* Keep a clock that moves rather than none; the real calibration comes later. */
	tsc_hz = cycles ? cycles * 1000 / EARLY_CALIBRATE_MS : 1000000000ULL;
	tsc_mult = mult_for(tsc_hz);
	tsc_source = cycles ? "PIT" : "a guess";
}

/* A TSC and HPET reading taken as close together as we can: the tightest of a few tries. */
static void tsc_hpet_pair(u64 *tsc, u64 *hpet)
{
	u64 best = ~0ULL;

	for (int i = 0; i < PAIR_TRIES; i++) {
		u64 t0 = x86_rdtsc();
		u64 h = x86_hpet_read();
		u64 t1 = x86_rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*hpet = h;
		}
	}
}

static u64 tsc_measure_hpet(void)
{
	u64 span = x86_hpet_hz() * CALIBRATE_MS / 1000;
	u64 t0, h0, t1, h1;

	tsc_hpet_pair(&t0, &h0);
	while (x86_hpet_read() - h0 < span)
		arch_cpu_relax();
	tsc_hpet_pair(&t1, &h1);
	if (h1 <= h0)
		return 0;
	return x86_mul_div(t1 - t0, x86_hpet_hz(), h1 - h0);
}

static void tsc_calibrate(void)
{
	u64 early = tsc_hz, hz = 0;
	const char *source = "HPET";

	if (!x86_hpet_init())
		hz = tsc_measure_hpet();
	if (!hz) {
		hz = x86_pit_measure_tsc(CALIBRATE_MS) * 1000 / CALIBRATE_MS;
		source = "PIT";
	}
	if (hz)
		tsc_set_hz(hz, source);
	else
		pr_warn("no reference clock answered; keeping %s\n", tsc_source);
	pr_info("%llu.%03llu MHz calibrated against %s (early PIT estimate %llu.%03llu MHz)%s\n",
		(unsigned long long)tsc_hz / 1000000, (unsigned long long)tsc_hz / 1000 % 1000,
		tsc_source, (unsigned long long)early / 1000000,
		(unsigned long long)early / 1000 % 1000,
		x86_cpuid(0x80000000, 0).eax >= 0x80000007 &&
				(x86_cpuid(0x80000007, 0).edx & CPUID_INVARIANT) ?
			", invariant" :
			"");
}

int arch_time_init(void)
{
	tsc_calibrate();
	return x86_lapic_timer_setup();
}
