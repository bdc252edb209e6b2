// SPDX-License-Identifier: MPL-2.0
// Credentials a file-system operation is checked against: the file-system ids, supplementary
// groups and the capabilities that bypass discretionary access checks (Linux's semantics).
#ifndef SERVICES_CRED_H
#define SERVICES_CRED_H

#include <hal/sync.h>
#include <hal/types.h>

/* Capability numbers as Linux numbers them (bits of cred.cap_effective). */
#define CAP_CHOWN	    0
#define CAP_DAC_OVERRIDE    1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER	    3
#define CAP_FSETID	    4
#define CAP_SYS_ADMIN	    21
#define CAP_MKNOD	    27
#define CAP_FULL_SET	    ((1ULL << 41) - 1)

#define CRED_NGROUPS_MAX 65536

/*
 * struct cred - immutable once shared: change a copy (cred_dup) and swap it in. Counted:
 * files keep their opener's credentials. Permission checks use fsuid/fsgid, as Linux does.
 */
struct cred {
	refcount_t ref;
	u32 uid, gid;	  /* real */
	u32 euid, egid;	  /* effective */
	u32 suid, sgid;	  /* saved */
	u32 fsuid, fsgid; /* used for file access */
	u64 cap_effective;
	u32 ngroups;
	u32 groups[]; /* supplementary groups, @ngroups of them */
};

/* cred_alloc - a cred with room for @ngroups groups, all ids 0, no capabilities, ref 1. */
struct cred *cred_alloc(u32 ngroups);
/* cred_dup - a private copy of @c (ref 1), or NULL when out of memory. */
struct cred *cred_dup(const struct cred *c);
/* cred_get / cred_put - counted references; the last put frees. NULL is ignored by put. */
const struct cred *cred_get(const struct cred *c);
void cred_put(const struct cred *c);
/* cred_root - the kernel's own credentials: ids 0, every capability. Never freed. */
const struct cred *cred_root(void);
/* cred_capable - whether @c has capability @cap. */
bool cred_capable(const struct cred *c, unsigned int cap);
/* cred_in_group - whether @gid is @c's fsgid or one of its supplementary groups. */
bool cred_in_group(const struct cred *c, u32 gid);

#endif /* SERVICES_CRED_H */
