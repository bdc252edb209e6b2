/* SPDX-License-Identifier: MPL-2.0 */
/* The user program of examples/hello: write(1, "Hello, world\n", 13), then exit(0). */
	.globl _start
	.text
_start:
	movq $1, %rax			/* write */
	movq $1, %rdi			/* stdout */
	movq $message, %rsi
	movq $message_end - message, %rdx
	syscall
	movq $60, %rax			/* exit */
	movq $0, %rdi
	syscall

	.section .rodata
message:
	.ascii "Hello, world\n"
message_end:
