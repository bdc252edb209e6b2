// SPDX-License-Identifier: MPL-2.0
// Console internals shared by hal/log/ and hal_main(): setup and the panic path.
#ifndef HAL_PRINTK_H
#define HAL_PRINTK_H

#include <hal/compiler.h>

/* log_init - read "loglevel=N", "quiet" and "debug" from the boot command line. Boot CPU. */
void log_init(void);

/* log_console_level - messages with a level below this number reach the console. */
int log_console_level(void);

/*
 * log_enter_panic - from now on the console ignores its lock, so a CPU that panicked while
 * another held it (or while holding it itself) can still print. Any context.
 */
void log_enter_panic(void);

/* printk_always - a timestamped line that no console level filters out (panic headlines). */
void printk_always(const char *fmt, ...) __printf(1, 2);

#endif /* HAL_PRINTK_H */
