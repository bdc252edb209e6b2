// SPDX-License-Identifier: MPL-2.0
// ktests of user address spaces and user copies: mapping frames through a cursor, reference
// counts, protect/unmap/query, and vm_read/vm_write refusing bad addresses with -EFAULT.
#include <hal/arch.h>
#include <hal/arch_mm.h>
#include <hal/err.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>
#include <hal/pmm.h>
#include <hal/task.h>

#define UBASE 0x10000000UL

static u32 refs(const struct frame *f)
{
	return __atomic_load_n(&f->refcount, __ATOMIC_RELAXED);
}

static int map_at(struct vm_space *s, vaddr_t va, struct frame *f, u32 flags)
{
	return vm_space_map(s, va, f, VM_PROP(flags));
}

static int unmap_at(struct vm_space *s, vaddr_t va, size_t len)
{
	return vm_space_unmap(s, va, len);
}

KTEST(vm_space, cursor_arguments)
{
	struct vm_space *s = vm_space_create();
	vaddr_t kva = ALIGN_DOWN((vaddr_t)&refs, PAGE_SIZE);
	struct vm_cursor *c;

	KASSERT_TRUE(!IS_ERR(s));
	KEXPECT_TRUE(IS_ERR(vm_cursor_begin(s, 0x1001, 0x3000)));
	KEXPECT_TRUE(IS_ERR(vm_cursor_begin(s, 0x3000, 0x3000)));
	KEXPECT_TRUE(IS_ERR(vm_cursor_begin(s, 0x1000, vm_space_user_end() + PAGE_SIZE)));
	KEXPECT_TRUE(IS_ERR(vm_cursor_begin(s, kva, kva + PAGE_SIZE)));
	c = vm_cursor_begin(s, UBASE, UBASE + 4 * PAGE_SIZE);
	KASSERT_TRUE(!IS_ERR(c));
	KEXPECT_EQ(vm_cursor_va(c), UBASE);
	KEXPECT_EQ(vm_cursor_skip(c, 5 * PAGE_SIZE), -EINVAL);
	KEXPECT_EQ(vm_cursor_skip(c, 100), -EINVAL);
	KEXPECT_EQ(vm_cursor_skip(c, PAGE_SIZE), 0);
	KEXPECT_EQ(vm_cursor_jump(c, UBASE + 8 * PAGE_SIZE), -EINVAL);
	KEXPECT_EQ(vm_cursor_jump(c, UBASE + 3 * PAGE_SIZE), 0);
	KEXPECT_EQ(vm_cursor_unmap(c, 2 * PAGE_SIZE), -EINVAL);
	vm_cursor_end(c);
	vm_space_put(s);
}

/* Each mapped page holds a reference; unmapping drops it, the space's end drops the rest. */
KTEST(vm_space, map_takes_references)
{
	size_t free_before = pmm_free_frames();
	struct frame *one = frame_alloc(), *two = frame_alloc(), *four = frame_alloc_contig(4);
	struct vm_space *s = vm_space_create();

	KASSERT_TRUE(!IS_ERR(s) && !IS_ERR(one) && !IS_ERR(four));
	KEXPECT_EQ(map_at(s, UBASE, one, VM_READ), 0);
	KEXPECT_EQ(refs(one), 2);
	KEXPECT_EQ(map_at(s, UBASE + 0x10000, four, VM_READ | VM_WRITE), 0);
	KEXPECT_EQ(refs(four), 5);
	KEXPECT_EQ(unmap_at(s, UBASE + 0x11000, 2 * PAGE_SIZE), 0);
	KEXPECT_EQ(refs(four), 3);
	/* Mapping over a mapped page replaces it, releasing the old frame. */
	KASSERT_TRUE(!IS_ERR(two));
	KEXPECT_EQ(map_at(s, UBASE, two, VM_READ), 0);
	KEXPECT_EQ(refs(one), 1);
	KEXPECT_EQ(refs(two), 2);
	vm_space_put(s);
	KEXPECT_EQ(refs(two), 1);
	KEXPECT_EQ(refs(four), 1);
	frame_put(one);
	frame_put(two);
	frame_put(four);
	KEXPECT_EQ(pmm_free_frames(), free_before);
}

KTEST(vm_space, query_protect_unmap)
{
	struct frame *f = frame_alloc_contig(2);
	struct vm_space *s = vm_space_create();
	struct vm_mapping m;
	struct vm_cursor *c;

	KASSERT_TRUE(!IS_ERR(s) && !IS_ERR(f));
	KEXPECT_EQ(vm_space_query(s, UBASE, &m), -ENOENT);
	KEXPECT_EQ(vm_space_query(s, vm_space_user_end(), &m), -EINVAL);
	KASSERT_EQ(map_at(s, UBASE, f, VM_READ | VM_WRITE), 0);
	KASSERT_EQ(vm_space_query(s, UBASE + PAGE_SIZE + 123, &m), 0);
	KEXPECT_TRUE(m.frame == f);
	KEXPECT_EQ(m.offset, PAGE_SIZE);
	KEXPECT_EQ(m.prop.flags & VM_RWX, VM_READ | VM_WRITE);
	KEXPECT_EQ(m.prop.cache, CACHE_WB);
	frame_put(m.frame);

	c = vm_cursor_begin(s, UBASE, UBASE + 2 * PAGE_SIZE);
	KASSERT_TRUE(!IS_ERR(c));
	KEXPECT_EQ(vm_cursor_protect(c, PAGE_SIZE, VM_READ | VM_EXEC), 0);
	KEXPECT_EQ(vm_cursor_query(c, &m), 0);
	KEXPECT_EQ(m.prop.flags & VM_RWX, VM_READ | VM_WRITE);
	frame_put(m.frame);
	KEXPECT_EQ(vm_cursor_jump(c, UBASE), 0);
	KEXPECT_EQ(vm_cursor_query(c, &m), 0);
	KEXPECT_EQ(m.prop.flags & VM_RWX, VM_READ | VM_EXEC);
	KEXPECT_EQ(m.offset, 0);
	frame_put(m.frame);
	KEXPECT_EQ(vm_cursor_unmap(c, PAGE_SIZE), 0);
	KEXPECT_EQ(vm_cursor_va(c), UBASE + PAGE_SIZE);
	vm_cursor_end(c);
	KEXPECT_EQ(vm_space_query(s, UBASE, &m), -ENOENT);
	KEXPECT_EQ(refs(f), 2);
	vm_space_put(s);
	KEXPECT_EQ(refs(f), 1);
	frame_put(f);
}

/* A cursor that cannot fit the frame maps nothing. */
KTEST(vm_space, map_must_fit)
{
	struct frame *f = frame_alloc_contig(4);
	struct vm_space *s = vm_space_create();
	struct vm_cursor *c;

	KASSERT_TRUE(!IS_ERR(s) && !IS_ERR(f));
	c = vm_cursor_begin(s, UBASE, UBASE + 3 * PAGE_SIZE);
	KASSERT_TRUE(!IS_ERR(c));
	KEXPECT_EQ(vm_cursor_map(c, f, VM_PROP(VM_READ)), -EINVAL);
	KEXPECT_EQ(vm_cursor_map(c, NULL, VM_PROP(VM_READ)), -EINVAL);
	KEXPECT_EQ(vm_cursor_va(c), UBASE);
	vm_cursor_end(c);
	KEXPECT_EQ(refs(f), 1);
	KEXPECT_EQ(vm_space_map(s, vm_space_user_end() - PAGE_SIZE, f, VM_PROP(VM_READ)), -EINVAL);
	KEXPECT_EQ(vm_space_map(s, UBASE + 1, f, VM_PROP(VM_READ)), -EINVAL);
	KEXPECT_EQ(vm_space_unmap(s, UBASE, 0), -EINVAL);
	vm_space_put(s);
	frame_put(f);
}

/* Run @fn with @s active on this CPU, then go back to what was active. */
static void with_space(struct vm_space *s, void (*fn)(struct ktest_ctx *), struct ktest_ctx *ctx)
{
	unsigned long flags = arch_irq_save();
	struct vm_space *old = vm_space_active();

	if (old)
		vm_space_get(old);
	vm_space_activate(s);
	fn(ctx);
	vm_space_activate(old);
	if (old)
		vm_space_put(old);
	arch_irq_restore(flags);
}

static void copies_body(struct ktest_ctx *__ktest_ctx)
{
	char buf[32] = { 0 }, big[PAGE_SIZE + 16];
	vaddr_t ro = UBASE + 2 * PAGE_SIZE;

	KEXPECT_EQ(vm_write(UBASE + 10, "hello", 6), 0);
	KEXPECT_EQ(vm_read(buf, UBASE + 10, 6), 0);
	KEXPECT_STREQ(buf, "hello");
	/* Across the page boundary into the second page. */
	memset(big, 'x', sizeof(big));
	KEXPECT_EQ(vm_write(UBASE + PAGE_SIZE - 8, big, 16), 0);
	KEXPECT_EQ(vm_clear(UBASE + PAGE_SIZE - 4, 8), 0);
	KEXPECT_EQ(vm_read(buf, UBASE + PAGE_SIZE - 8, 16), 0);
	KEXPECT_EQ(buf[3], 'x');
	KEXPECT_EQ(buf[4], 0);
	KEXPECT_EQ(buf[12], 'x');
	/* The read-only third page reads but refuses writes; the fourth is not mapped. */
	KEXPECT_EQ(vm_read(buf, ro, 4), 0);
	KEXPECT_EQ(vm_write(ro, "x", 1), -EFAULT);
	KEXPECT_EQ(vm_clear(ro, 1), -EFAULT);
	KEXPECT_EQ(vm_read(buf, ro + PAGE_SIZE, 1), -EFAULT);
	KEXPECT_EQ(vm_read(big, ro, PAGE_SIZE + 16), -EFAULT);
	KEXPECT_EQ(vm_read_partial(big, ro + PAGE_SIZE - 5, 10), 5);
	KEXPECT_EQ(vm_write_partial(UBASE + 2 * PAGE_SIZE - 3, big, 10), 3);
}

KTEST(uaccess, copies_and_faults)
{
	struct frame *rw = frame_alloc_contig(2), *ro = frame_alloc();
	struct vm_space *s = vm_space_create();

	KASSERT_TRUE(!IS_ERR(s) && !IS_ERR(rw) && !IS_ERR(ro));
	KASSERT_EQ(map_at(s, UBASE, rw, VM_READ | VM_WRITE), 0);
	KASSERT_EQ(map_at(s, UBASE + 2 * PAGE_SIZE, ro, VM_READ), 0);
	with_space(s, copies_body, __ktest_ctx);
	vm_space_put(s);
	frame_put(rw);
	frame_put(ro);
}

/* Kernel addresses and ranges leaving the user half are refused before any access. */
KTEST(uaccess, kernel_addresses_refused)
{
	static u8 kbuf[16] = { 1, 2, 3 };
	vaddr_t end = vm_space_user_end();
	u8 buf[16];
	char str[8];

	KEXPECT_EQ(vm_read(buf, (vaddr_t)kbuf, sizeof(buf)), -EFAULT);
	KEXPECT_EQ(vm_write((vaddr_t)kbuf, buf, sizeof(buf)), -EFAULT);
	KEXPECT_EQ(kbuf[0], 1);
	KEXPECT_EQ(vm_clear((vaddr_t)kbuf, 1), -EFAULT);
	KEXPECT_EQ(vm_strncpy_from(str, (vaddr_t)"kernel", sizeof(str)), -EFAULT);
	KEXPECT_EQ(vm_read(buf, end - 8, 16), -EFAULT);
	KEXPECT_EQ(vm_read(buf, (vaddr_t)-8, 16), -EFAULT);
	KEXPECT_EQ(vm_read(buf, 0x8000000000000000UL, 1), -EFAULT);
	KEXPECT_EQ(vm_read_array(buf, 0x1000, (size_t)-1 / 2, 4), -EOVERFLOW);
	KEXPECT_EQ(vm_read(buf, (vaddr_t)kbuf, 0), 0);
}

/* Nothing mapped (the kernel-only tables are active): every user access faults. */
KTEST(uaccess, unmapped_user_address)
{
	u8 buf[8];
	char str[8];

	KEXPECT_EQ(vm_read(buf, 0x1000, sizeof(buf)), -EFAULT);
	KEXPECT_EQ(vm_read(buf, 0, 1), -EFAULT);
	KEXPECT_EQ(vm_write(0x7fff0000UL, buf, sizeof(buf)), -EFAULT);
	KEXPECT_EQ(vm_clear(0x4000, 8), -EFAULT);
	KEXPECT_EQ(vm_strncpy_from(str, 0x5000, sizeof(str)), -EFAULT);
	KEXPECT_EQ(vm_read_array(buf, 0x1000, 2, 4), -EFAULT);
}

static void strings_body(struct ktest_ctx *__ktest_ctx)
{
	char buf[8];

	KASSERT_EQ(vm_write(UBASE, "abc", 4), 0);
	KEXPECT_EQ(vm_strncpy_from(buf, UBASE, sizeof(buf)), 3);
	KEXPECT_STREQ(buf, "abc");
	KEXPECT_EQ(vm_strncpy_from(buf, UBASE, 4), 3);
	KEXPECT_EQ(vm_strncpy_from(buf, UBASE, 3), -ENAMETOOLONG);
	KEXPECT_STREQ(buf, "ab");
	KEXPECT_EQ(vm_strncpy_from(buf, UBASE, 0), -EINVAL);
	/* A string running into the unmapped page after the frame. */
	KASSERT_EQ(vm_write(UBASE + PAGE_SIZE - 2, "zz", 2), 0);
	KEXPECT_EQ(vm_strncpy_from(buf, UBASE + PAGE_SIZE - 2, sizeof(buf)), -EFAULT);
}

KTEST(uaccess, strings)
{
	struct frame *f = frame_alloc();
	struct vm_space *s = vm_space_create();

	KASSERT_TRUE(!IS_ERR(s) && !IS_ERR(f));
	KASSERT_EQ(map_at(s, UBASE, f, VM_READ | VM_WRITE), 0);
	with_space(s, strings_body, __ktest_ctx);
	vm_space_put(s);
	frame_put(f);
}

/* The kernel itself cannot touch user pages outside the copy routines (SMAP/PAN). */
static void probe_body(struct ktest_ctx *__ktest_ctx)
{
	u8 v = 0;

	KEXPECT_EQ(vm_read(&v, UBASE, 1), 0);
	KEXPECT_EQ(arch_probe_read8((const void *)UBASE, &v), -EFAULT);
	KEXPECT_EQ(arch_probe_exec((const void *)UBASE), -EFAULT);
}

KTEST(uaccess, kernel_cannot_touch_user_pages)
{
	struct vm_space *s;
	struct frame *f;

	if (!arch_uaccess_guarded())
		KTEST_SKIP("the CPU does not keep the kernel out of user pages");
	f = frame_alloc();
	s = vm_space_create();
	KASSERT_TRUE(!IS_ERR(s) && !IS_ERR(f));
	KASSERT_EQ(frame_fill(f, 0, 0xc3, PAGE_SIZE), 0);
	KASSERT_EQ(map_at(s, UBASE, f, VM_READ | VM_EXEC), 0);
	with_space(s, probe_body, __ktest_ctx);
	vm_space_put(s);
	frame_put(f);
}

/* A space switched away from sees none of its pages; the space's reference follows. */
KTEST(vm_space, activate_switches_root)
{
	struct vm_space *s = vm_space_create();
	struct vm_space *before = vm_space_active();
	unsigned long flags;

	KASSERT_TRUE(!IS_ERR(s));
	flags = arch_irq_save();
	vm_space_activate(s);
	KEXPECT_TRUE(vm_space_active() == s);
	KEXPECT_NE(arch_pt_active(), 0);
	vm_space_activate(before);
	arch_irq_restore(flags);
	KEXPECT_TRUE(vm_space_active() == before);
	vm_space_put(s);
}

/* ---- TLB shootdown across CPUs ------------------------------------------------------------ */

struct tlb_probe {
	struct vm_space *space;
	int phase; /* 1: the task has the old page in its TLB; 2: remapped; 3: task done */
	u32 first, second;
	int read_err, write_err;
};

static void phase_set(struct tlb_probe *p, int phase)
{
	__atomic_store_n(&p->phase, phase, __ATOMIC_RELEASE);
}

/* Generous: a loaded host can stall a TCG vCPU for a long while; a pass takes milliseconds. */
static bool phase_wait(struct tlb_probe *p, int phase)
{
	u64 end = arch_timestamp_ns() + 10000000000ULL;

	while (__atomic_load_n(&p->phase, __ATOMIC_ACQUIRE) < phase) {
		if (arch_timestamp_ns() > end)
			return false;
		arch_cpu_relax();
	}
	return true;
}

/* On another CPU: read through the space, wait for the remap, read and write again. */
static int tlb_probe_task(void *arg)
{
	struct tlb_probe *p = arg;
	u32 v = 0;

	preempt_disable();
	vm_space_activate(p->space);
	p->read_err = vm_read(&p->first, UBASE, sizeof(p->first));
	phase_set(p, 1);
	if (phase_wait(p, 2)) {
		p->read_err |= vm_read(&p->second, UBASE, sizeof(p->second));
		p->write_err = vm_write(UBASE, &v, sizeof(v));
	}
	vm_space_activate(NULL);
	preempt_enable();
	phase_set(p, 3);
	return 0;
}

/*
 * Replacing a page another CPU has in its TLB (read-write frame A by read-only frame B) must
 * reach that CPU before the cursor ends: it then reads B and cannot write.
 */
KTEST(vm_space, tlb_shootdown_reaches_other_cpus)
{
	struct frame *a = frame_alloc(), *b = frame_alloc();
	struct tlb_probe p = { .space = vm_space_create() };
	struct task_opts opts = { .cpu = 1 };
	u32 va = 0xaaaaaaaa, vb = 0xbbbbbbbb;
	struct task *t;

	if (!IS_ENABLED(CONFIG_ARCH_HAS_SMP) || cpu_online_count() < 2)
		KTEST_SKIP("needs a second CPU (SMP=2 or more)");
	KASSERT_TRUE(!IS_ERR(p.space) && !IS_ERR(a) && !IS_ERR(b));
	frame_write(a, 0, &va, 4);
	frame_write(b, 0, &vb, 4);
	KASSERT_EQ(map_at(p.space, UBASE, a, VM_READ | VM_WRITE), 0);
	t = task_create("tlb-probe", tlb_probe_task, &p, &opts);
	KASSERT_TRUE(!IS_ERR(t));
	KEXPECT_TRUE(phase_wait(&p, 1));
	KEXPECT_EQ(map_at(p.space, UBASE, b, VM_READ), 0);
	KEXPECT_EQ(refs(a), 1); /* released once the other CPU had flushed */
	phase_set(&p, 2);
	KEXPECT_TRUE(phase_wait(&p, 3));
	task_join(t);
	KEXPECT_EQ(p.read_err, 0);
	KEXPECT_EQ(p.first, 0xaaaaaaaa);
	KEXPECT_EQ(p.second, 0xbbbbbbbb);
	KEXPECT_EQ(p.write_err, -EFAULT);
	KEXPECT_EQ(frame_read(a, 0, &va, 4), 0);
	KEXPECT_EQ(va, 0xaaaaaaaa);
	vm_space_put(p.space);
	frame_put(a);
	frame_put(b);
}
