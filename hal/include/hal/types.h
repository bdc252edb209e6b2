// SPDX-License-Identifier: MPL-2.0
// Fixed-width integer types and the address types of the framework.
#ifndef HAL_TYPES_H
#define HAL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef long ssize_t;

/* A physical address. Only hal/ and arch/ ever see one. */
typedef u64 paddr_t;
/* A virtual address held as an integer (user addresses, page-table work). */
typedef uintptr_t vaddr_t;

#endif /* HAL_TYPES_H */
