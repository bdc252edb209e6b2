// SPDX-License-Identifier: MPL-2.0
// Credentials: allocation, counting and the capability and group tests the VFS makes.
#include <hal/mm.h>
#include <hal/lib/string.h>
#include <services/cred.h>

static struct cred root_cred = {
	.ref = REFCOUNT_INIT(1),
	.cap_effective = CAP_FULL_SET,
};

const struct cred *cred_root(void)
{
	return &root_cred;
}

struct cred *cred_alloc(u32 ngroups)
{
	struct cred *c;

	if (ngroups > CRED_NGROUPS_MAX)
		return NULL;
	c = kzalloc(sizeof(*c) + ngroups * sizeof(u32));
	if (!c)
		return NULL;
	refcount_set(&c->ref, 1);
	c->ngroups = ngroups;
	return c;
}

struct cred *cred_dup(const struct cred *old)
{
	struct cred *c = cred_alloc(old->ngroups);

	if (!c)
		return NULL;
	memcpy(c, old, sizeof(*c) + old->ngroups * sizeof(u32));
	refcount_set(&c->ref, 1);
	return c;
}

const struct cred *cred_get(const struct cred *c)
{
	struct cred *m = (struct cred *)c; /* the count is the one mutable field */

	if (c != &root_cred)
		refcount_inc(&m->ref);
	return c;
}

void cred_put(const struct cred *c)
{
	struct cred *m = (struct cred *)c;

	if (!c || c == &root_cred)
		return;
	if (refcount_dec_and_test(&m->ref))
		kfree(m);
}

bool cred_capable(const struct cred *c, unsigned int cap)
{
	return cap < 64 && (c->cap_effective & (1ULL << cap));
}

bool cred_in_group(const struct cred *c, u32 gid)
{
	if (c->fsgid == gid)
		return true;
	for (u32 i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}
