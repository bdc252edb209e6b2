/* SPDX-License-Identifier: MPL-2.0 */
/* Linker-script fragments every arch's kernel.lds.S uses (preprocessed with the C preprocessor). */
#ifndef HAL_LDS_H
#define HAL_LDS_H

/* Linker-script text, not C: */
/* clang-format off */

/* KTEST() cases: an array of struct ktest_case between __ktest_start and __ktest_end. */
#define KEEL_KTEST_CASES                       \
	. = ALIGN(8);                          \
	__ktest_start = .;                     \
	KEEP(*(.ktest_cases))                  \
	__ktest_end = .;

/* hal_initcall() functions, sorted by level: see hal/internal/hal/initcall.h. */
#define KEEL_INITCALLS                         \
	. = ALIGN(8);                          \
	__initcall_start = .;                  \
	KEEP(*(SORT(.initcall.*)))             \
	__initcall_end = .;

/* Exception-table entries (faulting instruction -> fixup) from the arch's user-copy code. */
#define KEEL_EXTABLE                           \
	. = ALIGN(8);                          \
	__start___ex_table = .;                \
	KEEP(*(__ex_table))                    \
	__stop___ex_table = .;

/*
 * The symbol table for backtraces, filled in by the second link pass. It must come after
 * .text and .rodata in the image so that its size cannot move any function.
 */
#define KEEL_KSYMS                             \
	.ksyms : {                             \
		. = ALIGN(8);                  \
		__ksyms_start = .;             \
		KEEP(*(.ksyms))                \
		__ksyms_end = .;               \
	}

/* clang-format on */

#endif /* HAL_LDS_H */
