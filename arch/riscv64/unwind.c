// SPDX-License-Identifier: MPL-2.0
// Backtraces on riscv64: walk the frame records clang keeps with -fno-omit-frame-pointer
// (s0 = the caller's sp; ra at s0 - 8, the previous s0 at s0 - 16).
#include <hal/arch.h>
#include <arch/rv.h>

/* How far above its start a walk may go when the stack's own bounds are unknown. */
#define UNWIND_WINDOW 0x10000

static bool in_text(uintptr_t pc)
{
	return pc >= (uintptr_t)_stext && pc < (uintptr_t)_etext;
}

/* The stack that holds @sp: the boot stack exactly, any other within a window above @sp. */
static void stack_bounds(uintptr_t sp, uintptr_t *lo, uintptr_t *hi)
{
	uintptr_t base = (uintptr_t)rv_boot_stack, top = (uintptr_t)rv_boot_stack_top;

	*lo = sp;
	if (sp >= base && sp < top)
		*hi = top;
	else
		*hi = sp > UINTPTR_MAX - UNWIND_WINDOW ? UINTPTR_MAX : sp + UNWIND_WINDOW;
}

/* A frame pointer whose record [fp - 16, fp) we may read: aligned, in the stack, in RAM. */
static bool frame_ok(uintptr_t fp, uintptr_t lo, uintptr_t hi)
{
	return !(fp & 7) && fp >= lo + 16 && fp <= hi && rv_ram_contains(fp - 16, 16);
}

int arch_stack_unwind(const struct arch_regs *regs, uintptr_t *pcs, int max)
{
	uintptr_t fp, lo, hi;
	int n = 0;

	if (regs) {
		if (n < max && in_text(regs->sepc))
			pcs[n++] = regs->sepc;
		fp = regs->x[8];
		stack_bounds(regs->x[2], &lo, &hi);
	} else {
		fp = (uintptr_t)__builtin_frame_address(0);
		stack_bounds(fp - 16, &lo, &hi);
	}
	while (n < max && frame_ok(fp, lo, hi)) {
		const uintptr_t *record = (const uintptr_t *)fp;
		uintptr_t ra = record[-1], next = record[-2];

		if (!in_text(ra))
			break;
		pcs[n++] = ra;
		/* Callers' frames are higher up: anything else is a loop or corruption. */
		if (next <= fp)
			break;
		fp = next;
	}
	return n;
}
