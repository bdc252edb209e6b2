// SPDX-License-Identifier: MPL-2.0
// x86_64 clocks: the TSC behind arch_timestamp_ns(), the HPET and PIT it is calibrated
// against, and the conversions the LAPIC timer needs. Private to arch/x86_64.
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include <hal/types.h>

/*
 * x86_mul_div - @a * @b / @c with a 128-bit intermediate (mul, then div). The quotient must
 * fit in 64 bits (divq faults otherwise): callers bound their inputs.
 */
static inline u64 x86_mul_div(u64 a, u64 b, u64 c)
{
	u64 q, r;

	asm("mulq %[b]\n\tdivq %[c]" : "=a"(q), "=&d"(r) : "a"(a), [b] "rm"(b), [c] "rm"(c) : "cc");
	return q;
}

/* ---- TSC (tsc.c) ------------------------------------------------------------------------- */

/* x86_tsc_hz - the TSC frequency in use (early PIT estimate until arch_time_init()). */
u64 x86_tsc_hz(void);
/* x86_tsc_from_ns - the TSC value at which arch_timestamp_ns() reaches @ns. Any context. */
u64 x86_tsc_from_ns(u64 ns);
/* x86_tsc_calibration_source - "HPET", "PIT" or "a guess". */
const char *x86_tsc_calibration_source(void);

/* ---- HPET (hpet.c) ----------------------------------------------------------------------- */

/* x86_hpet_init - map the HPET the ACPI table names and start its main counter. Boot CPU. */
int x86_hpet_init(void);
/* x86_hpet_present - x86_hpet_init() succeeded. */
bool x86_hpet_present(void);
/* x86_hpet_read - the main counter. x86_hpet_hz - its frequency. Any context once present. */
u64 x86_hpet_read(void);
u64 x86_hpet_hz(void);

/* ---- PIT (pit.c) ------------------------------------------------------------------------- */

/*
 * x86_pit_measure_tsc - TSC cycles that pass while PIT channel 2 counts @ms milliseconds
 * (gate through port 0x61; no interrupt). 0 when the PIT never finishes. Boot, interrupts off.
 */
u64 x86_pit_measure_tsc(unsigned int ms);

/*
 * x86_pit_oneshot - make PIT channel 0 raise IRQ 0 once after @count ticks of 1.193182 MHz
 * (mode 0). x86_pit_stop parks it. For tests of the ISA interrupt path.
 */
void x86_pit_oneshot(u16 count);
void x86_pit_stop(void);

#endif /* ARCH_TIMER_H */
