/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4: internal declarations of the host layer.
 *
 * os-L4 replaces arch/um/os-Linux: the functions the rest of arch/um calls
 * through <os.h> and friends; wombat/README.md lists them with the
 * microkernel primitive behind each.
 */
#ifndef WOMBAT_OS_L4_H
#define WOMBAT_OS_L4_H

#ifdef __UM_HOST__
#include <wombat_arch.h>    /* the architecture's hooks: os-L4/<arch>/ (host side) */
/* The disk buffer (blkhost.c): a range of Wombat's own space that is not
 * Linux's; mem.c never unmaps it.  1 and the range if [addr, end) meets one. */
int wombat_foreign(unsigned long addr, unsigned long end, unsigned long *fbase, unsigned long *fend);
unsigned long wombat_call(unsigned long to, unsigned long op, int nargs);
/* A copy to or from a driver's buffer that fails (-1) instead of faulting
 * when the driver took its buffer away (blkhost.c). */
int wombat_foreign_copy(void *dst, const void *src, unsigned long n, void *buf, unsigned long size);
int wombat_foreign_copying(unsigned long addr);
void wombat_foreign_fault(void);
void wombat_pack_name(unsigned long *mr, const char *name);
unsigned long wombat_lookup(const char *name, int tries);

#endif

/* Linux's physical memory: the "mem file" is this pseudo-fd; physical
 * address p lives at WOMBAT_PHYS_BASE + p (the image, then Iguana's RAM section). */
#define WOMBAT_PHYSMEM_FD 100
#define WOMBAT_PHYS_BASE  0x60000000UL

/* vCPU event bits (notification bits of the Wombat thread). */
#define WOMBAT_EV_TIMER 0
#define WOMBAT_EV_IO    1     /* the console: its fds 0-2 */
#define WOMBAT_EV_NET   2     /* the network driver: frames wait (nethost.c) */
#define WOMBAT_EV_NATIVE 3    /* a native process's agent finished a call (native.c) */
#define WOMBAT_EV_BLK   4     /* the disk agent finished a request (blkhost.c) */
/* The pseudo-fd of the network card: Linux's eth0 IRQ is registered on it
 * (irq.c: ready when WOMBAT_EV_NET arrives). */
#define WOMBAT_NET_FD   102
/* The pseudo-fd of native mode (native.c's interrupt; ready on WOMBAT_EV_NATIVE). */
#define WOMBAT_NATIVE_FD 103
/* The pseudo-fd of the disk (blk.c's interrupt; ready on WOMBAT_EV_BLK). */
#define WOMBAT_BLK_FD   104
/* A disk request the agent has (blkhost.c): its status comes with WOMBAT_EV_BLK. */
#define WOMBAT_BLK_QUEUED (-3UL)

struct uml_pt_regs;
extern struct l4_vcpu_state *wombat_vcpu;
void wombat_kdebug_write(const char *buf, unsigned long len);
void wombat_console_init(void);
/* Notification bits (1 << WOMBAT_EV_*) arrived: their fds are ready (irq.c). */
void wombat_io_ready(unsigned long bits);
void wombat_deliver_events(unsigned long ev, struct uml_pt_regs *regs);
/* um/fptoken.h: the process whose newest FP image is in the state page
 * only (its regs->fp is stale), and the copy that makes it current. */
extern struct uml_pt_regs *wombat_fp_held;
void wombat_fp_sync(void);
/* The state page's FP image in slot s (bit 0: fpu_slot's meaning); a
 * macro: not every includer sees struct l4_vcpu_state. */
#define wombat_fp_slot(v, s) ((unsigned long *)((v)->fpu + ((s) & 1) * L4_VCPU_FPU_SLOT_BYTES))
/* syscall.c: the current thread's flags; those of them that deliver a
 * signal on the way back to user mode, and all that interrupt_end() acts on. */
const unsigned long *wombat_thread_flags(void);
extern const unsigned long wombat_signal_flags, wombat_work_flags;
/* chunkstr.c: the length of a string inside one page chunk, a word at a time. */
long wombat_chunk_strnlen(const char *s, long len);
/* syscall.c: a system call of the current process; handle_syscall() where
 * it is traced. 1: it changed no register but the return value. */
int wombat_handle_syscall(struct uml_pt_regs *regs);
/* skas.c: the registers the state page holds as the last exit left them
 * (NULL: none, an upcall or a register change of another process's since). */
extern struct uml_pt_regs *wombat_vcpu_regs_of;
void wombat_deliver_fault(struct uml_pt_regs *regs, unsigned long reason,
			  unsigned long trapno, unsigned long error, unsigned long cr2);

/* MAP_TO that evicts task spaces' mappings (a cache of Linux's page tables)
 * when the kernel has no memory for it (skas.c); an L4_* status. */
unsigned long wombat_map_to(unsigned long space, unsigned long src, unsigned long dst,
			    unsigned long n, unsigned long rights);
/* A process's page fault before Linux's fault path (pte.c): 1 mapped from
 * the pte, -1 SIGSEGV queued (execute in a non-exec VMA), 0 for Linux. */
int wombat_fault_fixup(struct uml_pt_regs *regs, unsigned long addr, int write, int exec);
int wombat_kmem_tight(void);
void wombat_fault_around(unsigned long addr);
/* After a fork: the write right of a task's mappings in [start, end) taken
 * away in one call (skas.c); nonzero where it could not be (walk instead). */
struct mm_id;
/* map() with the execute right given (a caller that holds the VMA: 0 or 1)
 * instead of looked up (-1) (skas.c). */
int wombat_map_exec(struct mm_id *mm_idp, unsigned long virt, unsigned long len, int prot,
		    int phys_fd, unsigned long long offset, int exec);
int wombat_take_writes(struct mm_id *mm_idp, unsigned long start, unsigned long end, int exec);
/* The mm a fork (or exec) made a task space from, until the next flush_tlb_mm()
 * or mm switch (pte.c); copy_context_skas0() sets it. */
extern void *wombat_fork_mm;
void wombat_forking(void);

/* Native mode (skas.c keeps the table, native_host.c asks Iguana): the
 * capability of a task space's domain (0: none); whether it is native, and
 * its agent thread (0: none yet); mark it native, with its image's range
 * (Linux memory inside Iguana's window); its agent. */
unsigned long wombat_task_cap(int pid);
int wombat_task_native(int pid, unsigned long *agent);
void wombat_task_set_native(int pid, unsigned long image, unsigned long image_end);
void wombat_task_set_agent(int pid, unsigned long agent);
int wombat_native_forks(unsigned long nr, unsigned long arg1);    /* native.c: refuse this fork */

/* The disk buffer (blkhost.c): a range of Wombat's own space that is not
 * Linux's; mem.c never unmaps it.  1 and the range if [addr, end) meets one. */
int wombat_foreign(unsigned long addr, unsigned long end, unsigned long *fbase, unsigned long *fend);
unsigned long wombat_call(unsigned long to, unsigned long op, int nargs);
void wombat_pack_name(unsigned long *mr, const char *name);

#endif
