// SPDX-License-Identifier: MPL-2.0
// Boot the Linux personality: unpack the initramfs into the tmpfs root and run init as Linux
// does (rdinit=, then init=, then /sbin/init, /etc/init, /bin/init, /bin/sh).
#define pr_fmt(fmt) "linux: " fmt

#include <hal/boot.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/task.h>
#include <hal/user.h>
#include <services/devfs.h>
#include <services/pipe.h>
#include <services/process.h>
#include <services/tty.h>
#include <services/vfs.h>

#define MAX_INIT_ARGS 32

/* The value of the last "@key=value" on the command line, copied into @buf; NULL if none. */
static const char *cmdline_value(const char *key, char *buf, size_t size)
{
	const char *s = boot_cmdline(), *found = NULL;
	size_t klen = strlen(key), n;

	for (; *s; s++) {
		if ((s == boot_cmdline() || s[-1] == ' ') && !strncmp(s, key, klen) &&
		    s[klen] == '=')
			found = s + klen + 1;
		if (s[0] == ' ' && s[1] == '-' && s[2] == '-' && (s[3] == ' ' || !s[3]))
			break; /* what follows "--" belongs to init */
	}
	if (!found)
		return NULL;
	n = strcspn(found, " ");
	if (!n || n >= size)
		return NULL;
	memcpy(buf, found, n);
	buf[n] = '\0';
	return buf;
}

/* argv for init: its path, then the words after " -- " on the command line, as Linux. */
static void init_argv(const char *path, const char **argv, char *words, size_t size)
{
	const char *dd = strstr(boot_cmdline(), " -- ");
	int argc = 0;
	char *w;

	argv[argc++] = path;
	if (dd) {
		strscpy(words, dd + 4, size);
		while ((w = strsep(&words, " ")) && argc < MAX_INIT_ARGS - 1)
			if (*w)
				argv[argc++] = w;
	}
	argv[argc] = NULL;
}

/* Run @path as pid 1 and wait for it. Returns -errno when it could not be started. */
static int run_init(struct process *p, const char *path, int *status)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", NULL };
	const char *argv[MAX_INIT_ARGS];
	struct user_context *ctx = user_context_create(p->mm->space);
	char *words = kmalloc(512);
	struct task *task;
	int err = IS_ERR(ctx) ? (int)PTR_ERR(ctx) : (words ? 0 : -ENOMEM);

	if (!err) {
		init_argv(path, argv, words, 512);
		err = exec_load(p, ctx, path, argv, envp);
	}
	if (err) {
		if (!IS_ERR(ctx))
			user_context_destroy(ctx);
		kfree(words);
		return err;
	}
	pr_info("running %s as pid %d\n", path, p->pid);
	task = thread_start(p, ctx);
	if (IS_ERR(task)) {
		user_context_destroy(ctx);
		kfree(words);
		return (int)PTR_ERR(task);
	}
	*status = task_join(task);
	kfree(words); /* argv strings were copied onto the user stack */
	return 0;
}

static int unpack_initramfs(void)
{
	size_t len;
	const void *blob = boot_initramfs(&len);
	int err;

	if (!blob)
		return -ENOENT;
	err = vfs_populate_from_initramfs(blob, len);
	if (err)
		pr_err("initramfs unpacking failed: %d\n", err);
	return err;
}

/* Try the candidates in Linux's order; returns the wait status of the init that ran. */
static int find_and_run_init(struct process *p, int *status)
{
	static const char *const fallback[] = { "/sbin/init", "/etc/init", "/bin/init", "/bin/sh" };
	char rdinit[256], init[256];
	const char *path = cmdline_value("rdinit", rdinit, sizeof(rdinit));
	int err = run_init(p, path ? path : "/init", status);

	if (err != -ENOENT && err)
		pr_err("failed to execute %s (error %d)\n", path ? path : "/init", err);
	if (!err)
		return 0;
	path = cmdline_value("init", init, sizeof(init));
	if (path) {
		err = run_init(p, path, status);
		if (err)
			panic("Requested init %s failed (error %d).", path, err);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(fallback); i++)
		if (!run_init(p, fallback[i], status))
			return 0;
	return -ENOENT;
}

/*
 * Make fds 0-2 /dev/console as Linux does. Without the node (an initramfs with no /dev) they
 * stay the console descriptors the process was created with, which reach the same TTY.
 */
static void open_console(struct process *p)
{
	struct vfs_ctx ctx;
	struct file *f;

	process_vfs_ctx(p, &ctx);
	f = vfs_openat(&ctx, "/dev/console", O_RDWR, 0);
	if (IS_ERR(f)) {
		pr_warn("unable to open an initial console (%ld): using the raw console\n",
			PTR_ERR(f));
		return;
	}
	spin_lock(&p->lock);
	for (int fd = 0; fd < 3; fd++) {
		file_get(f);
		p->fds[fd] = (struct fd_entry){ .kind = FD_FILE, .file = f };
	}
	spin_unlock(&p->lock);
	vfs_file_put(f);
}

static int linux_main(void)
{
	struct process *init;
	int err, status = 0;

	err = vfs_init();
	if (!err)
		err = devfs_init();
	if (!err)
		err = pipe_init();
	tty_console(); /* console input is buffered from now on */
	if (!err && unpack_initramfs() == -ENOENT)
		pr_info("no initramfs\n");
	init = err ? ERR_PTR(err) : process_create_init();
	if (IS_ERR(init)) {
		pr_emerg("cannot create init: %ld\n", PTR_ERR(init));
		return 1;
	}
	open_console(init);
	if (find_and_run_init(init, &status)) {
		/* Linux panics here; a failure exit code tells the host the same. */
		pr_emerg("No working init found.  Try passing init= option to kernel.\n");
		process_free(init);
		return 1;
	}
	panic("Attempted to kill init! exitcode=0x%08x", status);
}
KERNEL_MAIN(linux_main);
