// SPDX-License-Identifier: MPL-2.0
// A read-only flattened device tree (DTB) parser for boot: bounds-checked, no allocation.
#ifndef HAL_FDT_H
#define HAL_FDT_H

#include <hal/types.h>

/*
 * Every function validates offsets and lengths against the blob's header, so a corrupt or
 * truncated DTB makes them return an error, never read out of bounds. Offsets are node
 * offsets into the structure block, as in libfdt; negative values are -errno.
 */
struct fdt {
	const u8 *blob;
	u32 size; /* totalsize from the header, checked against the caller's limit */
	u32 off_struct, size_struct;
	u32 off_strings, size_strings;
	u32 off_rsvmap;
};

/* fdt_init - check the header (magic, version >= 16, sizes within @max_size). 0 or -EINVAL. */
int fdt_init(struct fdt *fdt, const void *blob, u32 max_size);

/* fdt_path_offset - node offset for an absolute path ("/chosen", "/soc/uart@10000000"),
 * with unit addresses optional when unambiguous ("/memory" matches "/memory@80000000"). */
int fdt_path_offset(const struct fdt *fdt, const char *path);

/* fdt_first_child / fdt_next_sibling - iterate children; -ENOENT at the end. */
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);

/* fdt_node_name - "uart@10000000"; NULL on a bad offset. */
const char *fdt_node_name(const struct fdt *fdt, int node);

/* fdt_getprop - property value and its length; NULL when absent or malformed. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len);

/* fdt_node_is_compatible - does the node's "compatible" list contain @compat? */
bool fdt_node_is_compatible(const struct fdt *fdt, int node, const char *compat);

/* fdt_find_compatible - next node after @start (-1: from the beginning) compatible with
 * @compat and not disabled (status absent or "okay"/"ok"); -ENOENT when none. */
int fdt_find_compatible(const struct fdt *fdt, int start, const char *compat);

/* fdt_address_cells / fdt_size_cells - #address-cells / #size-cells that apply to the
 * children of @node (defaults 2 and 1 when absent). */
u32 fdt_address_cells(const struct fdt *fdt, int node);
u32 fdt_size_cells(const struct fdt *fdt, int node);

/* fdt_parent - parent node offset, -ENOENT for the root. */
int fdt_parent(const struct fdt *fdt, int node);

/* fdt_reg - the @index-th (address, size) pair of @node's "reg", decoded with its parent's
 * cell counts (not translated through "ranges"). 0, -ENOENT or -EINVAL. */
int fdt_reg(const struct fdt *fdt, int node, int index, u64 *addr, u64 *size);

/* fdt_read_cells - big-endian integer of @cells (1 or 2) 32-bit cells at @p. */
u64 fdt_read_cells(const void *p, u32 cells);

/* fdt_rsvmap_entry - @index-th /memreserve/ entry; -ENOENT past the end. */
int fdt_rsvmap_entry(const struct fdt *fdt, int index, u64 *addr, u64 *size);

/* ---- Additions used by the riscv64 and aarch64 boot code ---- */

/* fdt_next_node - the node after @node in tree order (-1: the root); -ENOENT at the end. */
int fdt_next_node(const struct fdt *fdt, int node);

/* fdt_getprop_u32 - a one-cell property. 0, -ENOENT when absent, -EINVAL when not 4 bytes. */
int fdt_getprop_u32(const struct fdt *fdt, int node, const char *name, u32 *val);

/* fdt_prop_is_string - is the property value (@val, @len) exactly the string @str? */
bool fdt_prop_is_string(const void *val, u32 len, const char *str);

/* fdt_node_is_available - status absent, "okay" or "ok". */
bool fdt_node_is_available(const struct fdt *fdt, int node);

/* fdt_chosen_stdout - the node /chosen "stdout-path" (or "linux,stdout-path") names, with
 * aliases resolved and ":options" ignored; -ENOENT when there is none. */
int fdt_chosen_stdout(const struct fdt *fdt);

struct boot_info;
/*
 * fdt_fill_boot_info - the common FDT boot work for riscv64 and aarch64: memory nodes as
 * usable regions, /reserved-memory and /memreserve/ as reserved, /chosen bootargs as the
 * command line, linux,initrd-start/-end as the initramfs, the number of /cpus/cpu@ nodes, and
 * the DTB itself reserved. Returns 0 or -EINVAL on a malformed tree.
 */
int fdt_fill_boot_info(const struct fdt *fdt, paddr_t fdt_pa, struct boot_info *bi);

/*
 * fdt_boot_setup - check the boot protocol's device-tree pointer @fdt_pa (passed in register
 * @reg, for the message), open at most @max_size bytes of it through the direct map, and
 * fill @bi. It must be 8-byte aligned and end below @pa_limit. Without a usable device tree
 * there is no memory map to boot on, so every failure panics with what was wrong.
 */
void fdt_boot_setup(struct fdt *fdt, paddr_t fdt_pa, paddr_t pa_limit, u32 max_size,
		    const char *reg, struct boot_info *bi);

#endif /* HAL_FDT_H */
