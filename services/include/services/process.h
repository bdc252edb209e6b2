// SPDX-License-Identifier: MPL-2.0
// Linux processes on the framework: address spaces as VMAs over a vm_space (services/vm),
// processes and threads (services/process), and exec of ELF programs.
#ifndef SERVICES_PROCESS_H
#define SERVICES_PROCESS_H

#include <hal/lib/rbtree.h>
#include <hal/mm.h>
#include <hal/sync.h>
#include <hal/types.h>
#include <services/signal.h>
#include <services/vfs.h>

/* ---- Address spaces (services/vm) --------------------------------------------------------- */

/* mmap(2) protections and flags, with Linux's values. */
#define PROT_NONE	    0x0
#define PROT_READ	    0x1
#define PROT_WRITE	    0x2
#define PROT_EXEC	    0x4
#define MAP_SHARED	    0x01
#define MAP_PRIVATE	    0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_FIXED	    0x10
#define MAP_ANONYMOUS	    0x20
#define MAP_GROWSDOWN	    0x0100
#define MAP_NORESERVE	    0x4000
#define MAP_POPULATE	    0x8000
#define MAP_STACK	    0x20000
#define MAP_FIXED_NOREPLACE 0x100000

/* A VMA's kind, for /proc/pid/maps later and for what a fault fills pages with. */
#define VMA_ANON   0x1 /* demand-zero */
#define VMA_STACK  0x2
#define VMA_HEAP   0x4	/* the brk area */
#define VMA_IMAGE  0x8	/* an ELF segment, mapped eagerly at exec */
#define VMA_SHARED 0x10 /* MAP_SHARED: a fork must share, not copy, its pages */

/* struct vma - one mapped range [start, end) (page-aligned) with one protection. */
struct vma {
	struct rb_node node; /* in mm->vmas, by start */
	vaddr_t start, end;
	u32 prot;  /* VM_READ | VM_WRITE | VM_EXEC */
	u32 flags; /* VMA_* */
};

/*
 * struct mm - a process's address space: the framework's page tables (@space) and the VMAs
 * that say what may be mapped where. @lock guards every field but @space (constant).
 */
struct mm {
	struct vm_space *space;
	struct mutex lock;
	struct rb_root vmas;
	vaddr_t start_brk, brk; /* the heap: [start_brk, brk) */
	vaddr_t mmap_base;	/* top-down mmap allocations start below this */
	vaddr_t stack_top;
};

/* mm_create - an empty address space. Returns it or ERR_PTR(-ENOMEM). May sleep. */
struct mm *mm_create(void);
/* mm_destroy - free the VMAs and drop the space. NULL is ignored. */
void mm_destroy(struct mm *mm);

/* mm_find_vma - the VMA holding @addr, or NULL. Caller holds mm->lock. */
struct vma *mm_find_vma(struct mm *mm, vaddr_t addr);
/* mm_first_vma / mm_next_vma - walk the VMAs in address order. Caller holds mm->lock. */
struct vma *mm_first_vma(struct mm *mm);
struct vma *mm_next_vma(struct vma *vma);
/*
 * mm_insert_vma - add [start, end) with @prot/@flags; -EEXIST if it overlaps a VMA, -EINVAL
 * for a bad range, -ENOMEM. Caller holds mm->lock. Maps nothing.
 */
int mm_insert_vma(struct mm *mm, vaddr_t start, vaddr_t end, u32 prot, u32 flags);
/* mm_split_at - make @addr a VMA boundary if a VMA spans it. 0 or -ENOMEM. Holds mm->lock. */
int mm_split_at(struct mm *mm, vaddr_t addr);
/*
 * mm_remove_range - drop [start, end) from the VMAs (splitting them) and unmap its pages.
 * Returns 0 or -ENOMEM (a split needed memory). Caller holds mm->lock.
 */
int mm_remove_range(struct mm *mm, vaddr_t start, vaddr_t end);
/*
 * mm_unmapped_area - a free gap of @len bytes: at @hint if it is free (and non-zero), else
 * the highest one below mm->mmap_base. Returns its address or -ENOMEM. Holds mm->lock.
 */
long mm_unmapped_area(struct mm *mm, vaddr_t hint, size_t len);

/*
 * mm_fault - resolve a fault of @access (VM_READ/WRITE/EXEC) at @addr: a not-present page in
 * a VMA that allows @access gets a zeroed frame. Returns 0 (retry the access) or -EFAULT.
 * May sleep; takes mm->lock.
 */
int mm_fault(struct mm *mm, vaddr_t addr, u32 access, bool present);

/*
 * mm_map_anon - the VMA and nothing else (pages come on demand) for [@addr, @addr + @len).
 * Returns 0 or -errno. Takes mm->lock.
 */
int mm_map_anon(struct mm *mm, vaddr_t addr, size_t len, u32 prot, u32 flags);
/*
 * mm_map_eager - a VMA over [@addr, @addr + @len) backed now by zeroed frames, with @bytes
 * (@nbytes of them, at offset @off into the range) copied in. For exec's segments and stack.
 */
int mm_map_eager(struct mm *mm, vaddr_t addr, size_t len, u32 prot, u32 flags, size_t off,
		 const void *bytes, size_t nbytes);

/* The system calls on an mm, returning what the syscall returns (negative errno on error). */
long mm_brk(struct mm *mm, vaddr_t new_brk);
long mm_mmap(struct mm *mm, vaddr_t addr, size_t len, u32 prot, u32 flags, int fd, u64 off);
long mm_munmap(struct mm *mm, vaddr_t addr, size_t len);
long mm_mprotect(struct mm *mm, vaddr_t addr, size_t len, u32 prot);

/* mm_prot_from_linux - PROT_* to VM_* rights. */
u32 mm_prot_from_linux(u32 prot);

/*
 * mm_access_ok - whether all of [@addr, @addr + @len) lies in VMAs that allow @access, so a
 * copy there can only fail for lack of memory. Takes mm->lock.
 */
bool mm_access_ok(struct mm *mm, vaddr_t addr, size_t len, u32 access);

/*
 * copy_from_user / copy_to_user - vm_read/vm_write on the current thread's space that fault
 * in demand-zero pages of @mm as user code would. Return 0 or -EFAULT.
 */
int copy_from_user(struct mm *mm, void *dst, vaddr_t src, size_t len);
int copy_to_user(struct mm *mm, vaddr_t dst, const void *src, size_t len);
/*
 * mm_write_remote - write @len bytes (within one page) at @dst of @mm, which need not be the
 * running space (fork's CLONE_CHILD_SETTID). Returns 0, -EFAULT or -EINVAL.
 */
int mm_write_remote(struct mm *mm, vaddr_t dst, const void *src, size_t len);

/* ---- Processes and threads (services/process) ----------------------------------------------- */

#define PROC_COMM_LEN 16
#define PROC_MAX_FDS  256

/* What a descriptor refers to. The console is the framework's log output until a TTY exists. */
enum fd_kind { FD_NONE, FD_CONSOLE, FD_FILE };

struct fd_entry {
	enum fd_kind kind;
	bool cloexec;
	struct file *file; /* FD_FILE: one reference */
	u32 status;	   /* FD_CONSOLE: its open-file status flags (O_RDWR, O_NONBLOCK...) */
};

struct rlimit64 {
	u64 cur, max;
};

#define RLIMIT_STACK  3
#define RLIMIT_CORE   4
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS  16
#define RLIM_INFINITY (~0ULL)

#define NSIG 64

/* struct k_sigaction - what rt_sigaction stores, in the x86_64 kernel layout. */
struct k_sigaction {
	u64 handler;
	u64 flags;
	u64 restorer;
	u64 mask;
};

/*
 * struct process - a thread group. @lock guards the fields marked (lock); the others are
 * set before the first thread runs or only by the process's own single thread for now.
 */
struct process {
	int pid;
	int ppid;
	char comm[PROC_COMM_LEN];
	struct mm *mm;
	const struct cred *cred;
	struct path root, cwd;
	u32 umask;
	spinlock_t lock;
	struct fd_entry fds[PROC_MAX_FDS]; /* lock */
	struct rlimit64 rlim[RLIM_NLIMITS];
	struct k_sigaction sigactions[NSIG]; /* lock; shared by the threads (CLONE_SIGHAND) */
	u64 sig_pending;		     /* lock: signals for the whole group */
	struct ksiginfo sig_info[NSIG];	     /* lock: what each pending one carries */
	bool stopped;			     /* lock: SIGSTOP & co. hold every thread */
	int stop_report;		     /* lock: wait status for WUNTRACED/WCONTINUED, or 0 */
	struct wait_queue stop_wait;	     /* stopped threads wait here for SIGCONT */
	struct list_head all_node;	     /* in the global process list (process.c) */
	bool exiting;			     /* lock: exit_group ran */
	int exit_status;	  /* lock: wait4 status word (code << 8 or signal number) */
	int nr_threads;		  /* lock */
	struct list_head threads; /* lock: struct thread.node */
	/* The process tree, all under proc_tree_lock (services/process/exit.c): */
	struct process *parent;	      /* NULL for init */
	struct list_head children;    /* struct process.sibling */
	struct list_head sibling;     /* in parent->children */
	int pgid, sid;		      /* process group and session */
	bool zombie;		      /* every thread is gone; exit_status is final */
	struct thread *vfork_waiter;  /* the parent thread a vfork holds until exec or exit */
	u32 child_seq;		      /* bumped (then child_wait woken) when a child changes */
	struct wait_queue child_wait; /* wait4, vfork and exit_group wake-ups */
};

/* struct thread - one Linux thread: a framework task running a user context. */
struct thread {
	int tid;
	struct process *proc;
	struct user_context *ctx;
	struct task *task;
	vaddr_t clear_child_tid;
	vaddr_t robust_list;
	size_t robust_len;
	u64 sigmask;	   /* blocked signals (bit n-1 for signal n); only this thread changes it */
	u64 saved_sigmask; /* rt_sigsuspend: restored after the handler frame */
	bool restore_sigmask;
	bool sigreturned;		/* rt_sigreturn replaced the registers */
	u64 sig_pending;		/* proc->lock: signals for this thread alone */
	struct ksiginfo sig_info[NSIG]; /* proc->lock */
	vaddr_t altstack_sp;		/* sigaltstack; altstack_size 0: none */
	size_t altstack_size;
	struct wait_queue sig_wait;  /* pause/sigsuspend/sigtimedwait sleep here */
	struct wait_queue *sleep_wq; /* proc->lock: an interruptible sleep's queue */
	struct list_head node;	     /* in proc->threads (proc->lock) */
	bool exiting;		     /* exit(2) of this thread alone */
	bool vfork_done;	     /* a vfork child released this (waiting) thread */
};

/* thread_current - the Linux thread running on this task, or NULL for a kernel task. */
struct thread *thread_current(void);

/*
 * process_create_init - pid 1 with root credentials, the namespace root as root and cwd,
 * fds 0-2 on the console and an empty mm. Returns it or ERR_PTR.
 */
struct process *process_create_init(void);
/*
 * process_for_each - call @fn on every process not yet freed (zombies too) under the process
 * list lock: @fn must not sleep. Stops at the first nonzero return of @fn and returns it.
 */
int process_for_each(int (*fn)(struct process *p, void *arg), void *arg);
/* process_free - release everything of a process whose threads are gone. */
void process_free(struct process *p);
/* process_vfs_ctx - the vfs_ctx for @p's path lookups. */
void process_vfs_ctx(struct process *p, struct vfs_ctx *ctx);
/* process_set_comm - the name from an exec'd path (its last component, truncated). */
void process_set_comm(struct process *p, const char *path);

/*
 * thread_start - run @p's first thread in a new task, from @ctx (taken over). Returns the
 * task (a reference for task_join(), whose result is the wait status) or ERR_PTR.
 */
struct task *thread_start(struct process *p, struct user_context *ctx);

/*
 * process_exit - end the calling thread's process with wait status @status (exit_group or a
 * fatal signal). The thread's loop ends when this returns.
 */
void process_exit(struct thread *t, int status);

/* ---- fork, exit and wait (services/process) ------------------------------------------------- */

/* clone(2) flags, with Linux's values. */
#define CLONE_VM	     0x00000100
#define CLONE_FS	     0x00000200
#define CLONE_FILES	     0x00000400
#define CLONE_SIGHAND	     0x00000800
#define CLONE_PIDFD	     0x00001000
#define CLONE_PTRACE	     0x00002000
#define CLONE_VFORK	     0x00004000
#define CLONE_PARENT	     0x00008000
#define CLONE_THREAD	     0x00010000
#define CLONE_NEWNS	     0x00020000
#define CLONE_SYSVSEM	     0x00040000
#define CLONE_SETTLS	     0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED	     0x00400000
#define CLONE_UNTRACED	     0x00800000
#define CLONE_CHILD_SETTID   0x01000000

/* What clone(2) asks for (the x86_64 argument order is flags, stack, ptid, ctid, tls). */
struct clone_req {
	u64 flags;
	vaddr_t stack, parent_tid, child_tid, tls;
};

/*
 * process_clone - fork, vfork or clone for the calling thread @t: a new process (copy-on-write
 * address space, copied descriptors, same cwd/root/cred) or, with CLONE_THREAD, a new thread
 * of @t's process. The child returns 0 from the call. With CLONE_VFORK the caller sleeps until
 * the child execs or exits. Returns the child's pid/tid or -errno.
 */
long process_clone(struct thread *t, const struct clone_req *req);

/*
 * process_wait - wait4/waitid core: reap (or with @nowait only report) a zombie child of
 * @t's process matching @pid (> 0 that pid, -1 any, 0 @t's group, < -1 group -pid).
 * Returns its pid with *@status set, 0 with @nohang when none is ready, -ECHILD, or -EINTR.
 */
int process_wait(struct thread *t, int pid, bool nohang, bool nowait, int *status);
/*
 * process_wait_flags - process_wait with WAIT_* flags: WAIT_UNTRACED/WAIT_CONTINUED also report
 * a stopped (status sig << 8 | 0x7f) or continued (0xffff) child. -ERESTARTSYS on a signal.
 */
#define WAIT_NOHANG    1U
#define WAIT_NOWAIT    2U
#define WAIT_UNTRACED  4U
#define WAIT_CONTINUED 8U
int process_wait_flags(struct thread *t, int pid, unsigned int flags, int *status);

/*
 * Process groups and sessions, with Linux's rules for setpgid (only the caller or its
 * children; not a session leader; the group must exist in the caller's session) and setsid
 * (not a group leader). Other processes are not reachable yet (-ESRCH). Return as the calls.
 */
int process_setpgid(struct thread *t, int pid, int pgid);
int process_getpgid(struct thread *t, int pid);
int process_getsid(struct thread *t, int pid);
int process_setsid(struct thread *t);

/*
 * process_kill_other_threads - end every thread of @t's process but @t (exec), and return
 * once they are gone. May sleep.
 */
void process_kill_other_threads(struct thread *t);

/* process_vfork_release - exec or exit of a vfork child lets its parent go on. */
void process_vfork_release(struct process *p);

/* mm_fork - a copy-on-write duplicate of @mm (private pages shared read-only). ERR_PTR. */
struct mm *mm_fork(struct mm *mm);

/* futex_wake_user - wake up to @n waiters of the futex at @uaddr of @mm (thread exit). */
int futex_wake_user(struct mm *mm, vaddr_t uaddr, int n);

/* ---- exec ----------------------------------------------------------------------------------- */

/* Bytes of argument and environment strings one exec takes (Linux: MAX_ARG_STRLEN-ish). */
#define EXEC_ARG_MAX (128 * 1024)

/* The auxiliary vector tags exec writes (Linux's values). */
#define AT_NULL	    0
#define AT_PHDR	    3
#define AT_PHENT    4
#define AT_PHNUM    5
#define AT_PAGESZ   6
#define AT_BASE	    7
#define AT_FLAGS    8
#define AT_ENTRY    9
#define AT_UID	    11
#define AT_EUID	    12
#define AT_GID	    13
#define AT_EGID	    14
#define AT_PLATFORM 15
#define AT_HWCAP    16
#define AT_CLKTCK   17
#define AT_SECURE   23
#define AT_RANDOM   25
#define AT_EXECFN   31

/* What the initial stack carries besides argv and envp. */
struct exec_stack_info {
	const char *const *argv;
	const char *const *envp;
	const char *execfn;
	const char *platform;
	u8 random[16];
	u64 auxv[16][2]; /* tag, value pairs before the added AT_RANDOM/EXECFN/PLATFORM/NULL */
	unsigned int nr_auxv;
};

/*
 * exec_build_stack - lay out the initial stack as Linux does for a stack ending at @top:
 * strings at the top, then 16 random bytes, the platform string, padding, and from the
 * 16-byte-aligned final sp up: argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL.
 * Writes the image into @buf (@size bytes, its end is @top) and returns the sp, or
 * -E2BIG when it does not fit.
 */
long exec_build_stack(const struct exec_stack_info *info, vaddr_t top, u8 *buf, size_t size);

/*
 * exec_load - replace @p's address space with the program at @path and set @ctx to start it
 * with @argv and @envp (kernel strings). Returns 0, or -ENOENT, -EACCES, -ENOEXEC, -ENOMEM...
 */
int exec_load(struct process *p, struct user_context *ctx, const char *path,
	      const char *const *argv, const char *const *envp);

/* ---- The Linux system call layer (services/linux) -------------------------------------------- */

/* linux_syscall - serve the system call @ctx stopped at, for thread @t; sets the result. */
void linux_syscall(struct thread *t, struct user_context *ctx);
/*
 * linux_random_bytes - @len bytes for AT_RANDOM and getrandom(2). No hardware RNG is reachable
 * from services yet: a splitmix64 stream seeded from the clocks (not cryptographic).
 */
void linux_random_bytes(void *buf, size_t len);
/* linux_syscall_name - the name of syscall @nr, or NULL when the table has none. */
const char *linux_syscall_name(unsigned long nr);

#endif /* SERVICES_PROCESS_H */
