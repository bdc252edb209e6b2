// SPDX-License-Identifier: MPL-2.0
// x86_64 interrupt hardware: the local APIC (x2APIC or xAPIC), IOAPICs, the masked 8259s, the
// IDT's interrupt stubs. Private to arch/x86_64 (SMP bring-up in smp.c uses the IPI helpers).
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

#include <hal/compiler.h>
#include <hal/types.h>

/* Local APIC registers, as xAPIC MMIO offsets; x2APIC MSR = 0x800 + (offset >> 4). */
#define APIC_ID		0x020
#define APIC_VERSION	0x030
#define APIC_TPR	0x080
#define APIC_EOI	0x0b0
#define APIC_LDR	0x0d0
#define APIC_DFR	0x0e0
#define APIC_SVR	0x0f0
#define APIC_ISR	0x100
#define APIC_IRR	0x200
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR_HIGH	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_THERM	0x330
#define APIC_LVT_PERF	0x340
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_LVT_ERROR	0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR	0x390
#define APIC_TIMER_DIV	0x3e0

#define APIC_SVR_ENABLE	       (1u << 8)
#define APIC_LVT_MASKED	       (1u << 16)
#define APIC_LVT_LEVEL	       (1u << 15)
#define APIC_LVT_ACTIVE_LOW    (1u << 13)
#define APIC_LVT_NMI	       (4u << 8)
#define APIC_TIMER_ONESHOT     (0u << 17)
#define APIC_TIMER_PERIODIC    (1u << 17)
#define APIC_TIMER_TSCDEADLINE (2u << 17)
#define APIC_TIMER_DIV_1       0xb

/* ICR fields. */
#define APIC_ICR_FIXED	      (0u << 8)
#define APIC_ICR_INIT	      (5u << 8)
#define APIC_ICR_STARTUP      (6u << 8)
#define APIC_ICR_PENDING      (1u << 12) /* xAPIC: delivery status */
#define APIC_ICR_ASSERT	      (1u << 14)
#define APIC_ICR_LEVEL	      (1u << 15)
#define APIC_ICR_SELF	      (1u << 18)
#define APIC_ICR_ALL_BUT_SELF (3u << 18)

#define X86_MSR_APIC_BASE    0x1b
#define X86_APIC_BASE_BSP    (1ULL << 8)
#define X86_APIC_BASE_X2APIC (1ULL << 10)
#define X86_APIC_BASE_ENABLE (1ULL << 11)
#define X86_MSR_X2APIC_BASE  0x800
#define X86_MSR_X2APIC_SELF  0x83f
#define X86_MSR_TSC_DEADLINE 0x6e0

/* ---- Local APIC (apic.c) ------------------------------------------------------------------ */

/* x86_lapic_setup - choose x2APIC or xAPIC and map the registers. Boot CPU, once. 0/-errno. */
int x86_lapic_setup(void);
/* x86_lapic_cpu_init - enable and program this CPU's local APIC (LVTs masked but NMI/error). */
void x86_lapic_cpu_init(void);
bool x86_lapic_is_x2apic(void);
u32 x86_lapic_id(void);
u32 x86_lapic_read(u32 reg);
void x86_lapic_write(u32 reg, u32 val);
void x86_lapic_eoi(void);

/*
 * x86_lapic_send_icr - write the ICR: @low holds vector, delivery mode, level, shorthand;
 * @dest the target APIC id when there is no shorthand. Waits for an xAPIC to take it.
 * Interrupts off.
 */
void x86_lapic_send_icr(u32 low, u32 dest);

/* x86_lapic_send_init / _sipi - INIT and STARTUP IPIs for SMP bring-up; SIPI runs the CPU at
 * physical @page << 12 in real mode. The caller does the waits the MP spec asks for. */
void x86_lapic_send_init(u32 apic_id);
void x86_lapic_send_sipi(u32 apic_id, u8 page);

/* x86_lapic_report - the boot-log line on the APIC mode. */
void x86_lapic_report(void);

/* x86_lapic_spurious - the spurious vector fired (no EOI for it). Interrupt context. */
void x86_lapic_spurious(void);
/* x86_lapic_error_count / _spurious_count - events seen since boot (tests, diagnostics). */
u64 x86_lapic_error_count(void);
u64 x86_lapic_spurious_count(void);
/* x86_lapic_last_esr - the error status the last error interrupt read. */
u32 x86_lapic_last_esr(void);

/* ---- LAPIC timer (apic_timer.c) ---------------------------------------------------------- */

/* x86_lapic_timer_setup - choose TSC-deadline or one-shot (calibrated) mode. Boot CPU. */
int x86_lapic_timer_setup(void);
/* x86_lapic_timer_deadline_mode - is the timer in TSC-deadline mode? */
bool x86_lapic_timer_deadline_mode(void);

/* ---- IOAPIC and 8259 (ioapic.c) ---------------------------------------------------------- */

/* x86_pic_disable - remap both 8259s to 0x20-0x2f and mask every input. Boot CPU, once. */
void x86_pic_disable(void);
/* x86_ioapic_setup - map every MADT IOAPIC and mask all its inputs. Boot CPU, once. */
int x86_ioapic_setup(void);
/* x86_ioapic_read_rte - the redirection entry of @gsi (tests). Returns 0 or -ENODEV. */
int x86_ioapic_read_rte(u32 gsi, u64 *rte);
/* x86_ioapic_count_pins - GSIs served by all IOAPICs (0 when none). */
unsigned int x86_ioapic_count_pins(void);

#define IOAPIC_RTE_MASKED     (1ULL << 16)
#define IOAPIC_RTE_LEVEL      (1ULL << 15)
#define IOAPIC_RTE_ACTIVE_LOW (1ULL << 13)
#define IOAPIC_RTE_DEST_SHIFT 56

/* ---- IDT (idt.c) ------------------------------------------------------------------------- */

/* x86_idt_load - load the shared IDT on this CPU (secondary CPUs at start-up). */
void x86_idt_load(void);

#endif /* ARCH_APIC_H */
