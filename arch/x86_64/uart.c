// SPDX-License-Identifier: MPL-2.0
// Early console: a polled 16550 UART on an I/O port (COM1 by default), 115200 8N1; its
// receive interrupt (ISA IRQ 4 for COM1) feeds console input.
#include <hal/arch.h>
#include <hal/arch_console.h>
#include <hal/irq.h>
#include <arch/boot.h>
#include <arch/cpu.h>

#define UART_BASE CONFIG_X86_EARLY_UART_PORT
#define UART_THR  0 /* transmit holding (DLAB=0) */
#define UART_RBR  0 /* receive buffer (DLAB=0) */
#define UART_DLL  0 /* divisor low (DLAB=1) */
#define UART_IER  1 /* interrupt enable (DLAB=0) */
#define UART_DLM  1 /* divisor high (DLAB=1) */
#define UART_FCR  2
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5

#define LCR_8N1		 0x03
#define LCR_DLAB	 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS	 0x03
#define LSR_THRE	 0x20
#define LSR_DR		 0x01 /* a received byte is waiting */
#define IER_RX		 0x01 /* interrupt on received data */
#define MCR_OUT2	 0x08 /* gates the UART interrupt onto the ISA line on PCs */
#define UART_IRQ	 4

/* A missing UART reads as 0xff (THRE set), so this bound only matters for a stuck one. */
#define UART_SPIN_LIMIT 100000

/* x86_uart_init - program the UART for 115200 8N1 (divisor 1 of 1.8432 MHz / 16), polled. */
void x86_uart_init(void)
{
	x86_outb(UART_BASE + UART_IER, 0);
	x86_outb(UART_BASE + UART_LCR, LCR_DLAB);
	x86_outb(UART_BASE + UART_DLL, 1);
	x86_outb(UART_BASE + UART_DLM, 0);
	x86_outb(UART_BASE + UART_LCR, LCR_8N1);
	x86_outb(UART_BASE + UART_FCR, FCR_ENABLE_CLEAR);
	x86_outb(UART_BASE + UART_MCR, MCR_DTR_RTS);
}

static void uart_put_raw(char c)
{
	for (int i = 0; i < UART_SPIN_LIMIT; i++) {
		if (x86_inb(UART_BASE + UART_LSR) & LSR_THRE)
			break;
		arch_cpu_relax();
	}
	x86_outb(UART_BASE + UART_THR, (u8)c);
}

void arch_early_putc(char c)
{
	if (c == '\n')
		uart_put_raw('\r');
	uart_put_raw(c);
}

static void (*rx_push)(u8 c);

/* The receive interrupt: drain every byte the FIFO holds (bounded for a stuck UART). */
static void uart_rx_irq(void *arg)
{
	(void)arg;
	for (int i = 0; i < 256 && (x86_inb(UART_BASE + UART_LSR) & LSR_DR); i++)
		rx_push(x86_inb(UART_BASE + UART_RBR));
}

int arch_console_rx_init(void (*push)(u8 c))
{
	int irq;

	rx_push = push;
	irq = irq_request_line(UART_IRQ, IRQ_ISA, uart_rx_irq, NULL, "ttyS0");
	if (irq < 0)
		return irq;
	x86_outb(UART_BASE + UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	x86_outb(UART_BASE + UART_IER, IER_RX);
	uart_rx_irq(NULL); /* bytes that arrived before the interrupt was on */
	return 0;
}
