// SPDX-License-Identifier: MPL-2.0
// printk and log_raw: format a message, prefix a timestamp, write it to the early console.
#include <hal/arch.h>
#include <hal/cmdline.h>
#include <hal/console.h>
#include <hal/errno.h>
#include <hal/lib/printf.h>
#include <hal/log.h>
#include <hal/printk.h>
#include <hal/rawlock.h>

#ifdef CONFIG_LOG_CONSOLE_LEVEL
#define LOG_CONSOLE_LEVEL_DEFAULT CONFIG_LOG_CONSOLE_LEVEL
#else
#define LOG_CONSOLE_LEVEL_DEFAULT 7
#endif

/* Linux's numbers: "quiet" keeps errors and worse, "debug" shows everything. */
#define LOG_CONSOLE_LEVEL_QUIET 4
#define LOG_CONSOLE_LEVEL_ALL	8

#define LOG_LINE_MAX 1024

/* Serializes the console so lines from different CPUs do not interleave. */
static struct raw_lock console_lock = RAW_LOCK_INIT;
/* Both buffers are used only with console_lock held (or after log_enter_panic()). */
static char line_buf[LOG_LINE_MAX];
static char stamp_buf[32];

static int console_level = LOG_CONSOLE_LEVEL_DEFAULT;
static bool panic_mode;

/* Returns whether the lock was taken: after a panic the holder may be this very CPU. */
static bool console_lock_irqsave(unsigned long *flags)
{
	if (!__atomic_load_n(&panic_mode, __ATOMIC_RELAXED)) {
		*flags = raw_lock_irqsave(&console_lock);
		return true;
	}
	if (raw_trylock_irqsave(&console_lock, flags))
		return true;
	*flags = arch_irq_save();
	return false;
}

static void console_unlock_irqrestore(bool locked, unsigned long flags)
{
	if (locked)
		raw_unlock_irqrestore(&console_lock, flags);
	else
		arch_irq_restore(flags);
}

static void console_out(const char *s, size_t len)
{
	for (size_t i = 0; i < len && s[i]; i++)
		arch_early_putc(s[i]);
}

void console_write(const char *buf, size_t len)
{
	unsigned long flags;
	bool locked = console_lock_irqsave(&flags);

	for (size_t i = 0; i < len; i++)
		arch_early_putc(buf[i]);
	console_unlock_irqrestore(locked, flags);
}

/* Write one formatted message, optionally after a timestamp; ensure it ends a line. */
static void console_emit(bool stamp, const char *fmt, va_list ap)
{
	unsigned long flags;
	bool locked = console_lock_irqsave(&flags);
	int len = vscnprintf(line_buf, sizeof(line_buf), fmt, ap);

	if (stamp) {
		u64 ns = arch_timestamp_ns();
		int n = scnprintf(stamp_buf, sizeof(stamp_buf), "[%5llu.%06llu] ",
				  (unsigned long long)(ns / 1000000000),
				  (unsigned long long)(ns % 1000000000 / 1000));

		console_out(stamp_buf, n);
	}
	console_out(line_buf, len);
	if (stamp && (len == 0 || line_buf[len - 1] != '\n'))
		arch_early_putc('\n');
	console_unlock_irqrestore(locked, flags);
}

void vprintk(int level, const char *fmt, va_list ap)
{
	if (level >= __atomic_load_n(&console_level, __ATOMIC_RELAXED))
		return;
	console_emit(true, fmt, ap);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

void printk_always(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_emit(true, fmt, ap);
	va_end(ap);
}

void log_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_emit(false, fmt, ap);
	va_end(ap);
}

int log_console_level(void)
{
	return __atomic_load_n(&console_level, __ATOMIC_RELAXED);
}

void log_enter_panic(void)
{
	__atomic_store_n(&panic_mode, true, __ATOMIC_RELAXED);
}

void log_init(void)
{
	unsigned long long level;
	int level_err = cmdline_get_ull("loglevel", &level);

	if (cmdline_has("quiet"))
		console_level = LOG_CONSOLE_LEVEL_QUIET;
	if (cmdline_has("debug"))
		console_level = LOG_CONSOLE_LEVEL_ALL;
	if (!level_err)
		console_level = (int)MIN(level, LOG_CONSOLE_LEVEL_ALL);
	else if (level_err != -ENOENT)
		pr_warn("log: ignoring malformed loglevel=%s\n", cmdline_get("loglevel") ?: "");
}
