// SPDX-License-Identifier: MPL-2.0
// Stands in for build/<arch>/include/generated/autoconf.h in host builds: the hal library
// sees a configuration with ktests built in and nothing arch-specific.
#ifndef KEEL_HOST_AUTOCONF_H
#define KEEL_HOST_AUTOCONF_H

#define CONFIG_KTEST 1

#endif /* KEEL_HOST_AUTOCONF_H */
