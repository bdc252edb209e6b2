// SPDX-License-Identifier: MPL-2.0
// The 8254 PIT: channel 2 as a calibration reference (gated through port 0x61, polled, no
// interrupt) and channel 0 as a one-shot source of ISA IRQ 0 for tests.
#include <hal/arch.h>
#include <arch/cpu.h>
#include <arch/timer.h>

#define PIT_HZ		1193182ULL
#define PIT_CH0_DATA	0x40
#define PIT_CH2_DATA	0x42
#define PIT_MODE	0x43
#define PIT_CH0_ONESHOT 0x30 /* channel 0, lobyte/hibyte, mode 0 (interrupt on terminal count) */
#define PIT_CH2_ONESHOT 0xb0 /* channel 2, lobyte/hibyte, mode 0, binary */
#define PORT_61		0x61 /* bit 0: channel 2 gate, bit 1: speaker, bit 5: channel 2 output */
#define P61_GATE	0x01
#define P61_SPEAKER	0x02
#define P61_OUT2	0x20
/* Give up waiting for the PIT after this many polls (~10 ms takes a few thousand). */
#define PIT_POLL_LIMIT 10000000

/*
 * One measurement: TSC cycles while channel 2 counts @latch ticks, taken between the
 * midpoints of the TSC readings around the start (the last count byte) and the end (the poll
 * that first saw OUT2 high and the one before). *@fuzz is the width of those two windows: a
 * vCPU preempted at the wrong moment shows up there. 0 when the PIT never finishes.
 */
static u64 pit_measure_once(u64 latch, u64 *fuzz)
{
	u8 p61 = x86_inb(PORT_61);
	u64 s0, s1, e0, e1;
	long polls = 0;

	x86_outb(PORT_61, (p61 & ~P61_SPEAKER) | P61_GATE);
	x86_outb(PIT_MODE, PIT_CH2_ONESHOT);
	x86_outb(PIT_CH2_DATA, latch & 0xff);
	s0 = x86_rdtsc();
	x86_outb(PIT_CH2_DATA, latch >> 8); /* counting starts */
	s1 = x86_rdtsc();
	e0 = s1;
	for (;;) {
		e1 = x86_rdtsc();
		if ((x86_inb(PORT_61) & P61_OUT2) || ++polls >= PIT_POLL_LIMIT)
			break;
		e0 = e1;
	}
	e1 = x86_rdtsc();
	x86_outb(PORT_61, p61);
	if (polls >= PIT_POLL_LIMIT)
		return 0;
	*fuzz = (s1 - s0) + (e1 - e0);
	return (e0 + e1) / 2 - (s0 + s1) / 2;
}

/* Up to five tries; the first whose timing windows are under 1% of the span wins. */
u64 x86_pit_measure_tsc(unsigned int ms)
{
	u64 latch = (PIT_HZ * ms + 500) / 1000;
	u64 best = 0, best_fuzz = ~0ULL;

	if (latch > 0xffff)
		return 0;
	for (int i = 0; i < 5; i++) {
		u64 fuzz = ~0ULL, span = pit_measure_once(latch, &fuzz);

		if (!span)
			return 0;
		if (fuzz < best_fuzz) {
			best = span;
			best_fuzz = fuzz;
		}
		if (fuzz * 100 < span)
			break;
	}
	/* The measured span is @latch PIT ticks; scale back to exactly @ms. */
	return best * (PIT_HZ * ms) / (latch * 1000);
}

void x86_pit_oneshot(u16 count)
{
	x86_outb(PIT_MODE, PIT_CH0_ONESHOT);
	x86_outb(PIT_CH0_DATA, count & 0xff);
	x86_outb(PIT_CH0_DATA, count >> 8);
}

/* Mode 0 with no count written: the output stays low, so no further edge on IRQ 0. */
void x86_pit_stop(void)
{
	x86_outb(PIT_MODE, PIT_CH0_ONESHOT);
}
