// SPDX-License-Identifier: MPL-2.0
// The exception table: instructions allowed to fault (user copies, probes) and where each
// resumes. Entries come from the __ex_table section uaccess.S fills (KEEL_EXTABLE in hal/lds.h).
#include <hal/arch.h>
#include <arch/mmu.h>

extern const struct x86_extable_entry __start___ex_table[], __stop___ex_table[];

/* A handful of entries: a linear scan is as fast as a sorted search would be. */
u64 x86_extable_fixup(u64 ip)
{
	for (const struct x86_extable_entry *e = __start___ex_table; e < __stop___ex_table; e++) {
		if (e->insn == ip)
			return e->fixup;
	}
	return 0;
}
