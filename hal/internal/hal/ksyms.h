// SPDX-License-Identifier: MPL-2.0
// Kernel symbols for backtraces: the .ksyms table written by scripts/gen-ksyms at link time.
#ifndef HAL_KSYMS_H
#define HAL_KSYMS_H

#include <hal/arch.h>
#include <hal/types.h>

/*
 * The .ksyms section (all little-endian, 8-byte aligned), empty after the first link pass:
 *   struct ksyms_header;
 *   struct ksym_entry entries[count];    sorted by addr, no duplicate addresses
 *   char names[names_size];              NUL-terminated names, indexed by name_off
 */
#define KSYMS_MAGIC 0x4d59534bu /* "KSYM" */

struct ksyms_header {
	u32 magic;
	u32 count;
	u32 names_off; /* from the start of the header */
	u32 names_size;
};

struct ksym_entry {
	u64 addr;
	u32 size;     /* bytes covered; 0 = unknown (matches only its first byte) */
	u32 name_off; /* into names[] */
};

/* ksym_count - number of symbols in the table (0 before the second link pass). Any context. */
unsigned int ksym_count(void);

/*
 * ksym_lookup - the function containing @addr. Any context.
 * Returns its name and fills @offset and @size, or NULL when no symbol covers @addr.
 */
const char *ksym_lookup(uintptr_t addr, unsigned long *offset, unsigned long *size);

/*
 * ksym_snprint - "name+0x45/0x120" for @addr, or its hex value when unknown. Returns the
 * length written (scnprintf semantics). Any context.
 */
int ksym_snprint(char *buf, size_t size, uintptr_t addr);

/*
 * dump_backtrace - print the call chain, one "  [<address>] symbol" line per frame, through
 * log_raw(). @regs: a trap frame to start from, or NULL for the caller. Any context.
 * With @regs, arch_stack_unwind() must put the trapping pc first (every arch does).
 */
void dump_backtrace(const struct arch_regs *regs);

#endif /* HAL_KSYMS_H */
