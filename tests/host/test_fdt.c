// SPDX-License-Identifier: MPL-2.0
// Host unit tests for hal/lib/fdt.c: a hand-written DTB checks the decoding, then truncated,
// mutated and hostile blobs check that every call fails cleanly (built with ASan and UBSan).
// sources: hal/lib/fdt.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "keel_host.h"
#include <hal/boot_info.h>
#include <hal/errno.h>
#include <hal/fdt.h>

/* ---- Stubs for what fdt_fill_boot_info() calls in hal/init/boot_info.c ---------------- */

void boot_info_add_region(struct boot_info *bi, paddr_t base, u64 size, enum mem_type type)
{
	if (bi->nr_regions >= BOOT_MAX_REGIONS)
		return;
	bi->regions[bi->nr_regions++] = (struct mem_region){ base, size, type };
}

void boot_info_set_cmdline(struct boot_info *bi, const char *s)
{
	snprintf(bi->cmdline, sizeof(bi->cmdline), "%s", s);
}

/* ---- The hand-written test tree --------------------------------------------------------- */

/*
 * Structure-block tokens (Devicetree Specification, "Structure Block") as big-endian words.
 * Property records are T_PROP, the value length, the name's offset in the strings block, then
 * the value padded to 4 bytes. Node names carry their NUL and padding.
 */
#define T_BEGIN	   "\0\0\0\1"
#define T_END_NODE "\0\0\0\2"
#define T_PROP	   "\0\0\0\3"
#define T_NOP	   "\0\0\0\4"
#define T_END	   "\0\0\0\x09"

/* Strings block; the S_* offsets below are where each name starts in it. */
static const char dt_strings[] = "#address-cells\0"	/* 0x00 */
				 "#size-cells\0"	/* 0x0f */
				 "model\0"		/* 0x1b */
				 "bootargs\0"		/* 0x21 */
				 "stdout-path\0"	/* 0x2a */
				 "linux,initrd-start\0" /* 0x36 */
				 "linux,initrd-end\0"	/* 0x49 */
				 "serial0\0"		/* 0x5a */
				 "device_type\0"	/* 0x62 */
				 "reg\0"		/* 0x6e */
				 "status\0"		/* 0x72 */
				 "compatible\0"		/* 0x79 */
				 "timebase-frequency\0" /* 0x84 */
				 "no-map\0"		/* 0x97 */
				 "reg-shift";		/* 0x9e, NUL from the literal */

#define S_ADDR_CELLS   "\0\0\0\x00"
#define S_SIZE_CELLS   "\0\0\0\x0f"
#define S_MODEL	       "\0\0\0\x1b"
#define S_BOOTARGS     "\0\0\0\x21"
#define S_STDOUT       "\0\0\0\x2a"
#define S_INITRD_START "\0\0\0\x36"
#define S_INITRD_END   "\0\0\0\x49"
#define S_SERIAL0      "\0\0\0\x5a"
#define S_DEVICE_TYPE  "\0\0\0\x62"
#define S_REG	       "\0\0\0\x6e"
#define S_STATUS       "\0\0\0\x72"
#define S_COMPATIBLE   "\0\0\0\x79"
#define S_TIMEBASE     "\0\0\0\x84"
#define S_NO_MAP       "\0\0\0\x97"
#define S_REG_SHIFT    "\0\0\0\x9e"

#define CELLS_2_2 \
	T_PROP "\0\0\0\4" S_ADDR_CELLS "\0\0\0\2" T_PROP "\0\0\0\4" S_SIZE_CELLS "\0\0\0\2"
#define STATUS_DISABLED T_PROP "\0\0\0\x09" S_STATUS "disabled\0\0\0\0"

/*
 * / {
 *	#address-cells = <2>; #size-cells = <2>; model = "keel-test";
 *	chosen { bootargs = "console=ttyS0 foo=bar"; stdout-path = "serial0:115200n8";
 *		 linux,initrd-start = <0x84200000>; linux,initrd-end = /bits/ 64 <0x84300000>; };
 *	aliases { serial0 = "/soc/serial@10000000"; };
 *	memory@80000000 { device_type = "memory";
 *			  reg = <0 0x80000000 0 0x8000000>, <1 0 0 0x10000000>; };
 *	memory@200000000 { device_type = "memory"; status = "disabled"; reg = <2 0 0 0x1000>; };
 *	reserved-memory { #address-cells = <2>; #size-cells = <2>;
 *		mmode@80000000 { reg = <0 0x80000000 0 0x40000>; no-map; };
 *		dyn { no-map; }; };
 *	cpus { #address-cells = <1>; #size-cells = <0>; timebase-frequency = <10000000>;
 *		cpu@0 { device_type = "cpu"; reg = <0>; status = "okay"; };
 *		cpu@1 { device_type = "cpu"; reg = <1>; status = "disabled"; };
 *		cpu@2 { device_type = "cpu"; reg = <2>; };
 *		cpu-map { }; };
 *	soc { #address-cells = <2>; #size-cells = <2>; compatible = "simple-bus";
 *		serial@20000000 { compatible = "ns16550a"; status = "disabled";
 *				  reg = <0 0x20000000 0 0x100>; };
 *		serial@10000000 { compatible = "ns16550a"; reg = <0 0x10000000 0 0x100>;
 *				  reg-shift = <2>; };
 *		test@100000 { compatible = "sifive,test1", "sifive,test0", "syscon";
 *			      reg = <0 0x100000 0 0x1000>; }; };
 * };
 * /memreserve/ 0x87000000 0x1000;
 */
/* One line per token keeps the tree readable; clang-format would pack them. */
/* clang-format off */
static const char dt_struct[] =
	T_BEGIN "\0\0\0\0" CELLS_2_2
	T_PROP "\0\0\0\x0a" S_MODEL "keel-test\0\0\0"
	T_BEGIN "chosen\0\0"
		T_PROP "\0\0\0\x16" S_BOOTARGS "console=ttyS0 foo=bar\0\0\0"
		T_PROP "\0\0\0\x11" S_STDOUT "serial0:115200n8\0\0\0\0"
		T_PROP "\0\0\0\4" S_INITRD_START "\x84\x20\0\0"
		T_PROP "\0\0\0\x08" S_INITRD_END "\0\0\0\0" "\x84\x30\0\0"
	T_END_NODE
	T_NOP
	T_BEGIN "aliases\0"
		T_PROP "\0\0\0\x15" S_SERIAL0 "/soc/serial@10000000\0\0\0\0"
	T_END_NODE
	T_BEGIN "memory@80000000\0"
		T_PROP "\0\0\0\x07" S_DEVICE_TYPE "memory\0\0"
		T_PROP "\0\0\0\x20" S_REG "\0\0\0\0" "\x80\0\0\0" "\0\0\0\0" "\x08\0\0\0"
					  "\0\0\0\1" "\0\0\0\0" "\0\0\0\0" "\x10\0\0\0"
	T_END_NODE
	T_BEGIN "memory@200000000\0\0\0\0"
		T_PROP "\0\0\0\x07" S_DEVICE_TYPE "memory\0\0"
		STATUS_DISABLED
		T_PROP "\0\0\0\x10" S_REG "\0\0\0\2" "\0\0\0\0" "\0\0\0\0" "\0\0\x10\0"
	T_END_NODE
	T_BEGIN "reserved-memory\0" CELLS_2_2
		T_BEGIN "mmode@80000000\0\0"
			T_PROP "\0\0\0\x10" S_REG "\0\0\0\0" "\x80\0\0\0" "\0\0\0\0" "\0\x04\0\0"
			T_PROP "\0\0\0\0" S_NO_MAP
		T_END_NODE
		T_BEGIN "dyn\0"
			T_PROP "\0\0\0\0" S_NO_MAP
		T_END_NODE
	T_END_NODE
	T_BEGIN "cpus\0\0\0\0"
		T_PROP "\0\0\0\4" S_ADDR_CELLS "\0\0\0\1"
		T_PROP "\0\0\0\4" S_SIZE_CELLS "\0\0\0\0"
		T_PROP "\0\0\0\4" S_TIMEBASE "\0\x98\x96\x80"
		T_BEGIN "cpu@0\0\0\0"
			T_PROP "\0\0\0\4" S_DEVICE_TYPE "cpu\0"
			T_PROP "\0\0\0\4" S_REG "\0\0\0\0"
			T_PROP "\0\0\0\x05" S_STATUS "okay\0\0\0\0"
		T_END_NODE
		T_BEGIN "cpu@1\0\0\0"
			T_PROP "\0\0\0\4" S_DEVICE_TYPE "cpu\0"
			T_PROP "\0\0\0\4" S_REG "\0\0\0\1"
			STATUS_DISABLED
		T_END_NODE
		T_BEGIN "cpu@2\0\0\0"
			T_PROP "\0\0\0\4" S_DEVICE_TYPE "cpu\0"
			T_PROP "\0\0\0\4" S_REG "\0\0\0\2"
		T_END_NODE
		T_BEGIN "cpu-map\0"
		T_END_NODE
	T_END_NODE
	T_BEGIN "soc\0" CELLS_2_2
		T_PROP "\0\0\0\x0b" S_COMPATIBLE "simple-bus\0\0"
		T_BEGIN "serial@20000000\0"
			T_PROP "\0\0\0\x09" S_COMPATIBLE "ns16550a\0\0\0\0"
			STATUS_DISABLED
			T_PROP "\0\0\0\x10" S_REG "\0\0\0\0" "\x20\0\0\0" "\0\0\0\0" "\0\0\1\0"
		T_END_NODE
		T_BEGIN "serial@10000000\0"
			T_PROP "\0\0\0\x09" S_COMPATIBLE "ns16550a\0\0\0\0"
			T_PROP "\0\0\0\x10" S_REG "\0\0\0\0" "\x10\0\0\0" "\0\0\0\0" "\0\0\1\0"
			T_PROP "\0\0\0\4" S_REG_SHIFT "\0\0\0\2"
		T_END_NODE
		T_BEGIN "test@100000\0"
			T_PROP "\0\0\0\x21" S_COMPATIBLE "sifive,test1\0sifive,test0\0syscon\0\0\0\0"
			T_PROP "\0\0\0\x10" S_REG "\0\0\0\0" "\0\x10\0\0" "\0\0\0\0" "\0\0\x10\0"
		T_END_NODE
	T_END_NODE
	T_END_NODE
	T_END;
/* clang-format on */

/* One /memreserve/ entry and the terminating zero pair. */
static const char dt_rsvmap[] = "\0\0\0\0\x87\0\0\0"
				"\0\0\0\0\0\0\x10\0"
				"\0\0\0\0\0\0\0\0"
				"\0\0\0\0\0\0\0\0";

#define HDR_SIZE    40
#define RSV_OFF	    HDR_SIZE
#define STRUCT_OFF  (RSV_OFF + sizeof(dt_rsvmap) - 1)
#define STRINGS_OFF (STRUCT_OFF + sizeof(dt_struct) - 1)
#define BLOB_SIZE   (STRINGS_OFF + sizeof(dt_strings))
#define TEST_FDT_PA 0x87e00000ull

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
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

static void set_hdr(uint8_t *blob, int field, uint32_t v)
{
	put_be32(blob + field * 4, v);
}

/* A fresh heap copy of the test DTB: exactly BLOB_SIZE bytes, so ASan sees any overrun. */
static uint8_t *make_blob(void)
{
	uint8_t *b = malloc(BLOB_SIZE);

	assert_non_null(b);
	memset(b, 0, HDR_SIZE);
	set_hdr(b, H_MAGIC, 0xd00dfeed);
	set_hdr(b, H_TOTALSIZE, BLOB_SIZE);
	set_hdr(b, H_OFF_STRUCT, STRUCT_OFF);
	set_hdr(b, H_OFF_STRINGS, STRINGS_OFF);
	set_hdr(b, H_OFF_RSVMAP, RSV_OFF);
	set_hdr(b, H_VERSION, 17);
	set_hdr(b, H_LAST_COMP, 16);
	set_hdr(b, H_SIZE_STRINGS, sizeof(dt_strings));
	set_hdr(b, H_SIZE_STRUCT, sizeof(dt_struct) - 1);
	memcpy(b + RSV_OFF, dt_rsvmap, sizeof(dt_rsvmap) - 1);
	memcpy(b + STRUCT_OFF, dt_struct, sizeof(dt_struct) - 1);
	memcpy(b + STRINGS_OFF, dt_strings, sizeof(dt_strings));
	return b;
}

struct ctx {
	uint8_t *blob;
	struct fdt fdt;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	c->blob = make_blob();
	assert_int_equal(fdt_init(&c->fdt, c->blob, BLOB_SIZE), 0);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	free(c->blob);
	free(c);
	return 0;
}

static const struct fdt *F(void **state)
{
	return &((struct ctx *)*state)->fdt;
}

/* ---- Decoding the well-formed tree ------------------------------------------------------ */

static void test_header(void **state)
{
	const struct fdt *f = F(state);
	struct fdt g;

	assert_int_equal(f->size, BLOB_SIZE);
	assert_int_equal(f->off_struct, STRUCT_OFF);
	assert_int_equal(f->size_strings, sizeof(dt_strings));
	/* A caller limit below totalsize is a truncated blob. */
	assert_int_equal(fdt_init(&g, f->blob, BLOB_SIZE - 1), -EINVAL);
	assert_int_equal(fdt_init(&g, NULL, BLOB_SIZE), -EINVAL);
}

static void test_paths(void **state)
{
	const struct fdt *f = F(state);
	int root = fdt_path_offset(f, "/");
	int soc = fdt_path_offset(f, "/soc");
	int uart = fdt_path_offset(f, "/soc/serial@10000000");

	assert_true(root >= 0);
	assert_string_equal(fdt_node_name(f, root), "");
	assert_true(soc > root);
	assert_string_equal(fdt_node_name(f, uart), "serial@10000000");
	assert_int_equal(fdt_parent(f, uart), soc);
	assert_int_equal(fdt_parent(f, soc), root);
	assert_int_equal(fdt_parent(f, root), -ENOENT);
	/* Without a unit address the first match wins; doubled and trailing slashes are fine. */
	assert_string_equal(fdt_node_name(f, fdt_path_offset(f, "/memory")), "memory@80000000");
	assert_int_equal(fdt_path_offset(f, "//soc//serial@10000000/"), uart);
	assert_string_equal(fdt_node_name(f, fdt_path_offset(f, "/cpus/cpu-map")), "cpu-map");
	assert_int_equal(fdt_path_offset(f, "/soc/serial@30000000"), -ENOENT);
	assert_int_equal(fdt_path_offset(f, "/mem"), -ENOENT);
	assert_int_equal(fdt_path_offset(f, "/soc/serial@10000000/x"), -ENOENT);
	/* Aliases: "serial0" names /soc/serial@10000000. */
	assert_int_equal(fdt_path_offset(f, "serial0"), uart);
	assert_int_equal(fdt_path_offset(f, "serial1"), -ENOENT);
	assert_int_equal(fdt_chosen_stdout(f), uart);
}

static void test_children(void **state)
{
	const struct fdt *f = F(state);
	static const char *const names[] = {
		"chosen", "aliases", "memory@80000000", "memory@200000000", "reserved-memory",
		"cpus",	  "soc"
	};
	int node, i = 0;

	for (node = fdt_first_child(f, fdt_path_offset(f, "/")); node >= 0;
	     node = fdt_next_sibling(f, node))
		assert_string_equal(fdt_node_name(f, node), names[i++]);
	assert_int_equal(node, -ENOENT);
	assert_int_equal(i, 7);
	assert_int_equal(fdt_first_child(f, fdt_path_offset(f, "/cpus/cpu-map")), -ENOENT);

	/* Tree order visits every node once: root + 7 + 2 + 4 + 3 = 17. */
	for (i = 0, node = fdt_next_node(f, -1); node >= 0; node = fdt_next_node(f, node))
		i++;
	assert_int_equal(node, -ENOENT);
	assert_int_equal(i, 17);
}

static void test_props(void **state)
{
	const struct fdt *f = F(state);
	int chosen = fdt_path_offset(f, "/chosen");
	int uart = fdt_path_offset(f, "/soc/serial@10000000");
	const char *s;
	u32 len, v;

	s = fdt_getprop(f, chosen, "bootargs", &len);
	assert_non_null(s);
	assert_int_equal(len, 22);
	assert_string_equal(s, "console=ttyS0 foo=bar");
	assert_null(fdt_getprop(f, chosen, "bootarg", &len));
	assert_null(fdt_getprop(f, chosen, "reg", NULL));
	assert_int_equal(fdt_getprop_u32(f, uart, "reg-shift", &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(fdt_getprop_u32(f, uart, "reg", &v), -EINVAL);
	assert_int_equal(fdt_getprop_u32(f, uart, "reg-io-width", &v), -ENOENT);
	assert_non_null(fdt_getprop(f, fdt_path_offset(f, "/reserved-memory/dyn"), "no-map", &len));
	assert_int_equal(len, 0);
	assert_string_equal(fdt_getprop(f, fdt_path_offset(f, "/"), "model", NULL), "keel-test");
	assert_true(fdt_prop_is_string("okay", 5, "okay"));
	assert_false(fdt_prop_is_string("okay", 4, "okay"));
	assert_false(fdt_prop_is_string(NULL, 0, ""));
}

static void test_compatible(void **state)
{
	const struct fdt *f = F(state);
	int test = fdt_path_offset(f, "/soc/test@100000");
	int uart;

	assert_true(fdt_node_is_compatible(f, test, "sifive,test0"));
	assert_true(fdt_node_is_compatible(f, test, "syscon"));
	assert_false(fdt_node_is_compatible(f, test, "sifive,test"));
	assert_false(fdt_node_is_compatible(f, test, "syscon2"));
	assert_int_equal(fdt_find_compatible(f, -1, "sifive,test1"), test);
	/* The disabled serial@20000000 comes first in the tree and must be skipped. */
	uart = fdt_find_compatible(f, -1, "ns16550a");
	assert_string_equal(fdt_node_name(f, uart), "serial@10000000");
	assert_int_equal(fdt_find_compatible(f, uart, "ns16550a"), -ENOENT);
	assert_int_equal(fdt_find_compatible(f, -1, "virtio,mmio"), -ENOENT);
	assert_false(fdt_node_is_available(f, fdt_path_offset(f, "/cpus/cpu@1")));
	assert_true(fdt_node_is_available(f, fdt_path_offset(f, "/cpus/cpu@0")));
	assert_true(fdt_node_is_available(f, fdt_path_offset(f, "/cpus/cpu@2")));
}

static void test_reg(void **state)
{
	const struct fdt *f = F(state);
	int mem = fdt_path_offset(f, "/memory@80000000");
	int cpus = fdt_path_offset(f, "/cpus");
	u64 a, s;

	assert_int_equal(fdt_address_cells(f, cpus), 1);
	assert_int_equal(fdt_size_cells(f, cpus), 0);
	assert_int_equal(fdt_address_cells(f, mem), 2); /* defaults */
	assert_int_equal(fdt_size_cells(f, mem), 1);
	assert_int_equal(fdt_reg(f, mem, 0, &a, &s), 0);
	assert_int_equal(a, 0x80000000);
	assert_int_equal(s, 0x8000000);
	assert_int_equal(fdt_reg(f, mem, 1, &a, &s), 0);
	assert_int_equal(a, 0x100000000ull);
	assert_int_equal(s, 0x10000000);
	assert_int_equal(fdt_reg(f, mem, 2, &a, &s), -ENOENT);
	assert_int_equal(fdt_reg(f, mem, -1, &a, &s), -ENOENT);
	assert_int_equal(fdt_reg(f, fdt_path_offset(f, "/cpus/cpu@2"), 0, &a, &s), 0);
	assert_int_equal(a, 2);
	assert_int_equal(s, 0);
	assert_int_equal(fdt_reg(f, fdt_path_offset(f, "/chosen"), 0, &a, &s), -ENOENT);
	assert_int_equal(fdt_reg(f, fdt_path_offset(f, "/"), 0, &a, &s), -EINVAL);
	assert_int_equal(fdt_read_cells("\x12\x34\x56\x78", 1), 0x12345678);
	assert_int_equal(fdt_read_cells("\0\0\0\1\0\0\0\2", 2), 0x100000002ull);
}

static void test_rsvmap(void **state)
{
	const struct fdt *f = F(state);
	u64 a, s;

	assert_int_equal(fdt_rsvmap_entry(f, 0, &a, &s), 0);
	assert_int_equal(a, 0x87000000);
	assert_int_equal(s, 0x1000);
	assert_int_equal(fdt_rsvmap_entry(f, 1, &a, &s), -ENOENT);
	assert_int_equal(fdt_rsvmap_entry(f, -3, &a, &s), -ENOENT);
}

static bool has_region(const struct boot_info *bi, u64 base, u64 size, enum mem_type type)
{
	for (unsigned int i = 0; i < bi->nr_regions; i++) {
		const struct mem_region *r = &bi->regions[i];

		if (r->base == base && r->size == size && r->type == type)
			return true;
	}
	return false;
}

static void test_fill_boot_info(void **state)
{
	const struct fdt *f = F(state);
	static struct boot_info bi;

	memset(&bi, 0, sizeof(bi));
	assert_int_equal(fdt_fill_boot_info(f, TEST_FDT_PA, &bi), 0);
	assert_string_equal(bi.cmdline, "console=ttyS0 foo=bar");
	assert_int_equal(bi.fdt, TEST_FDT_PA);
	assert_int_equal(bi.initrd_start, 0x84200000);
	assert_int_equal(bi.initrd_size, 0x100000);
	assert_int_equal(bi.nr_cpus, 2);
	assert_true(has_region(&bi, 0x80000000, 0x8000000, MEM_USABLE));
	assert_true(has_region(&bi, 0x100000000ull, 0x10000000, MEM_USABLE));
	assert_true(has_region(&bi, 0x80000000, 0x40000, MEM_RESERVED));
	assert_true(has_region(&bi, 0x87000000, 0x1000, MEM_RESERVED));
	assert_true(has_region(&bi, TEST_FDT_PA, BLOB_SIZE, MEM_RESERVED));
	assert_true(has_region(&bi, 0x84200000, 0x100000, MEM_RESERVED));
	/* The disabled memory node adds nothing: 2 usable + 4 reserved. */
	assert_int_equal(bi.nr_regions, 6);
}

/* ---- Hostile blobs ---------------------------------------------------------------------- */

/* Call everything on a blob that may be garbage. Results are free; crashes are not. */
static void exercise(const uint8_t *blob, u32 size)
{
	static const char *const paths[] = { "/",	    "/chosen",
					     "/memory",	    "/soc/serial@10000000",
					     "serial0",	    "serial0/x",
					     "/cpus/cpu@0", "x" };
	static struct boot_info bi;
	struct fdt f;
	u64 a, s;
	u32 len, v;
	int node, i;

	if (fdt_init(&f, blob, size))
		return;
	for (i = 0, node = fdt_next_node(&f, -1); node >= 0 && i < 10000;
	     node = fdt_next_node(&f, node), i++) {
		const char *name = fdt_node_name(&f, node);

		assert_non_null(name);
		(void)fdt_getprop(&f, node, "compatible", &len);
		(void)fdt_getprop_u32(&f, node, "reg-shift", &v);
		(void)fdt_node_is_compatible(&f, node, "ns16550a");
		(void)fdt_node_is_available(&f, node);
		(void)fdt_first_child(&f, node);
		(void)fdt_next_sibling(&f, node);
		(void)fdt_parent(&f, node);
		(void)fdt_reg(&f, node, 0, &a, &s);
		(void)fdt_reg(&f, node, 1, &a, &s);
		(void)fdt_address_cells(&f, node);
		(void)fdt_size_cells(&f, node);
	}
	assert_true(i < 10000);
	for (i = 0; i < (int)(sizeof(paths) / sizeof(paths[0])); i++)
		(void)fdt_path_offset(&f, paths[i]);
	/* Arbitrary offsets must be rejected or handled, never followed blindly. */
	for (node = -8; node < (int)f.size_struct + 8; node += 4) {
		(void)fdt_node_name(&f, node);
		(void)fdt_getprop(&f, node, "reg", &len);
		(void)fdt_first_child(&f, node);
		(void)fdt_next_sibling(&f, node);
	}
	(void)fdt_chosen_stdout(&f);
	for (i = 0; i < 40 && fdt_rsvmap_entry(&f, i, &a, &s) == 0; i++)
		;
	for (i = 0, node = -1; i < 10000; i++) {
		node = fdt_find_compatible(&f, node, "ns16550a");
		if (node < 0)
			break;
	}
	assert_true(i < 10000);
	memset(&bi, 0, sizeof(bi));
	(void)fdt_fill_boot_info(&f, 0x1000, &bi);
	assert_true(bi.nr_regions <= BOOT_MAX_REGIONS);
	assert_true(strnlen(bi.cmdline, sizeof(bi.cmdline)) < sizeof(bi.cmdline));
}

/* Every prefix of the blob, both as given (header says longer) and with totalsize patched. */
static void test_truncated(void **state)
{
	(void)state;
	uint8_t *full = make_blob();

	for (u32 n = 0; n < BLOB_SIZE; n++) {
		uint8_t *b = malloc(n ? n : 1);
		struct fdt f;

		memcpy(b, full, n);
		assert_int_equal(fdt_init(&f, b, n), -EINVAL);
		if (n >= HDR_SIZE) {
			set_hdr(b, H_TOTALSIZE, n);
			exercise(b, n);
		}
		free(b);
	}
	free(full);
}

/* Each header field set to values at and around the edges. */
static void test_bad_header(void **state)
{
	(void)state;
	static const uint32_t vals[] = { 0,	     1,
					 3,	     4,
					 8,	     16,
					 17,	     18,
					 39,	     40,
					 41,	     BLOB_SIZE - 1,
					 BLOB_SIZE,  BLOB_SIZE + 1,
					 0x7ffffffc, 0x7fffffff,
					 0x80000000, 0xfffffff0,
					 0xfffffffc, 0xffffffff };
	uint8_t *b = make_blob();

	for (int field = 0; field < 10; field++) {
		uint8_t saved[4];

		memcpy(saved, b + field * 4, 4);
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			set_hdr(b, field, vals[i]);
			exercise(b, BLOB_SIZE);
		}
		memcpy(b + field * 4, saved, 4);
	}
	free(b);
}

/* Any aligned word of the structure block replaced by a hostile value. */
static void test_bad_words(void **state)
{
	(void)state;
	static const uint32_t vals[] = { 0,
					 1,
					 2,
					 3,
					 4,
					 9,
					 0x7fffffff,
					 0x80000000,
					 0xffffffff,
					 0xfffffffc,
					 sizeof(dt_strings),
					 sizeof(dt_strings) - 1 };
	uint8_t *b = make_blob();

	for (u32 off = STRUCT_OFF; off + 4 <= STRINGS_OFF; off += 4) {
		uint8_t saved[4];

		memcpy(saved, b + off, 4);
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			put_be32(b + off, vals[i]);
			exercise(b, BLOB_SIZE);
		}
		memcpy(b + off, saved, 4);
	}
	free(b);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* Random byte flips anywhere past the magic (deterministic: fixed seed). */
static void test_random_mutations(void **state)
{
	(void)state;
	uint8_t *ref = make_blob(), *b = malloc(BLOB_SIZE);

	for (int iter = 0; iter < 20000; iter++) {
		int flips = 1 + (int)(rng() % 4);

		memcpy(b, ref, BLOB_SIZE);
		while (flips--)
			b[4 + rng() % (BLOB_SIZE - 4)] = (uint8_t)rng();
		exercise(b, BLOB_SIZE);
	}
	free(b);
	free(ref);
}

/*
 * A tree of nested nodes "n": deeper than the parser's limit, fdt_parent() and
 * fdt_next_sibling() must refuse rather than overflow their bookkeeping.
 */
static uint8_t *make_nested(u32 depth, u32 *size)
{
	u32 struct_size = depth * 12 + 4, total = HDR_SIZE + 16 + struct_size;
	uint8_t *b = calloc(1, total), *p = b + HDR_SIZE + 16;

	set_hdr(b, H_MAGIC, 0xd00dfeed);
	set_hdr(b, H_TOTALSIZE, total);
	set_hdr(b, H_OFF_RSVMAP, HDR_SIZE);
	set_hdr(b, H_OFF_STRUCT, HDR_SIZE + 16);
	set_hdr(b, H_OFF_STRINGS, total);
	set_hdr(b, H_VERSION, 17);
	set_hdr(b, H_LAST_COMP, 16);
	set_hdr(b, H_SIZE_STRUCT, struct_size);
	for (u32 i = 0; i < depth; i++, p += 8) {
		put_be32(p, 1);
		memcpy(p + 4, "n\0\0\0", 4);
	}
	for (u32 i = 0; i < depth; i++, p += 4)
		put_be32(p, 2);
	put_be32(p, 9);
	*size = total;
	return b;
}

static void test_deep_nesting(void **state)
{
	(void)state;
	u32 size;
	uint8_t *b = make_nested(1000, &size);
	struct fdt f;
	int node, deepest = -1;

	assert_int_equal(fdt_init(&f, b, size), 0);
	for (node = fdt_next_node(&f, -1); node >= 0; node = fdt_next_node(&f, node))
		deepest = node;
	assert_int_equal(node, -ENOENT);
	assert_int_equal(fdt_parent(&f, deepest), -EINVAL);
	assert_int_equal(fdt_next_sibling(&f, fdt_next_node(&f, -1)), -EINVAL);
	exercise(b, size);
	free(b);

	/* Within the limit everything works. */
	b = make_nested(20, &size);
	assert_int_equal(fdt_init(&f, b, size), 0);
	node = fdt_path_offset(&f, "/n/n/n");
	assert_true(node > 0);
	assert_int_equal(fdt_parent(&f, node), fdt_path_offset(&f, "/n/n"));
	assert_int_equal(fdt_next_sibling(&f, fdt_next_node(&f, -1)), -ENOENT);
	free(b);
}

/* A property length near 4 GiB must not wrap the bounds arithmetic. */
static void test_huge_prop_len(void **state)
{
	(void)state;
	uint8_t *b = make_blob();
	u32 off = STRUCT_OFF + 8 + 4; /* root's first property: its length word */
	struct fdt f;
	u32 len;

	put_be32(b + off, 0xfffffffd);
	assert_int_equal(fdt_init(&f, b, BLOB_SIZE), 0);
	assert_null(fdt_getprop(&f, 0, "#address-cells", &len));
	assert_int_equal(fdt_path_offset(&f, "/chosen"), -EINVAL);
	free(b);
}

/* A reservation map with no terminator, thousands of entries long: an error, in linear time. */
static void test_rsvmap_unterminated(void **state)
{
	(void)state;
	enum { ENTRIES = 20000, STRUCT_SIZE = 16 };
	u32 total = HDR_SIZE + ENTRIES * 16 + STRUCT_SIZE, off_struct = total - STRUCT_SIZE;
	uint8_t *b = calloc(1, total);
	static struct boot_info bi;
	struct fdt f;
	u64 a, s;

	set_hdr(b, H_MAGIC, 0xd00dfeed);
	set_hdr(b, H_TOTALSIZE, total);
	set_hdr(b, H_OFF_RSVMAP, HDR_SIZE);
	set_hdr(b, H_OFF_STRUCT, off_struct);
	set_hdr(b, H_OFF_STRINGS, total);
	set_hdr(b, H_VERSION, 17);
	set_hdr(b, H_LAST_COMP, 16);
	set_hdr(b, H_SIZE_STRUCT, STRUCT_SIZE);
	memset(b + HDR_SIZE, 0x01, ENTRIES * 16);
	memcpy(b + off_struct, T_BEGIN "\0\0\0\0" T_END_NODE T_END, STRUCT_SIZE);

	assert_int_equal(fdt_init(&f, b, total), 0);
	assert_int_equal(fdt_rsvmap_entry(&f, ENTRIES - 1, &a, &s), 0);
	assert_int_equal(a, 0x0101010101010101ull);
	/* The structure block read as one more entry, then the end of the blob. */
	assert_int_equal(fdt_rsvmap_entry(&f, ENTRIES, &a, &s), 0);
	assert_int_equal(fdt_rsvmap_entry(&f, ENTRIES + 1, &a, &s), -EINVAL);
	memset(&bi, 0, sizeof(bi));
	assert_int_equal(fdt_fill_boot_info(&f, 0, &bi), -EINVAL);
	assert_int_equal(bi.nr_regions, BOOT_MAX_REGIONS);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_props, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compatible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rsvmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_boot_info, setup, teardown),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_words),
		cmocka_unit_test(test_random_mutations),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_prop_len),
		cmocka_unit_test(test_rsvmap_unterminated),
	};

	return cmocka_run_group_tests_name("fdt", tests, NULL, NULL);
}
