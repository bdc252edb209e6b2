// SPDX-License-Identifier: MPL-2.0
// The per-arch Linux ABI data of the architecture being built: its syscall table.
#ifndef SERVICES_LINUX_ABI_H
#define SERVICES_LINUX_ABI_H

#if defined(__x86_64__)
#define LINUX_SYSCALL_TABLE "abi/x86_64/syscalls.h"
#else
#error "no Linux ABI table for this architecture yet"
#endif

#endif /* SERVICES_LINUX_ABI_H */
