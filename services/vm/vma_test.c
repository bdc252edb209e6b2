// SPDX-License-Identifier: MPL-2.0
// ktests for the VMA set: insertion refuses overlaps, removal splits, gaps are found top-down,
// brk/mmap/munmap/mprotect keep Linux's results, and a fault fills only allowed pages.
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/ktest.h>
#include <services/process.h>

#define A 0x10000000UL
#define P PAGE_SIZE

static unsigned int count_vmas(struct mm *mm)
{
	unsigned int n = 0;

	for (struct vma *v = mm_first_vma(mm); v; v = mm_next_vma(v))
		n++;
	return n;
}

KTEST(vma, insert_find_overlap)
{
	struct mm *mm = mm_create();

	KASSERT_TRUE(!IS_ERR(mm));
	KEXPECT_EQ(mm_insert_vma(mm, A, A + 4 * P, VM_READ, VMA_ANON), 0);
	KEXPECT_EQ(mm_insert_vma(mm, A + 8 * P, A + 9 * P, VM_READ, VMA_ANON), 0);
	KEXPECT_EQ(mm_insert_vma(mm, A + 3 * P, A + 5 * P, VM_READ, 0), -EEXIST);
	KEXPECT_EQ(mm_insert_vma(mm, A + 7 * P, A + 10 * P, VM_READ, 0), -EEXIST);
	KEXPECT_EQ(mm_insert_vma(mm, A + 1, A + P, VM_READ, 0), -EINVAL);
	KEXPECT_EQ(mm_insert_vma(mm, A + 4 * P, A + 8 * P, VM_READ, 0), 0);
	KEXPECT_TRUE(mm_find_vma(mm, A + 8 * P - 1)->start == A + 4 * P);
	KEXPECT_NULL(mm_find_vma(mm, A + 9 * P));
	KEXPECT_NULL(mm_find_vma(mm, A - 1));
	KEXPECT_EQ(count_vmas(mm), 3u);
	mm_destroy(mm);
}

KTEST(vma, remove_splits)
{
	struct mm *mm = mm_create();
	struct vma *v;

	KASSERT_TRUE(!IS_ERR(mm));
	KEXPECT_EQ(mm_insert_vma(mm, A, A + 8 * P, VM_READ | VM_WRITE, VMA_ANON), 0);
	KEXPECT_EQ(mm_remove_range(mm, A + 2 * P, A + 3 * P), 0);
	KEXPECT_EQ(count_vmas(mm), 2u);
	v = mm_first_vma(mm);
	KEXPECT_TRUE(v->start == A && v->end == A + 2 * P);
	v = mm_next_vma(v);
	KEXPECT_TRUE(v->start == A + 3 * P && v->end == A + 8 * P);
	KEXPECT_EQ(mm_remove_range(mm, A, A + 16 * P), 0);
	KEXPECT_EQ(count_vmas(mm), 0u);
	mm_destroy(mm);
}

KTEST(vma, unmapped_area_top_down)
{
	struct mm *mm = mm_create();
	long a, b;

	KASSERT_TRUE(!IS_ERR(mm));
	a = mm_unmapped_area(mm, 0, 4 * P);
	KEXPECT_EQ((vaddr_t)a, mm->mmap_base - 4 * P);
	KEXPECT_EQ(mm_insert_vma(mm, (vaddr_t)a, (vaddr_t)a + 4 * P, VM_READ, 0), 0);
	b = mm_unmapped_area(mm, 0, P);
	KEXPECT_EQ((vaddr_t)b, (vaddr_t)a - P);
	KEXPECT_EQ(mm_unmapped_area(mm, A, P), (long)A);    /* a free hint is taken */
	KEXPECT_EQ(mm_unmapped_area(mm, (vaddr_t)a, P), b); /* a busy one is not */
	mm_destroy(mm);
}

KTEST(vma, mmap_munmap_mprotect)
{
	struct mm *mm = mm_create();
	long a;

	KASSERT_TRUE(!IS_ERR(mm));
	KEXPECT_EQ(mm_mmap(mm, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -EINVAL);
	KEXPECT_EQ(mm_mmap(mm, 0, P, PROT_READ, MAP_ANONYMOUS, -1, 0), -EINVAL);
	KEXPECT_EQ(mm_mmap(mm, A + 1, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		   -EINVAL);
	a = mm_mmap(mm, A, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		    -1, 0);
	KEXPECT_EQ(a, (long)A);
	KEXPECT_EQ(mm_mmap(mm, A, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			   -1, 0),
		   -EEXIST);
	KEXPECT_EQ(mm_mprotect(mm, A + P, P, PROT_READ), 0);
	KEXPECT_EQ(count_vmas(mm), 3u);
	KEXPECT_EQ(mm_find_vma(mm, A + P)->prot, VM_READ);
	KEXPECT_EQ(mm_mprotect(mm, A + 2 * P, 2 * P, PROT_READ), -ENOMEM); /* a hole */
	KEXPECT_EQ(mm_munmap(mm, A + 1, P), -EINVAL);
	KEXPECT_EQ(mm_munmap(mm, A, 3 * P), 0);
	KEXPECT_EQ(count_vmas(mm), 0u);
	mm_destroy(mm);
}

KTEST(vma, brk_and_fault)
{
	struct mm *mm = mm_create();
	struct vm_mapping m;

	KASSERT_TRUE(!IS_ERR(mm));
	mm->start_brk = mm->brk = A;
	KEXPECT_EQ(mm_brk(mm, 0), (long)A);
	KEXPECT_EQ(mm_brk(mm, A + 100), (long)(A + 100));
	KEXPECT_EQ(mm_brk(mm, A - P), (long)(A + 100)); /* below the start: unchanged */
	KEXPECT_EQ(mm_fault(mm, A + 50, VM_WRITE, false), 0);
	KEXPECT_EQ(vm_space_query(mm->space, A, &m), 0);
	frame_put(m.frame);
	KEXPECT_EQ(mm_fault(mm, A + P, VM_READ, false), -EFAULT); /* past the break */
	KEXPECT_EQ(mm_fault(mm, A, VM_EXEC, false), -EFAULT);	  /* not executable */
	KEXPECT_EQ(mm_brk(mm, A), (long)A);
	KEXPECT_EQ(vm_space_query(mm->space, A, &m), -ENOENT);
	mm_destroy(mm);
}
