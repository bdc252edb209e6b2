// SPDX-License-Identifier: MPL-2.0
// Backtraces on aarch64: walk the AAPCS64 frame records (x29 -> {previous x29, x30}).
#include <hal/arch.h>
#include <arch/a64.h>
#include <arch/layout.h>

/* How far above its start a walk may go when the stack's own bounds are unknown. */
#define UNWIND_WINDOW 0x10000

static bool in_text(uintptr_t pc)
{
	return pc >= (uintptr_t)_stext && pc < (uintptr_t)_etext;
}

/* The stack that holds @sp: the boot stack exactly, any other within a window above @sp. */
static void stack_bounds(uintptr_t sp, uintptr_t *lo, uintptr_t *hi)
{
	uintptr_t base = (uintptr_t)a64_boot_stack, top = (uintptr_t)a64_boot_stack_top;

	if (sp >= base && sp < top) {
		*lo = sp;
		*hi = top;
		return;
	}
	*lo = sp;
	*hi = sp > UINTPTR_MAX - UNWIND_WINDOW ? UINTPTR_MAX : sp + UNWIND_WINDOW;
}

/* A frame record we may read: aligned, inside the stack and inside mapped RAM. */
static bool frame_ok(uintptr_t fp, uintptr_t lo, uintptr_t hi)
{
	return fp && !(fp & 7) && fp >= lo && fp <= hi - 16 && a64_ram_contains(fp, 16);
}

int arch_stack_unwind(const struct arch_regs *regs, uintptr_t *pcs, int max)
{
	uintptr_t fp, lo, hi;
	int n = 0;

	if (regs) {
		if (n < max && in_text(regs->elr))
			pcs[n++] = regs->elr;
		fp = regs->x[29];
		stack_bounds(regs->sp, &lo, &hi);
	} else {
		fp = (uintptr_t)__builtin_frame_address(0);
		stack_bounds(fp, &lo, &hi);
	}
	while (n < max && frame_ok(fp, lo, hi)) {
		const uintptr_t *record = (const uintptr_t *)fp;
		uintptr_t next = record[0], lr = record[1];

		if (!in_text(lr))
			break;
		pcs[n++] = lr;
		/* Callers' frames are higher up: anything else is a loop or corruption. */
		if (next <= fp)
			break;
		fp = next;
	}
	return n;
}
