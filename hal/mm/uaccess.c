// SPDX-License-Identifier: MPL-2.0
// Copies between kernel memory and the user half of the active address space. Ranges are
// checked against the user half here; faults inside it are caught by the arch's fixups.
#include <hal/arch_mm.h>
#include <hal/errno.h>
#include <hal/mm.h>

/* Kernel addresses are refused before any access: only the user half may be named. */
static bool user_range_ok(vaddr_t va, size_t len)
{
	return va + len >= va && va + len <= ARCH_USER_VA_END;
}

size_t vm_read_partial(void *dst, vaddr_t src, size_t len)
{
	if (!user_range_ok(src, len))
		return 0;
	return len - arch_copy_from_user(dst, src, len);
}

size_t vm_write_partial(vaddr_t dst, const void *src, size_t len)
{
	if (!user_range_ok(dst, len))
		return 0;
	return len - arch_copy_to_user(dst, src, len);
}

int vm_read(void *dst, vaddr_t src, size_t len)
{
	return vm_read_partial(dst, src, len) == len ? 0 : -EFAULT;
}

int vm_write(vaddr_t dst, const void *src, size_t len)
{
	return vm_write_partial(dst, src, len) == len ? 0 : -EFAULT;
}

int vm_clear(vaddr_t dst, size_t len)
{
	if (!user_range_ok(dst, len))
		return -EFAULT;
	return arch_clear_user(dst, len) ? -EFAULT : 0;
}

int vm_read_array(void *dst, vaddr_t src, size_t n, size_t size)
{
	size_t len;

	if (__builtin_mul_overflow(n, size, &len))
		return -EOVERFLOW;
	return vm_read(dst, src, len);
}

int vm_write_array(vaddr_t dst, const void *src, size_t n, size_t size)
{
	size_t len;

	if (__builtin_mul_overflow(n, size, &len))
		return -EOVERFLOW;
	return vm_write(dst, src, len);
}

/* The string may end before the user half does: only the bytes read must lie inside it. */
long vm_strncpy_from(char *dst, vaddr_t src, size_t size)
{
	long n;

	if (!size)
		return -EINVAL;
	if (src >= ARCH_USER_VA_END)
		return -EFAULT;
	n = arch_strncpy_from_user(dst, src, MIN(size, ARCH_USER_VA_END - src));
	if (n < 0)
		return -EFAULT;
	if ((size_t)n == size || (size_t)n == ARCH_USER_VA_END - src) {
		dst[size - 1] = '\0';
		return (size_t)n == size ? -ENAMETOOLONG : -EFAULT;
	}
	return n;
}
