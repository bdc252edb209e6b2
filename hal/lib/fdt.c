// SPDX-License-Identifier: MPL-2.0
// Flattened device tree (DTB) reader for boot. The blob comes from firmware and is not trusted:
// every read is checked against the header's bounds, walks are iterative and depth-limited.
#include <hal/boot_info.h>
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/fdt.h>
#include <hal/lib/string.h>

#define FDT_MAGIC	0xd00dfeedu
#define FDT_HEADER_SIZE 40u
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

/* Deeper trees exist nowhere in practice; the limit bounds fdt_parent()'s stack. */
#define FDT_MAX_DEPTH 64

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u64 be64(const u8 *p)
{
	return (u64)be32(p) << 32 | be32(p + 4);
}

u64 fdt_read_cells(const void *p, u32 cells)
{
	const u8 *b = p;

	if (cells == 0)
		return 0;
	if (cells == 1)
		return be32(b);
	/* Wider values (PCI's 3 cells) keep their low 64 bits. */
	return be64(b + (cells - 2) * 4);
}

static u32 hdr(const u8 *blob, u32 field)
{
	return be32(blob + field * 4);
}

enum {
	H_MAGIC,
	H_TOTALSIZE,
	H_OFF_STRUCT,
	H_OFF_STRINGS,
	H_OFF_RSVMAP,
	H_VERSION,
	H_LAST_COMP,
	H_BOOT_CPU,
	H_SIZE_STRINGS,
	H_SIZE_STRUCT
};

/* Does [off, off + len) fit inside a blob of @total bytes? Computed in 64 bits. */
static bool fits(u32 off, u64 len, u32 total)
{
	return (u64)off + len <= total;
}

int fdt_init(struct fdt *fdt, const void *blob, u32 max_size)
{
	const u8 *b = blob;
	u32 total, version;

	if (!fdt || !b || max_size < FDT_HEADER_SIZE || hdr(b, H_MAGIC) != FDT_MAGIC)
		return -EINVAL;
	total = hdr(b, H_TOTALSIZE);
	version = hdr(b, H_VERSION);
	if (total < FDT_HEADER_SIZE || total > max_size || version < 16)
		return -EINVAL;
	/* Version 17 is the newest layout; a blob that cannot be read as 17 is not ours. */
	if (hdr(b, H_LAST_COMP) > 17)
		return -EINVAL;

	fdt->blob = b;
	fdt->size = total;
	fdt->off_struct = hdr(b, H_OFF_STRUCT);
	fdt->off_strings = hdr(b, H_OFF_STRINGS);
	fdt->size_strings = hdr(b, H_SIZE_STRINGS);
	fdt->off_rsvmap = hdr(b, H_OFF_RSVMAP);
	/* size_dt_struct appeared in version 17. */
	if (version >= 17)
		fdt->size_struct = hdr(b, H_SIZE_STRUCT);
	else if (fdt->off_struct <= total)
		fdt->size_struct = total - fdt->off_struct;
	else
		return -EINVAL;

	if (fdt->off_struct < FDT_HEADER_SIZE || !IS_ALIGNED(fdt->off_struct, 4) ||
	    !fits(fdt->off_struct, fdt->size_struct, total))
		return -EINVAL;
	if (!fits(fdt->off_strings, fdt->size_strings, total))
		return -EINVAL;
	if (fdt->off_rsvmap < FDT_HEADER_SIZE || !IS_ALIGNED(fdt->off_rsvmap, 8) ||
	    !fits(fdt->off_rsvmap, 16, total))
		return -EINVAL;
	return 0;
}

/*
 * Decode the tag at structure offset @off; on success store where the next tag starts in
 * @next (always > @off) and return the tag. A tag that does not fit the block is -EINVAL.
 */
static int next_tag(const struct fdt *fdt, int off, u32 *next)
{
	const u8 *s = fdt->blob + fdt->off_struct;
	u32 lim = fdt->size_struct, o = (u32)off, tag;
	u64 end;

	if (off < 0 || !IS_ALIGNED(o, 4) || !fits(o, 4, lim))
		return -EINVAL;
	tag = be32(s + o);
	switch (tag) {
	case FDT_BEGIN_NODE: {
		const u8 *nul = memchr(s + o + 4, 0, lim - o - 4);

		if (!nul)
			return -EINVAL;
		end = ALIGN_UP((u64)(nul - s) + 1, 4);
		break;
	}
	case FDT_PROP:
		if (!fits(o, 12, lim))
			return -EINVAL;
		end = (u64)o + 12 + ALIGN_UP((u64)be32(s + o + 4), 4);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		end = (u64)o + 4;
		break;
	default:
		return -EINVAL;
	}
	/* Structure offsets are ints: keep them below INT_MAX as well as inside the block. */
	if (end > lim || end > 0x7fffffff)
		return -EINVAL;
	*next = (u32)end;
	return (int)tag;
}

/* The first tag at or after @off that is not a NOP, returning its offset in @at. */
static int tag_skip_nops(const struct fdt *fdt, int off, int *at)
{
	u32 next;
	int tag;

	while ((tag = next_tag(fdt, off, &next)) == FDT_NOP)
		off = (int)next;
	*at = off;
	return tag;
}

/* Offset of the first property slot of @node, or -EINVAL when @node is not a node. */
static int node_body(const struct fdt *fdt, int node)
{
	u32 next;

	if (next_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return -EINVAL;
	return (int)next;
}

static int root_node(const struct fdt *fdt)
{
	int at;

	if (tag_skip_nops(fdt, 0, &at) != FDT_BEGIN_NODE)
		return -EINVAL;
	return at;
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	if (node_body(fdt, node) < 0)
		return NULL;
	return (const char *)fdt->blob + fdt->off_struct + node + 4;
}

/* A NUL-terminated string at @nameoff inside the strings block, or NULL. */
static const char *string_at(const struct fdt *fdt, u32 nameoff)
{
	const char *s = (const char *)fdt->blob + fdt->off_strings;

	if (nameoff >= fdt->size_strings || !memchr(s + nameoff, 0, fdt->size_strings - nameoff))
		return NULL;
	return s + nameoff;
}

/* The property of @node named by the first @nlen bytes of @name; its length in @len. */
static const void *getprop_len(const struct fdt *fdt, int node, const char *name, size_t nlen,
			       u32 *len)
{
	const u8 *s = fdt->blob + fdt->off_struct;
	int off = node_body(fdt, node);
	u32 next;

	for (; off >= 0; off = (int)next) {
		int tag = next_tag(fdt, off, &next);
		const char *pname;

		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP)
			return NULL;
		pname = string_at(fdt, be32(s + off + 8));
		if (!pname)
			return NULL;
		if (!strncmp(pname, name, nlen) && pname[nlen] == '\0') {
			if (len)
				*len = be32(s + off + 4);
			return s + off + 12;
		}
	}
	return NULL;
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len)
{
	return getprop_len(fdt, node, name, strlen(name), len);
}

int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, u32 *val)
{
	u32 len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len != 4)
		return -EINVAL;
	*val = be32(p);
	return 0;
}

bool fdt_prop_is_string(const void *val, u32 len, const char *str)
{
	size_t n = strlen(str) + 1;

	return val && len == n && !memcmp(val, str, n);
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	int off = node_body(fdt, node);
	u32 next;

	for (; off >= 0; off = (int)next) {
		int tag = next_tag(fdt, off, &next);

		if (tag == FDT_PROP || tag == FDT_NOP)
			continue;
		if (tag == FDT_BEGIN_NODE)
			return off;
		return tag == FDT_END_NODE ? -ENOENT : -EINVAL;
	}
	return off;
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int depth = 0, off = node, tag;
	u32 next;

	/* Skip @node's whole subtree: stop right after its own END_NODE. */
	do {
		tag = next_tag(fdt, off, &next);
		if (tag == FDT_BEGIN_NODE && ++depth > FDT_MAX_DEPTH)
			return -EINVAL;
		if (tag == FDT_END_NODE)
			depth--;
		if (tag < 0 || tag == FDT_END || (off == node && tag != FDT_BEGIN_NODE))
			return -EINVAL;
		off = (int)next;
	} while (depth > 0);

	tag = tag_skip_nops(fdt, off, &off);
	if (tag == FDT_BEGIN_NODE)
		return off;
	if (tag == FDT_END_NODE || tag == FDT_END)
		return -ENOENT;
	return -EINVAL;
}

int fdt_next_node(const struct fdt *fdt, int node)
{
	int off;
	u32 next;

	if (node == -1)
		return root_node(fdt);
	off = node_body(fdt, node);
	for (; off >= 0; off = (int)next) {
		int tag = next_tag(fdt, off, &next);

		if (tag == FDT_BEGIN_NODE)
			return off;
		if (tag == FDT_END)
			return -ENOENT;
		if (tag < 0)
			return tag;
	}
	return off;
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH], depth = 0, off = 0;
	u32 next;

	for (;; off = (int)next) {
		int tag = next_tag(fdt, off, &next);

		if (tag == FDT_BEGIN_NODE) {
			if (off == node)
				return depth ? stack[depth - 1] : -ENOENT;
			if (depth == FDT_MAX_DEPTH)
				return -EINVAL;
			stack[depth++] = off;
		} else if (tag == FDT_END_NODE) {
			if (depth == 0)
				return -EINVAL;
			depth--;
		} else if (tag == FDT_END || tag < 0) {
			/* Reached the end without meeting @node: not a node offset. */
			return -EINVAL;
		}
	}
}

/* Is @name (a node name) the path component @comp of @len bytes? "memory" matches "memory@0". */
static bool name_matches(const char *name, const char *comp, size_t len, bool *exact)
{
	if (strncmp(name, comp, len))
		return false;
	*exact = name[len] == '\0';
	return *exact || (name[len] == '@' && !memchr(comp, '@', len));
}

/* The child of @node named by @comp; an exact name wins over a unit-address-less match. */
static int child_by_name(const struct fdt *fdt, int node, const char *comp, size_t len)
{
	int child, first = -ENOENT;
	bool exact;

	for (child = fdt_first_child(fdt, node); child >= 0; child = fdt_next_sibling(fdt, child)) {
		const char *name = fdt_node_name(fdt, child);

		if (!name || !name_matches(name, comp, len, &exact))
			continue;
		if (exact)
			return child;
		if (first < 0)
			first = child;
	}
	return child == -ENOENT ? first : child;
}

/* Follow the components of @path (@len bytes, relative to @node). */
static int walk_path(const struct fdt *fdt, int node, const char *path, size_t len)
{
	const char *end = path + len;

	while (path < end && node >= 0) {
		const char *slash = memchr(path, '/', (size_t)(end - path));
		size_t n = slash ? (size_t)(slash - path) : (size_t)(end - path);

		if (n)
			node = child_by_name(fdt, node, path, n);
		path += n + 1;
	}
	return node;
}

/* The absolute path an /aliases entry of @len bytes names, or NULL. */
static const char *alias_path(const struct fdt *fdt, const char *name, size_t len)
{
	int aliases = walk_path(fdt, root_node(fdt), "aliases", 7);
	const char *val;
	u32 vlen;

	if (aliases < 0)
		return NULL;
	val = getprop_len(fdt, aliases, name, len, &vlen);
	/* Alias values are absolute: one level of indirection, never a chain. */
	if (!val || vlen < 2 || val[0] != '/' || !memchr(val, 0, vlen))
		return NULL;
	return val;
}

/* fdt_path_offset for the first @len bytes of @path. */
static int path_offset_len(const struct fdt *fdt, const char *path, size_t len)
{
	int root = root_node(fdt);
	const char *slash, *alias;
	size_t n;

	if (root < 0 || len == 0)
		return root < 0 ? root : -ENOENT;
	if (path[0] == '/')
		return walk_path(fdt, root, path, len);

	/* "serial0/child": resolve the alias, then the rest relative to it. */
	slash = memchr(path, '/', len);
	n = slash ? (size_t)(slash - path) : len;
	alias = alias_path(fdt, path, n);
	if (!alias)
		return -ENOENT;
	root = walk_path(fdt, root, alias, strlen(alias));
	return walk_path(fdt, root, path + n, len - n);
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	return path_offset_len(fdt, path, strlen(path));
}

int fdt_chosen_stdout(const struct fdt *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path, *colon;
	u32 len;

	if (chosen < 0)
		return chosen;
	path = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path)
		path = fdt_getprop(fdt, chosen, "linux,stdout-path", &len);
	if (!path || !len || !memchr(path, 0, len))
		return -ENOENT;
	/* "serial0:115200n8": options after the colon are for the UART, not the path. */
	colon = strchr(path, ':');
	return path_offset_len(fdt, path, colon ? (size_t)(colon - path) : strlen(path));
}

bool fdt_node_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	u32 len;
	const char *p = fdt_getprop(fdt, node, "compatible", &len);
	size_t want = strlen(compat) + 1;

	while (p && len) {
		const char *nul = memchr(p, 0, len);
		size_t n;

		if (!nul)
			return false;
		n = (size_t)(nul - p) + 1;
		if (n == want && !memcmp(p, compat, n))
			return true;
		p += n;
		len -= (u32)n;
	}
	return false;
}

bool fdt_node_is_available(const struct fdt *fdt, int node)
{
	u32 len;
	const void *status = fdt_getprop(fdt, node, "status", &len);

	return !status || fdt_prop_is_string(status, len, "okay") ||
	       fdt_prop_is_string(status, len, "ok");
}

int fdt_find_compatible(const struct fdt *fdt, int start, const char *compat)
{
	int node;

	for (node = fdt_next_node(fdt, start); node >= 0; node = fdt_next_node(fdt, node)) {
		if (fdt_node_is_compatible(fdt, node, compat) && fdt_node_is_available(fdt, node))
			return node;
	}
	return node;
}

static u32 cells_prop(const struct fdt *fdt, int node, const char *name, u32 dflt)
{
	u32 val;

	return fdt_getprop_u32(fdt, node, name, &val) ? dflt : val;
}

u32 fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

u32 fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

/* Decode entry @index of a "reg" value with @ac address and @sc size cells. */
static int reg_decode(const void *reg, u32 len, u32 ac, u32 sc, int index, u64 *addr, u64 *size)
{
	u32 stride = (ac + sc) * 4;
	const u8 *p;

	if (!reg)
		return -ENOENT;
	if (ac < 1 || ac > 2 || sc > 2)
		return -EINVAL;
	if (len % stride)
		return -EINVAL;
	if (index < 0 || (u32)index >= len / stride)
		return -ENOENT;
	p = (const u8 *)reg + (u32)index * stride;
	if (addr)
		*addr = fdt_read_cells(p, ac);
	if (size)
		*size = fdt_read_cells(p + ac * 4, sc);
	return 0;
}

int fdt_reg(const struct fdt *fdt, int node, int index, u64 *addr, u64 *size)
{
	int parent = fdt_parent(fdt, node);
	const void *reg;
	u32 len;

	if (parent < 0)
		return -EINVAL;
	reg = fdt_getprop(fdt, node, "reg", &len);
	return reg_decode(reg, len, fdt_address_cells(fdt, parent), fdt_size_cells(fdt, parent),
			  index, addr, size);
}

/* Entry @index of the reservation map, read without looking at the ones before it. */
static int rsvmap_at(const struct fdt *fdt, u32 index, u64 *addr, u64 *size)
{
	u64 off = fdt->off_rsvmap + (u64)index * 16;

	if (off + 16 > fdt->size)
		return -EINVAL;
	*addr = be64(fdt->blob + off);
	*size = be64(fdt->blob + off + 8);
	return *addr || *size ? 0 : -ENOENT;
}

int fdt_rsvmap_entry(const struct fdt *fdt, int index, u64 *addr, u64 *size)
{
	int i, ret = -ENOENT;

	/* The map ends at the first all-zero entry: an entry after it does not exist. */
	for (i = 0; i <= index; i++) {
		ret = rsvmap_at(fdt, (u32)i, addr, size);
		if (ret)
			return ret;
	}
	return ret;
}

/* ---- Boot information ----------------------------------------------------------------- */

/* Add every "reg" entry of @node, decoded with @ac/@sc cells, as a region of @type. */
static int add_reg_regions(const struct fdt *fdt, int node, u32 ac, u32 sc, struct boot_info *bi,
			   enum mem_type type)
{
	u32 len;
	const void *reg = fdt_getprop(fdt, node, "reg", &len);
	u64 base, size;
	int i, ret;

	for (i = 0; (ret = reg_decode(reg, len, ac, sc, i, &base, &size)) == 0; i++) {
		if (size)
			boot_info_add_region(bi, base, size, type);
	}
	return ret == -ENOENT ? 0 : ret;
}

static bool has_device_type(const struct fdt *fdt, int node, const char *type)
{
	u32 len;
	const void *val = fdt_getprop(fdt, node, "device_type", &len);

	return fdt_prop_is_string(val, len, type);
}

/* Memory nodes are children of the root whose device_type is "memory". */
static int add_memory(const struct fdt *fdt, int root, struct boot_info *bi)
{
	u32 ac = fdt_address_cells(fdt, root), sc = fdt_size_cells(fdt, root);
	int node, ret;

	for (node = fdt_first_child(fdt, root); node >= 0; node = fdt_next_sibling(fdt, node)) {
		if (!has_device_type(fdt, node, "memory") || !fdt_node_is_available(fdt, node))
			continue;
		ret = add_reg_regions(fdt, node, ac, sc, bi, MEM_USABLE);
		if (ret)
			return ret;
	}
	return node == -ENOENT ? 0 : node;
}

static int add_reserved(const struct fdt *fdt, struct boot_info *bi)
{
	int resv = fdt_path_offset(fdt, "/reserved-memory"), node, i, ret;
	u64 base, size;
	u32 ac, sc;

	/* One pass: fdt_rsvmap_entry() rescans from the start and would make this quadratic. */
	for (i = 0; (ret = rsvmap_at(fdt, (u32)i, &base, &size)) == 0; i++) {
		if (size)
			boot_info_add_region(bi, base, size, MEM_RESERVED);
	}
	if (ret != -ENOENT)
		return ret;
	if (resv == -ENOENT)
		return 0;

	ac = fdt_address_cells(fdt, resv);
	sc = fdt_size_cells(fdt, resv);
	for (node = fdt_first_child(fdt, resv); node >= 0; node = fdt_next_sibling(fdt, node)) {
		/* Nodes with only "size" ask the OS to allocate: nothing is reserved yet. */
		if (!fdt_node_is_available(fdt, node))
			continue;
		ret = add_reg_regions(fdt, node, ac, sc, bi, MEM_RESERVED);
		if (ret)
			return ret;
	}
	return node == -ENOENT ? 0 : node;
}

/* linux,initrd-start/-end may be 32- or 64-bit; 0 when absent or malformed. */
static u64 chosen_addr(const struct fdt *fdt, int chosen, const char *name)
{
	u32 len;
	const void *p = fdt_getprop(fdt, chosen, name, &len);

	return p && (len == 4 || len == 8) ? fdt_read_cells(p, len / 4) : 0;
}

static void read_chosen(const struct fdt *fdt, struct boot_info *bi)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args;
	u64 start, end;
	u32 len;

	if (chosen < 0)
		return;
	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (args && len && memchr(args, 0, len))
		boot_info_set_cmdline(bi, args);

	start = chosen_addr(fdt, chosen, "linux,initrd-start");
	end = chosen_addr(fdt, chosen, "linux,initrd-end");
	if (start && end > start) {
		bi->initrd_start = start;
		bi->initrd_size = end - start;
		/* Keep the allocator off the blob until the initramfs has been unpacked. */
		boot_info_add_region(bi, start, end - start, MEM_RESERVED);
	}
}

static int count_cpus(const struct fdt *fdt, struct boot_info *bi)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	bi->nr_cpus = 0;
	if (cpus == -ENOENT)
		return 0;
	for (node = fdt_first_child(fdt, cpus); node >= 0; node = fdt_next_sibling(fdt, node)) {
		if (has_device_type(fdt, node, "cpu") && fdt_node_is_available(fdt, node))
			bi->nr_cpus++;
	}
	return node == -ENOENT ? 0 : node;
}

int fdt_fill_boot_info(const struct fdt *fdt, paddr_t fdt_pa, struct boot_info *bi)
{
	int root = root_node(fdt);

	if (root < 0)
		return -EINVAL;
	bi->fdt = fdt_pa;
	boot_info_add_region(bi, fdt_pa, fdt->size, MEM_RESERVED);
	read_chosen(fdt, bi);
	if (add_memory(fdt, root, bi) || add_reserved(fdt, bi) || count_cpus(fdt, bi))
		return -EINVAL;
	return 0;
}
