// SPDX-License-Identifier: MPL-2.0
// Kernel heap set-up, called by hal_main() once the frame allocator works.
#ifndef HAL_HEAP_H
#define HAL_HEAP_H

#include <hal/compiler.h>

/* heap_init - ready the kmalloc size classes and the cache of caches. Boot CPU, once. */
void heap_init(void);

/* heap_nr_caches - number of live slab caches (for the boot log). */
unsigned int heap_nr_caches(void);

/* heap_error_count - bad frees and (CONFIG_HEAP_DEBUG) use-after-free writes caught so far. */
unsigned int heap_error_count(void);

#endif /* HAL_HEAP_H */
