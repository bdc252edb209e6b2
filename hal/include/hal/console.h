// SPDX-License-Identifier: MPL-2.0
// The system console for services: raw output serialized with the log, and the bytes typed
// on it (the serial port's receive side, where the architecture has one).
#ifndef HAL_CONSOLE_H
#define HAL_CONSOLE_H

#include <hal/types.h>

/*
 * console_write - write @len bytes of @buf to the console, not interleaved with log lines.
 * A '\n' goes out as "\r\n" as the early console sends it. Any context.
 */
void console_write(const char *buf, size_t len);

/*
 * console_read_nonblock - take up to @len received bytes into @buf; returns how many (0 when
 * none are buffered or the console has no input). Any context.
 */
size_t console_read_nonblock(char *buf, size_t len);

/* console_has_input - can this console receive at all (ARCH_HAS_CONSOLE_RX)? */
bool console_has_input(void);

/*
 * console_set_rx_handler - call @fn(@arg) from the receive interrupt after new bytes were
 * buffered (hard interrupt context: wake a waiter or schedule a bottom half, nothing more).
 * NULL @fn removes it. Any context.
 */
void console_set_rx_handler(void (*fn)(void *arg), void *arg);

/*
 * console_rx_inject - buffer @len bytes as if they had been typed (ktests). Any context.
 * Returns how many fit.
 */
size_t console_rx_inject(const char *buf, size_t len);

#endif /* HAL_CONSOLE_H */
