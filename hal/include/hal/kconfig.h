// SPDX-License-Identifier: MPL-2.0
// Kconfig helpers; force-included into every kernel compilation unit after autoconf.h.
#ifndef HAL_KCONFIG_H
#define HAL_KCONFIG_H

/*
 * IS_ENABLED(CONFIG_<SYMBOL>): 1 when that symbol is defined to 1 in autoconf.h, 0 otherwise,
 * usable in C expressions so both branches compile (the Linux kconfig.h trick).
 */
#define __ARG_PLACEHOLDER_1		       0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			       ___is_defined(x)
#define ___is_defined(val)		       ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	       __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option)		       __is_defined(option)

#endif /* HAL_KCONFIG_H */
