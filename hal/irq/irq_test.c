// SPDX-License-Identifier: MPL-2.0
// ktests for the interrupt framework: vector allocation, self-IPIs, IPI kinds, MSI blocks,
// bottom halves and line requests. Interrupts are enabled only inside wait_for().
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/irq_core.h>
#include <hal/ktest.h>
#include <hal/task.h>
#include <hal/time.h>

#define WAIT_NS		  (500 * NSEC_PER_MSEC)
#define NR_DEVICE_VECTORS (ARCH_IRQ_DEVICE_LAST - ARCH_IRQ_DEVICE_FIRST + 1)

/* Spin with interrupts on until *@counter reaches @target or @ns pass. */
static bool wait_for(const int *counter, int target, u64 ns)
{
	unsigned long flags = irq_local_save();
	u64 end = time_monotonic_ns() + ns;

	irq_local_enable();
	while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) < target && time_monotonic_ns() < end)
		arch_cpu_relax();
	irq_local_restore(flags);
	return __atomic_load_n(counter, __ATOMIC_ACQUIRE) >= target;
}

struct probe {
	int hits;
	bool in_interrupt;
	unsigned int cpu;
};

static void probe_handler(void *arg)
{
	struct probe *p = arg;

	p->in_interrupt = irq_in_interrupt();
	p->cpu = irq_this_cpu();
	__atomic_fetch_add(&p->hits, 1, __ATOMIC_RELEASE);
}

KTEST(irq, vector_alloc_and_free)
{
	struct probe p = { 0 };
	int v = irq_alloc_vector(probe_handler, &p, "ktest");

	KASSERT_TRUE(v >= ARCH_IRQ_DEVICE_FIRST && v <= ARCH_IRQ_DEVICE_LAST);
	KEXPECT_EQ(irq_count(v), 0);
	KEXPECT_EQ(irq_alloc_vector(NULL, NULL, "ktest"), -EINVAL);
	irq_free(v);
	KEXPECT_EQ(irq_set_handler(v, probe_handler, &p), -EINVAL);
	v = irq_alloc_vector(probe_handler, &p, "ktest");
	KEXPECT_GE(v, ARCH_IRQ_DEVICE_FIRST);
	irq_free(v);
}

KTEST(irq, vectors_run_out)
{
	static int got[NR_DEVICE_VECTORS];
	struct probe p = { 0 };
	int n = 0, v;

	while (n < NR_DEVICE_VECTORS && (v = irq_alloc_vector(probe_handler, &p, "ktest")) >= 0)
		got[n++] = v;
	KEXPECT_EQ(irq_alloc_vector(probe_handler, &p, "ktest"), -ENOSPC);
	KEXPECT_GT(n, NR_DEVICE_VECTORS / 2);
	for (int i = 1; i < n; i++)
		KEXPECT_GT(got[i], got[i - 1]);
	while (n)
		irq_free(got[--n]);
	v = irq_alloc_vector(probe_handler, &p, "ktest");
	KEXPECT_GE(v, 0);
	irq_free(v);
}

KTEST(irq, self_ipi_delivered)
{
	struct probe p = { 0 };
	int v = irq_alloc_vector(probe_handler, &p, "ktest");
	unsigned long flags;
	unsigned int cpu;

	KASSERT_TRUE(v >= 0);
	KEXPECT_FALSE(irq_in_interrupt());
	/* The IPI is pending on this CPU before anything could move the test elsewhere. */
	flags = irq_local_save();
	cpu = irq_this_cpu();
	arch_send_ipi_self(v);
	irq_local_restore(flags);
	KEXPECT_TRUE(wait_for(&p.hits, 1, WAIT_NS));
	KEXPECT_EQ(p.hits, 1);
	KEXPECT_TRUE(p.in_interrupt);
	KEXPECT_EQ(p.cpu, cpu);
	KEXPECT_EQ(irq_count(v), 1);
	irq_free(v);
}

/* Each IPI kind reaches this CPU through its own vector (C's handlers, if any, run). */
KTEST(irq, ipi_kinds_reach_this_cpu)
{
	for (int k = IPI_RESCHEDULE; k <= IPI_TLB_SHOOTDOWN; k++) {
		unsigned int vec = irq_ipi_vector(k);
		u64 before = irq_count(vec);
		unsigned long flags = irq_local_save();
		u64 end = time_monotonic_ns() + WAIT_NS;

		KEXPECT_EQ(irq_send_ipi(irq_this_cpu(), k), 0);
		irq_local_enable();
		while (irq_count(vec) == before && time_monotonic_ns() < end)
			arch_cpu_relax();
		irq_local_restore(flags);
		KEXPECT_EQ(irq_count(vec), before + 1);
	}
}

static void dummy_ipi(void)
{
}

KTEST(irq, ipi_bad_arguments)
{
	KEXPECT_EQ(irq_send_ipi(IRQ_MAX_CPUS, IPI_RESCHEDULE), -EINVAL);
	KEXPECT_EQ(irq_send_ipi(0, IPI_NR_KINDS), -EINVAL);
	KEXPECT_EQ(irq_register_ipi(IPI_STOP, dummy_ipi), -EINVAL);
	KEXPECT_EQ(irq_register_ipi(IPI_NR_KINDS, dummy_ipi), -EINVAL);
	KEXPECT_EQ(irq_register_ipi(IPI_RESCHEDULE, NULL), -EINVAL);
	KEXPECT_TRUE(irq_cpu_online(0));
	KEXPECT_FALSE(irq_cpu_online(IRQ_MAX_CPUS));
	KEXPECT_EQ(irq_cpu_hwid(IRQ_MAX_CPUS), ~0u);
}

KTEST(irq, msi_block_aligned)
{
	struct probe p = { 0 };
	struct msi_msg msg;
	int plain = irq_alloc_vector(probe_handler, &p, "ktest");
	int first = irq_msi_alloc(3, probe_handler, &p);

	KASSERT_TRUE(first >= 0 && plain >= 0);
	KEXPECT_EQ(first % 4, 0);
	for (int i = 0; i < 3; i++) {
		unsigned int vec;
		u32 dest;

		KEXPECT_EQ(irq_msi_compose(first + i, &msg), 0);
		KEXPECT_EQ(irq_target(first + i, &vec, &dest), 0);
		KEXPECT_EQ(vec, first + i);
		KEXPECT_EQ(dest, irq_cpu_hwid(0));
	}
	KEXPECT_EQ(irq_msi_compose(plain, &msg), -EINVAL);
	KEXPECT_EQ(irq_msi_alloc(0, probe_handler, &p), -EINVAL);
	KEXPECT_EQ(irq_msi_alloc(33, probe_handler, &p), -EINVAL);
	KEXPECT_EQ(irq_msi_alloc(1, NULL, &p), -EINVAL);
	irq_msi_free(first, 3);
	KEXPECT_EQ(irq_msi_compose(first, &msg), -EINVAL);
	irq_free(plain);
}

/* Vectors of one block can get their own handlers (one per MSI-X queue). */
KTEST(irq, msi_handler_per_vector)
{
	struct probe a = { 0 }, b = { 0 };
	int first = irq_msi_alloc(2, probe_handler, &a);

	KASSERT_TRUE(first >= 0);
	KEXPECT_EQ(irq_set_handler(first + 1, probe_handler, &b), 0);
	arch_send_ipi_self(first);
	arch_send_ipi_self(first + 1);
	KEXPECT_TRUE(wait_for(&a.hits, 1, WAIT_NS));
	KEXPECT_TRUE(wait_for(&b.hits, 1, WAIT_NS));
	KEXPECT_EQ(a.hits, 1);
	KEXPECT_EQ(b.hits, 1);
	irq_msi_free(first, 2);
}

struct bh_probe {
	struct irq_bh bh;
	struct probe irq;
	int bh_runs;
	int irq_hits_seen; /* by the bottom half */
	bool bh_in_interrupt;
	bool bh_irqs_on;
};

static void bh_fn(void *arg)
{
	struct bh_probe *p = arg;
	unsigned long on = irq_local_save();
	unsigned long off = irq_local_save();

	p->bh_irqs_on = on != off;
	irq_local_restore(on);
	p->bh_in_interrupt = irq_in_interrupt();
	p->irq_hits_seen = __atomic_load_n(&p->irq.hits, __ATOMIC_ACQUIRE);
	__atomic_fetch_add(&p->bh_runs, 1, __ATOMIC_RELEASE);
}

static void bh_scheduling_handler(void *arg)
{
	struct bh_probe *p = arg;

	probe_handler(&p->irq);
	irq_bh_schedule(&p->bh);
}

KTEST(irq, bottom_half_after_handler)
{
	struct bh_probe p = { 0 };
	int v;

	irq_bh_init(&p.bh, bh_fn, &p);
	v = irq_alloc_vector(bh_scheduling_handler, &p, "ktest");
	KASSERT_TRUE(v >= 0);
	arch_send_ipi_self(v);
	KEXPECT_TRUE(wait_for(&p.bh_runs, 1, WAIT_NS));
	KEXPECT_EQ(p.bh_runs, 1);
	KEXPECT_EQ(p.irq_hits_seen, 1);
	KEXPECT_TRUE(p.bh_in_interrupt);
	KEXPECT_TRUE(p.bh_irqs_on);
	irq_free(v);
}

KTEST(irq, bottom_half_from_process_context)
{
	struct bh_probe p = { 0 };
	unsigned long flags;

	irq_bh_init(&p.bh, bh_fn, &p);
	KEXPECT_TRUE(irq_bh_schedule(&p.bh));
	KEXPECT_FALSE(irq_bh_schedule(&p.bh));
	flags = irq_local_save();
	irq_local_enable();
	irq_bh_run_pending();
	irq_local_restore(flags);
	KEXPECT_EQ(p.bh_runs, 1);
	KEXPECT_TRUE(irq_bh_schedule(&p.bh));
	KEXPECT_TRUE(wait_for(&p.bh_runs, 2, WAIT_NS)); /* the tick's exit runs it */
}

KTEST(irq, line_request_errors)
{
	struct probe p = { 0 };
	int irq;

	KEXPECT_EQ(irq_request_line(0, 1u << 7, probe_handler, &p, "ktest"), -EINVAL);
	KEXPECT_EQ(irq_request_line(0, IRQ_ISA, NULL, &p, "ktest"), -EINVAL);
	KEXPECT_EQ(irq_request_line(16, IRQ_ISA, probe_handler, &p, "ktest"), -EINVAL);
	KEXPECT_EQ(irq_request_line(100000, 0, probe_handler, &p, "ktest"), -ENODEV);
	irq = irq_request_line(0, IRQ_ISA, probe_handler, &p, "ktest");
	KASSERT_TRUE(irq >= 0);
	KEXPECT_EQ(irq_request_line(0, IRQ_ISA, probe_handler, &p, "ktest"), -EBUSY);
	KEXPECT_EQ(irq_mask(irq), 0);
	KEXPECT_EQ(irq_unmask(irq), 0);
	irq_free(irq);
	KEXPECT_EQ(irq_mask(irq), -EINVAL);
}

static int cpu_hits[IRQ_MAX_CPUS];

static void per_cpu_handler(void *arg)
{
	__atomic_fetch_add(&cpu_hits[irq_this_cpu()], 1, __ATOMIC_RELEASE);
}

/* A fixed IPI to each other CPU runs the handler there, and only there. */
KTEST(irq, ipi_reaches_every_other_cpu)
{
	unsigned int self, others = 0;
	int v = irq_alloc_vector(per_cpu_handler, NULL, "ktest");

	KASSERT_TRUE(v >= 0);
	preempt_disable(); /* "self" stays true */
	self = irq_this_cpu();
	for (unsigned int cpu = 0; cpu < IRQ_MAX_CPUS; cpu++)
		__atomic_store_n(&cpu_hits[cpu], 0, __ATOMIC_RELEASE);
	for (unsigned int cpu = 0; cpu < IRQ_MAX_CPUS; cpu++) {
		if (cpu == self || !irq_cpu_online(cpu))
			continue;
		others++;
		arch_send_ipi(irq_cpu_hwid(cpu), v);
		KEXPECT_TRUE(wait_for(&cpu_hits[cpu], 1, WAIT_NS));
	}
	KEXPECT_EQ(cpu_hits[self], 0);
	preempt_enable();
	KEXPECT_EQ(irq_count(v), others);
	irq_free(v);
	if (!others)
		KTEST_SKIP("one CPU online");
}
