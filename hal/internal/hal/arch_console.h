// SPDX-License-Identifier: MPL-2.0
// The arch contract for console input: the serial port's receive interrupt feeds the
// framework's console buffer (hal/console). Only with ARCH_HAS_CONSOLE_RX.
#ifndef HAL_ARCH_CONSOLE_H
#define HAL_ARCH_CONSOLE_H

#include <hal/types.h>

#ifdef CONFIG_ARCH_HAS_CONSOLE_RX
/*
 * arch_console_rx_init - enable the console UART's receive interrupt and call @push(c) for
 * each byte received, from the interrupt handler. Boot CPU, once, from a late initcall
 * (interrupt controllers are up). Returns 0 or a negative errno (input stays off).
 */
int arch_console_rx_init(void (*push)(u8 c));
#endif

#endif /* HAL_ARCH_CONSOLE_H */
