// SPDX-License-Identifier: MPL-2.0
// Intel VT-d: bring each remapping unit up (root table, queued invalidation, fault event,
// translation on), invalidate its caches, and report the faults it records.
#define pr_fmt(fmt) "iommu: " fmt

#include <hal/arch.h>
#include <hal/arch_iommu.h>
#include <hal/errno.h>
#include <hal/err.h>
#include <hal/iomem.h>
#include <hal/irq_core.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/pmm.h>
#include <arch/vtd.h>

#define VTD_TIMEOUT_NS 100000000ULL /* hardware answers in microseconds; 100 ms means broken */

u32 vtd_read32(const struct vtd_unit *u, unsigned int reg)
{
	return mmio_read32(u->regs + reg);
}

void vtd_write32(struct vtd_unit *u, unsigned int reg, u32 val)
{
	mmio_write32(u->regs + reg, val);
}

u64 vtd_read64(const struct vtd_unit *u, unsigned int reg)
{
	return mmio_read64(u->regs + reg);
}

void vtd_write64(struct vtd_unit *u, unsigned int reg, u64 val)
{
	mmio_write64(u->regs + reg, val);
}

/*
 * Issue one global command and wait for the unit to report it done. GCMD has no memory: each
 * write restates the persistent features (10.4.4), so those are taken from GSTS.
 */
int vtd_gcmd(struct vtd_unit *u, u32 cmd, bool on)
{
	u32 sts = vtd_read32(u, VTD_GSTS) & VTD_GCMD_PERSISTENT;
	u64 t0 = arch_timestamp_ns();

	vtd_write32(u, VTD_GCMD, on ? sts | cmd : sts & ~cmd);
	while (!!(vtd_read32(u, VTD_GSTS) & cmd) != on) {
		if (arch_timestamp_ns() - t0 > VTD_TIMEOUT_NS) {
			pr_err("unit at 0x%llx: command 0x%08x timed out\n",
			       (unsigned long long)u->base, cmd);
			return -ETIMEDOUT;
		}
		arch_cpu_relax();
	}
	return 0;
}

/* A unit that does not snoop (ECAP.C clear) reads tables from memory: push our writes out. */
void vtd_flush_cache(const struct vtd_unit *u, const void *p, size_t len)
{
	uintptr_t line = (uintptr_t)p & ~63UL, end = (uintptr_t)p + len;

	if (u->ecap & VTD_ECAP_C)
		return;
	for (; line < end; line += 64)
		asm volatile("clflush %0" : "+m"(*(volatile char *)line));
	asm volatile("mfence" ::: "memory");
}

u64 *vtd_table_alloc(const struct vtd_unit *u, paddr_t *pa)
{
	u64 *t;

	*pa = pmm_alloc_pages(0);
	if (!*pa)
		return NULL;
	t = arch_phys_to_virt(*pa);
	memset(t, 0, PAGE_SIZE);
	vtd_flush_cache(u, t, PAGE_SIZE);
	return t;
}

/* ---- Queued invalidation ------------------------------------------------------------------ */

static void qi_put(struct vtd_unit *u, u64 lo, u64 hi)
{
	u64 *d = &u->iq[2 * u->iq_tail];

	d[0] = lo;
	d[1] = hi;
	vtd_flush_cache(u, d, 16);
	u->iq_tail = (u->iq_tail + 1) % VTD_QI_LEN;
}

/* An invalidation queue error: skip the bad descriptor so the queue can go on. */
static int qi_error(struct vtd_unit *u)
{
	u64 head = vtd_read64(u, VTD_IQH);

	pr_err("unit at 0x%llx: invalidation queue error at descriptor %llu\n",
	       (unsigned long long)u->base, (unsigned long long)(head >> 4));
	u->iq_tail = (unsigned int)(head >> 4);
	vtd_write64(u, VTD_IQT, head);
	vtd_write32(u, VTD_FSTS, VTD_FSTS_IQE);
	return -EIO;
}

/*
 * vtd_qi_submit - queue one descriptor plus a wait descriptor that writes a fresh token to
 * memory, and spin until the token lands: everything before it is then done. Any context.
 */
int vtd_qi_submit(struct vtd_unit *u, u64 lo, u64 hi)
{
	unsigned long flags = raw_lock_irqsave(&u->qlock);
	u64 t0 = arch_timestamp_ns();
	u32 token = ++u->iq_token;
	int err = 0;

	qi_put(u, lo, hi);
	qi_put(u, VTD_QI_WAIT | VTD_QI_WAIT_SW | VTD_QI_WAIT_FN | (u64)token << 32,
	       arch_virt_to_phys(u->iq_status));
	vtd_write64(u, VTD_IQT, (u64)u->iq_tail << 4);
	while (__atomic_load_n(u->iq_status, __ATOMIC_ACQUIRE) != token) {
		if (vtd_read32(u, VTD_FSTS) & VTD_FSTS_IQE) {
			err = qi_error(u);
			break;
		}
		if (arch_timestamp_ns() - t0 > VTD_TIMEOUT_NS) {
			pr_err("unit at 0x%llx: invalidation timed out\n",
			       (unsigned long long)u->base);
			err = -ETIMEDOUT;
			break;
		}
		arch_cpu_relax();
	}
	raw_unlock_irqrestore(&u->qlock, flags);
	return err;
}

static int qi_enable(struct vtd_unit *u)
{
	paddr_t pa;

	u->iq = vtd_table_alloc(u, &pa);
	u->iq_status = kzalloc(sizeof(*u->iq_status));
	if (!u->iq || !u->iq_status)
		return -ENOMEM;
	u->iq_tail = 0;
	vtd_write64(u, VTD_IQT, 0);
	vtd_write64(u, VTD_IQA, pa); /* QS = 0: one page, 128-bit descriptors */
	return vtd_gcmd(u, VTD_GCMD_QIE, true);
}

static u64 iotlb_drain(const struct vtd_unit *u)
{
	return (u->cap & VTD_CAP_DRD ? VTD_QI_IOTLB_DR : 0) |
	       (u->cap & VTD_CAP_DWD ? VTD_QI_IOTLB_DW : 0);
}

static int flush_all(struct vtd_unit *u)
{
	int err = vtd_qi_submit(u, VTD_QI_CC | VTD_QI_GRAN_GLOBAL, 0);

	return err ?: vtd_qi_submit(u, VTD_QI_IOTLB | VTD_QI_GRAN_GLOBAL | iotlb_drain(u), 0);
}

/*
 * vtd_flush_iotlb - forget cached translations of domain @did for [@iova, @iova + @len): one
 * page-selective invalidation of the smallest aligned block covering the range when the unit
 * can, the whole domain otherwise (and when @len is 0).
 */
int vtd_flush_iotlb(struct vtd_unit *u, u16 did, u64 iova, size_t len)
{
	u64 lo = VTD_QI_IOTLB | iotlb_drain(u) | (u64)did << 16;
	u64 first = iova >> PAGE_SHIFT, last = (iova + len - 1) >> PAGE_SHIFT;
	unsigned int am = 0;

	while ((first >> am) != (last >> am))
		am++;
	if (!len || !(u->cap & VTD_CAP_PSI) || am > VTD_CAP_MAMV(u->cap))
		return vtd_qi_submit(u, lo | VTD_QI_GRAN_DOMAIN, 0);
	return vtd_qi_submit(u, lo | VTD_QI_GRAN_DEVICE, ((first >> am) << am) << PAGE_SHIFT | am);
}

/* ---- Faults ------------------------------------------------------------------------------- */

static const char *const fault_reasons[] = {
	[0x1] = "root entry not present",
	[0x2] = "context entry not present",
	[0x3] = "invalid context entry",
	[0x4] = "address beyond the address width",
	[0x5] = "write not permitted",
	[0x6] = "read not permitted",
	[0x7] = "bad page-table entry",
	[0x8] = "root table unreadable",
	[0x9] = "context table unreadable",
	[0xa] = "reserved bits in root entry",
	[0xb] = "reserved bits in context entry",
	[0xc] = "reserved bits in page-table entry",
	[0xd] = "translation type blocked",
	[0x20] = "reserved bits in interrupt request",
	[0x21] = "interrupt index beyond the table",
	[0x22] = "interrupt entry not present",
	[0x23] = "interrupt table unreadable",
	[0x24] = "reserved bits in interrupt entry",
	[0x25] = "compatibility-format interrupt blocked",
	[0x26] = "interrupt from the wrong source",
};

const char *arch_iommu_fault_reason(const struct iommu_fault *f)
{
	if (f->reason < ARRAY_SIZE(fault_reasons) && fault_reasons[f->reason])
		return fault_reasons[f->reason];
	return "unknown reason";
}

static void fault_report(struct vtd_unit *u, unsigned int idx)
{
	unsigned int off = u->fro + 16 * idx;
	u64 hi = vtd_read64(u, off + 8);
	struct iommu_fault f;

	if (!(hi & VTD_FRCD_F))
		return;
	f.segment = u->segment;
	f.rid = VTD_FRCD_SID(hi);
	f.reason = VTD_FRCD_FR(hi);
	f.irq = f.reason >= VTD_FR_IR_FIRST;
	f.write = !(hi & VTD_FRCD_T);
	f.addr = vtd_read64(u, off) & ~0xfffULL;
	/* Clearing F (write 1) frees the record for the next fault. */
	vtd_write32(u, off + 12, (u32)(VTD_FRCD_F >> 32));
	hal_iommu_fault(&f);
}

static void fault_drain(struct vtd_unit *u)
{
	u32 fsts = vtd_read32(u, VTD_FSTS);
	unsigned int first = VTD_FSTS_FRI(fsts);

	if (fsts & VTD_FSTS_PPF)
		for (unsigned int i = 0; i < u->nfr; i++)
			fault_report(u, (first + i) % u->nfr);
	if (fsts & VTD_FSTS_PFO) {
		pr_warn("unit at 0x%llx: fault records overflowed\n", (unsigned long long)u->base);
		vtd_write32(u, VTD_FSTS, VTD_FSTS_PFO);
	}
}

void arch_iommu_fault_poll(void)
{
	for (unsigned int i = 0; i < vtd_nr_units; i++)
		if (vtd_units[i]->regs)
			fault_drain(vtd_units[i]);
}

static void fault_irq(void *arg)
{
	fault_drain(arg);
}

/* Fault events as an MSI when the interrupt layer has one for us, else polled. */
static void fault_event_setup(struct vtd_unit *u)
{
	struct msi_msg msg;

	u->fault_irq = -1;
	if (IS_ENABLED(CONFIG_ARCH_HAS_MSI)) {
		u->fault_irq = irq_msi_alloc(1, fault_irq, u);
		if (u->fault_irq >= 0 && irq_msi_compose(u->fault_irq, &msg)) {
			irq_msi_free(u->fault_irq, 1);
			u->fault_irq = -1;
		}
	}
	if (u->fault_irq < 0) {
		vtd_write32(u, VTD_FECTL, VTD_FECTL_IM);
		return;
	}
	vtd_write32(u, VTD_FEDATA, msg.data);
	vtd_write32(u, VTD_FEADDR, (u32)msg.addr);
	if (u->ecap & VTD_ECAP_EIM)
		vtd_write32(u, VTD_FEUADDR, (u32)(msg.addr >> 32));
	vtd_write32(u, VTD_FECTL, 0);
}

/* ---- Bring-up ----------------------------------------------------------------------------- */

/* The shallowest table depth the unit supports that reaches past 4 GiB (SAGAW, 10.4.2). */
static int pick_levels(struct vtd_unit *u)
{
	unsigned int sagaw = VTD_CAP_SAGAW(u->cap);

	for (unsigned int code = 1; code <= 3; code++)
		if (sagaw & (1U << code)) {
			u->agaw_code = (u8)code;
			u->levels = code + 2;
			return 0;
		}
	return -EOPNOTSUPP;
}

static int unit_map(struct vtd_unit *u)
{
	void *regs = iomem_map_phys(u->base, PAGE_SIZE, CACHE_UC);

	if (IS_ERR(regs))
		return (int)PTR_ERR(regs);
	u->regs = regs;
	u->cap = vtd_read64(u, VTD_CAP);
	u->ecap = vtd_read64(u, VTD_ECAP);
	u->fro = VTD_CAP_FRO(u->cap);
	u->nfr = VTD_CAP_NFR(u->cap);
	u->nr_dids = MIN(1U << (4 + 2 * VTD_CAP_ND(u->cap)), VTD_MAX_DOMAINS);
	__set_bit(0, u->dids); /* domain id 0 is reserved when caching mode is on: never use it */
	if (u->fro + 16 * u->nfr > PAGE_SIZE)
		return -EINVAL;
	return pick_levels(u);
}

static int unit_enable(struct vtd_unit *u)
{
	paddr_t root_pa;
	int err;

	if (vtd_read32(u, VTD_GSTS) & VTD_GCMD_TE)
		vtd_gcmd(u, VTD_GCMD_TE, false); /* firmware left it on: start from a known state */
	u->root = vtd_table_alloc(u, &root_pa);
	if (!u->root)
		return -ENOMEM;
	vtd_write64(u, VTD_RTADDR, root_pa); /* legacy (non-scalable) root table */
	err = vtd_gcmd(u, VTD_GCMD_SRTP, true);
	if (!err)
		err = qi_enable(u);
	if (err)
		return err;
	fault_event_setup(u);
	fault_drain(u); /* faults left from before us */
	err = flush_all(u);
	return err ?: vtd_gcmd(u, VTD_GCMD_TE, true);
}

static int unit_up(struct vtd_unit *u, bool intr_remap)
{
	int err = unit_map(u);

	if (err)
		return err;
	if (!(u->ecap & VTD_ECAP_QI)) {
		pr_warn("unit at 0x%llx has no queued invalidation; not used\n",
			(unsigned long long)u->base);
		return -EOPNOTSUPP;
	}
	err = unit_enable(u);
	if (err)
		return err;
	if (intr_remap && (u->ecap & VTD_ECAP_IR) && IS_ENABLED(CONFIG_ARCH_HAS_MSI))
		if (vtd_ir_enable(u))
			pr_warn("unit at 0x%llx: interrupt remapping left off\n",
				(unsigned long long)u->base);
	pr_info("VT-d unit at 0x%llx: version %u.%u, %u-bit addresses, %u-level tables, %u "
		"domains, faults %s%s\n",
		(unsigned long long)u->base, (vtd_read32(u, VTD_VER) >> 4) & 0xf,
		vtd_read32(u, VTD_VER) & 0xf, 30 + 9 * u->agaw_code, u->levels, u->nr_dids,
		u->fault_irq >= 0 ? "by interrupt" : "polled",
		u->include_all ? ", all devices" : "");
	return 0;
}

int arch_iommu_probe(void)
{
	bool intr_remap = false, ir_all = true;
	unsigned int up = 0;
	int err = vtd_dmar_parse(&intr_remap);

	if (err)
		return err;
	for (unsigned int i = 0; i < vtd_nr_units; i++) {
		err = unit_up(vtd_units[i], intr_remap);
		if (err) {
			pr_err("VT-d unit at 0x%llx not enabled (%d)\n",
			       (unsigned long long)vtd_units[i]->base, err);
			vtd_units[i]->regs = NULL;
			continue;
		}
		up++;
		ir_all &= vtd_units[i]->ir_on;
	}
	if (!up)
		return -ENODEV;
	pr_info("VT-d DMA remapping on, interrupt remapping %s\n", ir_all ? "on" : "off");
	return 0;
}

static bool scope_has(const struct vtd_scope *s, u8 bus, u8 devfn)
{
	if (s->bus == bus && s->devfn == devfn)
		return true;
	return s->bridge && bus >= s->sub_lo && bus <= s->sub_hi && s->sub_lo;
}

struct vtd_unit *vtd_unit_for(u16 segment, u16 rid)
{
	for (unsigned int i = 0; i < vtd_nr_units; i++) {
		struct vtd_unit *u = vtd_units[i];

		if (!u->regs || u->segment != segment)
			continue;
		if (u->include_all)
			return u;
		for (unsigned int j = 0; j < u->nr_scopes; j++)
			if (scope_has(&u->scopes[j], (u8)(rid >> 8), (u8)rid))
				return u;
	}
	return NULL;
}

bool arch_iommu_covers(u16 segment, u16 rid)
{
	return vtd_unit_for(segment, rid) != NULL;
}
