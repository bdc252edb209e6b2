// SPDX-License-Identifier: MPL-2.0
// exec of static and static-PIE ELF programs: read the file through the VFS, map its
// segments into a fresh address space, and build the initial stack and registers.
#define pr_fmt(fmt) "linux: " fmt

#include <hal/err.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/log.h>
#include <hal/mm.h>
#include <hal/user.h>
#include <services/elf.h>
#include <services/process.h>

#define SHEBANG_MAX    256 /* Linux's BINPRM_BUF_SIZE: how much of a "#!" line is read */
#define EXEC_MAX_DEPTH 4   /* interpreters of interpreters, as Linux's limit */

/* Where Linux puts an ET_DYN program without an interpreter when ASLR is off (x86_64). */
#define ET_DYN_BASE 0x555555554000UL
#define STACK_SIZE  (8UL << 20)

static int file_read(void *ctx, u64 off, void *buf, size_t len)
{
	ssize_t n = vfs_pread(ctx, buf, len, (s64)off);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -ENOEXEC;
}

static u32 seg_prot(u32 elf_prot)
{
	return mm_prot_from_linux(elf_prot); /* ELF_PROT_* have PROT_*'s values */
}

/* Map one PT_LOAD segment at @bias: its file bytes copied in, the rest zero. */
static int map_segment(struct mm *mm, struct file *f, const struct elf_segment *seg, u64 bias)
{
	size_t nbytes = seg->filesz ? seg->file_end - seg->map_start : 0;
	void *buf = NULL;
	int err;

	if (nbytes) {
		buf = kmalloc(nbytes);
		if (!buf)
			return -ENOMEM;
		err = file_read(f, seg->map_off, buf, nbytes);
		if (err)
			goto out;
	}
	err = mm_map_eager(mm, seg->map_start + bias, seg->map_end - seg->map_start,
			   seg_prot(seg->prot), VMA_IMAGE, 0, buf, nbytes);
out:
	kfree(buf);
	return err;
}

static void add_aux(struct exec_stack_info *info, u64 tag, u64 val)
{
	info->auxv[info->nr_auxv][0] = tag;
	info->auxv[info->nr_auxv++][1] = val;
}

static void fill_auxv(struct exec_stack_info *info, const struct elf_plan *plan, u64 bias,
		      const struct cred *cred)
{
	add_aux(info, AT_HWCAP, 0);
	add_aux(info, AT_PAGESZ, PAGE_SIZE);
	add_aux(info, AT_CLKTCK, 100);
	add_aux(info, AT_PHDR, plan->phdr_vaddr + bias);
	add_aux(info, AT_PHENT, plan->phentsize);
	add_aux(info, AT_PHNUM, plan->phnum);
	add_aux(info, AT_BASE, 0);
	add_aux(info, AT_FLAGS, 0);
	add_aux(info, AT_ENTRY, plan->entry + bias);
	add_aux(info, AT_UID, cred->uid);
	add_aux(info, AT_EUID, cred->euid);
	add_aux(info, AT_GID, cred->gid);
	add_aux(info, AT_EGID, cred->egid);
	add_aux(info, AT_SECURE, 0);
}

/* The stack VMA: the pages holding the initial image now, the rest on demand. */
static long map_stack(struct mm *mm, struct exec_stack_info *info, u32 prot)
{
	size_t size = EXEC_ARG_MAX + PAGE_SIZE;
	u8 *buf = kmalloc(size);
	vaddr_t lo = mm->stack_top - STACK_SIZE, page;
	long sp;
	int err;

	if (!buf)
		return -ENOMEM;
	sp = exec_build_stack(info, mm->stack_top, buf, size);
	if (sp < 0)
		goto out;
	page = ALIGN_DOWN((vaddr_t)sp, PAGE_SIZE);
	err = mm_map_anon(mm, lo, page - lo, prot, VMA_STACK);
	if (!err)
		err = mm_map_eager(mm, page, mm->stack_top - page, prot, VMA_STACK | VMA_ANON, 0,
				   buf + size - (mm->stack_top - page), mm->stack_top - page);
	if (err)
		sp = err;
out:
	kfree(buf);
	return sp;
}

static int check_file(struct process *p, struct file *f)
{
	if (!S_ISREG(f->inode->mode))
		return -EACCES;
	return vfs_permission(p->cred, f->inode, MAY_EXEC);
}

static u64 load_bias(const struct elf_plan *plan)
{
	return plan->pie ? ALIGN_DOWN(ET_DYN_BASE, plan->max_align) - plan->lo : 0;
}

/* Build the new address space from @plan; the process is not touched. */
static struct mm *build_mm(struct process *p, struct file *f, const struct elf_plan *plan,
			   struct exec_stack_info *info, long *sp)
{
	struct mm *mm = mm_create();
	u64 bias = load_bias(plan);
	int err = 0;

	if (IS_ERR(mm))
		return mm;
	for (u32 i = 0; i < plan->nr_segments && !err; i++)
		err = map_segment(mm, f, &plan->seg[i], bias);
	mm->start_brk = mm->brk = ALIGN_UP(plan->hi + bias, PAGE_SIZE);
	fill_auxv(info, plan, bias, p->cred);
	if (!err) {
		*sp = map_stack(mm, info,
				mm_prot_from_linux(plan->has_stack ? plan->stack_prot :
								     PROT_READ | PROT_WRITE));
		err = *sp < 0 ? (int)*sp : 0;
	}
	if (err) {
		mm_destroy(mm);
		return ERR_PTR(err);
	}
	return mm;
}

static int parse(struct file *f, struct elf_plan *plan, const char *path)
{
	struct elf_file ef = { .size = (u64)f->inode->size, .read = file_read, .ctx = f };
	struct elf_target target = { .machine = EM_X86_64,
				     .page_size = PAGE_SIZE,
				     .user_top = vm_space_user_end() - PAGE_SIZE - STACK_SIZE };
	int err = elf_parse(&ef, &target, plan);

	if (!err && plan->has_interp) {
		pr_info("exec %s: dynamic programs (interpreter %s) are not supported yet\n", path,
			plan->interp);
		err = -ENOEXEC;
	}
	return err;
}

/* Switch @p and @ctx over to @mm and start at the entry point. */
static int install(struct process *p, struct user_context *ctx, struct mm *mm, u64 entry, long sp,
		   const char *path)
{
	int err = user_context_set_space(ctx, mm->space);

	if (err)
		return err;
	mm_destroy(p->mm);
	p->mm = mm;
	/* A new program starts with every register zero, as on Linux (flags keep IF). */
	for (unsigned int i = 0; i < user_context_nr_regs(); i++)
		user_context_set_reg(ctx, i, 0);
	user_context_set_ip(ctx, entry);
	user_context_set_sp(ctx, (vaddr_t)sp);
	process_set_comm(p, path);
	return 0;
}

/* Load the ELF program open as @f into a new address space and switch @p and @ctx to it. */
static int load_elf(struct process *p, struct user_context *ctx, struct file *f, const char *path,
		    struct exec_stack_info *info)
{
	struct elf_plan *plan = kmalloc(sizeof(*plan));
	struct mm *mm;
	long sp = 0;
	int err;

	if (!plan)
		return -ENOMEM;
	err = parse(f, plan, path);
	if (!err) {
		linux_random_bytes(info->random, sizeof(info->random));
		mm = build_mm(p, f, plan, info, &sp);
		err = IS_ERR(mm) ? (int)PTR_ERR(mm) :
				   install(p, ctx, mm, plan->entry + load_bias(plan), sp, path);
		if (err && !IS_ERR(mm))
			mm_destroy(mm);
	}
	kfree(plan);
	return err;
}

static int exec_depth(struct process *p, struct user_context *ctx, const char *path,
		      struct exec_stack_info *info, int depth);

/* Split "#!interp [arg]" of @line (NUL-terminated) into its two parts, in place. */
static int parse_shebang(char *line, char **interp, char **arg)
{
	char *s = line + 2, *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return -ENOEXEC;
	*interp = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	*arg = *s ? s : NULL;
	return 0;
}

/*
 * A "#!" script: run its interpreter with argv [interp, (arg), path, argv[1]...], as Linux's
 * binfmt_script does. @head holds the file's first @len bytes.
 */
static int exec_script(struct process *p, struct user_context *ctx, const char *path, char *head,
		       size_t len, struct exec_stack_info *info, int depth)
{
	const char *const *old = info->argv;
	char *nl = memchr(head, '\n', len), *interp, *arg;
	size_t argc = 0, n = 0;
	const char **argv;
	int err;

	if (!nl && len == SHEBANG_MAX)
		return -ENOEXEC; /* the interpreter line does not fit */
	if (nl)
		*nl = '\0';
	else
		head[len] = '\0';
	err = parse_shebang(head, &interp, &arg);
	if (err)
		return err;
	while (old && old[argc])
		argc++;
	argv = kcalloc(argc + 4, sizeof(*argv));
	if (!argv)
		return -ENOMEM;
	argv[n++] = interp;
	if (arg)
		argv[n++] = arg;
	argv[n++] = path;
	for (size_t i = 1; i < argc; i++)
		argv[n++] = old[i];
	info->argv = argv;
	err = exec_depth(p, ctx, interp, info, depth + 1);
	info->argv = old;
	kfree(argv);
	return err;
}

static int exec_depth(struct process *p, struct user_context *ctx, const char *path,
		      struct exec_stack_info *info, int depth)
{
	char *head = kmalloc(SHEBANG_MAX + 1);
	struct vfs_ctx vctx;
	struct file *f;
	ssize_t n = 0;
	int err;

	if (!head)
		return -ENOMEM;
	if (depth > EXEC_MAX_DEPTH) {
		kfree(head);
		return -ELOOP;
	}
	process_vfs_ctx(p, &vctx);
	f = vfs_openat(&vctx, path, O_RDONLY, 0);
	err = IS_ERR(f) ? (int)PTR_ERR(f) : check_file(p, f);
	if (!err)
		n = vfs_pread(f, head, SHEBANG_MAX, 0);
	if (!err && n < 0)
		err = (int)n;
	if (!err && n >= 2 && head[0] == '#' && head[1] == '!') {
		vfs_file_put(f); /* the interpreter is opened in its own right */
		f = ERR_PTR(-ENOENT);
		err = exec_script(p, ctx, path, head, (size_t)n, info, depth);
	} else if (!err) {
		err = load_elf(p, ctx, f, path, info);
	}
	if (!IS_ERR(f))
		vfs_file_put(f);
	kfree(head);
	return err;
}

int exec_load(struct process *p, struct user_context *ctx, const char *path,
	      const char *const *argv, const char *const *envp)
{
	struct exec_stack_info info = { .argv = argv,
					.envp = envp,
					.execfn = path,
					.platform = "x86_64" };

	return exec_depth(p, ctx, path, &info, 0);
}
