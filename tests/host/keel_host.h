// SPDX-License-Identifier: MPL-2.0
// The hal library as a host test sees it: every hal function whose name libc also uses is
// called keel_<name> here (keel_memcpy, keel_snprintf, ...), so a test can hold Keel's
// version and the host's reference side by side. Include it after the libc headers (but
// not with <ctype.h>, whose macros have the names of hal/lib/ctype.h's functions).
#ifndef KEEL_HOST_H
#define KEEL_HOST_H

/*
 * The renames. tests/host/Makefile reads these "#define name keel_name" lines to rename
 * the same symbols in the hal objects (objcopy --redefine-syms), so keep one per line and
 * undefine each again at the bottom.
 */
#define memcpy	    keel_memcpy
#define memmove	    keel_memmove
#define memset	    keel_memset
#define memcmp	    keel_memcmp
#define memchr	    keel_memchr
#define strlen	    keel_strlen
#define strnlen	    keel_strnlen
#define strcmp	    keel_strcmp
#define strncmp	    keel_strncmp
#define strcasecmp  keel_strcasecmp
#define strncasecmp keel_strncasecmp
#define strchr	    keel_strchr
#define strrchr	    keel_strrchr
#define strstr	    keel_strstr
#define strspn	    keel_strspn
#define strcspn	    keel_strcspn
#define strpbrk	    keel_strpbrk
#define strsep	    keel_strsep
#define snprintf    keel_snprintf
#define vsnprintf   keel_vsnprintf
#define isdigit	    keel_isdigit
#define isupper	    keel_isupper
#define islower	    keel_islower
#define isalpha	    keel_isalpha
#define isalnum	    keel_isalnum
#define isxdigit    keel_isxdigit
#define isspace	    keel_isspace
#define isprint	    keel_isprint
#define iscntrl	    keel_iscntrl
#define ispunct	    keel_ispunct
#define tolower	    keel_tolower
#define toupper	    keel_toupper

/* libc headers already defined these; hal/compiler.h defines equivalent ones. */
#undef offsetof
#undef __always_inline

#include <hal/compiler.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/bitmap.h>
#include <hal/lib/ctype.h>
#include <hal/lib/hash.h>
#include <hal/lib/list.h>
#include <hal/lib/printf.h>
#include <hal/lib/rbtree.h>
#include <hal/lib/string.h>

#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strcasecmp
#undef strncasecmp
#undef strchr
#undef strrchr
#undef strstr
#undef strspn
#undef strcspn
#undef strpbrk
#undef strsep
#undef snprintf
#undef vsnprintf
#undef isdigit
#undef isupper
#undef islower
#undef isalpha
#undef isalnum
#undef isxdigit
#undef isspace
#undef isprint
#undef iscntrl
#undef ispunct
#undef tolower
#undef toupper

#endif /* KEEL_HOST_H */
