// SPDX-License-Identifier: MPL-2.0
// Tests of pipes and FIFOs: fill and drain, atomic writes, end of file, EPIPE, FIFO opens.
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/mm.h>
#include "../vfs/vfs_test.h"
#include <services/pipe.h>

KTEST(pipe, fill_drain_eof_epipe)
{
	struct file *r, *w;
	char *buf = kmalloc(PIPE_SIZE);
	size_t got = 0;
	ssize_t n;

	KASSERT_TRUE(buf);
	vfs_init();
	KASSERT_EQ(pipe_init(), 0);
	KASSERT_EQ(pipe_create(cred_root(), O_NONBLOCK, &r, &w), 0);
	KEXPECT_EQ(vfs_read(r, buf, 16), -EAGAIN);
	memset(buf, 'p', PIPE_SIZE);
	KEXPECT_EQ(vfs_write(w, buf, 100), 100);
	KEXPECT_EQ(vfs_write(w, buf, PIPE_SIZE), PIPE_SIZE - 100); /* partial when non-blocking */
	KEXPECT_EQ(vfs_write(w, buf, 1), -EAGAIN);
	while ((n = vfs_read(r, buf, 1000)) > 0)
		got += (size_t)n;
	KEXPECT_EQ(got, (size_t)PIPE_SIZE);
	KEXPECT_EQ(n, -EAGAIN);
	KEXPECT_EQ(vfs_write(w, "end", 3), 3);
	KEXPECT_EQ(vfs_lseek(r, 0, SEEK_SET), -ESPIPE);
	vfs_file_put(w);
	KEXPECT_EQ(vfs_read(r, buf, 16), 3); /* what was written before the close */
	KEXPECT_EQ(vfs_read(r, buf, 16), 0); /* then end of file, even non-blocking */
	vfs_file_put(r);
	KASSERT_EQ(pipe_create(cred_root(), 0, &r, &w), 0);
	vfs_file_put(r);
	KEXPECT_EQ(vfs_write(w, "x", 1), -EPIPE);
	vfs_file_put(w);
	kfree(buf);
}

KTEST(pipe, atomic_small_writes)
{
	struct file *r, *w;
	char *buf = kzalloc(PIPE_SIZE);

	KASSERT_TRUE(buf);
	KASSERT_EQ(pipe_init(), 0);
	KASSERT_EQ(pipe_create(cred_root(), O_NONBLOCK, &r, &w), 0);
	KEXPECT_EQ(vfs_write(w, buf, PIPE_SIZE - 100), PIPE_SIZE - 100);
	KEXPECT_EQ(vfs_write(w, buf, 200), -EAGAIN); /* <= PIPE_BUF: all or nothing */
	KEXPECT_EQ(vfs_write(w, buf, 100), 100);
	vfs_file_put(r);
	vfs_file_put(w);
	kfree(buf);
}

KTEST(pipe, named_fifo)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	struct file *rw, *r, *w;
	char buf[8];

	KASSERT_EQ(pipe_init(), 0);
	KASSERT_EQ(vfs_mknodat(&ctx, "/ktest-fifo", S_IFIFO | 0644, 0), 0);
	w = vfs_openat(&ctx, "/ktest-fifo", O_WRONLY | O_NONBLOCK, 0);
	KEXPECT_EQ(PTR_ERR(w), -ENXIO); /* no reader */
	r = vfs_openat(&ctx, "/ktest-fifo", O_RDONLY | O_NONBLOCK, 0);
	KASSERT_TRUE(!IS_ERR(r));
	KEXPECT_EQ(vfs_read(r, buf, sizeof(buf)), 0); /* no writer: end of file */
	rw = vfs_openat(&ctx, "/ktest-fifo", O_RDWR, 0);
	KASSERT_TRUE(!IS_ERR(rw));
	w = vfs_openat(&ctx, "/ktest-fifo", O_WRONLY, 0); /* a reader exists: no wait */
	KASSERT_TRUE(!IS_ERR(w));
	KEXPECT_EQ(vfs_write(w, "fifo", 4), 4);
	KEXPECT_EQ(vfs_read(r, buf, sizeof(buf)), 4);
	KEXPECT_EQ(memcmp(buf, "fifo", 4), 0);
	vfs_file_put(w);
	vfs_file_put(rw);
	vfs_file_put(r);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/ktest-fifo", 0), 0);
}
