// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: Linux processes (replaces os-Linux skas/process.c and
 * skas/mem.c without the kernel-thread part, registers.c, and the process
 * half of process.c).
 *
 * A Linux address space is an Iguana private domain with a foreign-ABI L4
 * space that Wombat owns: its `syscall` and `int 0x80` come back to Wombat,
 * it can send IPC to nothing.  The space id (always >= 2) is the "pid" that
 * arch/um keeps in struct mm_id.  map/unmap/protect are MAP_TO and
 * UNMAP_IN from Wombat's physical memory into that space.  userspace() is a
 * loop around VCPU_RESUME(task): the exit reason, registers and fault info
 * come back in the vCPU state page and go to handle_syscall(), segv() or
 * relay_signal(); events (timer, console) end the task's turn like an
 * interrupt, so a CPU-bound process is preempted at the tick.
 */
#include <errno.h>
#include <string.h>
#include <signal.h>
#include <os.h>
#include <skas.h>
#include <registers.h>
#include <kern_util.h>
#include <sysdep/ptrace.h>
#include <asm/unistd.h>
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include "wombat.h"
#include "stats.h"
#include "vvar.h"

_Static_assert(WOMBAT_VVAR_ADDR == L4_UTCB_AREA - 4096, "the time page is the last page below the UTCBs");

/* The time page (vdso.c), mapped read-only into every task space. */
extern char wombat_vvar_page[];

/* arm64's generic numbering has only clone and clone3. */
#ifndef __NR_fork
#define __NR_fork __NR_clone
#define __NR_vfork __NR_clone
#endif

_Static_assert(MAX_REG_NR >= L4_FR_WORDS, "uml_pt_regs.gp starts with the vCPU frame (user_regs_struct order)");

extern struct ig_startinfo *wombat_si;
extern int signals_enabled;
unsigned long wombat_call(unsigned long to, unsigned long op, int nargs);
long long wombat_task_phys(struct mm_id *mm_idp, unsigned long addr);
unsigned long wombat_exec_run(struct mm_id *mm_idp, unsigned long addr, unsigned long end, int *exec);
void *wombat_current(void);
int wombat_vma_regions(unsigned long *out, int max);

/* The user space task of each CPU while it runs (UP: one). */
int userspace_pid[1];

/* The registers of the process whose system call is being handled
 * (os_arch_prctl and the i387 calls work on them). */
struct uml_pt_regs *wombat_cur_regs;

/*
 * The task spaces, by L4 space index (a space id is index | version << 16;
 * the kernel has at most 4096 spaces): Iguana's capability for the task's
 * domain, the full space id, when it last ran (for eviction), and whether
 * it may hold mappings.
 */
#define TASK_SLOTS 4096
#define TASK_SLOT(space) ((unsigned long)(space) & 0xffff)
static unsigned long task_cap[TASK_SLOTS], task_space[TASK_SLOTS], task_ran[TASK_SLOTS];
static unsigned char task_mapped[TASK_SLOTS];
static unsigned long run_clock;
static int last_pid = -1;               /* userspace(): the task resumed last */

/*
 * Native-mode task spaces (native.c, native_host.c): Iguana maps sections
 * into them at their shared addresses, in [IG_SHARED_BASE, IG_SHARED_TOP),
 * and they have an agent thread of their own.  Linux keeps out of that
 * window but for the program's image (reserved mappings of /dev/iguana
 * around it), and so does Wombat: no Linux page is mapped there (map()
 * refuses: the process is killed rather than see Iguana's pages replaced),
 * Linux's unmaps and protections pass over it, and the space is never
 * evicted (its sections would not come back: its faults come here, not to
 * Iguana; and its agent runs image pages, which must stay mapped).
 */
static unsigned char task_native[TASK_SLOTS];
static unsigned long task_agent[TASK_SLOTS], task_image[TASK_SLOTS], task_image_end[TASK_SLOTS];

static int slot_of(int pid)
{
	unsigned long i = TASK_SLOT(pid);

	return pid >= 2 && i < TASK_SLOTS && task_space[i] == (unsigned long)pid && task_cap[i] ? (int)i : -1;
}

unsigned long wombat_task_cap(int pid)
{
	int i = slot_of(pid);

	return i < 0 ? 0 : task_cap[i];
}

int wombat_task_native(int pid, unsigned long *agent)
{
	int i = slot_of(pid);

	if (agent)
		*agent = i < 0 ? 0 : task_agent[i];
	return i >= 0 && task_native[i];
}

void wombat_task_set_native(int pid, unsigned long image, unsigned long image_end)
{
	int i = slot_of(pid);

	if (i >= 0) {
		task_native[i] = 1;
		task_agent[i] = 0;
		task_image[i] = image;
		task_image_end[i] = image_end;
	}
}

void wombat_task_set_agent(int pid, unsigned long agent)
{
	int i = slot_of(pid);

	if (i >= 0)
		task_agent[i] = agent;
}

/*
 * The pieces of [addr, end) that are Linux's in a native space: below the
 * window, the image, above the window (each may be empty); 0 if the space
 * is not native (then the range is all Linux's).
 */
static int linux_pieces(int pid, unsigned long addr, unsigned long end, unsigned long piece[3][2])
{
	int i = TASK_SLOT(pid) < TASK_SLOTS ? (int)TASK_SLOT(pid) : -1;

	if (i < 0 || !task_native[i] || addr >= IG_SHARED_TOP || end <= IG_SHARED_BASE)
		return 0;
	piece[0][0] = addr;
	piece[0][1] = end < IG_SHARED_BASE ? end : IG_SHARED_BASE;
	piece[1][0] = addr > task_image[i] ? addr : task_image[i];
	piece[1][1] = end < task_image_end[i] ? end : task_image_end[i];
	piece[2][0] = addr > IG_SHARED_TOP ? addr : IG_SHARED_TOP;
	piece[2][1] = end;
	return 1;
}

/* [addr, addr + len) lies (partly) in a native space's window, outside its image. */
static int window_meets(int pid, unsigned long addr, unsigned long len)
{
	unsigned long piece[3][2], theirs = 0;

	if (!linux_pieces(pid, addr, addr + len, piece))
		return 0;
	for (int k = 0; k < 3; k++)
		if (piece[k][1] > piece[k][0])
			theirs += piece[k][1] - piece[k][0];
	return theirs != len;
}

/* The kernel said L4_ENOMEM (for a mapping or, through Iguana, a space)
 * since the last task went: new tasks check for room first (new_task). */
static int kmem_tight;

/* Whether the kernel's memory was found short since the last task went
 * (pte.c then maps no more than a fault needs). */
int wombat_kmem_tight(void)
{
	return kmem_tight;
}

/* The task that Iguana refused a new domain to during its system call
 * (fork's errno, userspace()). */
static void *task_refused_for;

/*
 * Mappings in task spaces are only a cache of Linux's page tables: when the
 * microkernel has no memory left for a mapping (Wombat's kernel-memory
 * allowance is used up), the mappings of another task space go, all of
 * them, and the task faults its pages back in later (wombat_fault_fixup,
 * pte.c).  The victim is the task that ran least recently.  Linux's
 * mappings end below the time page, which stays for the task's life.
 */
static unsigned long user_top(void)
{
	return WOMBAT_VVAR_ADDR;
}

static void evict_slot(unsigned long i)
{
	task_mapped[i] = 0;      /* first: a map from an upcall meanwhile sets it again */
	l4_unmap_in(task_space[i], 0, user_top() / 4096);
}

/* Evicts one task space other than `except`; 0 if there was none to evict. */
static int evict_other(unsigned long except)
{
	unsigned long best = TASK_SLOTS;

	for (unsigned long i = 0; i < TASK_SLOTS; i++)
		if (task_mapped[i] && !task_native[i] && task_space[i] != except &&
		    (best == TASK_SLOTS || task_ran[i] < task_ran[best]))
			best = i;
	if (best == TASK_SLOTS)
		return 0;
	evict_slot(best);
	wombat_stats.evictions++;
	return 1;
}

/*
 * MAP_TO that makes room: on L4_ENOMEM it evicts other task spaces one by
 * one and retries; when none holds anything any more, a task space's own
 * other mappings go too (once: they come back by faults, one at a time);
 * only then does L4_ENOMEM come back.  Also for Wombat's own space (mem.c),
 * whose mappings cannot be evicted.
 */
unsigned long wombat_map_to(unsigned long space, unsigned long src, unsigned long dst,
			    unsigned long n, unsigned long rights)
{
	unsigned long i = TASK_SLOT(space), st;
	int own = i < TASK_SLOTS && task_cap[i] && task_space[i] == space, self_evicted = 0;

	while ((st = l4_map_to(space, src, dst, n, rights)) == L4_ENOMEM) {
		wombat_stats.map_enomem++;
		kmem_tight = 1;
		if (evict_other(space))
			continue;
		if (!own || self_evicted || task_native[i])
			break;
		evict_slot(i);
		wombat_stats.evictions_self++;
		self_evicted = 1;
	}
	if (st == L4_OK && own)
		task_mapped[i] = 1;
	return st;
}

/*
 * Under kernel-memory pressure a new task must have room before fork (or
 * exec) returns, or it would be killed at its first mapping that finds
 * none: page tables at the 2 MiB regions where the forking process has
 * VMAs (they stay allocated when the probe pages go: the copy needs them),
 * and room for two more pages of mapping nodes, which other tasks may need
 * too.  Each probe evicts other tasks' mappings as any map does.  0, or -1:
 * there is no room even after evicting, the fork fails with EAGAIN.
 */
static int reserve_tables(unsigned long space)
{
	unsigned long reg[64], margin = 2 * l4_kinfo(L4_KI_KMEM_NODES);
	int n = wombat_vma_regions(reg, 64), err = 0;

	if (!n) {              /* a static binary's text, the top of the stack */
		reg[n++] = 0x400000;
		reg[n++] = (user_top() - 4096) & ~(0x200000UL - 1);
	}
	for (int i = 0; i < n && !err; i++)
		err = wombat_map_to(space, WOMBAT_PHYS_BASE, reg[i], 1, L4_R) != L4_OK;
	if (margin > 512)
		margin = 512;
	if (!err && margin)
		err = wombat_map_to(space, WOMBAT_PHYS_BASE, reg[0], margin, L4_R) != L4_OK;
	l4_unmap_in(space, 0, user_top() / 4096);
	return err ? -1 : 0;
}

/* Gives a task's domain back to Iguana (with interrupts off: UTCB). */
static void delete_domain(unsigned long cap)
{
	unsigned long *mr = l4_utcb()->mr;
	int flags = um_set_signals(0);

	mr[0] = cap;
	wombat_call(wombat_si->iguana_tid, IG_PD_DELETE, 1);
	um_set_signals(flags);
}

/* A new, empty task: fork and exec both start from one.  A forked child's
 * space stays empty but for the time page and fills by its faults
 * (um-tlb-fork-lazy.patch: arch/um's force_flush_all() mapped every pte of
 * the copy, which a child that exits or execs mostly never touches). */
static int new_task(void)
{
	unsigned long *mr = l4_utcb()->mr, st, cap, space, i;
	int flags = um_set_signals(0);

	mr[0] = 0;
	mr[1] = IG_PD_PRIVATE | IG_PD_FOREIGN;
	st = wombat_call(wombat_si->iguana_tid, IG_PD_CREATE, 2);
	cap = mr[1];
	space = mr[2];
	um_set_signals(flags);
	/*
	 * Wombat's domain quota (domains= in the boot configuration) is
	 * Linux's process limit; Iguana or the kernel out of room is the
	 * system's.  Either way fork fails with EAGAIN, as at native Linux's
	 * RLIMIT_NPROC or pid limit (Linux's dup_mm() turns any error here
	 * into ENOMEM: userspace() makes it EAGAIN again, fork_errno()).
	 */
	if (st != IG_OK) {
		if (st == IG_EQUOTA)
			wombat_stats.tasks_refused_quota++;
		else
			wombat_stats.tasks_refused_other++;
		if (st == IG_ENOMEM)
			kmem_tight = 1;
		goto refused;
	}
	i = TASK_SLOT(space);
	if (space < 2 || space > 0x7fffffff || i >= TASK_SLOTS || task_cap[i]) {
		printk(UM_KERN_ERR "wombat: Iguana gave task space %lx\n", space);
		delete_domain(cap);
		wombat_stats.tasks_refused_other++;
		goto refused;
	}
	if (kmem_tight && reserve_tables(space)) {
		delete_domain(cap);
		wombat_stats.tasks_refused_kmem++;
		goto refused;
	}
	task_cap[i] = cap;
	task_space[i] = space;
	task_ran[i] = run_clock;
	task_mapped[i] = 0;
	task_native[i] = 0;
	task_agent[i] = 0;
	/* The vDSO's time page: read-only, never evicted (user_top()). */
	if (wombat_map_to(space, (unsigned long)wombat_vvar_page, WOMBAT_VVAR_ADDR, 1, L4_R) != L4_OK) {
		task_cap[i] = 0;
		task_space[i] = 0;
		delete_domain(cap);
		wombat_stats.tasks_refused_kmem++;
		goto refused;
	}
	wombat_stats.tasks_created++;
	return (int)space;

refused:
	task_refused_for = wombat_current();
	return -EAGAIN;
}

int start_userspace(unsigned long stub_stack)
{
	(void)stub_stack;
	return new_task();
}

int copy_context_skas0(unsigned long stack, int pid)
{
	(void)stack;
	(void)pid;
	wombat_forking();       /* for the flush that ends a fork (pte.c) */
	return new_task();
}

static void kill_task(int pid)
{
	unsigned long *mr = l4_utcb()->mr, i = TASK_SLOT(pid), cap;
	int flags;

	if (pid < 2 || i >= TASK_SLOTS || task_space[i] != (unsigned long)pid || !task_cap[i])
		return;
	cap = task_cap[i];
	flags = um_set_signals(0);
	mr[0] = cap;
	wombat_call(wombat_si->iguana_tid, IG_PD_DELETE, 1);
	task_cap[i] = 0;
	task_space[i] = 0;
	task_mapped[i] = 0;
	task_native[i] = 0;
	task_agent[i] = 0;
	kmem_tight = 0;          /* its page tables and nodes went back */
	wombat_stats.tasks_destroyed++;
	um_set_signals(flags);
	if (userspace_pid[0] == pid)
		userspace_pid[0] = 0;
}

void os_kill_ptraced_process(int pid, int reap_child)
{
	(void)reap_child;
	kill_task(pid);
}

void os_kill_process(int pid, int reap_child)
{
	(void)reap_child;
	kill_task(pid);
}

/* The address space userspace() resumes next. */
void __switch_mm(struct mm_id *mm_idp)
{
	userspace_pid[0] = mm_idp->u.pid;
	wombat_fork_mm = NULL;  /* no fork's flush from here (pte.c) */
}

/*
 * x86 has no write-only or execute-only pages: any right is read.  Execute
 * comes from the VMA (wombat_exec_run, pte.c), not from prot: arch/um does
 * not track it in ptes (pte_exec() is pte_read(), so every user page would
 * be executable).
 */
static unsigned long rights_of(int prot)
{
	if (!(prot & (UM_PROT_READ | UM_PROT_WRITE | UM_PROT_EXEC)))
		return 0;
	return L4_R | (prot & UM_PROT_WRITE ? L4_W : 0);
}

/* map() with the execute right known (exec 0 or 1: the caller holds the
 * VMA) or, exec -1, looked up per run of pages alike in VM_EXEC. */
int wombat_map_exec(struct mm_id *mm_idp, unsigned long virt, unsigned long len, int prot,
		    int phys_fd, unsigned long long offset, int exec)
{
	unsigned long rights = rights_of(prot), end = virt + len, next;
	unsigned long pid = (unsigned long)mm_idp->u.pid, i = TASK_SLOT(pid);

	/* One page of an ordinary process in its own slot, the execute right
	 * given: what every fault maps (flush_tlb_page(), the fixup). No
	 * window to keep out of (only native spaces have one), no runs; a
	 * refusal (L4_ENOMEM: evictions) takes the general path below. */
	if (len == 4096 && exec >= 0 && rights && phys_fd == WOMBAT_PHYSMEM_FD &&
	    i < TASK_SLOTS && task_space[i] == pid && task_cap[i] && !task_native[i] &&
	    l4_map_to(pid, WOMBAT_PHYS_BASE + offset, virt, 1, rights | (exec ? L4_X : 0)) == L4_OK) {
		task_mapped[i] = 1;
		wombat_stats.map_calls++;
		wombat_stats.map_pages++;
		return 0;
	}
	if (phys_fd != WOMBAT_PHYSMEM_FD)
		return -EBADF;
	if (!rights)
		return unmap(mm_idp, virt, len, 1, NULL);
	if (window_meets(mm_idp->u.pid, virt, len))
		return -EFAULT;          /* Linux's page where Iguana's section is: never */
	wombat_stats.map_calls++;
	wombat_stats.map_pages += len / 4096;
	for (; virt < end; offset += next - virt, virt = next) {
		int x = exec;

		next = exec < 0 ? wombat_exec_run(mm_idp, virt, end, &x) : end;
		if (wombat_map_to(mm_idp->u.pid, WOMBAT_PHYS_BASE + offset, virt, (next - virt) / 4096,
				  rights | (x ? L4_X : 0)) != L4_OK)
			return -ENOMEM;
	}
	return 0;
}

/* arch/um's: one call per run of pages with the same execute right (VM_EXEC). */
int map(struct mm_id *mm_idp, unsigned long virt, unsigned long len, int prot,
	int phys_fd, unsigned long long offset, int done, void **data)
{
	(void)done;
	(void)data;
	return wombat_map_exec(mm_idp, virt, len, prot, phys_fd, offset, -1);
}

int unmap(struct mm_id *mm_idp, unsigned long addr, unsigned long len, int done,
	  void **data)
{
	(void)done;
	(void)data;
	if (window_meets(mm_idp->u.pid, addr, len)) {     /* Linux's pieces only */
		unsigned long piece[3][2];

		linux_pieces(mm_idp->u.pid, addr, addr + len, piece);
		for (int k = 0; k < 3; k++)
			if (piece[k][1] > piece[k][0] &&
			    unmap(mm_idp, piece[k][0], piece[k][1] - piece[k][0], done, data))
				return -EINVAL;
		return 0;
	}
	wombat_stats.unmap_calls++;
	if (len && l4_unmap_in(mm_idp->u.pid, addr, len / 4096) != L4_OK)
		return -EINVAL;
	/* exec's unmap of the whole range: nothing left there to evict */
	if (!addr && len >= (user_top() & ~0x3fffffffUL) && TASK_SLOT(mm_idp->u.pid) < TASK_SLOTS &&
	    task_space[TASK_SLOT(mm_idp->u.pid)] == (unsigned long)mm_idp->u.pid)
		task_mapped[TASK_SLOT(mm_idp->u.pid)] = 0;
	return 0;
}

/*
 * After a fork (wombat_flush_tlb_mm(), pte.c): the parent's mappings in
 * [start, end), a run of private writable VMAs alike in VM_EXEC, keep
 * read (and execute) and lose write, in one call; pages without a mapping
 * stay without (L4_EMAP: there were some). Nonzero where it could not be
 * done so (an Iguana window in the range, an error): the caller walks.
 */
int wombat_take_writes(struct mm_id *mm_idp, unsigned long start, unsigned long end, int exec)
{
	unsigned long st;

	if (window_meets(mm_idp->u.pid, start, end - start))
		return -EINVAL;
	wombat_stats.protect_calls++;
	st = l4_protect_in(mm_idp->u.pid, start, (end - start) / 4096, L4_R | (exec ? L4_X : 0));
	return st == L4_OK || st == L4_EMAP ? 0 : -EINVAL;
}

/*
 * New rights for present pages in one call per run of the same execute
 * right.  A page without a mapping (its rights were none: PROT_NONE unmaps
 * it; or its space was evicted) is mapped again from the page table, page
 * by page, so that taking PROT_NONE back works.
 */
int protect(struct mm_id *mm_idp, unsigned long addr, unsigned long len,
	    unsigned int prot, int done, void **data)
{
	unsigned long rights = rights_of(prot), end = addr + len, next, st;

	if (!rights)
		return unmap(mm_idp, addr, len, done, data);
	if (window_meets(mm_idp->u.pid, addr, len)) {     /* Linux's pieces only */
		unsigned long piece[3][2];

		linux_pieces(mm_idp->u.pid, addr, addr + len, piece);
		for (int k = 0; k < 3; k++)
			if (piece[k][1] > piece[k][0] &&
			    protect(mm_idp, piece[k][0], piece[k][1] - piece[k][0], prot, done, data))
				return -EINVAL;
		return 0;
	}
	wombat_stats.protect_calls++;
	for (; addr < end; addr = next) {
		unsigned long r;
		int exec;

		next = wombat_exec_run(mm_idp, addr, end, &exec);
		r = rights | (exec ? L4_X : 0);
		st = l4_protect_in(mm_idp->u.pid, addr, (next - addr) / 4096, r);
		if (st == L4_EMAP) {
			wombat_stats.protect_remaps++;
			for (unsigned long a = addr; a < next; a += 4096) {
				long long phys = wombat_task_phys(mm_idp, a);

				if (phys >= 0 && wombat_map_to(mm_idp->u.pid, WOMBAT_PHYS_BASE + phys,
							       a, 1, r) == L4_ENOMEM)
					return -ENOMEM;
			}
		} else if (st != L4_OK) {
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * A fork refused because Iguana gave no domain for the new process fails
 * with EAGAIN (native Linux's errno at its process limits), not with the
 * ENOMEM that Linux's dup_mm() makes of any error of init_new_context().
 * Only for the task that was refused, during this system call.
 */
static void fork_errno(struct uml_pt_regs *regs, unsigned long nr)
{
	void *refused = task_refused_for;

	if (refused != wombat_current())
		return;         /* another task's, still in its fork */
	task_refused_for = NULL;
	if ((nr == __NR_clone || nr == __NR_fork || nr == __NR_vfork || nr == __NR_clone3) &&
	    (long)regs->gp[WOMBAT_REG_RET] == -ENOMEM) {
		regs->gp[WOMBAT_REG_RET] = (unsigned long)-EAGAIN;
		wombat_stats.fork_eagain++;
	}
}

/* The process's FP image into the state page unless the page holds it
 * already (equal tokens, um/fptoken.h): inline, every resume checks it.
 * The page may hold a newer image than regs->fp under that token: this
 * process's own (wombat_fp_held), never another's, since only a kernel
 * thread switch, which syncs, brings another process's userspace() here. */
static inline void fp_to_vcpu(struct uml_pt_regs *regs, struct l4_vcpu_state *v)
{
	unsigned long token = ((unsigned long *)regs->fp)[WOMBAT_FP_TOKEN_WORD], cur = v->fpu_slot & 1;

	if (token && token == wombat_fp_slot(v, cur)[WOMBAT_FP_TOKEN_WORD])
		return;
	/* The other slot holds it and no newer image waits to go back (a
	 * pipe's two processes): flip, inline (wombat_fp_load() does the rest). */
	if (token && token == wombat_fp_slot(v, cur ^ 1)[WOMBAT_FP_TOKEN_WORD] && !wombat_fp_held) {
		v->fpu_slot = cur ^ 1;
		wombat_stats.fpu_slot_hits++;
		return;
	}
	wombat_fp_load(regs, v);
}

/*
 * The registers in the state page are those of wombat_vcpu_regs_of's process
 * as its last exit left them, until an upcall (which saves Wombat's own
 * there: signal.c), another process's resume, or a change to that process's
 * registers from outside its own exit path (restore_pid_registers(), for
 * arch_prctl and task switches) sets it to another or NULL. A process's
 * resume after a page fault, an event or a system call that changed only
 * the return value (wombat_handle_syscall()), with no work done on the way
 * back, then writes that one word instead of the whole frame (27-36 words).
 */
struct uml_pt_regs *wombat_vcpu_regs_of;

void userspace(struct uml_pt_regs *regs, unsigned long *aux_fp_regs)
{
	struct l4_vcpu_state *v = wombat_vcpu;
	const unsigned long *ti_flags = wombat_thread_flags();   /* current's: this thread's */
	unsigned long reason, work;
	int kept = 0;           /* the last exit changed no register but the return value */

	(void)aux_fp_regs;
	interrupt_end();        /* reschedules or signals first */
	for (;;) {
		int pid = userspace_pid[0];

		/* The state page is shared with upcalls: interrupts off while it
		 * holds the task's registers.  An event from here on is pending
		 * and ends the task's turn at once. */
		/* block_signals(), inline: the hot path of every system call */
		v->irq_enabled = 0;
		signals_enabled = 0;
		__asm__ volatile("" ::: "memory");
		if (kept && wombat_vcpu_regs_of == regs) {
			v->regs[WOMBAT_REG_RET] = regs->gp[WOMBAT_REG_RET];
			wombat_stats.regs_kept++;
		} else {
			wombat_copy_words(v->regs, regs->gp, sizeof(v->regs));
		}
		fp_to_vcpu(regs, v);
		/* Eviction takes the task that ran longest ago: a task's stamp
		 * can only fall behind when another one runs, so it is taken
		 * when the task resumed is not the one resumed last. */
		if (pid != last_pid && TASK_SLOT(pid) < TASK_SLOTS) {
			task_ran[TASK_SLOT(pid)] = ++run_clock;
			last_pid = pid;
		}
		reason = l4_vcpu_run(pid);
		if (reason < L4_VCPU_EXIT_EVENT || reason > L4_VCPU_EXIT_EXCEPTION) {
			unblock_signals();
			printk(UM_KERN_ERR "wombat: cannot run task %d: error %lu\n", pid, reason);
			fatal_sigsegv();
		}
		wombat_stats.exits[reason]++;
		wombat_copy_words(regs->gp, v->regs, sizeof(v->regs));
		wombat_vcpu_regs_of = regs;
		kept = reason != L4_VCPU_EXIT_EXCEPTION;
		if (v->fpu_used)                /* else the image is still what was copied in */
			wombat_fp_held = regs;  /* its newest is in the page (um/fptoken.h) */
		regs->is_user = 1;
		UPT_SYSCALL_NR(regs) = -1;     /* not a system call unless it is one */
		wombat_cur_regs = regs;

		if (reason == L4_VCPU_EXIT_EVENT) {
			/* The timer tick or the console: an interrupt of user mode. */
			wombat_deliver_events(__atomic_exchange_n(&v->pending, 0, __ATOMIC_SEQ_CST), regs);
			unblock_signals();
		} else {
			/* An upcall may reuse the state page once interrupts are on:
			 * the fields are read before.  The barrier keeps the compiler
			 * from moving a read past the stores that enable interrupts
			 * (gcc had put fault_addr's after them: a timer upcall in
			 * between made a process's page fault one at address 0,
			 * SIGSEGV, about one run in three of mem_largest). */
			unsigned long trapno = v->trapno, error = v->error, cr2 = v->fault_addr;

			__asm__ volatile("" ::: "memory");
			/* unblock_signals(), inline unless events wait */
			signals_enabled = 1;    /* first: an upcall right after the flag keeps it */
			__asm__ volatile("" ::: "memory");
			v->irq_enabled = 1;
			__asm__ volatile("" ::: "memory");
			if (v->pending) {
				v->irq_enabled = 0;
				signals_enabled = 0;
				unblock_signals();
			}
			if (reason == L4_VCPU_EXIT_SYSCALL) {
				unsigned long nr = wombat_syscall_entry(regs);

				/* restore_sigcontext() writes regs->fp: over its
				 * newest image (x86_64: over part of it). */
				if (nr == __NR_rt_sigreturn)
					wombat_fp_sync();
				if (task_native[TASK_SLOT(pid) % TASK_SLOTS] &&
				    wombat_native_forks(nr, UPT_SYSCALL_ARG1(regs)))
					regs->gp[WOMBAT_REG_RET] = (unsigned long)-ENOSYS;
				else
					kept = wombat_handle_syscall(regs);
				if (nr == __NR_rt_sigreturn)
					wombat_fp_changed(regs);   /* restore_sigcontext wrote regs->fp */
				else if (task_refused_for)
					fork_errno(regs, nr);
			}
			else
				wombat_deliver_fault(regs, reason, trapno, error, cr2);
		}
		/* interrupt_end() when it has work (reschedule, signals, resume
		 * work): its own test of the flags, inline, saves a call at every
		 * return to the process. A flag an interrupt sets after this test
		 * waits for the next exit, as one set after interrupt_end()'s last
		 * test would. A signal frame or core dump reads regs->fp (events
		 * that raise a signal from here on sync in wombat_deliver_events()). */
		work = __atomic_load_n(ti_flags, __ATOMIC_RELAXED);
		if (work & wombat_work_flags) {
			if (wombat_fp_held && (work & wombat_signal_flags))
				wombat_fp_sync();
			interrupt_end();
			/* A signal frame or a system call's restart moves the
			 * instruction pointer, a frame the stack pointer too;
			 * the rest of the work (task work after close(), a
			 * reschedule) changes no register. Compared only while
			 * the state page still holds the exit's frame. */
			if (work & wombat_signal_flags)
				kept = 0;
			else if (kept && wombat_vcpu_regs_of == regs)
				kept = regs->gp[HOST_IP] == v->regs[HOST_IP] &&
				       regs->gp[HOST_SP] == v->regs[HOST_SP];
		}
		wombat_syscall_exit(regs);
	}
}

/* Only arch/x86/um/ldt.c runs code in the stub page; there is no LDT on the
 * microkernel (modify_ldt gives -ENOSYS). */
long run_syscall_stub(struct mm_id *mm_idp, int syscall, unsigned long *args,
		      long expected, void **addr, int done)
{
	(void)mm_idp;
	(void)syscall;
	(void)args;
	(void)expected;
	(void)addr;
	(void)done;
	return -ENOSYS;
}

long syscall_stub_data(struct mm_id *mm_idp, unsigned long *data,
		       int data_count, void **addr, void **stub_addr)
{
	(void)mm_idp;
	(void)data;
	(void)data_count;
	(void)addr;
	(void)stub_addr;
	return -ENOSYS;
}

/* A tick while a process runs already ends its turn (an event exit). */
void os_alarm_process(int pid)
{
	(void)pid;
}

int os_getpid(void)
{
	return 1;          /* there is one Wombat; the value only names it in messages */
}

/* No SIGWINCH helper processes: the console is not a tty on the host. */
int is_skas_winch(int pid, int fd, void *data)
{
	(void)pid;
	(void)fd;
	(void)data;
	return 0;
}

/* Registers live in thread.regs and go to the vCPU at each resume: there
 * is no host process to copy them to or from. */
int save_registers(int pid, struct uml_pt_regs *regs)
{
	(void)pid;
	(void)regs;
	return 0;
}

/* arch_prctl(ARCH_SET_FS/GS) calls this with the registers it is about to
 * change (also from arch_switch_to(), for the task switched to): os_arch_prctl
 * must change those, not the last process that made a system call. */
struct uml_pt_regs *wombat_prctl_regs;

int restore_pid_registers(int pid, struct uml_pt_regs *regs)
{
	(void)pid;
	wombat_prctl_regs = regs;
	if (wombat_vcpu_regs_of == regs)
		wombat_vcpu_regs_of = NULL;     /* their FS/GS base may change (arch_prctl) */
	return 0;
}

unsigned long wombat_kernel_entries(void)
{
	return l4_kinfo(L4_KI_KENTRIES);
}

unsigned long wombat_vcpu_fast(void)
{
	return l4_kinfo(L4_KI_VCPU_FAST);
}
