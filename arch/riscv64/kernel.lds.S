/* SPDX-License-Identifier: MPL-2.0 */
/*
 * riscv64 kernel image: linked and run at RAM base + 2 MiB (MMU off). head.S's Image header
 * comes first, because the raw Image starts with it.
 */
#include <hal/lds.h>
#include <arch/layout.h>

OUTPUT_ARCH(riscv)
ENTRY(_start)

SECTIONS
{
	. = RV_KERNEL_BASE;
	_kernel_start = .;

	.text : {
		_stext = .;
		KEEP(*(.head.text))
		*(.text .text.*)
		_etext = .;
	}

	. = ALIGN(4096);
	.rodata : {
		_srodata = .;
		*(.rodata .rodata.* .srodata .srodata.*)
		KEEL_KTEST_CASES
		KEEL_INITCALLS
	}

	KEEL_KSYMS
	_erodata = .;

	. = ALIGN(4096);
	.data : {
		_sdata = .;
		*(.data .data.* .sdata .sdata.*)
		_edata = .;
	}

	.bss (NOLOAD) : {
		. = ALIGN(16);
		_sbss = .;
		*(.sbss .sbss.* .bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		_ebss = .;
	}
	_kernel_end = .;
	_kernel_size = _kernel_end - _kernel_start;

	/DISCARD/ : {
		*(.comment)
		*(.eh_frame .eh_frame_hdr)
		*(.note.GNU-stack)
		*(.note.gnu.*)
	}
}
