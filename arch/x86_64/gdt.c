// SPDX-License-Identifier: MPL-2.0
// The boot CPU's GDT and TSS: flat kernel and user segments and the IST stacks for #DF/NMI.
#include <hal/arch.h>
#include <hal/lib/string.h>
#include <arch/boot.h>
#include <arch/layout.h>
#include <arch/segment.h>

struct x86_desc_ptr {
	u16 limit;
	u64 base;
} __packed;

/*
 * Flat code/data descriptors (base 0; limits are ignored in long mode), with the accessed bit
 * preset so the CPU never writes back into the table.
 */
static u64 gdt[GDT_ENTRIES] __aligned(16) = {
	[GDT_KERNEL_CODE] = 0x00af9b000000ffffULL, /* present, DPL 0, code, L=1 */
	[GDT_KERNEL_DATA] = 0x00cf93000000ffffULL, /* present, DPL 0, data */
	[GDT_USER_CODE32] = 0x00cffb000000ffffULL, /* present, DPL 3, 32-bit code */
	[GDT_USER_DATA] = 0x00cff3000000ffffULL,   /* present, DPL 3, data */
	[GDT_USER_CODE] = 0x00affb000000ffffULL,   /* present, DPL 3, code, L=1 */
};

static struct x86_tss boot_tss __aligned(16);
static u8 ist_df_stack[IST_STACK_SIZE] __aligned(16);
static u8 ist_nmi_stack[IST_STACK_SIZE] __aligned(16);

BUILD_BUG_ON(sizeof(struct x86_tss) != 104);
BUILD_BUG_ON(GDT_TSS + 2 > GDT_ENTRIES);

/* An available 64-bit TSS descriptor (type 9, present) spans two GDT slots. */
void x86_gdt_set_tss(u64 *slot, const struct x86_tss *tss)
{
	u64 base = (u64)(uintptr_t)tss;
	u64 limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
		  ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
	slot[1] = base >> 32;
}

void x86_gdt_copy(u64 *dst)
{
	memcpy(dst, gdt, sizeof(gdt));
}

/* Reload CS with a far return, then the data selectors. */
void x86_gdt_load(const u64 *table)
{
	struct x86_desc_ptr ptr = { sizeof(gdt) - 1, (u64)(uintptr_t)table };

	asm volatile("lgdt %0\n\t"
		     "pushq %1\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %2, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "xorl %%eax, %%eax\n\t"
		     "movl %%eax, %%fs\n\t"
		     "movl %%eax, %%gs\n\t"
		     :
		     : "m"(ptr), "i"(KERNEL_CS), "i"(KERNEL_DS)
		     : "rax", "memory");
	asm volatile("ltr %w0" : : "r"(TSS_SEL));
}

/* x86_gdt_init - install the boot CPU's GDT and TSS. Boot CPU, interrupts off. */
void x86_gdt_init(void)
{
	memset(&boot_tss, 0, sizeof(boot_tss));
	boot_tss.ist[IST_DOUBLE_FAULT - 1] = (u64)(uintptr_t)(ist_df_stack + IST_STACK_SIZE);
	boot_tss.ist[IST_NMI - 1] = (u64)(uintptr_t)(ist_nmi_stack + IST_STACK_SIZE);
	boot_tss.iomap_base = sizeof(boot_tss); /* no I/O bitmap: user port I/O faults */
	x86_gdt_set_tss(&gdt[GDT_TSS], &boot_tss);
	x86_gdt_load(gdt);
}

bool x86_known_stack(uintptr_t addr, uintptr_t *lo, uintptr_t *hi)
{
	static const struct {
		const u8 *base;
		size_t size;
	} stacks[] = {
		{ (const u8 *)x86_boot_stack, BOOT_STACK_SIZE },
		{ ist_df_stack, IST_STACK_SIZE },
		{ ist_nmi_stack, IST_STACK_SIZE },
	};

	for (size_t i = 0; i < ARRAY_SIZE(stacks); i++) {
		uintptr_t base = (uintptr_t)stacks[i].base;

		if (addr >= base && addr < base + stacks[i].size) {
			*lo = base;
			*hi = base + stacks[i].size;
			return true;
		}
	}
	return false;
}
