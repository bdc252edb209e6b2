// SPDX-License-Identifier: MPL-2.0
// Kernel logging (pr_*), panic and warnings. Output goes to the console with a timestamp.
#ifndef HAL_LOG_H
#define HAL_LOG_H

#include <hal/compiler.h>
#include <hal/types.h>

enum log_level {
	LOG_EMERG,
	LOG_ALERT,
	LOG_CRIT,
	LOG_ERR,
	LOG_WARNING,
	LOG_NOTICE,
	LOG_INFO,
	LOG_DEBUG,
};

/* A file may define pr_fmt(fmt) before including this header to prefix its messages. */
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/*
 * printk - print one message at @level as "[    s.micros] text". Messages above the
 * console level (command line "loglevel=N", default LOG_INFO) are dropped. Any context;
 * lines from different CPUs are not interleaved.
 */
void printk(int level, const char *fmt, ...) __printf(2, 3);
void vprintk(int level, const char *fmt, va_list ap);

/* log_raw - print without timestamp or level filter (KTAP output, panic dumps). Any context. */
void log_raw(const char *fmt, ...) __printf(1, 2);

#define pr_emerg(fmt, ...)  printk(LOG_EMERG, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(LOG_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(LOG_WARNING, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(LOG_NOTICE, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(LOG_INFO, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)  printk(LOG_DEBUG, pr_fmt(fmt), ##__VA_ARGS__)

/*
 * panic - report a broken invariant and stop: prints the reason, the CPU, a symbolized
 * backtrace, then powers the machine off with a failure code. Never for bad user input.
 */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

void __noreturn __bug(const char *file, int line, const char *cond);
void __warn(const char *file, int line, const char *cond);

#define BUG_ON(cond)                                      \
	do {                                              \
		if (unlikely(cond))                       \
			__bug(__FILE__, __LINE__, #cond); \
	} while (0)

#define WARN_ON(cond)                                      \
	({                                                 \
		bool __w = !!(cond);                       \
		if (unlikely(__w))                         \
			__warn(__FILE__, __LINE__, #cond); \
		unlikely(__w);                             \
	})

#define WARN_ON_ONCE(cond)                                 \
	({                                                 \
		static bool __warned;                      \
		bool __w = !!(cond);                       \
		if (unlikely(__w) && !__warned) {          \
			__warned = true;                   \
			__warn(__FILE__, __LINE__, #cond); \
		}                                          \
		unlikely(__w);                             \
	})

#endif /* HAL_LOG_H */
