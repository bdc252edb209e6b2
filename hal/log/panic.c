// SPDX-License-Identifier: MPL-2.0
// panic, fatal traps, BUG and WARN: report with a symbolized backtrace, then stop the machine.
#include <hal/arch.h>
#include <hal/irq_core.h>
#include <hal/ksyms.h>
#include <hal/lib/printf.h>
#include <hal/log.h>
#include <hal/printk.h>
#include <hal/task.h>

/* Exit code for scripts/qemu-run: anything but 0 and the runner's own 124..126. */
#define PANIC_EXIT_CODE 3
#define PANIC_MSG_MAX	256

static u32 panic_depth;
static char panic_msg[PANIC_MSG_MAX];

static void emergency_puts(const char *s)
{
	while (*s)
		arch_early_putc(*s++);
}

/* The CPU running the panic path; others that panic meanwhile stop quietly. */
static u32 panic_cpu = ~0u;

static unsigned int this_cpu(void)
{
	return IS_ENABLED(CONFIG_ARCH_HAS_TASKS) ? cpu_id() : 0;
}

/*
 * Enter the panic path with interrupts off. Only the first CPU to panic reports; a second
 * CPU panicking at the same time halts, so the first report is not cut short. A panic inside
 * the panic path (a fault while printing or unwinding) must not recurse: the second one only
 * tries to power off, any later one halts.
 */
static void panic_enter(void)
{
	u32 me, owner = ~0u, depth;

	arch_irq_save();
	me = this_cpu();
	if (!__atomic_compare_exchange_n(&panic_cpu, &owner, me, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST) &&
	    owner != me)
		arch_halt();
	depth = __atomic_fetch_add(&panic_depth, 1, __ATOMIC_SEQ_CST);
	if (depth == 1) {
		emergency_puts("\nKernel panic: recursive panic; powering off\n");
		arch_poweroff(PANIC_EXIT_CODE);
	}
	if (depth > 1)
		arch_halt();
	/* Stop the other CPUs so that the report is the last thing the machine does. */
	if (IS_ENABLED(CONFIG_ARCH_HAS_IRQ))
		irq_send_ipi_others(IPI_STOP);
	log_enter_panic();
}

/* Where it happened: the CPU and the task, as a person reading the report wants first. */
static void panic_where(void)
{
	if (IS_ENABLED(CONFIG_ARCH_HAS_TASKS))
		log_raw("CPU: %u  Task: %s\n", cpu_id(), task_name(task_current()));
}

static void __noreturn panic_finish(void)
{
	log_raw("---[ end Kernel panic ]---\n");
	arch_poweroff(PANIC_EXIT_CODE);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	int len;

	panic_enter();
	va_start(ap, fmt);
	len = vscnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	if (len && panic_msg[len - 1] == '\n')
		panic_msg[len - 1] = '\0';
	printk_always("Kernel panic: %s\n", panic_msg);
	panic_where();
	dump_backtrace(NULL);
	panic_finish();
}

void hal_trap_panic(const char *what, const struct arch_regs *regs)
{
	panic_enter();
	printk_always("Kernel panic: fatal %s in kernel mode\n", what);
	panic_where();
	arch_regs_dump(regs);
	dump_backtrace(regs);
	panic_finish();
}

void __bug(const char *file, int line, const char *cond)
{
	panic("BUG at %s:%d: %s", file, line, cond);
}

void __warn(const char *file, int line, const char *cond)
{
	printk_always("WARNING: at %s:%d: %s\n", file, line, cond);
	panic_where();
	dump_backtrace(NULL);
	log_raw("---[ end trace ]---\n");
}
