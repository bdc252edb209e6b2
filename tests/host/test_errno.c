// SPDX-License-Identifier: MPL-2.0
// errno_name() for every number in hal/errno.h (aliases report the primary name), and the
// ERR_PTR/IS_ERR/PTR_ERR round trip of hal/err.h.
// sources: hal/lib/errno.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "keel_host.h"

#define NAMED(e) { e, #e }

static const struct {
	int nr;
	const char *name;
} names[] = {
	NAMED(EPERM),
	NAMED(ENOENT),
	NAMED(ESRCH),
	NAMED(EINTR),
	NAMED(EIO),
	NAMED(ENXIO),
	NAMED(E2BIG),
	NAMED(ENOEXEC),
	NAMED(EBADF),
	NAMED(ECHILD),
	NAMED(EAGAIN),
	NAMED(ENOMEM),
	NAMED(EACCES),
	NAMED(EFAULT),
	NAMED(ENOTBLK),
	NAMED(EBUSY),
	NAMED(EEXIST),
	NAMED(EXDEV),
	NAMED(ENODEV),
	NAMED(ENOTDIR),
	NAMED(EISDIR),
	NAMED(EINVAL),
	NAMED(ENFILE),
	NAMED(EMFILE),
	NAMED(ENOTTY),
	NAMED(ETXTBSY),
	NAMED(EFBIG),
	NAMED(ENOSPC),
	NAMED(ESPIPE),
	NAMED(EROFS),
	NAMED(EMLINK),
	NAMED(EPIPE),
	NAMED(EDOM),
	NAMED(ERANGE),
	NAMED(EDEADLK),
	NAMED(ENAMETOOLONG),
	NAMED(ENOLCK),
	NAMED(ENOSYS),
	NAMED(ENOTEMPTY),
	NAMED(ELOOP),
	NAMED(ENOMSG),
	NAMED(EIDRM),
	NAMED(ENOSTR),
	NAMED(ENODATA),
	NAMED(ETIME),
	NAMED(ENOSR),
	NAMED(EOVERFLOW),
	NAMED(EBADFD),
	NAMED(EILSEQ),
	NAMED(ERESTART),
	NAMED(EUSERS),
	NAMED(ENOTSOCK),
	NAMED(EDESTADDRREQ),
	NAMED(EMSGSIZE),
	NAMED(EPROTOTYPE),
	NAMED(ENOPROTOOPT),
	NAMED(EPROTONOSUPPORT),
	NAMED(ESOCKTNOSUPPORT),
	NAMED(EOPNOTSUPP),
	NAMED(EPFNOSUPPORT),
	NAMED(EAFNOSUPPORT),
	NAMED(EADDRINUSE),
	NAMED(EADDRNOTAVAIL),
	NAMED(ENETDOWN),
	NAMED(ENETUNREACH),
	NAMED(ENETRESET),
	NAMED(ECONNABORTED),
	NAMED(ECONNRESET),
	NAMED(ENOBUFS),
	NAMED(EISCONN),
	NAMED(ENOTCONN),
	NAMED(ESHUTDOWN),
	NAMED(ETOOMANYREFS),
	NAMED(ETIMEDOUT),
	NAMED(ECONNREFUSED),
	NAMED(EHOSTDOWN),
	NAMED(EHOSTUNREACH),
	NAMED(EALREADY),
	NAMED(EINPROGRESS),
	NAMED(ESTALE),
	NAMED(EDQUOT),
	NAMED(ECANCELED),
	NAMED(EOWNERDEAD),
	NAMED(ENOTRECOVERABLE),
	NAMED(ERESTARTSYS),
	NAMED(ERESTARTNOINTR),
	NAMED(ERESTARTNOHAND),
	NAMED(ERESTART_RESTARTBLOCK),
};

static void test_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		assert_string_equal(errno_name(names[i].nr), names[i].name);
		assert_string_equal(errno_name(-names[i].nr), names[i].name);
	}
	assert_string_equal(errno_name(EWOULDBLOCK), "EAGAIN");
	assert_string_equal(errno_name(ENOTSUP), "EOPNOTSUPP");
}

static void test_unknown(void **state)
{
	static const int unknown[] = { 0,   41,	 58,	    132,     511,
				       515, 517, MAX_ERRNO, 1 << 30, -2147483647 - 1 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_string_equal(errno_name(unknown[i]), "E?");
}

static void test_err_ptr(void **state)
{
	int x;

	(void)state;
	for (long e = 1; e <= MAX_ERRNO; e++) {
		void *p = ERR_PTR(-e);

		assert_true(IS_ERR(p));
		assert_true(IS_ERR_OR_NULL(p));
		assert_int_equal(PTR_ERR(p), -e);
	}
	assert_false(IS_ERR(NULL));
	assert_true(IS_ERR_OR_NULL(NULL));
	assert_false(IS_ERR(&x));
	assert_false(IS_ERR(ERR_PTR(-MAX_ERRNO - 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_err_ptr),
	};

	return cmocka_run_group_tests_name("errno", tests, NULL, NULL);
}
