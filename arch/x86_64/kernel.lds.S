/* SPDX-License-Identifier: MPL-2.0 */
/*
 * x86_64 kernel image: linked at KERNEL_VMA_BASE + 1 MiB, loaded at 1 MiB (AT() gives the
 * physical load addresses). The multiboot2 header and the PVH note come first, so both sit
 * in the first 32 KiB of the file (multiboot2 requires it for its header).
 */
#include <hal/lds.h>
#include <arch/layout.h>

#define LMA(sec) AT(ADDR(sec) - KERNEL_VMA_BASE)

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(x86_mb2_entry)

PHDRS
{
	text PT_LOAD FLAGS(5);		/* R X */
	rodata PT_LOAD FLAGS(4);	/* R */
	data PT_LOAD FLAGS(6);		/* R W */
	note PT_NOTE FLAGS(4);
}

SECTIONS
{
	. = KERNEL_VMA_BASE + KERNEL_LOAD_PHYS;
	_kernel_start = .;

	.boot : LMA(.boot) {
		KEEP(*(.multiboot2))
	} :text

	.note.Xen : LMA(.note.Xen) {
		KEEP(*(.note.Xen))
	} :text :note

	.text : LMA(.text) {
		_stext = .;
		KEEP(*(.boot.text))
		*(.text .text.*)
		_etext = .;
	} :text

	. = ALIGN(4096);
	.rodata : LMA(.rodata) {
		_srodata = .;
		*(.rodata .rodata.*)
		KEEL_KTEST_CASES
		KEEL_INITCALLS
		KEEL_EXTABLE
	} :rodata

	KEEL_KSYMS :rodata
	_erodata = .;

	. = ALIGN(4096);
	.data : LMA(.data) {
		_sdata = .;
		*(.data .data.*)
		_edata = .;
	} :data

	.bss : LMA(.bss) {
		. = ALIGN(16);
		_sbss = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		_ebss = .;
	} :data
	_kernel_end = .;

	/DISCARD/ : {
		*(.comment)
		*(.eh_frame .eh_frame_hdr)
		*(.note.GNU-stack)
		*(.note.gnu.*)
	}
}
