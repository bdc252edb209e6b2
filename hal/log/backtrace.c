// SPDX-License-Identifier: MPL-2.0
// Symbolized backtraces for panics and warnings, from the arch's frame-pointer unwinder.
#include <hal/arch.h>
#include <hal/ksyms.h>
#include <hal/log.h>

#define BACKTRACE_MAX_FRAMES 32

/*
 * @is_return: @pc is a return address. It points after the call, which for a call that never
 * returns may be past the caller's last byte, so look up the byte before it (Linux's %pB).
 */
static void print_frame(uintptr_t pc, bool is_return)
{
	unsigned long off, size;
	const char *name = ksym_lookup(pc - is_return, &off, &size);

	if (name)
		log_raw("  [<%016lx>] %s+0x%lx/0x%lx\n", (unsigned long)pc, name, off + is_return,
			size);
	else
		log_raw("  [<%016lx>] ?\n", (unsigned long)pc);
}

void dump_backtrace(const struct arch_regs *regs)
{
	uintptr_t pcs[BACKTRACE_MAX_FRAMES];
	int n = arch_stack_unwind(regs, pcs, BACKTRACE_MAX_FRAMES);
	/* Without a trap frame the walk starts in this function: leave it out. */
	int first = regs ? 0 : 1;

	log_raw("Call trace:\n");
	/* From a trap frame the first entry is the trapping pc itself, not a return address. */
	for (int i = first; i < n; i++)
		print_frame(pcs[i], !(regs && i == 0));
	if (n == BACKTRACE_MAX_FRAMES)
		log_raw("  ...\n");
}
