// SPDX-License-Identifier: MPL-2.0
// Backtraces by walking the rbp chain (the kernel is built with -fno-omit-frame-pointer).
#include <hal/arch.h>
#include <arch/boot.h>
#include <arch/layout.h>

/* Stacks arch/ does not know (task stacks, later) are trusted this far above the start. */
#define UNWIND_MAX_SPAN 0x10000

struct frame_record {
	uintptr_t next_fp;
	uintptr_t ret;
};

static bool in_kernel_text(uintptr_t pc)
{
	return pc >= (uintptr_t)_stext && pc < (uintptr_t)_etext;
}

/* The stack @fp lives on, as [*lo, *hi); false when @fp is not in mapped kernel memory. */
static bool unwind_stack_bounds(uintptr_t fp, uintptr_t *lo, uintptr_t *hi)
{
	uintptr_t end;

	if (x86_known_stack(fp, lo, hi))
		return true;
	if (fp >= (uintptr_t)_kernel_start && fp < (uintptr_t)_kernel_end)
		end = (uintptr_t)_kernel_end;
	else if (fp >= DIRECT_MAP_BASE && fp - DIRECT_MAP_BASE < arch_direct_map_limit())
		end = DIRECT_MAP_BASE + arch_direct_map_limit();
	else
		return false;
	end = MIN(end, fp + UNWIND_MAX_SPAN);
	/* The direct map has holes (MMIO, reserved firmware memory): trust only mapped bytes. */
	if (fp >= DIRECT_MAP_BASE && !x86_phys_range_mapped(fp - DIRECT_MAP_BASE, end - fp)) {
		end = MIN(end, ALIGN_UP(fp + 1, 4096));
		if (!x86_phys_range_mapped(fp - DIRECT_MAP_BASE, end - fp))
			return false;
	}
	*lo = fp;
	*hi = end;
	return true;
}

/*
 * Follow frame records from @fp while they stay on one stack, grow upwards and return into
 * kernel text. Inlined so that arch_stack_unwind(NULL) starts at its own frame record.
 */
static __always_inline int unwind_from(uintptr_t fp, uintptr_t *pcs, int n, int max)
{
	uintptr_t lo, hi;

	if (!unwind_stack_bounds(fp, &lo, &hi))
		return n;
	while (n < max) {
		const struct frame_record *f = (const void *)fp;

		if (!IS_ALIGNED(fp, sizeof(uintptr_t)) || fp < lo || hi - fp < sizeof(*f))
			break;
		if (!in_kernel_text(f->ret))
			break;
		pcs[n++] = f->ret;
		if (f->next_fp <= fp)
			break;
		fp = f->next_fp;
	}
	return n;
}

/*
 * A trap at an address outside text (a call through a bad pointer) has not built a frame
 * yet: its return address is still at the top of the stack.
 */
static int unwind_bad_pc(const struct arch_regs *regs, uintptr_t *pcs, int n, int max)
{
	uintptr_t lo, hi, sp = regs->rsp;

	if (n >= max || in_kernel_text(regs->rip) || !unwind_stack_bounds(sp, &lo, &hi))
		return n;
	if (IS_ALIGNED(sp, sizeof(uintptr_t)) && hi - sp >= sizeof(uintptr_t) &&
	    in_kernel_text(*(const uintptr_t *)sp))
		pcs[n++] = *(const uintptr_t *)sp;
	return n;
}

int arch_stack_unwind(const struct arch_regs *regs, uintptr_t *pcs, int max)
{
	int n = 0;

	if (max <= 0)
		return 0;
	if (!regs)
		return unwind_from((uintptr_t)__builtin_frame_address(0), pcs, 0, max);
	if (regs->cs & 3)
		return 0; /* user mode: no kernel frames to walk */
	pcs[n++] = regs->rip;
	n = unwind_bad_pc(regs, pcs, n, max);
	return unwind_from(regs->rbp, pcs, n, max);
}
