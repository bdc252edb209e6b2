// SPDX-License-Identifier: MPL-2.0
// ktests for kmalloc and slab caches.
#include <hal/err.h>
#include <hal/heap.h>
#include <hal/ktest.h>
#include <hal/lib/string.h>
#include <hal/mm.h>

#define MANY 1000

static bool all_bytes(const void *p, int byte, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++) {
		if (b[i] != (u8)byte)
			return false;
	}
	return true;
}

static void check_size(struct ktest_ctx *__ktest_ctx, size_t size)
{
	u8 *p = kmalloc(size);

	KASSERT_NOT_NULL(p);
	KEXPECT_GE(ksize(p), size);
	memset(p, 0xc3, size);
	KEXPECT_TRUE(all_bytes(p, 0xc3, size));
	kfree(p);
}

KTEST(heap, sizes)
{
	/* Around every size class boundary, and large runs. */
	static const size_t sizes[] = { 0, 1, 7, 8, 9, 24, 64, 65, 100, 200, 255, 256, 1000 };
	static const size_t big[] = { 2048, 3000, 4096, 4097, 10000, 65536 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		check_size(__ktest_ctx, sizes[i]);
	for (size_t i = 0; i < ARRAY_SIZE(big); i++)
		check_size(__ktest_ctx, big[i]);
	kfree(NULL);
	KEXPECT_EQ(ksize(NULL), 0);
}

KTEST(heap, alignment)
{
	for (size_t size = 1; size <= 4 * PAGE_SIZE; size <<= 1) {
		void *p = kmalloc(size);
		uintptr_t want = MAX(MIN(size, PAGE_SIZE), 8);

		KASSERT_NOT_NULL(p);
		KEXPECT_EQ((uintptr_t)p & (want - 1), 0);
		kfree(p);
	}
}

KTEST(heap, many_small)
{
	u32 **objs = kcalloc(MANY, sizeof(*objs));

	KASSERT_NOT_NULL(objs);
	for (u32 i = 0; i < MANY; i++) {
		objs[i] = kmalloc(24);
		if (!KEXPECT_NOT_NULL(objs[i]))
			break;
		for (int w = 0; w < 6; w++)
			objs[i][w] = i;
	}
	for (u32 i = 0; i < MANY && objs[i]; i++)
		KEXPECT_TRUE(objs[i][0] == i && objs[i][5] == i);
	for (u32 i = 0; i < MANY; i += 2)
		kfree(objs[i]);
	for (u32 i = 1; i < MANY; i += 2)
		KEXPECT_TRUE(objs[i] && objs[i][3] == i);
	for (u32 i = 1; i < MANY; i += 2)
		kfree(objs[i]);
	kfree(objs);
}

KTEST(heap, kzalloc_zeroes_reused_memory)
{
	u8 *p = kmalloc(64);

	KASSERT_NOT_NULL(p);
	memset(p, 0xff, 64);
	kfree(p);
	p = kzalloc(64);
	KASSERT_NOT_NULL(p);
	KEXPECT_TRUE(all_bytes(p, 0, 64));
	kfree(p);
}

KTEST(heap, krealloc)
{
	char *p = krealloc(NULL, 10);
	char *q;

	KASSERT_NOT_NULL(p);
	memcpy(p, "0123456789", 10);
	q = krealloc(p, 5);
	KEXPECT_TRUE(q == p);
	p = krealloc(q, 100);
	KASSERT_NOT_NULL(p);
	KEXPECT_MEMEQ(p, "0123456789", 10);
	p = krealloc(p, 5000);
	KASSERT_NOT_NULL(p);
	KEXPECT_MEMEQ(p, "0123456789", 10);
	KEXPECT_GE(ksize(p), 5000);
	KEXPECT_NULL(krealloc(p, 0));
}

KTEST(heap, kcalloc)
{
	u64 *a = kcalloc(10, sizeof(u64));

	KASSERT_NOT_NULL(a);
	KEXPECT_TRUE(all_bytes(a, 0, 10 * sizeof(u64)));
	kfree(a);
	KEXPECT_NULL(kcalloc(SIZE_MAX / 2, 3));
	KEXPECT_NULL(kcalloc(SIZE_MAX, SIZE_MAX));
	KEXPECT_NULL(kmalloc(SIZE_MAX));
}

KTEST(heap, large_returns_pages)
{
	size_t before = frame_free_count();
	void *p = kmalloc(3 * PAGE_SIZE);

	KASSERT_NOT_NULL(p);
	KEXPECT_EQ(ksize(p), 3 * PAGE_SIZE);
	KEXPECT_EQ(frame_free_count(), before - 3);
	kfree(p);
	KEXPECT_EQ(frame_free_count(), before);
}

KTEST(heap, cache_objects)
{
	struct kmem_cache *c = kmem_cache_create("ktest-40", 40, 64);
	void *objs[300];

	KASSERT_TRUE(!IS_ERR(c));
	for (int i = 0; i < 300; i++) {
		objs[i] = kmem_cache_zalloc(c);
		if (!KEXPECT_NOT_NULL(objs[i]))
			return;
		KEXPECT_EQ((uintptr_t)objs[i] & 63, 0);
		KEXPECT_TRUE(all_bytes(objs[i], 0, 40));
		memset(objs[i], i, 40);
	}
	for (int i = 0; i < 300; i++) {
		KEXPECT_TRUE(all_bytes(objs[i], i & 0xff, 40));
		kmem_cache_free(c, objs[i]);
	}
	kmem_cache_destroy(c);
}

KTEST(heap, cache_bad_args)
{
	KEXPECT_EQ(PTR_ERR(kmem_cache_create("bad", 0, 0)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(kmem_cache_create("bad", 16, 3)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(kmem_cache_create("bad", 16, 2 * PAGE_SIZE)), -EINVAL);
	KEXPECT_EQ(PTR_ERR(kmem_cache_create("bad", 1 << 20, 0)), -EINVAL);
}

KTEST(heap, double_free_is_refused)
{
	unsigned int errors = heap_error_count();
	void *p = kmalloc(32), *a, *b;

	KASSERT_NOT_NULL(p);
	kfree(p);
	/* Expected to print a WARNING and leave the free list intact. */
	kfree(p);
	KEXPECT_EQ(heap_error_count(), errors + 1);
	a = kmalloc(32);
	b = kmalloc(32);
	KEXPECT_TRUE(a && b && a != b);
	kfree(a);
	kfree(b);
}

KTEST(heap, debug_catches_old_double_free)
{
	unsigned int errors = heap_error_count();
	void *p, *q;

	if (!IS_ENABLED(CONFIG_HEAP_DEBUG))
		KTEST_SKIP("needs CONFIG_HEAP_DEBUG");
	p = kmalloc(48);
	q = kmalloc(48);
	KASSERT_TRUE(p && q);
	kfree(p);
	kfree(q);
	kfree(p); /* no longer the head of the free list */
	KEXPECT_EQ(heap_error_count(), errors + 1);
}

KTEST(heap, debug_catches_write_after_free)
{
	unsigned int errors = heap_error_count();
	u8 *p, *again;

	if (!IS_ENABLED(CONFIG_HEAP_DEBUG))
		KTEST_SKIP("needs CONFIG_HEAP_DEBUG");
	p = kmalloc(128);
	KASSERT_NOT_NULL(p);
	kfree(p);
	p[100] = 0; /* deliberate use after free, inside the poisoned part */
	again = kmalloc(128);
	KEXPECT_TRUE(again == p);
	KEXPECT_EQ(heap_error_count(), errors + 1);
	kfree(again);
}
