// SPDX-License-Identifier: MPL-2.0
// Tests of procfs and sysfs: the stat and maps line formats parse back as proc(5) says, and
// mounted instances list and generate their files.
#include <hal/errno.h>
#include <hal/ktest.h>
#include <hal/mm.h>
#include <hal/lib/printf.h>
#include <hal/lib/string.h>
#include "../../vfs/vfs_test.h"
#include "internal.h"

static struct seq *seq_new(char *buf, size_t size)
{
	static struct seq s;

	s = (struct seq){ .buf = buf, .size = size };
	return &s;
}

/* Fields of a stat line after the last ')', plus pid and comm. */
static int stat_fields(const char *line)
{
	const char *p = strrchr(line, ')');
	int n = 2;

	for (; p && *p && *p != '\n'; p++)
		if (*p == ' ' && p[1] && p[1] != ' ' && p[1] != '\n')
			n++;
	return n;
}

KTEST(procfs, stat_line_fields)
{
	struct proc_info in = { .pid = 42,
				.ppid = 1,
				.pgid = 42,
				.sid = 1,
				.nr_threads = 3,
				.state = 'S' };
	char buf[512];
	struct seq *s = seq_new(buf, sizeof(buf));

	strscpy(in.comm, "a b) c", sizeof(in.comm)); /* a comm with ") " in it */
	procfs_stat_line(s, &in, 10);
	KASSERT_TRUE(s->len < sizeof(buf));
	buf[s->len] = 0;
	KEXPECT_EQ(strncmp(buf, "42 (a b) c) S 1 42 1 ", 21), 0);
	KEXPECT_EQ(stat_fields(buf), 52);
	KEXPECT_TRUE(strstr(buf, " 3 0 0 40960 10 ") != NULL); /* threads .. vsize rss */
	KEXPECT_EQ(buf[s->len - 1], '\n');
}

KTEST(procfs, maps_line_format)
{
	struct vma v = { .start = 0x400000, .end = 0x401000, .prot = VM_READ | VM_EXEC };
	char buf[256];
	struct seq *s = seq_new(buf, sizeof(buf));
	const char *want = "00400000-00401000 r-xp 00000000 00:00 0 \n";

	procfs_maps_line(s, v.start, &v);
	buf[s->len] = 0;
	KEXPECT_EQ(strcmp(buf, want), 0);
	s = seq_new(buf, sizeof(buf));
	v = (struct vma){ .start = 0x7ffffffde000,
			  .end = 0x7ffffffff000,
			  .prot = VM_READ | VM_WRITE,
			  .flags = VMA_STACK | VMA_ANON };
	procfs_maps_line(s, v.start, &v);
	buf[s->len] = 0;
	KEXPECT_EQ(strncmp(buf, "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 ", 48), 0);
	KEXPECT_EQ(s->len, 73u + 7 + 1); /* the name at column 73, as Linux pads it */
	KEXPECT_EQ(strcmp(buf + 73, "[stack]\n"), 0);
}

static ssize_t read_all(const struct vfs_ctx *ctx, const char *path, char *buf, size_t n)
{
	struct file *f = vfs_openat(ctx, path, O_RDONLY, 0);
	ssize_t r;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r = vfs_read(f, buf, n - 1);
	vfs_file_put(f);
	if (r >= 0)
		buf[r] = 0;
	return r;
}

KTEST(procfs, mount_and_read)
{
	struct vfs_ctx ctx = test_ctx(cred_root());
	static char buf[4096];
	struct kstat st;
	size_t kb = frame_total_count() * (PAGE_SIZE / 1024);
	char want[64];

	KASSERT_EQ(procfs_init(), 0);
	KASSERT_EQ(sysfs_init(), 0);
	KASSERT_EQ(vfs_mkdirat(&ctx, "/ktest-proc", 0555), 0);
	KASSERT_EQ(vfs_mount(&ctx, "proc", "/ktest-proc", "proc", 0, NULL), 0);
	KEXPECT_GT(read_all(&ctx, "/ktest-proc/meminfo", buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "MemTotal:       %8llu kB\n", (unsigned long long)kb);
	KEXPECT_EQ(strncmp(buf, want, strlen(want)), 0);
	KEXPECT_GT(read_all(&ctx, "/ktest-proc/mounts", buf, sizeof(buf)), 0);
	KEXPECT_TRUE(strstr(buf, "proc /ktest-proc proc rw,relatime 0 0\n") != NULL);
	KEXPECT_EQ(vfs_statat(&ctx, "/ktest-proc/sys/kernel/ostype", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFREG | 0444u);
	KEXPECT_EQ(read_all(&ctx, "/ktest-proc/sys/kernel/ostype", buf, sizeof(buf)), 6);
	KEXPECT_EQ(vfs_openat(&ctx, "/ktest-proc/meminfo", O_WRONLY, 0), ERR_PTR(-EACCES));
	KEXPECT_EQ(vfs_statat(&ctx, "/ktest-proc/nosuch", 0, &st), -ENOENT);
	KEXPECT_EQ(vfs_umount(&ctx, "/ktest-proc", 0), 0);
	KEXPECT_EQ(vfs_mount(&ctx, "sysfs", "/ktest-proc", "sysfs", 0, NULL), 0);
	KEXPECT_EQ(vfs_statat(&ctx, "/ktest-proc/devices", 0, &st), 0);
	KEXPECT_EQ(st.mode, S_IFDIR | 0555u);
	KEXPECT_EQ(vfs_umount(&ctx, "/ktest-proc", 0), 0);
	KEXPECT_EQ(vfs_unlinkat(&ctx, "/ktest-proc", AT_REMOVEDIR), 0);
}
