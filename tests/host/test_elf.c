// SPDX-License-Identifier: MPL-2.0
// Host tests for services/elf: real Debian binaries and programs built at test time (musl
// static, glibc static and static-pie, dynamic) must parse as readelf reads them; hand-made,
// truncated and corrupted files must get -ENOEXEC/-EINVAL, never a crash.
// sources: services/elf/elf.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "keel_host.h"
#include <services/elf.h>

#define PAGE 4096ull
#define TOP  0x800000000000ull /* x86_64 user space with 4-level paging */

static const struct elf_target x86 = { .machine = EM_X86_64, .page_size = PAGE, .user_top = TOP };
static char tmpdir[64];

/* ---- Helpers ------------------------------------------------------------------------------ */

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	*len = n;
	return buf;
}

static struct elf_plan *new_plan(void)
{
	struct elf_plan *p = malloc(sizeof(*p));

	assert_non_null(p);
	memset(p, 0xa5, sizeof(*p)); /* elf_parse() must not rely on a zeroed plan */
	return p;
}

/* What readelf says about a file. */
struct ref_load {
	uint64_t offset, vaddr, filesz, memsz;
	uint32_t prot;
};

struct ref {
	int type;
	uint64_t entry, phoff;
	unsigned int phnum, nr_loads;
	struct ref_load load[ELF_MAX_LOADS];
	char interp[256];
	bool has_stack, has_tls;
	uint32_t stack_prot;
	uint64_t tls_vaddr, tls_filesz, tls_memsz, tls_align, pt_phdr;
};

static uint32_t prot_of_flags(const char *s)
{
	return (strchr(s, 'R') ? ELF_PROT_READ : 0) | (strchr(s, 'W') ? ELF_PROT_WRITE : 0) |
	       (strchr(s, 'E') ? ELF_PROT_EXEC : 0);
}

/* One program-header line: "TYPE off vaddr paddr filesz memsz FLAGS align". */
static void ref_phdr(struct ref *r, const char *line)
{
	char type[32], flags[16] = "";
	unsigned long long off, va, pa, fs, ms, align;
	const char *last;
	int n;

	if (sscanf(line, " %31s 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx %n", type, &off, &va, &pa, &fs,
		   &ms, &n) != 6)
		return;
	last = strrchr(line, ' ');
	snprintf(flags, sizeof(flags), "%.*s", (int)(last - (line + n)), line + n);
	align = strtoull(last + 1, NULL, 16);
	if (!strcmp(type, "LOAD") && ms) {
		assert_true(r->nr_loads < ELF_MAX_LOADS);
		r->load[r->nr_loads++] = (struct ref_load){ off, va, fs, ms, prot_of_flags(flags) };
	} else if (!strcmp(type, "GNU_STACK")) {
		r->has_stack = true;
		r->stack_prot = prot_of_flags(flags);
	} else if (!strcmp(type, "TLS") && !r->has_tls) {
		r->has_tls = true;
		r->tls_vaddr = va;
		r->tls_filesz = fs;
		r->tls_memsz = ms;
		r->tls_align = align;
	} else if (!strcmp(type, "PHDR")) {
		r->pt_phdr = va;
	}
}

static bool read_ref(const char *path, struct ref *r)
{
	char cmd[512], line[512];
	unsigned long long v;
	FILE *p;

	memset(r, 0, sizeof(*r));
	snprintf(cmd, sizeof(cmd), "readelf -hlW %s 2>/dev/null", path);
	p = popen(cmd, "r");
	if (!p)
		return false;
	while (fgets(line, sizeof(line), p)) {
		if (strstr(line, "Type:") && strstr(line, "EXEC"))
			r->type = ET_EXEC;
		else if (strstr(line, "Type:") && strstr(line, "DYN"))
			r->type = ET_DYN;
		else if (sscanf(line, " Entry point address: 0x%llx", &v) == 1)
			r->entry = v;
		else if (sscanf(line, " Start of program headers: %llu", &v) == 1)
			r->phoff = v;
		else if (sscanf(line, " Number of program headers: %llu", &v) == 1)
			r->phnum = (unsigned int)v;
		else if (sscanf(line, " [Requesting program interpreter: %255[^]]", r->interp) == 1)
			continue;
		else
			ref_phdr(r, line);
	}
	return pclose(p) == 0 && r->type;
}

/* Parse @path and compare every field of the plan with readelf's view. */
static void check_real(const char *path, bool want_pie, bool want_interp)
{
	struct elf_plan *plan = new_plan();
	struct ref r;
	size_t len, i;
	uint8_t *img = read_file(path, &len);
	uint64_t phdr = 0;

	assert_non_null(img);
	assert_true(read_ref(path, &r));
	assert_int_equal(elf_parse_mem(img, len, &x86, plan), 0);
	assert_int_equal(plan->type, r.type);
	assert_int_equal(plan->pie, want_pie);
	assert_int_equal(plan->entry, r.entry);
	assert_int_equal(plan->phnum, r.phnum);
	assert_int_equal(plan->phentsize, 56);
	assert_int_equal(plan->has_interp, want_interp);
	if (want_interp)
		assert_string_equal(plan->interp, r.interp);
	assert_int_equal(plan->nr_segments, r.nr_loads);
	for (i = 0; i < r.nr_loads; i++) {
		const struct elf_segment *s = &plan->seg[i];
		const struct ref_load *l = &r.load[i];

		assert_int_equal(s->vaddr, l->vaddr);
		assert_int_equal(s->offset, l->offset);
		assert_int_equal(s->filesz, l->filesz);
		assert_int_equal(s->memsz, l->memsz);
		assert_int_equal(s->prot, l->prot);
		assert_int_equal(s->map_start, l->vaddr & ~(PAGE - 1));
		assert_int_equal(s->map_end, (l->vaddr + l->memsz + PAGE - 1) & ~(PAGE - 1));
		assert_int_equal(s->map_off, l->offset & ~(PAGE - 1));
		assert_int_equal(s->file_end, l->vaddr + l->filesz);
		if (l->offset <= r.phoff && r.phoff < l->offset + l->filesz)
			phdr = r.phoff - l->offset + l->vaddr;
	}
	assert_int_equal(plan->phdr_vaddr, phdr ? phdr : r.pt_phdr);
	assert_int_equal(plan->lo, plan->seg[0].map_start);
	assert_int_equal(plan->hi, plan->seg[plan->nr_segments - 1].map_end);
	assert_int_equal(plan->has_stack, r.has_stack);
	if (r.has_stack)
		assert_int_equal(plan->stack_prot, r.stack_prot);
	assert_int_equal(plan->tls.present, r.has_tls);
	if (r.has_tls) {
		assert_int_equal(plan->tls.vaddr, r.tls_vaddr);
		assert_int_equal(plan->tls.filesz, r.tls_filesz);
		assert_int_equal(plan->tls.memsz, r.tls_memsz);
		assert_int_equal(plan->tls.align, r.tls_align);
	}
	/* Another machine's kernel refuses it. */
	struct elf_target arm = x86;
	arm.machine = EM_AARCH64;
	assert_int_equal(elf_parse_mem(img, len, &arm, plan), -ENOEXEC);
	print_message("# elf: %s: %s%s, %u PT_LOAD, entry %#llx%s%s\n", path,
		      r.type == ET_EXEC ? "ET_EXEC" : "ET_DYN", want_pie ? " (PIE)" : "",
		      r.nr_loads, (unsigned long long)r.entry, want_interp ? ", interp " : "",
		      want_interp ? r.interp : "");
	free(plan);
	free(img);
}

static bool build(const char *cc, const char *flags, const char *out)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "exec 2>/dev/null; %s %s -O2 -o %s/%s %s/hello.c", cc, flags,
		 tmpdir, out, tmpdir);
	return system(cmd) == 0;
}

/* ---- Real binaries -------------------------------------------------------------------------- */

static void test_debian_binaries(void **state)
{
	(void)state;
	if (system("command -v readelf >/dev/null"))
		skip();
	if (!access("/bin/busybox", R_OK))
		check_real("/bin/busybox", false, false);
	if (!access("/bin/ls", R_OK))
		check_real("/bin/ls", true, true);
	if (!access("/lib64/ld-linux-x86-64.so.2", R_OK))
		check_real("/lib64/ld-linux-x86-64.so.2", true, false);
}

static void test_built_binaries(void **state)
{
	static const struct {
		const char *cc, *flags, *out;
		bool pie, interp;
	} progs[] = {
		{ "musl-gcc", "-static", "hello-musl", false, false },
		/* Debian's musl-gcc has no -static-pie: a dynamic PIE against musl's loader. */
		{ "musl-gcc", "-pie -fPIE", "hello-musl-pie", true, true },
		{ "gcc", "-static", "hello-static", false, false },
		{ "gcc", "-static-pie", "hello-static-pie", true, false },
		{ "gcc", "-pie", "hello-dyn", true, true },
		{ "gcc", "-no-pie", "hello-nopie", false, true },
	};
	char path[256];
	unsigned int i, built = 0;

	(void)state;
	if (system("command -v readelf >/dev/null"))
		skip();
	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		if (!build(progs[i].cc, progs[i].flags, progs[i].out)) {
			print_message("# elf: %s %s not available here\n", progs[i].cc,
				      progs[i].flags);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", tmpdir, progs[i].out);
		check_real(path, progs[i].pie, progs[i].interp);
		built++;
	}
	assert_true(built >= 4); /* gcc and musl-gcc static at least (scripts/install-deps) */
}

/* ---- Hand-made files -------------------------------------------------------------------------- */

struct fake {
	uint8_t buf[8192];
	size_t len;
	unsigned int phnum;
};

static void put_le(uint8_t *p, uint64_t v, unsigned int bytes)
{
	while (bytes--) {
		*p++ = (uint8_t)v;
		v >>= 8;
	}
}

/* An ET_EXEC for x86_64 with its program headers at 64 and no headers yet. */
static void fake_init(struct fake *f, unsigned int type)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->buf, "\177ELF\2\1\1", 7);
	put_le(f->buf + 16, type, 2);
	put_le(f->buf + 18, EM_X86_64, 2);
	put_le(f->buf + 20, 1, 4);
	put_le(f->buf + 24, 0x401000, 8); /* entry */
	put_le(f->buf + 32, 64, 8);	  /* phoff */
	put_le(f->buf + 52, 64, 2);
	put_le(f->buf + 54, 56, 2);
	f->len = sizeof(f->buf);
}

static void fake_phdr(struct fake *f, uint32_t type, uint32_t flags, uint64_t off, uint64_t va,
		      uint64_t filesz, uint64_t memsz, uint64_t align)
{
	uint8_t *p = f->buf + 64 + 56 * f->phnum++;

	put_le(p, type, 4);
	put_le(p + 4, flags, 4);
	put_le(p + 8, off, 8);
	put_le(p + 16, va, 8);
	put_le(p + 24, va, 8);
	put_le(p + 32, filesz, 8);
	put_le(p + 40, memsz, 8);
	put_le(p + 48, align, 8);
	put_le(f->buf + 56, f->phnum, 2);
}

/* The usual pair: text at 0x400000 (with the headers), data and bss at 0x402100. */
static void fake_basic(struct fake *f)
{
	fake_init(f, ET_EXEC);
	fake_phdr(f, 1, 5, 0, 0x400000, 0x1800, 0x1800, 0x1000);
	fake_phdr(f, 1, 6, 0x1100, 0x402100, 0x200, 0x3000, 0x1000);
	fake_phdr(f, 0x6474e551, 6, 0, 0, 0, 0, 16);
}

static int parse_fake(struct fake *f, struct elf_plan *plan)
{
	return elf_parse_mem(f->buf, f->len, &x86, plan);
}

static void test_plan_layout(void **state)
{
	struct elf_plan *plan = new_plan();
	struct fake f;

	(void)state;
	fake_basic(&f);
	fake_phdr(&f, 7, 4, 0x1200, 0x402200, 0x10, 0x30, 8); /* PT_TLS */
	assert_int_equal(parse_fake(&f, plan), 0);
	assert_int_equal(plan->type, ET_EXEC);
	assert_false(plan->pie);
	assert_int_equal(plan->entry, 0x401000);
	assert_int_equal(plan->nr_segments, 2);
	assert_int_equal(plan->phdr_vaddr, 0x400040);
	assert_int_equal(plan->seg[0].prot, ELF_PROT_READ | ELF_PROT_EXEC);
	assert_int_equal(plan->seg[0].map_end, 0x402000);
	assert_int_equal(plan->seg[0].file_end_page, 0x402000);
	const struct elf_segment *d = &plan->seg[1];
	assert_int_equal(d->prot, ELF_PROT_READ | ELF_PROT_WRITE);
	assert_int_equal(d->map_start, 0x402000);
	assert_int_equal(d->map_off, 0x1000);
	assert_int_equal(d->file_end, 0x402300);
	assert_int_equal(d->file_end_page, 0x403000);
	assert_int_equal(d->map_end, 0x406000);
	assert_int_equal(plan->lo, 0x400000);
	assert_int_equal(plan->hi, 0x406000);
	assert_int_equal(plan->max_align, PAGE);
	assert_true(plan->has_stack);
	assert_int_equal(plan->stack_prot, ELF_PROT_READ | ELF_PROT_WRITE);
	assert_true(plan->tls.present);
	assert_int_equal(plan->tls.memsz, 0x30);
	assert_false(plan->has_interp);

	/* ET_DYN at 0 with 2 MiB alignment, a bss-only segment, an empty one skipped. */
	fake_init(&f, ET_DYN);
	fake_phdr(&f, 6, 4, 64, 64, 56 * 4, 56 * 4, 8); /* PT_PHDR */
	fake_phdr(&f, 1, 5, 0, 0, 0x500, 0x500, 0x200000);
	fake_phdr(&f, 1, 6, 0x500, 0x600000, 0, 0, 0x1000);
	fake_phdr(&f, 1, 6, 0x500, 0x600000, 0, 0x2345, 0x1000);
	assert_int_equal(parse_fake(&f, plan), 0);
	assert_true(plan->pie);
	assert_int_equal(plan->nr_segments, 2);
	assert_int_equal(plan->max_align, 0x200000);
	assert_int_equal(plan->phdr_vaddr, 64);
	assert_int_equal(plan->seg[1].file_end_page, 0x600000);
	assert_int_equal(plan->seg[1].map_end, 0x603000);
	assert_false(plan->has_stack);

	/* Headers in no PT_LOAD: PT_PHDR is the answer, else 0. */
	fake_init(&f, ET_EXEC);
	fake_phdr(&f, 1, 5, 0x1000, 0x401000, 0x100, 0x100, 0x1000);
	assert_int_equal(parse_fake(&f, plan), 0);
	assert_int_equal(plan->phdr_vaddr, 0);
	fake_phdr(&f, 6, 4, 64, 0x400040, 112, 112, 8);
	assert_int_equal(parse_fake(&f, plan), 0);
	assert_int_equal(plan->phdr_vaddr, 0x400040);
	free(plan);
}

static void test_interp(void **state)
{
	struct elf_plan *plan = new_plan();
	struct fake f;

	(void)state;
	fake_basic(&f);
	memcpy(f.buf + 0x300, "/lib/ld-musl-x86_64.so.1", 25);
	fake_phdr(&f, 3, 4, 0x300, 0x400300, 25, 25, 1);
	assert_int_equal(parse_fake(&f, plan), 0);
	assert_true(plan->has_interp);
	assert_string_equal(plan->interp, "/lib/ld-musl-x86_64.so.1");
	/* A second PT_INTERP is ignored, as Linux does. */
	fake_phdr(&f, 3, 4, 0x300, 0x400300, 1, 1, 1);
	assert_int_equal(parse_fake(&f, plan), 0);
	f.phnum--;
	put_le(f.buf + 56, f.phnum, 2);

	uint8_t *ph = f.buf + 64 + 56 * (f.phnum - 1);
	put_le(ph + 32, 24, 8); /* no NUL at the end */
	assert_int_equal(parse_fake(&f, plan), -ENOEXEC);
	put_le(ph + 32, 1, 8); /* shorter than 2 */
	assert_int_equal(parse_fake(&f, plan), -ENOEXEC);
	put_le(ph + 32, ELF_INTERP_MAX + 1, 8);
	assert_int_equal(parse_fake(&f, plan), -ENOEXEC);
	put_le(ph + 32, 25, 8);
	put_le(ph + 8, f.len - 24, 8); /* past the end of the file */
	assert_int_equal(parse_fake(&f, plan), -ENOEXEC);
	put_le(ph + 8, UINT64_MAX - 10, 8);
	assert_int_equal(parse_fake(&f, plan), -ENOEXEC);
	free(plan);
}

/* Patch field @at (@bytes wide) of program header @i with @v and expect @err. */
static void expect_phdr_err(struct fake *f, unsigned int i, unsigned int at, unsigned int bytes,
			    uint64_t v, int err)
{
	struct elf_plan *plan = new_plan();
	uint8_t *p = f->buf + 64 + 56 * i + at;
	uint8_t saved[8];

	memcpy(saved, p, bytes);
	put_le(p, v, bytes);
	assert_int_equal(parse_fake(f, plan), err);
	memcpy(p, saved, bytes);
	assert_int_equal(parse_fake(f, plan), 0);
	free(plan);
}

static void expect_hdr_err(struct fake *f, unsigned int at, unsigned int bytes, uint64_t v)
{
	struct elf_plan *plan = new_plan();
	uint8_t saved[8];

	memcpy(saved, f->buf + at, bytes);
	put_le(f->buf + at, v, bytes);
	assert_int_equal(parse_fake(f, plan), -ENOEXEC);
	memcpy(f->buf + at, saved, bytes);
	assert_int_equal(parse_fake(f, plan), 0);
	free(plan);
}

static void test_bad_headers(void **state)
{
	struct elf_plan *plan = new_plan();
	struct fake f;

	(void)state;
	fake_basic(&f);
	expect_hdr_err(&f, 0, 1, 0x7e);		  /* magic */
	expect_hdr_err(&f, 4, 1, 1);		  /* ELFCLASS32 */
	expect_hdr_err(&f, 5, 1, 2);		  /* big-endian */
	expect_hdr_err(&f, 6, 1, 0);		  /* EI_VERSION */
	expect_hdr_err(&f, 20, 4, 2);		  /* e_version */
	expect_hdr_err(&f, 16, 2, 1);		  /* ET_REL */
	expect_hdr_err(&f, 16, 2, 4);		  /* ET_CORE */
	expect_hdr_err(&f, 18, 2, EM_RISCV);	  /* another machine */
	expect_hdr_err(&f, 54, 2, 32);		  /* e_phentsize of ELF32 */
	expect_hdr_err(&f, 56, 2, 0);		  /* no program headers */
	expect_hdr_err(&f, 56, 2, 0xffff);	  /* PN_XNUM / a table over 64 KiB */
	expect_hdr_err(&f, 32, 8, sizeof(f.buf)); /* table past the end */
	expect_hdr_err(&f, 32, 8, UINT64_MAX - 8);
	/* Files shorter than the ELF header, and a table that ends one byte past the file. */
	for (size_t n = 0; n < 64; n++)
		assert_int_equal(elf_parse_mem(f.buf, n, &x86, plan), -ENOEXEC);
	assert_int_equal(elf_parse_mem(f.buf, 64 + 3 * 56 - 1, &x86, plan), -ENOEXEC);
	/* Only non-LOAD headers: nothing to run. */
	fake_init(&f, ET_EXEC);
	fake_phdr(&f, 0x6474e551, 6, 0, 0, 0, 0, 16);
	assert_int_equal(parse_fake(&f, plan), -ENOEXEC);
	/* More PT_LOADs than a plan holds. */
	fake_init(&f, ET_EXEC);
	for (unsigned int i = 0; i <= ELF_MAX_LOADS; i++)
		fake_phdr(&f, 1, 4, 0, 0x400000 + 0x1000 * i, 0x10, 0x10, 0x1000);
	assert_int_equal(parse_fake(&f, plan), -ENOEXEC);
	/* A bad page size is the caller's error. */
	struct elf_target odd = x86;
	odd.page_size = 3000;
	assert_int_equal(elf_parse_mem(f.buf, f.len, &odd, plan), -EINVAL);
	free(plan);
}

static void test_bad_segments(void **state)
{
	struct fake f;

	(void)state;
	fake_basic(&f);
	fake_phdr(&f, 7, 4, 0x1200, 0x402200, 0x10, 0x30, 8);
	/* Field offsets in a program header: offset 8, vaddr 16, filesz 32, memsz 40, align 48. */
	expect_phdr_err(&f, 1, 32, 8, 0x3001, -EINVAL);		      /* filesz > memsz */
	expect_phdr_err(&f, 1, 40, 8, UINT64_MAX - 0x1000, -EINVAL);  /* vaddr + memsz wraps */
	expect_phdr_err(&f, 1, 40, 8, TOP, -EINVAL);		      /* beyond user space */
	expect_phdr_err(&f, 1, 16, 8, UINT64_MAX - 0x2fff, -EINVAL);  /* page round-up wraps */
	expect_phdr_err(&f, 1, 8, 8, sizeof(f.buf) - 0x100, -EINVAL); /* file bytes past EOF */
	expect_phdr_err(&f, 1, 8, 8, UINT64_MAX - 0x100, -EINVAL);
	expect_phdr_err(&f, 1, 8, 8, 0x1104, -EINVAL);	      /* vaddr, offset not congruent */
	expect_phdr_err(&f, 1, 16, 8, 0x401100, -EINVAL);     /* overlaps the text */
	expect_phdr_err(&f, 1, 16, 8, 0x300100, -EINVAL);     /* descending */
	expect_phdr_err(&f, 3, 32, 8, 0x31, -EINVAL);	      /* TLS filesz > memsz */
	expect_phdr_err(&f, 3, 48, 8, 12, -EINVAL);	      /* TLS align not 2^n */
	expect_phdr_err(&f, 3, 8, 8, sizeof(f.buf), -EINVAL); /* TLS data past EOF */
	/* Accepted: align 0 or not a power of two on a PT_LOAD (Linux ignores it). */
	expect_phdr_err(&f, 1, 48, 8, 0, 0);
	expect_phdr_err(&f, 1, 48, 8, 0x3000, 0);
}

static int failing_read(void *ctx, u64 off, void *buf, size_t len)
{
	(void)ctx, (void)off, (void)buf, (void)len;
	return -EIO;
}

static void test_read_error(void **state)
{
	struct elf_file file = { .size = 1 << 20, .read = failing_read };
	struct elf_plan *plan = new_plan();

	(void)state;
	assert_int_equal(elf_parse(&file, &x86, plan), -EIO);
	free(plan);
}

/* ---- Truncation and corruption ---------------------------------------------------------------- */

/* The invariants a loader relies on, for any plan elf_parse() accepted. */
static void check_plan_sane(const struct elf_plan *plan, size_t size)
{
	uint64_t prev_end = 0;

	assert_true(plan->nr_segments >= 1 && plan->nr_segments <= ELF_MAX_LOADS);
	for (unsigned int i = 0; i < plan->nr_segments; i++) {
		const struct elf_segment *s = &plan->seg[i];

		assert_true(s->filesz <= s->memsz);
		assert_true(s->vaddr >= prev_end);
		assert_true(s->vaddr + s->memsz <= TOP);
		assert_true(!s->filesz || s->offset + s->filesz <= size);
		assert_true(s->map_start <= s->vaddr && s->map_end >= s->vaddr + s->memsz);
		assert_true(s->file_end_page <= s->map_end);
		assert_true(!s->filesz || (s->vaddr - s->offset) % PAGE == 0);
		prev_end = s->vaddr + s->memsz;
	}
	if (plan->has_interp)
		assert_true(memchr(plan->interp, 0, ELF_INTERP_MAX) != NULL);
}

static void test_truncation_and_flips(void **state)
{
	char path[256];
	struct elf_plan *plan = new_plan();
	size_t len, cut, oks = 0, i;
	uint8_t *img, *copy;
	int ret;

	(void)state;
	snprintf(path, sizeof(path), "%s/hello-musl", tmpdir);
	if (!build("musl-gcc", "-static", "hello-musl"))
		snprintf(path, sizeof(path), "/bin/busybox");
	img = read_file(path, &len);
	if (!img)
		skip();
	for (cut = 0; cut < len; cut++) {
		copy = malloc(cut ? cut : 1);
		memcpy(copy, img, cut); /* exactly @cut bytes: ASan catches any overread */
		ret = elf_parse_mem(copy, cut, &x86, plan);
		assert_true(ret == 0 || ret == -ENOEXEC || ret == -EINVAL);
		if (!ret) {
			check_plan_sane(plan, cut);
			oks++;
		}
		free(copy);
	}
	copy = malloc(len);
	for (i = 0; i < 20000; i++) {
		unsigned int flips = 1 + rng() % 4;

		memcpy(copy, img, len);
		while (flips--) {
			/* Mostly the headers, where a flip can change the plan. */
			size_t at = rng() % (rng() % 8 ? 64 + 56 * 12 : len);

			copy[at] ^= (uint8_t)(1u << (rng() % 8));
		}
		ret = elf_parse_mem(copy, len, &x86, plan);
		assert_true(ret == 0 || ret == -ENOEXEC || ret == -EINVAL);
		if (!ret)
			check_plan_sane(plan, len);
	}
	print_message("# elf: %s: %zu truncations (%zu still loadable), 20000 bit-flipped copies\n",
		      path, len, oks);
	free(copy);
	free(img);
	free(plan);
}

static int setup(void **state)
{
	static const char hello[] =
		"#include <stdio.h>\n__thread int tls_var = 5;\n__thread int tls_bss;\n"
		"int main(void) { printf(\"hello %d\\n\", tls_var + tls_bss); return 0; }\n";
	char path[128];
	FILE *f;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/keel-elf-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof(path), "%s/hello.c", tmpdir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(hello, f);
	return fclose(f);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_binaries), cmocka_unit_test(test_built_binaries),
		cmocka_unit_test(test_plan_layout),	cmocka_unit_test(test_interp),
		cmocka_unit_test(test_bad_headers),	cmocka_unit_test(test_bad_segments),
		cmocka_unit_test(test_read_error),	cmocka_unit_test(test_truncation_and_flips),
	};

	return cmocka_run_group_tests_name("elf", tests, setup, teardown);
}
