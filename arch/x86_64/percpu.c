// SPDX-License-Identifier: MPL-2.0
// Per-CPU set-up on x86_64: each CPU gets its own GDT (a copy of the boot one), a TSS with its
// own #DF/NMI stacks, and GS_BASE pointing at its struct x86_percpu. Also the small task hooks.
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/pmm.h>
#include <hal/sched.h>
#include <hal/lib/string.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/percpu.h>
#include <arch/segment.h>

BUILD_BUG_ON(offsetof(struct x86_percpu, self) != X86_PERCPU_SELF);
BUILD_BUG_ON(offsetof(struct x86_percpu, kernel_sp) != X86_PERCPU_KERNEL_SP);
BUILD_BUG_ON(offsetof(struct x86_percpu, user_sp) != X86_PERCPU_USER_SP);
BUILD_BUG_ON(offsetof(struct x86_percpu, local) != X86_PERCPU_LOCAL);
BUILD_BUG_ON(offsetof(struct x86_percpu, scratch) != X86_PERCPU_SCRATCH);

bool x86_percpu_live;

static struct x86_percpu boot_percpu;
static int percpu_setup_tss(struct x86_percpu *pc)
{
	paddr_t pa = pmm_alloc_pages(pmm_order_for(2 * IST_STACK_SIZE / PAGE_SIZE));
	u8 *stacks;

	if (!pa)
		return -ENOMEM;
	stacks = arch_phys_to_virt(pa);
	pc->ist_stacks = stacks;
	pc->tss.ist[IST_DOUBLE_FAULT - 1] = (u64)(uintptr_t)(stacks + IST_STACK_SIZE);
	pc->tss.ist[IST_NMI - 1] = (u64)(uintptr_t)(stacks + 2 * IST_STACK_SIZE);
	pc->tss.iomap_base = sizeof(pc->tss); /* no I/O bitmap: user port I/O faults */
	x86_gdt_copy(pc->gdt);
	x86_gdt_set_tss(&pc->gdt[GDT_TSS], &pc->tss);
	return 0;
}

/*
 * x86_percpu_prepare - allocate and fill @cl's x86 block (GDT, TSS, IST stacks). Boot CPU, for
 * itself and before starting each secondary CPU: those cannot allocate before GS works.
 */
int x86_percpu_prepare(struct cpu_local *cl)
{
	struct x86_percpu *pc = cl->id ? kzalloc(sizeof(*pc)) : &boot_percpu;
	int err;

	if (!pc)
		return -ENOMEM;
	pc->self = pc;
	pc->local = cl;
	pc->cpu = cl->id;
	pc->apic_id = (u32)cl->hwid;
	err = percpu_setup_tss(pc);
	if (err) {
		if (cl->id)
			kfree(pc);
		return err;
	}
	cl->arch = pc;
	return 0;
}

int arch_cpu_local_init(struct cpu_local *cl)
{
	struct x86_percpu *pc;

	if (!cl->arch) {
		int err = x86_percpu_prepare(cl);

		if (err)
			return err;
	}
	pc = cl->arch;
	x86_gdt_load(pc->gdt);
	x86_wrmsr(X86_MSR_GS_BASE, (u64)(uintptr_t)pc);
	x86_wrmsr(X86_MSR_KERNEL_GS_BASE, 0);
	__atomic_store_n(&x86_percpu_live, true, __ATOMIC_RELEASE);
	return 0;
}

void arch_task_set_kernel_stack(uintptr_t top)
{
	struct x86_percpu *pc;

	if (!__atomic_load_n(&x86_percpu_live, __ATOMIC_RELAXED))
		return;
	pc = x86_percpu_this();
	pc->tss.rsp[0] = top;
	pc->kernel_sp = top;
}

bool arch_irqs_enabled(void)
{
	return x86_read_rflags() & X86_RFLAGS_IF;
}

/* sti takes effect after the next instruction, so no interrupt slips in before hlt. */
void arch_cpu_idle(void)
{
	asm volatile("sti; hlt" ::: "memory");
}

/*
 * The frame arch_task_switch() pops for a new task: six callee-saved registers (rbp 0 ends
 * backtraces), then @entry as the return address, then a zero "return address" for @entry so
 * that it starts with the stack as a call leaves it.
 */
uintptr_t arch_task_stack_init(uintptr_t stack_top, void (*entry)(void))
{
	u64 *sp = (u64 *)ALIGN_DOWN(stack_top, 16);

	*--sp = 0;
	*--sp = (u64)(uintptr_t)entry;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	return (uintptr_t)sp;
}
