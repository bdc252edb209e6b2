// SPDX-License-Identifier: MPL-2.0
// ktests for symbol lookup in the .ksyms table.
#include <hal/ksyms.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>

KTEST(ksyms, lookup_own_function)
{
	unsigned long off = ~0UL, size = 0;
	const char *name;

	if (!ksym_count())
		KTEST_SKIP("empty symbol table (first link pass)");
	name = ksym_lookup((uintptr_t)ksym_lookup, &off, &size);
	KASSERT_NOT_NULL(name);
	KEXPECT_STREQ(name, "ksym_lookup");
	KEXPECT_EQ(off, 0);
	KEXPECT_GT(size, 0);
	name = ksym_lookup((uintptr_t)ksym_lookup + 1, &off, NULL);
	KEXPECT_STREQ(name, "ksym_lookup");
	KEXPECT_EQ(off, 1);
}

KTEST(ksyms, snprint)
{
	char buf[128];

	if (!ksym_count())
		KTEST_SKIP("empty symbol table (first link pass)");
	ksym_snprint(buf, sizeof(buf), (uintptr_t)ksym_snprint + 4);
	KEXPECT_TRUE(strncmp(buf, "ksym_snprint+0x4/0x", 19) == 0);
}

KTEST(ksyms, unknown_address)
{
	char buf[32];

	KEXPECT_NULL(ksym_lookup(16, NULL, NULL));
	ksym_snprint(buf, sizeof(buf), 16);
	KEXPECT_STREQ(buf, "0x10");
}
