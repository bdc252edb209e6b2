// SPDX-License-Identifier: MPL-2.0
// The LAPIC timer as each CPU's one-shot event source: TSC-deadline mode when the CPU has it
// (the deadline is a TSC value, no conversion drift), else one-shot mode with the LAPIC's
// counting rate calibrated against the TSC.
#define pr_fmt(fmt) "apic: " fmt

#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/log.h>
#include <hal/time.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/timer.h>

#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define CALIBRATE_NS		 (5 * NSEC_PER_MSEC)

static bool deadline_mode;
static u64 lapic_hz; /* one-shot mode: counts per second at divide-by-1 */

bool x86_lapic_timer_deadline_mode(void)
{
	return deadline_mode;
}

static void lapic_timer_irq(void *arg)
{
	hal_timer_interrupt();
}

/*
 * Count down from the top for CALIBRATE_NS by the (already calibrated) TSC. The TSC readings
 * bracket the start and the read-back; a wide bracket (a preempted vCPU) is reported in *@fuzz.
 */
static u64 lapic_timer_measure_once(u64 *fuzz)
{
	u64 s0, s1, e0, e1, tsc_span = x86_tsc_hz() * CALIBRATE_NS / NSEC_PER_SEC;
	u32 left;

	x86_lapic_write(APIC_TIMER_DIV, APIC_TIMER_DIV_1);
	x86_lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | APIC_TIMER_ONESHOT | X86_VECTOR_TIMER);
	s0 = x86_rdtsc();
	x86_lapic_write(APIC_TIMER_INIT, 0xffffffff);
	s1 = x86_rdtsc();
	while (x86_rdtsc() - s1 < tsc_span)
		arch_cpu_relax();
	e0 = x86_rdtsc();
	left = x86_lapic_read(APIC_TIMER_CUR);
	e1 = x86_rdtsc();
	x86_lapic_write(APIC_TIMER_INIT, 0);
	*fuzz = (s1 - s0) + (e1 - e0);
	if (left == 0 || e1 + e0 <= s1 + s0)
		return 0;
	return x86_mul_div(0xffffffffu - left, x86_tsc_hz() * 2, (e0 + e1) - (s0 + s1));
}

/* Up to three tries; the first with a bracket under 1% of the span wins. */
static u64 lapic_timer_measure(void)
{
	u64 span = x86_tsc_hz() * CALIBRATE_NS / NSEC_PER_SEC;
	u64 best = 0, best_fuzz = ~0ULL;

	for (int i = 0; i < 3; i++) {
		u64 fuzz, hz = lapic_timer_measure_once(&fuzz);

		if (hz && fuzz < best_fuzz) {
			best = hz;
			best_fuzz = fuzz;
		}
		if (hz && fuzz * 100 < span)
			break;
	}
	return best;
}

int x86_lapic_timer_setup(void)
{
	int err;

	err = irq_register_system_vector(X86_VECTOR_TIMER, lapic_timer_irq, NULL, "timer");
	if (err)
		return err;
	deadline_mode = x86_cpuid(1, 0).ecx & CPUID_1_ECX_TSC_DEADLINE;
	if (deadline_mode) {
		pr_info("timer: TSC-deadline mode (TSC %llu.%03llu MHz)\n",
			(unsigned long long)x86_tsc_hz() / 1000000,
			(unsigned long long)x86_tsc_hz() / 1000 % 1000);
		return 0;
	}
	lapic_hz = lapic_timer_measure();
	if (!lapic_hz) {
		pr_err("timer: the LAPIC timer does not count\n");
		return -EIO;
	}
	pr_info("timer: one-shot mode at %llu.%03llu MHz (calibrated against the TSC), no "
		"TSC-deadline\n",
		(unsigned long long)lapic_hz / 1000000, (unsigned long long)lapic_hz / 1000 % 1000);
	return 0;
}

void arch_timer_cpu_init(void)
{
	x86_lapic_write(APIC_TIMER_INIT, 0);
	x86_lapic_write(APIC_TIMER_DIV, APIC_TIMER_DIV_1);
	x86_lapic_write(APIC_LVT_TIMER,
			(deadline_mode ? APIC_TIMER_TSCDEADLINE : APIC_TIMER_ONESHOT) |
				X86_VECTOR_TIMER);
	/* The LVT write must land before any TSC_DEADLINE write (SDM 11.5.4.1). */
	asm volatile("mfence" ::: "memory");
	arch_timer_stop();
}

void arch_timer_program(u64 deadline_ns)
{
	u64 now, ticks;

	if (deadline_mode) {
		/* 0 disarms the timer: a deadline at TSC 0 becomes 1, long past. */
		u64 tsc = x86_tsc_from_ns(deadline_ns);

		x86_wrmsr(X86_MSR_TSC_DEADLINE, tsc ? tsc : 1);
		return;
	}
	now = arch_timestamp_ns();
	/* Beyond a minute the 32-bit count saturates anyway; keep the division in range. */
	ticks = deadline_ns > now ? x86_mul_div(MIN(deadline_ns - now, 60 * NSEC_PER_SEC), lapic_hz,
						NSEC_PER_SEC) :
				    0;
	/* Too far for 32 bits: fire early and let hal_timer_interrupt() reprogram. */
	x86_lapic_write(APIC_TIMER_INIT, ticks ? (u32)MIN(ticks, 0xffffffffULL) : 1);
}

void arch_timer_stop(void)
{
	if (deadline_mode)
		x86_wrmsr(X86_MSR_TSC_DEADLINE, 0);
	else
		x86_lapic_write(APIC_TIMER_INIT, 0);
}
