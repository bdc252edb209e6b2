// SPDX-License-Identifier: MPL-2.0
// aarch64 translation constants for the boot identity map: MAIR, TCR, SCTLR and block
// descriptors (VMSAv8-64, 4 KiB granule, 39-bit VA). Included from C and assembly.
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#ifdef __ASSEMBLY__
#define A64_BIT(n) (1 << (n))
#else
#define A64_BIT(n) (1ULL << (n))
#endif

/* MAIR_EL1 attribute indexes and their encodings. */
#define A64_MT_DEVICE_nGnRE 0 /* 0x04 */
#define A64_MT_NORMAL	    1 /* 0xff: inner/outer write-back, read/write-allocate */
#define A64_MT_NORMAL_NC    2 /* 0x44: inner/outer non-cacheable */
#define A64_MAIR_VALUE                                                         \
	((0x04 << (8 * A64_MT_DEVICE_nGnRE)) | (0xff << (8 * A64_MT_NORMAL)) | \
	 (0x44 << (8 * A64_MT_NORMAL_NC)))

/* One level-1 table of 1 GiB blocks covers a 39-bit address space (T0SZ = 25). */
#define A64_VA_BITS	39
#define A64_L1_SHIFT	30
#define A64_L1_ENTRIES	512
#define A64_IDMAP_LIMIT (A64_BIT(A64_VA_BITS))
/* Below 1 GiB, a level-2 table of 2 MiB blocks. */
#define A64_L2_SHIFT   21
#define A64_L2_ENTRIES 512

/* Block and page descriptor bits. */
#define A64_PTE_VALID	    A64_BIT(0)
#define A64_PTE_TABLE	    A64_BIT(1) /* at levels 0-2: table, not block */
#define A64_PTE_ATTRINDX(i) ((i) << 2)
#define A64_PTE_SH_INNER    (3 << 8)
#define A64_PTE_AF	    A64_BIT(10)
#define A64_PTE_PXN	    A64_BIT(53)
#define A64_PTE_UXN	    A64_BIT(54)

/* Kernel RAM: cacheable, kernel read/write/execute, never executable from EL0. */
#define A64_BLOCK_NORMAL                                                                   \
	(A64_PTE_VALID | A64_PTE_ATTRINDX(A64_MT_NORMAL) | A64_PTE_SH_INNER | A64_PTE_AF | \
	 A64_PTE_UXN)
/* MMIO: Device-nGnRE, never executable. */
#define A64_BLOCK_DEVICE                                                                    \
	(A64_PTE_VALID | A64_PTE_ATTRINDX(A64_MT_DEVICE_nGnRE) | A64_PTE_AF | A64_PTE_PXN | \
	 A64_PTE_UXN)

/*
 * TCR_EL1: TTBR0 walks with T0SZ = 25, 4 KiB granule, inner-shareable write-back table walks;
 * TTBR1 walks disabled (EPD1). IPS (bits 32-34) is filled from ID_AA64MMFR0_EL1 at boot.
 */
#define A64_TCR_T0SZ	   (64 - A64_VA_BITS)
#define A64_TCR_IRGN0_WBWA (1 << 8)
#define A64_TCR_ORGN0_WBWA (1 << 10)
#define A64_TCR_SH0_INNER  (3 << 12)
#define A64_TCR_EPD1	   A64_BIT(23)
#define A64_TCR_IPS_SHIFT  32
#define A64_TCR_VALUE \
	(A64_TCR_T0SZ | A64_TCR_IRGN0_WBWA | A64_TCR_ORGN0_WBWA | A64_TCR_SH0_INNER | A64_TCR_EPD1)

/* SCTLR_EL1: the ARMv8.0 RES1 bits, then MMU, data cache, SP alignment check, I-cache. */
#define A64_SCTLR_RES1 \
	(A64_BIT(11) | A64_BIT(20) | A64_BIT(22) | A64_BIT(23) | A64_BIT(28) | A64_BIT(29))
#define A64_SCTLR_M	 A64_BIT(0)
#define A64_SCTLR_C	 A64_BIT(2)
#define A64_SCTLR_SA	 A64_BIT(3)
#define A64_SCTLR_I	 A64_BIT(12)
#define A64_SCTLR_MMU_ON (A64_SCTLR_RES1 | A64_SCTLR_M | A64_SCTLR_C | A64_SCTLR_SA | A64_SCTLR_I)

/* Leaving EL2: EL1 is AArch64 (HCR_EL2.RW); EL1 may read the physical counter and timer. */
#define A64_HCR_EL2_RW		     A64_BIT(31)
#define A64_CNTHCTL_EL1PCTEN_EL1PCEN 3
#define A64_CPTR_EL2_RES1	     0x33ff
#define A64_ICC_SRE_EL2_SRE_ENABLE   9
/* SPSR for "EL1 using SP_EL1, D, A, I and F masked". */
#define A64_SPSR_EL1H_MASKED 0x3c5

#endif /* ARCH_MMU_H */
