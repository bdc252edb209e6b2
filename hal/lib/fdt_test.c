// SPDX-License-Identifier: MPL-2.0
// ktests for the device tree parser: a tiny hand-written DTB, then the same blob corrupted.
// (tests/host/test_fdt.c goes further, under ASan, with a bigger tree and fuzzing.)
#include <hal/compiler.h>
#include <hal/boot_info.h>
#include <hal/errno.h>
#include <hal/fdt.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>

/* Structure-block tokens as big-endian words; property records are T_PROP, len, nameoff. */
#define T_BEGIN	   "\0\0\0\1"
#define T_END_NODE "\0\0\0\2"
#define T_PROP	   "\0\0\0\3"
#define T_END	   "\0\0\0\x09"

static const char dt_strings[] = "#address-cells\0"	/* 0x00 */
				 "#size-cells\0"	/* 0x0f */
				 "bootargs\0"		/* 0x1b */
				 "linux,initrd-start\0" /* 0x24 */
				 "linux,initrd-end\0"	/* 0x37 */
				 "device_type\0"	/* 0x48 */
				 "reg\0"		/* 0x54 */
				 "status\0"		/* 0x58 */
				 "compatible";		/* 0x5f */

/*
 * / { #address-cells = <2>; #size-cells = <1>;
 *	chosen { bootargs = "ktest"; linux,initrd-start = /bits/ 64 <0x88000000>;
 *		 linux,initrd-end = <0x88001000>; };
 *	memory@80000000 { device_type = "memory"; reg = <0 0x80000000 0x4000000>; };
 *	cpus { cpu@0 { device_type = "cpu"; }; cpu@1 { device_type = "cpu"; status = "fail"; }; };
 *	uart@10000000 { compatible = "vendor,uart", "ns16550a"; reg = <0 0x10000000 0x100>; };
 * };
 * /memreserve/ 0x80000000 0x10000;
 */
/* One line per token keeps the tree readable; clang-format would pack them. */
/* clang-format off */
static const char dt_struct[] =
	T_BEGIN "\0\0\0\0"
	T_PROP "\0\0\0\4" "\0\0\0\x00" "\0\0\0\2"
	T_PROP "\0\0\0\4" "\0\0\0\x0f" "\0\0\0\1"
	T_BEGIN "chosen\0\0"
		T_PROP "\0\0\0\x06" "\0\0\0\x1b" "ktest\0\0\0"
		T_PROP "\0\0\0\x08" "\0\0\0\x24" "\0\0\0\0" "\x88\0\0\0"
		T_PROP "\0\0\0\4" "\0\0\0\x37" "\x88\0\x10\0"
	T_END_NODE
	T_BEGIN "memory@80000000\0"
		T_PROP "\0\0\0\x07" "\0\0\0\x48" "memory\0\0"
		T_PROP "\0\0\0\x0c" "\0\0\0\x54" "\0\0\0\0" "\x80\0\0\0" "\x04\0\0\0"
	T_END_NODE
	T_BEGIN "cpus\0\0\0\0"
		T_BEGIN "cpu@0\0\0\0"
			T_PROP "\0\0\0\4" "\0\0\0\x48" "cpu\0"
		T_END_NODE
		T_BEGIN "cpu@1\0\0\0"
			T_PROP "\0\0\0\4" "\0\0\0\x48" "cpu\0"
			T_PROP "\0\0\0\x05" "\0\0\0\x58" "fail\0\0\0\0"
		T_END_NODE
	T_END_NODE
	T_BEGIN "uart@10000000\0\0\0"
		T_PROP "\0\0\0\x15" "\0\0\0\x5f" "vendor,uart\0ns16550a\0\0\0\0"
		T_PROP "\0\0\0\x0c" "\0\0\0\x54" "\0\0\0\0" "\x10\0\0\0" "\0\0\1\0"
	T_END_NODE
	T_END_NODE
	T_END;
/* clang-format on */

static const char dt_rsvmap[] = "\0\0\0\0\x80\0\0\0"
				"\0\0\0\0\0\1\0\0"
				"\0\0\0\0\0\0\0\0"
				"\0\0\0\0\0\0\0\0";

#define RSV_OFF	    40
#define STRUCT_OFF  (RSV_OFF + sizeof(dt_rsvmap) - 1)
#define STRINGS_OFF (STRUCT_OFF + sizeof(dt_struct) - 1)
#define BLOB_SIZE   (STRINGS_OFF + sizeof(dt_strings))

static u8 blob[BLOB_SIZE] __aligned(8);

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

/* Assemble the test DTB into blob[] (tests corrupt it, so rebuild it every time). */
static void build_blob(void)
{
	static const u32 header[10] = {
		0xd00dfeed, BLOB_SIZE, STRUCT_OFF, STRINGS_OFF,	       RSV_OFF,
		17,	    16,	       0,	   sizeof(dt_strings), sizeof(dt_struct) - 1
	};

	for (int i = 0; i < 10; i++)
		put_be32(blob + i * 4, header[i]);
	memcpy(blob + RSV_OFF, dt_rsvmap, sizeof(dt_rsvmap) - 1);
	memcpy(blob + STRUCT_OFF, dt_struct, sizeof(dt_struct) - 1);
	memcpy(blob + STRINGS_OFF, dt_strings, sizeof(dt_strings));
}

KTEST(fdt, lookup)
{
	struct fdt f;
	int uart, mem;
	u64 addr, size;
	u32 len;

	build_blob();
	KASSERT_EQ(fdt_init(&f, blob, BLOB_SIZE), 0);
	uart = fdt_path_offset(&f, "/uart");
	KASSERT_TRUE(uart > 0);
	KEXPECT_STREQ(fdt_node_name(&f, uart), "uart@10000000");
	KEXPECT_EQ(fdt_find_compatible(&f, -1, "ns16550a"), uart);
	KEXPECT_TRUE(fdt_node_is_compatible(&f, uart, "vendor,uart"));
	KEXPECT_FALSE(fdt_node_is_compatible(&f, uart, "ns16550"));
	KEXPECT_EQ(fdt_reg(&f, uart, 0, &addr, &size), 0);
	KEXPECT_EQ(addr, 0x10000000);
	KEXPECT_EQ(size, 0x100);

	mem = fdt_path_offset(&f, "/memory@80000000");
	KEXPECT_EQ(fdt_path_offset(&f, "/memory"), mem);
	KEXPECT_EQ(fdt_parent(&f, mem), fdt_path_offset(&f, "/"));
	KEXPECT_EQ(fdt_size_cells(&f, fdt_parent(&f, mem)), 1);
	KEXPECT_EQ(fdt_next_sibling(&f, uart), -ENOENT);
	KEXPECT_STREQ(fdt_getprop(&f, fdt_path_offset(&f, "/chosen"), "bootargs", &len), "ktest");
	KEXPECT_EQ(len, 6);
	KEXPECT_EQ(fdt_path_offset(&f, "/cpus/cpu@2"), -ENOENT);
}

KTEST(fdt, fill_boot_info)
{
	static struct boot_info bi;
	struct fdt f;
	bool usable = false, rsv = false, dtb = false;

	build_blob();
	memset(&bi, 0, sizeof(bi));
	KASSERT_EQ(fdt_init(&f, blob, BLOB_SIZE), 0);
	KASSERT_EQ(fdt_fill_boot_info(&f, 0x87f00000, &bi), 0);
	KEXPECT_STREQ(bi.cmdline, "ktest");
	KEXPECT_EQ(bi.initrd_start, 0x88000000);
	KEXPECT_EQ(bi.initrd_size, 0x1000);
	KEXPECT_EQ(bi.nr_cpus, 1); /* cpu@1 has status "fail" */
	KEXPECT_EQ(bi.fdt, 0x87f00000);
	for (unsigned int i = 0; i < bi.nr_regions; i++) {
		const struct mem_region *r = &bi.regions[i];

		usable |= r->base == 0x80000000 && r->size == 0x4000000 && r->type == MEM_USABLE;
		rsv |= r->base == 0x80000000 && r->size == 0x10000 && r->type == MEM_RESERVED;
		dtb |= r->base == 0x87f00000 && r->size == BLOB_SIZE && r->type == MEM_RESERVED;
	}
	KEXPECT_TRUE(usable);
	KEXPECT_TRUE(rsv);
	KEXPECT_TRUE(dtb);
}

KTEST(fdt, bad_header)
{
	struct fdt f;

	build_blob();
	KEXPECT_EQ(fdt_init(&f, blob, BLOB_SIZE - 1), -EINVAL);
	put_be32(blob + 8, BLOB_SIZE); /* structure block past the end */
	KEXPECT_EQ(fdt_init(&f, blob, BLOB_SIZE), -EINVAL);
	build_blob();
	put_be32(blob + 20, 15); /* version too old */
	KEXPECT_EQ(fdt_init(&f, blob, BLOB_SIZE), -EINVAL);
	build_blob();
	blob[0] = 0;
	KEXPECT_EQ(fdt_init(&f, blob, BLOB_SIZE), -EINVAL);
}

/* Every word of the structure block set to a hostile value: errors, never a fault or a hang. */
KTEST(fdt, corrupt_structure)
{
	static const u32 vals[] = { 0, 1, 2, 3, 9, 0x7fffffff, 0xffffffff };
	static struct boot_info bi;
	struct fdt f;
	u64 a, s;

	for (u32 off = STRUCT_OFF; off < STRINGS_OFF; off += 4) {
		for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
			build_blob();
			put_be32(blob + off, vals[i]);
			KASSERT_EQ(fdt_init(&f, blob, BLOB_SIZE), 0);
			memset(&bi, 0, sizeof(bi));
			(void)fdt_fill_boot_info(&f, 0, &bi);
			(void)fdt_reg(&f, fdt_find_compatible(&f, -1, "ns16550a"), 0, &a, &s);
			KEXPECT_TRUE(bi.nr_regions <= BOOT_MAX_REGIONS);
		}
	}
}
