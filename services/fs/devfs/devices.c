// SPDX-License-Identifier: MPL-2.0
// Character devices by Linux number: the memory devices (null, zero, full, random, urandom)
// and the console TTY (tty, console, ttyS0), opened from any device node.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <services/devfs.h>
#include <services/process.h>
#include <services/tty.h>
#include <services/vfs.h>

static ssize_t read_zero(struct file *f, void *buf, size_t len, s64 *pos)
{
	(void)f;
	(void)pos;
	memset(buf, 0, len);
	return (ssize_t)len;
}

static ssize_t read_eof(struct file *f, void *buf, size_t len, s64 *pos)
{
	(void)f;
	(void)buf;
	(void)len;
	(void)pos;
	return 0;
}

static ssize_t write_sink(struct file *f, const void *buf, size_t len, s64 *pos)
{
	(void)f;
	(void)buf;
	(void)pos;
	return (ssize_t)len;
}

static ssize_t write_full(struct file *f, const void *buf, size_t len, s64 *pos)
{
	(void)f;
	(void)buf;
	(void)len;
	(void)pos;
	return -ENOSPC;
}

/* random and urandom: the splitmix64 stream behind AT_RANDOM and getrandom(2). */
static ssize_t read_random(struct file *f, void *buf, size_t len, s64 *pos)
{
	(void)f;
	(void)pos;
	linux_random_bytes(buf, len);
	return (ssize_t)len;
}

static const struct file_operations null_fops = { .read = read_eof, .write = write_sink };
static const struct file_operations zero_fops = { .read = read_zero, .write = write_sink };
static const struct file_operations full_fops = { .read = read_zero, .write = write_full };
static const struct file_operations random_fops = { .read = read_random, .write = write_sink };

static int mem_open(u32 minor, struct file *file)
{
	switch (minor) {
	case 3:
		file->f_op = &null_fops;
		return 0;
	case 5:
		file->f_op = &zero_fops;
		return 0;
	case 7:
		file->f_op = &full_fops;
		return 0;
	case 8:
	case 9:
		file->f_op = &random_fops;
		return 0;
	default:
		return -ENXIO;
	}
}

int devfs_chr_open(struct inode *inode, struct file *file)
{
	u32 major = MAJOR(inode->rdev), minor = MINOR(inode->rdev);

	if (major == 1)
		return mem_open(minor, file);
	if ((major == 5 && minor <= 1) || (major == 4 && minor == 64))
		return tty_file_open(tty_console(), file);
	return -ENXIO;
}

const struct devfs_node devfs_nodes[] = {
	{ "null", 1, 3, 0666 },	   { "zero", 1, 5, 0666 },    { "full", 1, 7, 0666 },
	{ "random", 1, 8, 0666 },  { "urandom", 1, 9, 0666 }, { "tty", 5, 0, 0666 },
	{ "console", 5, 1, 0600 }, { "ttyS0", 4, 64, 0660 },  { NULL, 0, 0, 0 },
};
