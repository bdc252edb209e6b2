// SPDX-License-Identifier: MPL-2.0
// Address-to-symbol lookup in the .ksyms table that scripts/gen-ksyms builds at link time.
#include <hal/ksyms.h>
#include <hal/lib/printf.h>

/* Bounds of the .ksyms output section (hal/lds.h); equal after the first link pass. */
extern const u8 __ksyms_start[], __ksyms_end[];

static const struct ksyms_header *ksyms_table(void)
{
	const struct ksyms_header *h = (const void *)__ksyms_start;
	size_t avail = (size_t)(__ksyms_end - __ksyms_start);
	size_t entries_end;

	if (avail < sizeof(*h) || h->magic != KSYMS_MAGIC)
		return NULL;
	entries_end = sizeof(*h) + (size_t)h->count * sizeof(struct ksym_entry);
	/* A table that does not fit its section is ignored, never read past. */
	if (entries_end > avail || h->names_off < entries_end || h->names_off > avail ||
	    h->names_size > avail - h->names_off)
		return NULL;
	return h;
}

static const struct ksym_entry *ksyms_entries(const struct ksyms_header *h)
{
	return (const struct ksym_entry *)(h + 1);
}

unsigned int ksym_count(void)
{
	const struct ksyms_header *h = ksyms_table();

	return h ? h->count : 0;
}

/* The last entry whose address is <= @addr, or NULL. */
static const struct ksym_entry *ksym_find(const struct ksyms_header *h, uintptr_t addr)
{
	const struct ksym_entry *e = ksyms_entries(h);
	size_t lo = 0, hi = h->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &e[lo - 1] : NULL;
}

static const char *ksym_name(const struct ksyms_header *h, const struct ksym_entry *e)
{
	const char *names = (const char *)h + h->names_off;

	if (e->name_off >= h->names_size)
		return NULL;
	return names + e->name_off;
}

const char *ksym_lookup(uintptr_t addr, unsigned long *offset, unsigned long *size)
{
	const struct ksyms_header *h = ksyms_table();
	const struct ksym_entry *e = h ? ksym_find(h, addr) : NULL;
	unsigned long off;

	if (!e)
		return NULL;
	off = addr - e->addr;
	if (off >= (e->size ? e->size : 1))
		return NULL;
	if (offset)
		*offset = off;
	if (size)
		*size = e->size;
	return ksym_name(h, e);
}

int ksym_snprint(char *buf, size_t size, uintptr_t addr)
{
	unsigned long off, len;
	const char *name = ksym_lookup(addr, &off, &len);

	if (!name)
		return scnprintf(buf, size, "0x%lx", (unsigned long)addr);
	return scnprintf(buf, size, "%s+0x%lx/0x%lx", name, off, len);
}
