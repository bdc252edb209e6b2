// SPDX-License-Identifier: MPL-2.0
// ktests of DMA through the IOMMU with a real device: QEMU q35's built-in ICH9 AHCI (00:1f.2).
// Turning on a port's FIS receive engine (PxCMD.FRE) makes it DMA-write a 20-byte D2H
// register FIS to PxFB + 0x40 at once, so one register write is a complete DMA on command.
#include <hal/arch.h>
#include <hal/bus.h>
#include <hal/dma.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/io.h>
#include <hal/irq.h>
#include <hal/ktest.h>
#include <hal/pmm.h>
#include "../bus/pci_internal.h"
#include "iommu.h"

#define AHCI_CLASS   0x010601
#define AHCI_ABAR    5
#define AHCI_GHC     0x04
#define GHC_HR	     (1U << 0)
#define GHC_IE	     (1U << 1)
#define GHC_AE	     (1U << 31)
#define PORT0	     0x100 /* port 0 registers */
#define PX_FB	     0x08
#define PX_FBU	     0x0c
#define PX_IS	     0x10
#define PX_IE	     0x14
#define PX_CMD	     0x18
#define CMD_SUD_POD  0x0006 /* spin-up and power-on, as after reset */
#define CMD_FRE	     (1U << 4)
#define CMD_FR	     (1U << 14)
#define IS_DHRS	     (1U << 0)
#define RFIS	     0x40 /* where the D2H register FIS lands */
#define FIS_TYPE_D2H 0x34
#define FR_WRITE     0x5 /* VT-d fault reason: write not permitted */
#define IRQ_WAIT_NS  50000000ULL

struct ahci {
	struct pci_dev *pdev;
	struct device *dev;
	struct io_mem *abar;
};

static bool ahci_open(struct ahci *a)
{
	a->pdev = pci_find_class(AHCI_CLASS, 0xffffff, NULL);
	if (!a->pdev)
		return false;
	a->dev = pci_to_device(a->pdev);
	a->abar = pci_bar_iomem(a->pdev, AHCI_ABAR);
	if (IS_ERR(a->abar))
		return false;
	pci_enable_device(a->pdev);
	pci_set_master(a->pdev, true);
	return true;
}

/* Stop the engine first: the device must let go of the buffer before it is unmapped. */
static void ahci_fis_stop(struct ahci *a)
{
	iomem_write32(a->abar, PORT0 + PX_CMD, CMD_SUD_POD);
}

static void ahci_close(struct ahci *a)
{
	ahci_fis_stop(a);
	iomem_write32(a->abar, PORT0 + PX_IS, ~0U);
	iomem_write32(a->abar, AHCI_GHC, GHC_AE);
	pci_set_master(a->pdev, false);
	iomem_put(a->abar);
}

/*
 * Reset the HBA (so the port sends its first D2H FIS again), point port 0's FIS area at @fb
 * and start the receive engine. Returns whether the engine runs, i.e. whether the device
 * could reach @fb.
 */
static bool ahci_fis_start(struct ahci *a, dma_addr_t fb, u32 ghc)
{
	ahci_fis_stop(a);
	iomem_write32(a->abar, AHCI_GHC, GHC_AE | GHC_HR);
	iomem_write32(a->abar, AHCI_GHC, GHC_AE | ghc);
	iomem_write32(a->abar, PORT0 + PX_FB, (u32)fb);
	iomem_write32(a->abar, PORT0 + PX_FBU, (u32)(fb >> 32));
	iomem_write32(a->abar, PORT0 + PX_IE, ghc & GHC_IE ? IS_DHRS : 0);
	iomem_write32(a->abar, PORT0 + PX_CMD, CMD_SUD_POD | CMD_FRE);
	return iomem_read32(a->abar, PORT0 + PX_CMD) & CMD_FR;
}

KTEST(iommu, device_dma_reaches_a_mapped_buffer)
{
	struct dma_coherent *buf;
	struct ahci a;
	u8 type;

	if (!ahci_open(&a))
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	buf = dma_coherent_alloc(a.dev, PAGE_SIZE);
	KASSERT_TRUE(!IS_ERR(buf));
	KEXPECT_TRUE(ahci_fis_start(&a, dma_coherent_daddr(buf), 0));
	KEXPECT_EQ(dma_coherent_read(buf, RFIS, &type, 1), 0);
	KEXPECT_EQ(type, FIS_TYPE_D2H);
	if (iommu_translates(a.dev))
		KEXPECT_TRUE(iommu_iova_mapped(a.dev, dma_coherent_daddr(buf)));
	ahci_close(&a);
	dma_coherent_free(buf);
}

/*
 * Let the device try to write its FIS to @fb, then stop it, and return how many faults the
 * IOMMU reported. A blocked write still "succeeds" from the device's point of view under
 * QEMU (its DMA layer falls back to a bounce buffer and drops the data), so the faults and the
 * memory are what tell. Faults are drained around each step: VT-d does not record a second
 * fault from a requester while the first one is pending.
 */
static u64 ahci_try_dma(struct ahci *a, dma_addr_t fb)
{
	u64 before;

	iommu_fault_poll();
	before = iommu_fault_count();
	ahci_fis_start(a, fb, 0);
	iommu_fault_poll();
	ahci_fis_stop(a);
	iommu_fault_poll();
	return iommu_fault_count() - before;
}

static void expect_write_fault(struct ktest_ctx *__ktest_ctx, const struct device *dev, u64 addr)
{
	struct iommu_fault f;

	if (!KEXPECT_TRUE(iommu_fault_last(&f)))
		return;
	KEXPECT_EQ(f.rid, dev->rid);
	KEXPECT_EQ(f.segment, dev->segment);
	KEXPECT_EQ(f.addr, addr & ~(u64)(PAGE_SIZE - 1));
	KEXPECT_TRUE(f.write);
	KEXPECT_FALSE(f.irq);
	KEXPECT_EQ(f.reason, FR_WRITE);
}

/* The test: DMA to an address not mapped for the device is blocked and reported. */
KTEST(iommu, dma_to_unmapped_address_is_blocked_and_reported)
{
	struct dma_coherent *own;
	struct frame *victim;
	struct ahci a;
	u64 target;
	u8 byte;

	if (!ahci_open(&a))
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	if (!iommu_translates(a.dev)) {
		ahci_close(&a);
		KTEST_SKIP("no IOMMU translates DMA (run with IOMMU=1: -device intel-iommu)");
	}
	/* The device has a domain with a live mapping, just not of the target page. */
	own = dma_coherent_alloc(a.dev, PAGE_SIZE);
	victim = frame_alloc();
	KASSERT_TRUE(!IS_ERR(own) && !IS_ERR(victim));
	frame_fill(victim, 0, 0xa5, PAGE_SIZE);
	/* Aim at the victim's physical address: without the IOMMU the write would land there. */
	target = frame_to_paddr(victim);
	KASSERT_TRUE(!iommu_iova_mapped(a.dev, target));
	KEXPECT_GE(ahci_try_dma(&a, target), 1);
	expect_write_fault(__ktest_ctx, a.dev, target);
	KEXPECT_EQ(frame_read(victim, RFIS, &byte, 1), 0);
	KEXPECT_EQ(byte, 0xa5);
	/* The same device still reaches what is mapped for it. */
	KEXPECT_EQ(ahci_try_dma(&a, dma_coherent_daddr(own)), 0);
	KEXPECT_EQ(dma_coherent_read(own, RFIS, &byte, 1), 0);
	KEXPECT_EQ(byte, FIS_TYPE_D2H);
	ahci_close(&a);
	frame_put(victim);
	dma_coherent_free(own);
}

/* The unit reports a blocked DMA by itself, through its fault-event interrupt. */
KTEST(iommu, fault_event_interrupt_reports_blocked_dma)
{
	struct dma_coherent *own;
	struct frame *victim;
	unsigned long irqs;
	struct ahci a;
	u64 before, t0;

	if (!ahci_open(&a))
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	if (!iommu_translates(a.dev)) {
		ahci_close(&a);
		KTEST_SKIP("no IOMMU translates DMA (run with IOMMU=1: -device intel-iommu)");
	}
	own = dma_coherent_alloc(a.dev, PAGE_SIZE);
	victim = frame_alloc();
	KASSERT_TRUE(!IS_ERR(own) && !IS_ERR(victim));
	iommu_fault_poll();
	before = iommu_fault_count();
	irqs = irq_local_save();
	irq_local_enable();
	ahci_fis_start(&a, frame_to_paddr(victim), 0);
	for (t0 = arch_timestamp_ns();
	     iommu_fault_count() == before && arch_timestamp_ns() - t0 < IRQ_WAIT_NS;)
		arch_cpu_relax();
	irq_local_restore(irqs);
	KEXPECT_GT(iommu_fault_count(), before); /* nobody polled: the interrupt drained it */
	ahci_fis_stop(&a);
	iommu_fault_poll();
	expect_write_fault(__ktest_ctx, a.dev, frame_to_paddr(victim));
	ahci_close(&a);
	frame_put(victim);
	dma_coherent_free(own);
}

/* After unmap the IOTLB must not keep the translation the device used a moment ago. */
KTEST(iommu, unmap_revokes_device_access)
{
	struct dma_coherent *buf;
	struct ahci a;
	dma_addr_t daddr;

	if (!ahci_open(&a))
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	if (!iommu_translates(a.dev)) {
		ahci_close(&a);
		KTEST_SKIP("no IOMMU translates DMA (run with IOMMU=1: -device intel-iommu)");
	}
	buf = dma_coherent_alloc(a.dev, PAGE_SIZE);
	KASSERT_TRUE(!IS_ERR(buf));
	daddr = dma_coherent_daddr(buf);
	KEXPECT_EQ(ahci_try_dma(&a, daddr), 0);
	dma_coherent_free(buf);
	KEXPECT_FALSE(iommu_iova_mapped(a.dev, daddr));
	KEXPECT_GE(ahci_try_dma(&a, daddr), 1);
	expect_write_fault(__ktest_ctx, a.dev, daddr);
	ahci_close(&a);
}

/* A buffer mapped for the device to read (TO_DEVICE) must not be writable by it. */
KTEST(iommu, stream_direction_is_enforced)
{
	struct frame *f = frame_alloc();
	struct dma_stream *rd, *wr;
	struct ahci a;
	u8 type;

	KASSERT_TRUE(!IS_ERR(f));
	if (!ahci_open(&a)) {
		frame_put(f);
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	}
	if (!iommu_translates(a.dev)) {
		ahci_close(&a);
		frame_put(f);
		KTEST_SKIP("no IOMMU translates DMA (run with IOMMU=1: -device intel-iommu)");
	}
	rd = dma_stream_map(a.dev, f, 0, PAGE_SIZE, DMA_TO_DEVICE);
	KASSERT_TRUE(!IS_ERR(rd));
	KEXPECT_GE(ahci_try_dma(&a, dma_stream_daddr(rd)), 1);
	expect_write_fault(__ktest_ctx, a.dev, dma_stream_daddr(rd));
	KEXPECT_EQ(frame_read(f, RFIS, &type, 1), 0);
	KEXPECT_EQ(type, 0);
	wr = dma_stream_map(a.dev, f, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	KASSERT_TRUE(!IS_ERR(wr));
	KEXPECT_EQ(ahci_try_dma(&a, dma_stream_daddr(wr)), 0);
	dma_stream_sync_for_cpu(wr, 0, PAGE_SIZE);
	KEXPECT_EQ(frame_read(f, RFIS, &type, 1), 0);
	KEXPECT_EQ(type, FIS_TYPE_D2H);
	ahci_close(&a);
	dma_stream_unmap(wr);
	dma_stream_unmap(rd);
	frame_put(f);
}

static void count_irq(void *arg)
{
	__atomic_fetch_add((unsigned int *)arg, 1, __ATOMIC_RELAXED);
}

/* An MSI from the device arrives through its interrupt-remapping entry. */
KTEST(iommu, msi_is_delivered_through_interrupt_remapping)
{
	static unsigned int fired;
	struct dma_coherent *buf;
	unsigned long irqs;
	struct ahci a;
	u64 t0;
	u8 cap;

	if (!ahci_open(&a))
		KTEST_SKIP("no AHCI controller (q35 has one at 00:1f.2)");
	if (!iommu_irq_remapping()) {
		ahci_close(&a);
		KTEST_SKIP("no interrupt remapping (run with IOMMU=1: intel-iommu,intremap=on)");
	}
	buf = dma_coherent_alloc(a.dev, PAGE_SIZE);
	KASSERT_TRUE(!IS_ERR(buf));
	fired = 0;
	KASSERT_EQ(pci_msi_enable(a.pdev, count_irq, &fired), 0);
	cap = pci_find_capability(a.pdev, PCI_CAP_ID_MSI);
	KEXPECT_TRUE(pci_cfg_read32(a.pdev, cap + 4) & (1U << 4)); /* remappable format */
	KEXPECT_TRUE(ahci_fis_start(&a, dma_coherent_daddr(buf), GHC_IE));
	irqs = irq_local_save();
	irq_local_enable();
	for (t0 = arch_timestamp_ns();
	     !__atomic_load_n(&fired, __ATOMIC_RELAXED) && arch_timestamp_ns() - t0 < IRQ_WAIT_NS;)
		arch_cpu_relax();
	irq_local_restore(irqs);
	KEXPECT_GE(__atomic_load_n(&fired, __ATOMIC_RELAXED), 1);
	ahci_close(&a);
	pci_msi_disable(a.pdev);
	dma_coherent_free(buf);
}

#define E1000_TCTL     0x0400
#define E1000_TCTL_EN  (1U << 1)
#define E1000_TCTL_PSP (1U << 3)
#define E1000_TDBAL    0x3800
#define E1000_TDBAH    0x3804
#define E1000_TDLEN    0x3808
#define E1000_TDH      0x3810
#define E1000_TDT      0x3818
#define TXD_CMD_EOP    0x01
#define TXD_CMD_IFCS   0x02
#define TXD_CMD_RS     0x08
#define TXD_STA_DD     0x01
#define TXD_LEN_OFF    8
#define TXD_CMD_OFF    11
#define TXD_STATUS_OFF 12
#define RING_BYTES     128 /* 8 legacy descriptors, the smallest ring */

/*
 * An e1000 (QEMU -device e1000, 8086:100e) reads a transmit descriptor and the packet, then
 * writes the descriptor's done bit back, all through its DMA domain. Behind a PCIe-to-PCI
 * bridge its requests carry the bridge's alias id, which the domain must be attached to.
 */
KTEST(iommu, e1000_descriptor_dma_through_its_requester_id)
{
	struct pci_dev *p = pci_find_device(0x8086, 0x100e, NULL);
	struct dma_coherent *ring, *pkt;
	struct device *dev;
	struct io_mem *regs;
	u64 before, t0;

	if (!p || pci_get_drvdata(p))
		KTEST_SKIP(
			"no free e1000 (add -device e1000, behind a pcie-pci-bridge for aliasing)");
	dev = pci_to_device(p);
	regs = pci_bar_iomem(p, 0);
	ring = dma_coherent_alloc(dev, RING_BYTES);
	pkt = dma_coherent_alloc(dev, 64);
	KASSERT_TRUE(!IS_ERR(regs) && !IS_ERR(ring) && !IS_ERR(pkt));
	pci_enable_device(p);
	pci_set_master(p, true);
	dma_coherent_fill(pkt, 0, 0xff, 64);
	dma_coherent_write64(ring, 0, dma_coherent_daddr(pkt));
	dma_coherent_write16(ring, TXD_LEN_OFF, 60);
	dma_coherent_write(ring, TXD_CMD_OFF, &(u8){ TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS }, 1);
	dma_wmb();
	iommu_fault_poll();
	before = iommu_fault_count();
	iomem_write32(regs, E1000_TDBAL, (u32)dma_coherent_daddr(ring));
	iomem_write32(regs, E1000_TDBAH, (u32)(dma_coherent_daddr(ring) >> 32));
	iomem_write32(regs, E1000_TDLEN, RING_BYTES);
	iomem_write32(regs, E1000_TDH, 0);
	iomem_write32(regs, E1000_TDT, 0);
	iomem_write32(regs, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP);
	iomem_write32(regs, E1000_TDT, 1);
	for (t0 = arch_timestamp_ns(); !(dma_coherent_read32(ring, TXD_STATUS_OFF) & TXD_STA_DD) &&
				       arch_timestamp_ns() - t0 < IRQ_WAIT_NS;)
		arch_cpu_relax();
	KEXPECT_EQ(dma_coherent_read32(ring, TXD_STATUS_OFF) & TXD_STA_DD, TXD_STA_DD);
	iommu_fault_poll();
	KEXPECT_EQ(iommu_fault_count(), before);
	iomem_write32(regs, E1000_TCTL, 0);
	pci_set_master(p, false);
	iomem_put(regs);
	dma_coherent_free(pkt);
	dma_coherent_free(ring);
}
