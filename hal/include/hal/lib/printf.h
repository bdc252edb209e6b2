// SPDX-License-Identifier: MPL-2.0
// Formatted output into buffers: the C99 printf family subset the kernel uses.
#ifndef HAL_LIB_PRINTF_H
#define HAL_LIB_PRINTF_H

#include <hal/compiler.h>
#include <hal/types.h>

/*
 * vsnprintf - C99 semantics: writes at most @size bytes including the NUL, returns the length
 * the full output would have had. Conversions: %d %i %u %x %X %o %c %s %p %% with flags
 * "-+ #0", width and precision (also '*'), length modifiers hh h l ll z t j.
 * %p prints 0x-prefixed hex; a NULL %s prints "(null)".
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* vscnprintf/scnprintf - like vsnprintf but return the number of bytes actually written
 * (excluding the NUL), so calls can be chained into one buffer. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* HAL_LIB_PRINTF_H */
