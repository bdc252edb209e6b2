// SPDX-License-Identifier: MPL-2.0
// ELF64 executables for exec: validate an untrusted file's headers and turn them into a load
// plan (page-aligned segments, entry, program-header address, interpreter) for the loader.
#ifndef SERVICES_ELF_H
#define SERVICES_ELF_H

#include <hal/types.h>

/* e_machine values of the architectures Keel runs on. */
#define EM_X86_64  62
#define EM_AARCH64 183
#define EM_RISCV   243

#define ET_EXEC 2
#define ET_DYN	3

/* Segment protections, with the values of Linux's PROT_READ/WRITE/EXEC. */
#define ELF_PROT_READ  0x1
#define ELF_PROT_WRITE 0x2
#define ELF_PROT_EXEC  0x4

#define ELF_MAX_LOADS  32   /* PT_LOAD segments in one plan (real programs have 2-5) */
#define ELF_INTERP_MAX 4096 /* PATH_MAX, NUL included */

/*
 * One PT_LOAD segment, at its link-time address (add the load bias for a PIE). The loader
 * maps file pages [map_off, map_off + (file_end_page - map_start)) at map_start, zeroes
 * [file_end, file_end_page) in the last file page, and maps anonymous zero pages over
 * [file_end_page, map_end). A segment without file bytes has file_end_page == map_start.
 */
struct elf_segment {
	u64 vaddr; /* as in the program header */
	u64 memsz;
	u64 filesz;
	u64 offset;
	u64 map_start;	   /* vaddr rounded down to a page */
	u64 map_off;	   /* the file offset mapped at map_start */
	u64 file_end;	   /* vaddr + filesz */
	u64 file_end_page; /* file_end rounded up to a page, or map_start when filesz is 0 */
	u64 map_end;	   /* vaddr + memsz rounded up to a page */
	u32 prot;	   /* ELF_PROT_* */
};

/* The PT_TLS template: initialised data [vaddr, vaddr + filesz), zeroes up to memsz. */
struct elf_tls {
	bool present;
	u64 vaddr;
	u64 filesz;
	u64 memsz;
	u64 align;
};

/* What elf_parse() found; about 6 KiB, so allocate it rather than keep it on the stack. */
struct elf_plan {
	u16 type;	/* ET_EXEC or ET_DYN */
	bool pie;	/* ET_DYN: loaded at a bias the loader chooses */
	u64 entry;	/* e_entry, unbiased */
	u64 phdr_vaddr; /* where the program headers are mapped (AT_PHDR), 0 if nowhere */
	u16 phnum;	/* AT_PHNUM */
	u16 phentsize;	/* AT_PHENT */
	u64 lo;		/* the page-aligned span [lo, hi) of every segment */
	u64 hi;
	u64 max_align;	/* the largest power-of-two p_align of a PT_LOAD, at least a page */
	bool has_stack; /* a PT_GNU_STACK was present ... */
	u32 stack_prot; /* ... and asked for this stack protection */
	struct elf_tls tls;
	bool has_interp; /* PT_INTERP: @interp is the dynamic loader's path */
	char interp[ELF_INTERP_MAX];
	u32 nr_segments;
	struct elf_segment seg[ELF_MAX_LOADS];
};

/*
 * The file being parsed: @size bytes, read through @read (@ctx, offset, buffer, length),
 * which returns 0 or a negative errno and is only asked for ranges inside @size.
 */
struct elf_file {
	u64 size;
	int (*read)(void *ctx, u64 off, void *buf, size_t len);
	void *ctx;
};

/*
 * What the running kernel can load: its ELF machine, page size (a power of two) and the
 * first address above user space (segments must end at or below it; 0: no limit).
 */
struct elf_target {
	u16 machine;
	u64 page_size;
	u64 user_top;
};

/*
 * elf_parse - validate @f as an ELF64 executable for @t and fill @plan. Checked: the
 * identification (magic, class 64, little-endian, version 1), type ET_EXEC or ET_DYN, the
 * machine, e_phentsize and a program-header table inside the file (at most 64 KiB); each
 * PT_LOAD (filesz <= memsz, vaddr + memsz without overflow and below user_top, file bytes
 * inside the file, vaddr and offset congruent modulo the page size, ascending and
 * non-overlapping); PT_INTERP (2..PATH_MAX bytes inside the file, NUL-terminated);
 * PT_TLS. Returns 0; -ENOEXEC when the file is not an ELF executable this kernel runs
 * (bad identification, type, machine, program-header table, interpreter, no PT_LOAD or
 * more than ELF_MAX_LOADS); -EINVAL for an inconsistent segment; or @f->read's error.
 * May sleep if @f->read does.
 */
int elf_parse(const struct elf_file *f, const struct elf_target *t, struct elf_plan *plan);

/* elf_parse_mem - elf_parse() of the @len bytes at @img (a file already in memory). */
int elf_parse_mem(const void *img, size_t len, const struct elf_target *t, struct elf_plan *plan);

#endif /* SERVICES_ELF_H */
