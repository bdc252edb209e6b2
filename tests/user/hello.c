// SPDX-License-Identifier: MPL-2.0
// The smallest end-to-end check of the Linux ABI: a static program that prints through stdio
// (write or writev on fd 1) and exits 0. Also passes as a one-case suite on Linux.
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("Hello from %s (argc %d)\n", argc > 0 ? argv[0] : "?", argc);
	printf("# user-hello: 1 passed, 0 failed\n");
	return 0;
}
