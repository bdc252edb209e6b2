// SPDX-License-Identifier: MPL-2.0
// Intel VT-d (Virtualization Technology for Directed I/O, spec rev. 3.x) registers, table
// formats and the driver state shared by arch/x86_64/vtd*.c.
#ifndef ARCH_VTD_H
#define ARCH_VTD_H

#include <hal/compiler.h>
#include <hal/lib/bitmap.h>
#include <hal/rawlock.h>
#include <hal/types.h>

/* Register offsets (chapter 11). */
#define VTD_VER	    0x00
#define VTD_CAP	    0x08
#define VTD_ECAP    0x10
#define VTD_GCMD    0x18
#define VTD_GSTS    0x1c
#define VTD_RTADDR  0x20
#define VTD_FSTS    0x34
#define VTD_FECTL   0x38
#define VTD_FEDATA  0x3c
#define VTD_FEADDR  0x40
#define VTD_FEUADDR 0x44
#define VTD_IQH	    0x80
#define VTD_IQT	    0x88
#define VTD_IQA	    0x90
#define VTD_ICS	    0x9c
#define VTD_IRTA    0xb8

/* CAP_REG */
#define VTD_CAP_ND(c)	 ((c) & 7)
#define VTD_CAP_CM	 (1ULL << 7)
#define VTD_CAP_SAGAW(c) (((c) >> 8) & 0x1f)
#define VTD_CAP_MGAW(c)	 ((((c) >> 16) & 0x3f) + 1)
#define VTD_CAP_FRO(c)	 ((((c) >> 24) & 0x3ff) * 16)
#define VTD_CAP_PSI	 (1ULL << 39)
#define VTD_CAP_NFR(c)	 ((((c) >> 40) & 0xff) + 1)
#define VTD_CAP_MAMV(c)	 (((c) >> 48) & 0x3f)
#define VTD_CAP_DWD	 (1ULL << 54)
#define VTD_CAP_DRD	 (1ULL << 55)

/* ECAP_REG */
#define VTD_ECAP_C   (1ULL << 0) /* page walks snoop the CPU caches */
#define VTD_ECAP_QI  (1ULL << 1)
#define VTD_ECAP_IR  (1ULL << 3)
#define VTD_ECAP_EIM (1ULL << 4)

/* GCMD_REG / GSTS_REG: the same bit positions command and report each feature. */
#define VTD_GCMD_TE    (1U << 31)
#define VTD_GCMD_SRTP  (1U << 30)
#define VTD_GCMD_QIE   (1U << 26)
#define VTD_GCMD_IRE   (1U << 25)
#define VTD_GCMD_SIRTP (1U << 24)
#define VTD_GCMD_CFI   (1U << 23)
/* Status bits that stay set and must be written back with every command. */
#define VTD_GCMD_PERSISTENT (VTD_GCMD_TE | VTD_GCMD_QIE | VTD_GCMD_IRE | VTD_GCMD_CFI)

/* FSTS_REG, FECTL_REG */
#define VTD_FSTS_PFO	(1U << 0)
#define VTD_FSTS_PPF	(1U << 1)
#define VTD_FSTS_IQE	(1U << 4)
#define VTD_FSTS_FRI(s) (((s) >> 8) & 0xff)
#define VTD_FECTL_IM	(1U << 31)

/* Fault recording register, high quadword. */
#define VTD_FRCD_F	 (1ULL << 63)
#define VTD_FRCD_T	 (1ULL << 62) /* a read request */
#define VTD_FRCD_FR(hi)	 ((u8)((hi) >> 32))
#define VTD_FRCD_SID(hi) ((u16)(hi))
#define VTD_FR_IR_FIRST	 0x20 /* reasons from here on are interrupt-remapping faults */

/* Root, context and second-level page-table entries (chapter 9). */
#define VTD_PRESENT	  (1ULL << 0)
#define VTD_SL_R	  (1ULL << 0)
#define VTD_SL_W	  (1ULL << 1)
#define VTD_ADDR_MASK	  0x000ffffffffff000ULL
#define VTD_CTX_DID_SHIFT 8

/* Queued invalidation descriptors (6.5.2), 128 bits each. */
#define VTD_QI_CC	   0x1
#define VTD_QI_IOTLB	   0x2
#define VTD_QI_IEC	   0x4
#define VTD_QI_WAIT	   0x5
#define VTD_QI_GRAN_GLOBAL (1ULL << 4)
#define VTD_QI_GRAN_DOMAIN (2ULL << 4)
#define VTD_QI_GRAN_DEVICE (3ULL << 4) /* context cache: device; IOTLB: page */
#define VTD_QI_IOTLB_DW	   (1ULL << 6)
#define VTD_QI_IOTLB_DR	   (1ULL << 7)
#define VTD_QI_IEC_INDEX   (1ULL << 4)
#define VTD_QI_WAIT_SW	   (1ULL << 5)
#define VTD_QI_WAIT_FN	   (1ULL << 6)
#define VTD_QI_LEN	   256 /* descriptors in the 4 KiB queue (IQA.QS = 0) */

/* Interrupt remapping (chapter 5). */
#define VTD_IRT_ENTRIES	 256 /* 4 KiB table: IRTA.S = 7 */
#define VTD_IRTA_S	 7
#define VTD_IRTA_EIME	 (1ULL << 11)
#define VTD_IRTE_SVT_ALL (1ULL << 18) /* verify all 16 bits of the source id */

#define VTD_MAX_UNITS	8
#define VTD_MAX_SCOPES	32
#define VTD_MAX_DOMAINS 1024

/* A device scope of a DRHD, resolved to buses at boot. */
struct vtd_scope {
	u8 bus, devfn;	   /* the endpoint or bridge */
	u8 sub_lo, sub_hi; /* for a bridge: the buses below it; else 0, 0 */
	bool bridge;
};

/* One DMA remapping hardware unit (DRHD). Fields written at probe, then as marked. */
struct vtd_unit {
	paddr_t base;
	u8 *regs;
	u64 cap, ecap;
	u16 segment;
	bool include_all; /* covers every device of the segment not claimed by another unit */
	unsigned int nr_scopes;
	struct vtd_scope scopes[VTD_MAX_SCOPES];
	unsigned int levels;  /* second-level table depth (3: 39-bit, 4: 48-bit) */
	u8 agaw_code;	      /* context entry AW field */
	u64 *root;	      /* the root table (256 entries of 128 bits) */
	u64 *ctx[256];	      /* context table of each bus, made on first attach (lock) */
	struct raw_lock lock; /* context tables and domain ids */
	DECLARE_BITMAP(dids, VTD_MAX_DOMAINS); /* (lock) */
	unsigned int nr_dids;
	/* Queued invalidation. */
	struct raw_lock qlock;
	u64 *iq;
	unsigned int iq_tail; /* (qlock) */
	u32 *iq_status;	      /* written by the unit through the wait descriptor */
	u32 iq_token;	      /* (qlock) */
	/* Faults. */
	unsigned int fro, nfr;
	int fault_irq; /* MSI vector of the fault event, < 0 when polled */
	/* Interrupt remapping. */
	bool ir_on, eime;
	u64 *irt;
	struct raw_lock irt_lock;
	DECLARE_BITMAP(irt_used, VTD_IRT_ENTRIES); /* (irt_lock) */
};

extern struct vtd_unit *vtd_units[VTD_MAX_UNITS];
extern unsigned int vtd_nr_units;

/* vtd_dmar.c: read the DMAR table into vtd_units (registers not touched). */
int vtd_dmar_parse(bool *intr_remap);
/* vtd.c */
u32 vtd_read32(const struct vtd_unit *u, unsigned int reg);
void vtd_write32(struct vtd_unit *u, unsigned int reg, u32 val);
u64 vtd_read64(const struct vtd_unit *u, unsigned int reg);
void vtd_write64(struct vtd_unit *u, unsigned int reg, u64 val);
int vtd_gcmd(struct vtd_unit *u, u32 cmd, bool on);
void vtd_flush_cache(const struct vtd_unit *u, const void *p, size_t len);
u64 *vtd_table_alloc(const struct vtd_unit *u, paddr_t *pa);
int vtd_qi_submit(struct vtd_unit *u, u64 lo, u64 hi);
int vtd_flush_iotlb(struct vtd_unit *u, u16 did, u64 iova, size_t len);
struct vtd_unit *vtd_unit_for(u16 segment, u16 rid);
/* vtd_ir.c */
int vtd_ir_enable(struct vtd_unit *u);

#endif /* ARCH_VTD_H */
