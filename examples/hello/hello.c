// SPDX-License-Identifier: MPL-2.0
// A kernel in about 100 lines, on the framework API alone: it loads a static hello-world
// program into a new address space, runs it in user mode and serves its write and exit.
#include <hal/boot.h>
#include <hal/err.h>
#include <hal/errno.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/task.h>
#include <hal/user.h>

/* hello.user.S, linked by the build as a static x86_64 Linux executable and embedded. */
extern const u8 hello_user[];
extern const size_t hello_user_size;

/* Where ld.lld puts a static executable: the file maps as is, .text starts a page in. */
#define MAP_ADDR    0x200000UL
#define ENTRY_POINT 0x201000UL
#define STACK_TOP   0x800000UL

#define SYS_WRITE 1
#define SYS_EXIT  60

/* Back [va, va + len) with new frames holding @bytes: memory is reached only by handle. */
static int map_new(struct vm_space *space, vaddr_t va, size_t len, const void *bytes, u32 flags)
{
	struct frame *f = frame_alloc_contig(DIV_ROUND_UP(len, PAGE_SIZE));
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	err = bytes ? frame_write(f, 0, bytes, len) : 0;
	if (!err)
		err = vm_space_map(space, va, f, VM_PROP(flags));
	frame_put(f); /* the mapping holds its own reference */
	return err;
}

/* The user CPU state starts at the program's entry with an empty stack. */
static struct user_context *create_user_context(void)
{
	struct vm_space *space = vm_space_create();
	struct user_context *ctx;
	int err;

	if (IS_ERR(space))
		return ERR_PTR(PTR_ERR(space));
	err = map_new(space, MAP_ADDR, hello_user_size, hello_user, VM_READ | VM_EXEC);
	if (!err)
		err = map_new(space, STACK_TOP - PAGE_SIZE, PAGE_SIZE, NULL, VM_READ | VM_WRITE);
	ctx = err ? ERR_PTR(err) : user_context_create(space);
	vm_space_put(space); /* the context holds its own reference */
	if (!IS_ERR(ctx)) {
		user_context_set_ip(ctx, ENTRY_POINT);
		user_context_set_sp(ctx, STACK_TOP);
	}
	return ctx;
}

/* write(fd, buf, count): copy from user memory (a bad address is -EFAULT) and print. */
static long sys_write(struct user_context *ctx)
{
	size_t count = MIN(user_context_syscall_arg(ctx, 2), 256);
	char buf[256];

	if (vm_read(buf, user_context_syscall_arg(ctx, 1), count))
		return -EFAULT;
	log_raw("%.*s", (int)count, buf);
	return (long)count;
}

static void handle_syscall(struct user_context *ctx)
{
	switch (user_context_syscall_nr(ctx)) {
	case SYS_WRITE:
		user_context_set_retval(ctx, sys_write(ctx));
		break;
	case SYS_EXIT:
		system_poweroff((int)user_context_syscall_arg(ctx, 0));
	default:
		user_context_set_retval(ctx, -ENOSYS);
	}
}

/* The task of the program: user mode returns to the kernel for each system call. */
static int run_user(void *arg)
{
	struct user_context *ctx = arg;
	int reason;

	while ((reason = user_mode_run(ctx)) == USER_RETURN_SYSCALL)
		handle_syscall(ctx);
	pr_err("hello: user program stopped (reason %d) at 0x%lx\n", reason, user_context_ip(ctx));
	return 1;
}

static int hello_main(void)
{
	struct task_opts opts = { .cpu = TASK_CPU_ANY, .flags = TASK_FPU };
	struct user_context *ctx = create_user_context();
	struct task *task;

	if (IS_ERR(ctx))
		return 1;
	task = task_create("hello", run_user, ctx, &opts);
	return IS_ERR(task) ? 1 : task_join(task);
}
KERNEL_MAIN(hello_main);
