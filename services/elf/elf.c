// SPDX-License-Identifier: MPL-2.0
// Validate an ELF64 executable (the System V gABI and its Linux extensions) read from an
// untrusted file and describe how to load it. Nothing is mapped here: exec does that.
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <services/elf.h>

#define EHDR_SIZE      64
#define PHDR_SIZE      56
#define MAX_PHDRS_SIZE 65536 /* Linux refuses bigger program-header tables too */
#define PHDR_CHUNK     16    /* program headers read at a time */

#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1

#define PT_LOAD	     1
#define PT_INTERP    3
#define PT_PHDR	     6
#define PT_TLS	     7
#define PT_GNU_STACK 0x6474e551

#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/* The fields of one program header that matter here. */
struct phdr {
	u32 type;
	u32 flags;
	u64 offset;
	u64 vaddr;
	u64 filesz;
	u64 memsz;
	u64 align;
};

/* State of one parse beyond the plan itself. */
struct parse {
	const struct elf_file *f;
	const struct elf_target *t;
	struct elf_plan *plan;
	u64 phoff;
	u64 pt_phdr; /* PT_PHDR's p_vaddr, 0 if absent */
	bool tls_seen;
};

static u64 get_le(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static bool is_pow2(u64 x)
{
	return x && !(x & (x - 1));
}

static u32 prot_of(u32 flags)
{
	return (flags & PF_R ? ELF_PROT_READ : 0) | (flags & PF_W ? ELF_PROT_WRITE : 0) |
	       (flags & PF_X ? ELF_PROT_EXEC : 0);
}

/* Whether [off, off + len) lies inside the file. */
static bool in_file(const struct elf_file *f, u64 off, u64 len)
{
	return off <= f->size && len <= f->size - off;
}

static int check_ehdr(struct parse *p, const u8 *eh)
{
	static const u8 magic[4] = { 0x7f, 'E', 'L', 'F' };
	struct elf_plan *plan = p->plan;
	u64 phnum;

	if (memcmp(eh, magic, 4) || eh[4] != ELFCLASS64 || eh[5] != ELFDATA2LSB ||
	    eh[6] != EV_CURRENT || get_le(eh + 20, 4) != EV_CURRENT)
		return -ENOEXEC;
	plan->type = (u16)get_le(eh + 16, 2);
	if ((plan->type != ET_EXEC && plan->type != ET_DYN) || get_le(eh + 18, 2) != p->t->machine)
		return -ENOEXEC;
	plan->pie = plan->type == ET_DYN;
	plan->entry = get_le(eh + 24, 8);
	p->phoff = get_le(eh + 32, 8);
	plan->phentsize = (u16)get_le(eh + 54, 2);
	plan->phnum = (u16)get_le(eh + 56, 2);
	phnum = plan->phnum;
	if (plan->phentsize != PHDR_SIZE || !phnum || phnum * PHDR_SIZE > MAX_PHDRS_SIZE ||
	    !in_file(p->f, p->phoff, phnum * PHDR_SIZE))
		return -ENOEXEC;
	return 0;
}

static void decode_phdr(const u8 *b, struct phdr *ph)
{
	ph->type = (u32)get_le(b, 4);
	ph->flags = (u32)get_le(b + 4, 4);
	ph->offset = get_le(b + 8, 8);
	ph->vaddr = get_le(b + 16, 8);
	ph->filesz = get_le(b + 32, 8);
	ph->memsz = get_le(b + 40, 8);
	ph->align = get_le(b + 48, 8);
}

/* The checks every PT_LOAD must pass before it can be mapped. */
static int check_load(const struct parse *p, const struct phdr *ph)
{
	const struct elf_plan *plan = p->plan;
	const struct elf_segment *prev;
	u64 page = p->t->page_size, end;

	if (ph->filesz > ph->memsz || ph->vaddr > UINT64_MAX - ph->memsz)
		return -EINVAL;
	end = ph->vaddr + ph->memsz;
	if (end > UINT64_MAX - (page - 1) || (p->t->user_top && end > p->t->user_top))
		return -EINVAL;
	/* File bytes are mapped, so they must exist and share the page offset of vaddr. */
	if (ph->filesz &&
	    (!in_file(p->f, ph->offset, ph->filesz) || ((ph->vaddr - ph->offset) & (page - 1))))
		return -EINVAL;
	if (plan->nr_segments) {
		prev = &plan->seg[plan->nr_segments - 1];
		if (ph->vaddr < prev->vaddr + prev->memsz)
			return -EINVAL;
	}
	if (plan->nr_segments == ELF_MAX_LOADS)
		return -ENOEXEC;
	return 0;
}

static int add_load(struct parse *p, const struct phdr *ph)
{
	struct elf_plan *plan = p->plan;
	u64 page = p->t->page_size;
	struct elf_segment *s;
	int ret;

	if (!ph->memsz)
		return 0; /* occupies nothing: Linux maps nothing either */
	ret = check_load(p, ph);
	if (ret)
		return ret;
	s = &plan->seg[plan->nr_segments++];
	s->vaddr = ph->vaddr;
	s->memsz = ph->memsz;
	s->filesz = ph->filesz;
	s->offset = ph->offset;
	s->prot = prot_of(ph->flags);
	s->map_start = ALIGN_DOWN(ph->vaddr, page);
	s->map_off = ALIGN_DOWN(ph->offset, page);
	s->file_end = ph->vaddr + ph->filesz;
	s->file_end_page = ph->filesz ? ALIGN_UP(s->file_end, page) : s->map_start;
	s->map_end = ALIGN_UP(ph->vaddr + ph->memsz, page);
	if (is_pow2(ph->align) && ph->align > plan->max_align)
		plan->max_align = ph->align;
	/* AT_PHDR: where the segment holding e_phoff maps it (as Linux computes it). */
	if (ph->offset <= p->phoff && p->phoff - ph->offset < ph->filesz)
		plan->phdr_vaddr = p->phoff - ph->offset + ph->vaddr;
	return 0;
}

static int read_interp(struct parse *p, const struct phdr *ph)
{
	struct elf_plan *plan = p->plan;
	int ret;

	if (plan->has_interp)
		return 0; /* the first PT_INTERP counts, as in Linux */
	if (ph->filesz < 2 || ph->filesz > ELF_INTERP_MAX || !in_file(p->f, ph->offset, ph->filesz))
		return -ENOEXEC;
	ret = p->f->read(p->f->ctx, ph->offset, plan->interp, ph->filesz);
	if (ret)
		return ret;
	if (plan->interp[ph->filesz - 1])
		return -ENOEXEC;
	plan->has_interp = true;
	return 0;
}

static int read_tls(struct parse *p, const struct phdr *ph)
{
	struct elf_tls *tls = &p->plan->tls;

	if (ph->filesz > ph->memsz || ph->vaddr > UINT64_MAX - ph->memsz ||
	    (ph->align > 1 && !is_pow2(ph->align)) ||
	    (ph->filesz && !in_file(p->f, ph->offset, ph->filesz)))
		return -EINVAL;
	if (p->tls_seen)
		return 0;
	p->tls_seen = true;
	*tls = (struct elf_tls){ .present = true,
				 .vaddr = ph->vaddr,
				 .filesz = ph->filesz,
				 .memsz = ph->memsz,
				 .align = ph->align };
	return 0;
}

static int handle_phdr(struct parse *p, const struct phdr *ph)
{
	switch (ph->type) {
	case PT_LOAD:
		return add_load(p, ph);
	case PT_INTERP:
		return read_interp(p, ph);
	case PT_TLS:
		return read_tls(p, ph);
	case PT_PHDR:
		p->pt_phdr = ph->vaddr;
		return 0;
	case PT_GNU_STACK:
		p->plan->has_stack = true;
		p->plan->stack_prot = prot_of(ph->flags);
		return 0;
	default:
		return 0;
	}
}

static int walk_phdrs(struct parse *p)
{
	u8 buf[PHDR_CHUNK * PHDR_SIZE];
	unsigned int i, n, k;
	struct phdr ph;
	int ret;

	for (i = 0; i < p->plan->phnum; i += n) {
		n = MIN(p->plan->phnum - i, PHDR_CHUNK);
		ret = p->f->read(p->f->ctx, p->phoff + (u64)i * PHDR_SIZE, buf, n * PHDR_SIZE);
		if (ret)
			return ret;
		for (k = 0; k < n; k++) {
			decode_phdr(buf + k * PHDR_SIZE, &ph);
			ret = handle_phdr(p, &ph);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int elf_parse(const struct elf_file *f, const struct elf_target *t, struct elf_plan *plan)
{
	struct parse p = { .f = f, .t = t, .plan = plan };
	u8 eh[EHDR_SIZE];
	int ret;

	if (!is_pow2(t->page_size))
		return -EINVAL;
	memset(plan, 0, offsetof(struct elf_plan, interp));
	plan->interp[0] = '\0';
	plan->nr_segments = 0;
	plan->max_align = t->page_size;
	if (f->size < EHDR_SIZE)
		return -ENOEXEC;
	ret = f->read(f->ctx, 0, eh, EHDR_SIZE);
	if (!ret)
		ret = check_ehdr(&p, eh);
	if (!ret)
		ret = walk_phdrs(&p);
	if (ret)
		return ret;
	if (!plan->nr_segments)
		return -ENOEXEC;
	if (!plan->phdr_vaddr)
		plan->phdr_vaddr = p.pt_phdr;
	plan->lo = plan->seg[0].map_start;
	plan->hi = plan->seg[plan->nr_segments - 1].map_end;
	return 0;
}

static int mem_read(void *ctx, u64 off, void *buf, size_t len)
{
	const u8 *img = ctx;

	memcpy(buf, img + off, len);
	return 0;
}

int elf_parse_mem(const void *img, size_t len, const struct elf_target *t, struct elf_plan *plan)
{
	/* The callback context is not const; mem_read only ever reads through it. */
	struct elf_file f = { .size = len, .read = mem_read, .ctx = (void *)img };

	return elf_parse(&f, t, plan);
}
