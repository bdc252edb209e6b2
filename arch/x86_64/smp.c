// SPDX-License-Identifier: MPL-2.0
// Secondary CPUs on x86_64: the MADT's CPU list, a real-mode trampoline in a page below 1 MiB,
// INIT-SIPI-SIPI, and the first C code each CPU runs.
#define pr_fmt(fmt) "smp: " fmt

#include <hal/acpi.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/pmm.h>
#include <hal/sched.h>
#include <hal/lib/string.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/fpu.h>
#include <arch/percpu.h>
#include <arch/smp.h>

#define LOW_MEM_LIMIT  0x100000ULL
#define LOW_PAGE_TRIES 4096
#define X86_MSR_PAT    0x277
#define EFER_SCE       (1ULL << 0)

/* The MP spec's waits: 10 ms after INIT, then up to two STARTUPs. TCG may take a while to
 * schedule the new vCPU, hence the generous time for it to answer. */
#define INIT_DELAY_NS	10000000ULL
#define SIPI_WAIT_NS	1000000ULL
#define STARTED_WAIT_NS 500000000ULL

#define PTE_P	 0x1ULL
#define PTE_W	 0x2ULL
#define PTE_PS	 0x80ULL
#define PTE_ADDR 0x000ffffffffff000ULL

/* Set up on the first start: the trampoline code page and its page tables (kept for good). */
static paddr_t tramp_page, tramp_pml4;
static u64 boot_pat;

u64 arch_cpu_hwid(void)
{
	if (x86_cpuid(0, 0).eax >= 0xb) {
		struct x86_cpuid r = x86_cpuid(0xb, 0);

		if (r.ebx)
			return r.edx;
	}
	return x86_cpuid(1, 0).ebx >> 24;
}

unsigned int arch_smp_enumerate(u64 *hwids, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < acpi_cpu_count(); i++) {
		const struct acpi_cpu *c = acpi_cpu_get(i);

		if (!c || !c->enabled)
			continue;
		if (n < max)
			hwids[n] = c->apic_id;
		n++;
	}
	if (!n && max) {
		hwids[0] = arch_cpu_hwid(); /* no MADT: just us */
		n = 1;
	}
	return n;
}

/* A page below 1 MiB: a STARTUP IPI names its code page with 8 bits. */
static paddr_t low_page_alloc(void)
{
	return pmm_alloc_pages_below(0, LOW_MEM_LIMIT);
}

/* A zeroed page table page below 4 GiB (CR3 is loaded in 32-bit mode). */
static paddr_t table_alloc(void)
{
	paddr_t pa = pmm_alloc_pages_below(0, 1ULL << 32);

	if (pa)
		memset(arch_phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

/* PML4 -> PDPT -> PD with one 2 MiB page: identity map of 0-2 MiB, executable. */
static int trampoline_tables(void)
{
	paddr_t pml4 = table_alloc(), pdpt = table_alloc(), pd = table_alloc();

	if (!pml4 || !pdpt || !pd) {
		if (pml4)
			pmm_free_pages(pml4, 0);
		if (pdpt)
			pmm_free_pages(pdpt, 0);
		if (pd)
			pmm_free_pages(pd, 0);
		return -ENOMEM;
	}
	((u64 *)arch_phys_to_virt(pd))[0] = 0 | PTE_P | PTE_W | PTE_PS;
	((u64 *)arch_phys_to_virt(pdpt))[0] = pd | PTE_P | PTE_W;
	((u64 *)arch_phys_to_virt(pml4))[0] = pdpt | PTE_P | PTE_W;
	tramp_pml4 = pml4;
	return 0;
}

static int trampoline_setup(void)
{
	size_t size = (size_t)(x86_trampoline_end - x86_trampoline_start);

	BUILD_BUG_ON(sizeof(struct x86_trampoline_params) != TRP_SIZE);
	if (size > TR_STACK_TOP - 512)
		return -E2BIG;
	tramp_page = low_page_alloc();
	if (!tramp_page) {
		pr_err("no free page below 1 MiB for the start-up trampoline\n");
		return -ENOMEM;
	}
	if (trampoline_tables()) {
		pmm_free_pages(tramp_page, 0);
		tramp_page = 0;
		return -ENOMEM;
	}
	memcpy(arch_phys_to_virt(tramp_page), x86_trampoline_start, size);
	boot_pat = x86_rdmsr(X86_MSR_PAT);
	pr_debug("trampoline at 0x%llx, page tables at 0x%llx\n", (unsigned long long)tramp_page,
		 (unsigned long long)tramp_pml4);
	return 0;
}

static struct x86_trampoline_params *trampoline_params(void)
{
	return (void *)((u8 *)arch_phys_to_virt(tramp_page) +
			(x86_trampoline_params - x86_trampoline_start));
}

/* The kernel's upper half as it is now, for the part of the start before the switch. */
static void trampoline_fill(struct x86_trampoline_params *p, struct cpu_local *cl, uintptr_t sp)
{
	u64 *pml4 = arch_phys_to_virt(tramp_pml4);
	const u64 *kernel = arch_phys_to_virt(x86_read_cr3() & PTE_ADDR);

	memcpy(&pml4[256], &kernel[256], 256 * sizeof(u64));
	p->cr3 = (u32)tramp_pml4;
	p->efer = (u32)(x86_rdmsr(X86_MSR_EFER) & (X86_EFER_LME | X86_EFER_NXE | EFER_SCE));
	p->entry = (u64)(uintptr_t)x86_ap_entry;
	p->kernel_cr3 = x86_read_cr3();
	p->cr4 = x86_read_cr4();
	p->stack = sp;
	p->cpu_local = (u64)(uintptr_t)cl;
	__atomic_store_n(&p->started, 0, __ATOMIC_SEQ_CST);
}

static void delay_ns(u64 ns)
{
	u64 end = arch_timestamp_ns() + ns;

	while (arch_timestamp_ns() < end)
		arch_cpu_relax();
}

static bool wait_started(struct x86_trampoline_params *p, u64 ns)
{
	u64 end = arch_timestamp_ns() + ns;

	while (!__atomic_load_n(&p->started, __ATOMIC_ACQUIRE)) {
		if (arch_timestamp_ns() >= end)
			return false;
		arch_cpu_relax();
	}
	return true;
}

int arch_cpu_start(struct cpu_local *cl, uintptr_t stack_top)
{
	struct x86_trampoline_params *p;
	u32 apic_id = (u32)cl->hwid;
	int err;

	if (!tramp_page && (err = trampoline_setup()))
		return err;
	err = x86_percpu_prepare(cl);
	if (err)
		return err;
	p = trampoline_params();
	trampoline_fill(p, cl, stack_top);
	x86_lapic_send_init(apic_id);
	delay_ns(INIT_DELAY_NS);
	x86_lapic_send_sipi(apic_id, (u8)(tramp_page >> PAGE_SHIFT));
	if (!wait_started(p, SIPI_WAIT_NS)) {
		x86_lapic_send_sipi(apic_id, (u8)(tramp_page >> PAGE_SHIFT));
		if (!wait_started(p, STARTED_WAIT_NS))
			return -ETIMEDOUT;
	}
	return 0;
}

void x86_ap_main(struct cpu_local *cl)
{
	x86_wrmsr(X86_MSR_PAT, boot_pat);
	x86_fpu_cpu_init();
	arch_cpu_local_init(cl); /* cannot fail: prepared by arch_cpu_start() */
	x86_idt_load();
	hal_cpu_online(cl);
}
