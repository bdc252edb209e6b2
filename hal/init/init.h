// SPDX-License-Identifier: MPL-2.0
// Private to hal/init/: what main.c needs from its neighbours.
#ifndef HAL_INIT_INIT_H
#define HAL_INIT_INIT_H

/* boot_info_dropped_regions - memory map entries lost to BOOT_MAX_REGIONS. */
unsigned int boot_info_dropped_regions(void);

#endif /* HAL_INIT_INIT_H */
