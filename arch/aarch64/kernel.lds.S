/* SPDX-License-Identifier: MPL-2.0 */
/* Link map of the aarch64 kernel: one identity-mapped image at RAM base + text_offset, the
 * Image header first. */
#include <arch/layout.h>
#include <hal/lds.h>

OUTPUT_ARCH(aarch64)
ENTRY(_start)

SECTIONS
{
	. = A64_KERNEL_BASE;
	_kernel_start = .;

	.text : {
		_stext = .;
		KEEP(*(.head.text))
		*(.text.vectors)
		*(.text .text.*)
		_etext = .;
	}

	. = ALIGN(4096);
	.rodata : {
		*(.rodata .rodata.*)
		KEEL_KTEST_CASES
		KEEL_INITCALLS
	}
	KEEL_KSYMS

	. = ALIGN(4096);
	.data : {
		*(.data .data.*)
	}

	.bss (NOLOAD) : {
		. = ALIGN(16);
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}

	. = ALIGN(4096);
	_kernel_end = .;
	/* The Image header's image_size: what the loader must leave free, .bss included. */
	__image_size = _kernel_end - _kernel_start;

	/DISCARD/ : {
		*(.comment)
		*(.note .note.*)
		*(.eh_frame .eh_frame_hdr)
		*(.interp .dynamic .dynsym .dynstr .hash .gnu.hash)
	}
}
