// SPDX-License-Identifier: MPL-2.0
// x86_64 side of the generic page tables: TLB maintenance, CR3 switches, the image sections
// kmap maps with W^X, and the hand-over from the boot tables of head.S.
#define pr_fmt(fmt) "x86: " fmt

#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/log.h>
#include <arch/boot.h>
#include <arch/cpu.h>
#include <arch/mmu.h>

/* The root kmap built; APs load it once they run at their kernel addresses. */
static u64 kernel_cr3;

static inline void write_cr4(u64 v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

void arch_mm_init(void)
{
	x86_cpu_protect_init(false);
}

void arch_tlb_flush_page(vaddr_t va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void arch_tlb_flush_all(void)
{
	x86_write_cr3(x86_read_cr3());
}

/* Toggling CR4.PGE drops global entries too (SDM 4.10.4.1). */
void arch_tlb_flush_global(void)
{
	unsigned long flags = arch_irq_save();
	u64 cr4 = x86_read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		arch_tlb_flush_all();
	}
	arch_irq_restore(flags);
}

void arch_pt_activate(paddr_t root)
{
	if ((x86_read_cr3() & X86_PTE_ADDR) != root)
		x86_write_cr3(root);
}

paddr_t arch_pt_active(void)
{
	return x86_read_cr3() & X86_PTE_ADDR;
}

/*
 * text (with the boot headers before it) RX, rodata R, data+bss RW. Each part runs up to the
 * page-aligned start of the next, so sections the linker places after a part's end symbol
 * (the symbol table, __ex_table) stay mapped with that part's rights.
 */
unsigned int arch_kernel_segments(struct kernel_segment *segs, unsigned int max)
{
	const struct kernel_segment image[] = {
		{ (vaddr_t)_kernel_start, (vaddr_t)_srodata, VM_READ | VM_EXEC },
		{ (vaddr_t)_srodata, (vaddr_t)_sdata, VM_READ },
		{ (vaddr_t)_sdata, ALIGN_UP((vaddr_t)_kernel_end, PAGE_SIZE), VM_READ | VM_WRITE },
	};
	unsigned int n = MIN(max, ARRAY_SIZE(image));

	for (unsigned int i = 0; i < n; i++)
		segs[i] = image[i];
	return n;
}

void arch_kmap_switched(paddr_t root)
{
	kernel_cr3 = root;
	x86_cpu_protect_init(true);
}

u64 x86_kernel_cr3(void)
{
	return kernel_cr3;
}

bool arch_uaccess_guarded(void)
{
	u64 need = X86_CR4_SMAP | X86_CR4_SMEP;

	return (x86_read_cr4() & need) == need;
}
