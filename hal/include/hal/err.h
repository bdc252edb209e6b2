// SPDX-License-Identifier: MPL-2.0
// Pointers that carry an error: ERR_PTR(-ENOMEM), IS_ERR(p), PTR_ERR(p) (Linux err.h).
#ifndef HAL_ERR_H
#define HAL_ERR_H

#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/types.h>

#define IS_ERR_VALUE(x) unlikely((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error; /* NOLINT(performance-no-int-to-ptr): the top page is never mapped */
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE((unsigned long)ptr);
}

#endif /* HAL_ERR_H */
