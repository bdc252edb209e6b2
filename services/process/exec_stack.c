// SPDX-License-Identifier: MPL-2.0
// The initial user stack of a new program, laid out byte for byte as Linux's exec does it
// (fs/exec.c and create_elf_tables): strings at the top, then argc, argv, envp and auxv.
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/mm.h>
#include <services/process.h>

/* An image growing down from @top; @pos is the buffer offset of its lowest byte. */
struct stack_image {
	u8 *buf;
	size_t size;
	vaddr_t top;
	size_t pos;
};

static vaddr_t image_addr(const struct stack_image *s)
{
	return s->top - (s->size - s->pos);
}

/* Put @len bytes below what is there; returns their user address, or 0 when full. */
static vaddr_t push(struct stack_image *s, const void *data, size_t len)
{
	if (len > s->pos)
		return 0;
	s->pos -= len;
	memcpy(s->buf + s->pos, data, len);
	return image_addr(s);
}

/* Move down to a @align boundary of the user address (the gap is zeroed). */
static bool align_down(struct stack_image *s, size_t align)
{
	size_t pad = image_addr(s) & (align - 1);

	if (pad > s->pos)
		return false;
	s->pos -= pad;
	memset(s->buf + s->pos, 0, pad);
	return true;
}

static size_t count(const char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* Push the strings of @v, last first, so v[0] ends up lowest; @addrs gets their addresses. */
static bool push_strings(struct stack_image *s, const char *const *v, size_t n, u64 *addrs)
{
	for (size_t i = n; i-- > 0;) {
		addrs[i] = push(s, v[i], strlen(v[i]) + 1);
		if (!addrs[i])
			return false;
	}
	return true;
}

/* The pointer table from argc to AT_NULL, into @w; returns its length in words. */
static size_t fill_table(const struct exec_stack_info *info, u64 *w, const u64 *argp, size_t argc,
			 const u64 *envp, size_t envc, u64 random, u64 platform, u64 execfn)
{
	size_t n = 0;

	w[n++] = argc;
	for (size_t i = 0; i < argc; i++)
		w[n++] = argp[i];
	w[n++] = 0;
	for (size_t i = 0; i < envc; i++)
		w[n++] = envp[i];
	w[n++] = 0;
	for (unsigned int i = 0; i < info->nr_auxv; i++) {
		w[n++] = info->auxv[i][0];
		w[n++] = info->auxv[i][1];
	}
	w[n++] = AT_RANDOM;
	w[n++] = random;
	w[n++] = AT_EXECFN;
	w[n++] = execfn;
	if (platform) {
		w[n++] = AT_PLATFORM;
		w[n++] = platform;
	}
	w[n++] = AT_NULL;
	w[n++] = 0;
	return n;
}

static long build(const struct exec_stack_info *info, struct stack_image *s, u64 *addrs,
		  size_t argc, size_t envc)
{
	u64 execfn, platform = 0, random, *table = addrs + argc + envc;
	size_t words;
	u64 zero = 0;

	if (!push(s, &zero, sizeof(zero)))
		return -E2BIG;
	execfn = push(s, info->execfn, strlen(info->execfn) + 1);
	if (!execfn || !push_strings(s, info->envp, envc, addrs + argc) ||
	    !push_strings(s, info->argv, argc, addrs) || !align_down(s, 16))
		return -E2BIG;
	if (info->platform && !(platform = push(s, info->platform, strlen(info->platform) + 1)))
		return -E2BIG;
	random = push(s, info->random, sizeof(info->random));
	if (!random)
		return -E2BIG;
	words = fill_table(info, table, addrs, argc, addrs + argc, envc, random, platform, execfn);
	/* Linux rounds the final sp down to 16 bytes: argc sits on the aligned address. */
	if (words * 8 > s->pos)
		return -E2BIG;
	memset(s->buf + s->pos - words * 8, 0, words * 8);
	s->pos -= words * 8;
	if (!align_down(s, 16))
		return -E2BIG;
	memcpy(s->buf + s->pos, table, words * 8);
	return (long)image_addr(s);
}

long exec_build_stack(const struct exec_stack_info *info, vaddr_t top, u8 *buf, size_t size)
{
	size_t argc = count(info->argv), envc = count(info->envp);
	struct stack_image s = { .buf = buf, .size = size, .top = top, .pos = size };
	/* the table needs argc + envc + auxv + 12 words; the addresses argc + envc more */
	u64 *addrs = kcalloc(2 * (argc + envc) + 2 * info->nr_auxv + 16, sizeof(u64));
	long sp;

	if (!addrs)
		return -ENOMEM;
	sp = build(info, &s, addrs, argc, envc);
	kfree(addrs);
	return sp;
}
