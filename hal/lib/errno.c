// SPDX-License-Identifier: MPL-2.0
// errno_name(): the symbolic name of an error number, for logs and test reports.
#include <hal/compiler.h>
#include <hal/errno.h>
#include <hal/types.h>

#define N(e) [e] = #e

/* Aliases (EWOULDBLOCK, ENOTSUP) share a number with the name listed here. */
static const char *const errno_names[] = {
	N(EPERM),	    N(ENOENT),	     N(ESRCH),
	N(EINTR),	    N(EIO),	     N(ENXIO),
	N(E2BIG),	    N(ENOEXEC),	     N(EBADF),
	N(ECHILD),	    N(EAGAIN),	     N(ENOMEM),
	N(EACCES),	    N(EFAULT),	     N(ENOTBLK),
	N(EBUSY),	    N(EEXIST),	     N(EXDEV),
	N(ENODEV),	    N(ENOTDIR),	     N(EISDIR),
	N(EINVAL),	    N(ENFILE),	     N(EMFILE),
	N(ENOTTY),	    N(ETXTBSY),	     N(EFBIG),
	N(ENOSPC),	    N(ESPIPE),	     N(EROFS),
	N(EMLINK),	    N(EPIPE),	     N(EDOM),
	N(ERANGE),	    N(EDEADLK),	     N(ENAMETOOLONG),
	N(ENOLCK),	    N(ENOSYS),	     N(ENOTEMPTY),
	N(ELOOP),	    N(ENOMSG),	     N(EIDRM),
	N(ENOSTR),	    N(ENODATA),	     N(ETIME),
	N(ENOSR),	    N(EOVERFLOW),    N(EBADFD),
	N(EILSEQ),	    N(ERESTART),     N(EUSERS),
	N(ENOTSOCK),	    N(EDESTADDRREQ), N(EMSGSIZE),
	N(EPROTOTYPE),	    N(ENOPROTOOPT),  N(EPROTONOSUPPORT),
	N(ESOCKTNOSUPPORT), N(EOPNOTSUPP),   N(EPFNOSUPPORT),
	N(EAFNOSUPPORT),    N(EADDRINUSE),   N(EADDRNOTAVAIL),
	N(ENETDOWN),	    N(ENETUNREACH),  N(ENETRESET),
	N(ECONNABORTED),    N(ECONNRESET),   N(ENOBUFS),
	N(EISCONN),	    N(ENOTCONN),     N(ESHUTDOWN),
	N(ETOOMANYREFS),    N(ETIMEDOUT),    N(ECONNREFUSED),
	N(EHOSTDOWN),	    N(EHOSTUNREACH), N(EALREADY),
	N(EINPROGRESS),	    N(ESTALE),	     N(EDQUOT),
	N(ECANCELED),	    N(EOWNERDEAD),   N(ENOTRECOVERABLE),
};

/* The kernel-internal restart codes, from ERESTARTSYS up. */
static const char *const restart_names[] = {
#define R(e) [e - ERESTARTSYS] = #e
	R(ERESTARTSYS),
	R(ERESTARTNOINTR),
	R(ERESTARTNOHAND),
	R(ERESTART_RESTARTBLOCK),
#undef R
};

const char *errno_name(int err)
{
	unsigned int e = err < 0 ? -(unsigned int)err : (unsigned int)err;
	const char *name = NULL;

	if (e < ARRAY_SIZE(errno_names))
		name = errno_names[e];
	else if (e - ERESTARTSYS < ARRAY_SIZE(restart_names))
		name = restart_names[e - ERESTARTSYS];
	return name ? name : "E?";
}
