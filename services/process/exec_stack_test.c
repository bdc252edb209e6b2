// SPDX-License-Identifier: MPL-2.0
// ktests for the initial stack: argc, argv, envp and auxv where Linux puts them, strings at
// the top, the final sp 16-byte aligned.
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>
#include <services/process.h>

#define TOP 0x7ffffffff000UL
#define SZ  8192

static u8 buf[SZ];

static u64 word(vaddr_t addr)
{
	u64 v;

	memcpy(&v, buf + SZ - (TOP - addr), sizeof(v));
	return v;
}

static const char *str(vaddr_t addr)
{
	return (const char *)buf + SZ - (TOP - addr);
}

/* The value of auxv @tag in the vector starting at @av, or ~0 if absent. */
static u64 aux(vaddr_t av, u64 tag)
{
	for (; word(av) != AT_NULL; av += 16)
		if (word(av) == tag)
			return word(av + 8);
	return ~0ULL;
}

KTEST(exec_stack, layout)
{
	static const char *const argv[] = { "/init", "-x", NULL };
	static const char *const envp[] = { "HOME=/", NULL };
	struct exec_stack_info info = { .argv = argv,
					.envp = envp,
					.execfn = "/init",
					.platform = "x86_64" };
	long sp;
	vaddr_t av;

	memset(info.random, 0xab, sizeof(info.random));
	info.auxv[0][0] = AT_PAGESZ;
	info.auxv[0][1] = 4096;
	info.nr_auxv = 1;
	sp = exec_build_stack(&info, TOP, buf, SZ);
	KASSERT_TRUE(sp > 0);
	KEXPECT_EQ(sp & 15, 0);
	KEXPECT_EQ(word(sp), 2u);
	KEXPECT_STREQ(str(word(sp + 8)), "/init");
	KEXPECT_STREQ(str(word(sp + 16)), "-x");
	KEXPECT_EQ(word(sp + 24), 0u);
	KEXPECT_STREQ(str(word(sp + 32)), "HOME=/");
	KEXPECT_EQ(word(sp + 40), 0u);
	av = sp + 48;
	KEXPECT_EQ(aux(av, AT_PAGESZ), 4096u);
	KEXPECT_STREQ(str(aux(av, AT_EXECFN)), "/init");
	KEXPECT_STREQ(str(aux(av, AT_PLATFORM)), "x86_64");
	KEXPECT_EQ(*(const u8 *)str(aux(av, AT_RANDOM)), 0xab);
	KEXPECT_EQ(word(TOP - 8), 0u); /* the top word stays zero */
	/* argv strings sit above the table, in order, below envp's and execfn's */
	KEXPECT_LT(word(sp + 8), word(sp + 16));
	KEXPECT_LT(word(sp + 16), word(sp + 32));
	KEXPECT_LT(word(sp + 32), aux(av, AT_EXECFN));
}

KTEST(exec_stack, too_big)
{
	static const char *const argv[] = { "/init", NULL };
	struct exec_stack_info info = { .argv = argv, .envp = NULL, .execfn = "/init" };

	KEXPECT_EQ(exec_build_stack(&info, TOP, buf, 64), -E2BIG);
}
