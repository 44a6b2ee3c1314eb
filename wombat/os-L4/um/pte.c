// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the kernel-side helpers of the host layer, where Linux's
 * page tables and VMAs are read.
 *
 * - protect() (skas.c) must map again a page whose rights were none; it
 *   gets the page from the process's page table (wombat_task_phys).
 * - arch/um does not track execute permission in its ptes (pte_exec() is
 *   pte_read()), so map() and protect() take it from the VMA instead
 *   (wombat_exec_run): a task's page is executable only where its VMA has
 *   VM_EXEC, and the microkernel maps everything else NX.
 * - The mappings of a task space are only a cache of its page table: Wombat
 *   evicts them when the kernel runs out of memory for mappings (skas.c).
 *   A page the task then touches again may have a pte that is present,
 *   young (and dirty, for a write): Linux's fault handler would change
 *   nothing and flush_tlb_page() map nothing (it maps new ptes only), so the
 *   task would fault forever.  wombat_fault_fixup() maps such a page straight
 *   from its pte (also the ptes that fault-around filled without mapping
 *   them), and turns an instruction fetch from a VMA without VM_EXEC into
 *   SIGSEGV (arch/um's handle_page_fault() does not look at the exec bit of
 *   the error code).
 * - Linux's fault-around (a read fault on a file mapping) fills the ptes of
 *   up to 16 pages around the faulting one, but arch/um's fault path maps
 *   only the faulting page (flush_tlb_page).  wombat_fault_around() maps
 *   the rest of the window at once, runs of physically adjacent pages in
 *   one call: 1 exit to Wombat per 16 pages of a file read through a
 *   mapping instead of 16 (lmbench file_fault 3.15 -> 0.95 us, -icount).
 *   Not in executable mappings: a process touches little of the text
 *   around a fault (a forked child runs a few pages of it, then exits), and
 *   each page mapped and never used costs a mapping and an unmapping in the
 *   microkernel (per fork+exit: 239,556 instructions without fault-around,
 *   259,647 with it in every file mapping, 242,079 outside text; fork+exec
 *   373,542 / 381,219 outside text).
 * - A forked child's task space starts empty (um-tlb-fork-lazy.patch: no
 *   force_flush_all()) and fills by faults: its ptes are copies that
 *   copy_page_range() made old, so Linux's fault path marks each young and
 *   flush_tlb_page() maps it (it is new); the pages the child never touches
 *   are never mapped (x86_64 fork+exit 207,569 -> 177,573 instructions:
 *   8 -> 11 faults, 24 -> 13 map calls, no walk of the copy).
 * - Under kernel-memory pressure a new task gets its page tables at fork
 *   (wombat_vma_regions, skas.c's reserve_tables).
 * - Every user access of the kernel (copy_{from,to}_user, strncpy_from_user,
 *   clear_user, strnlen_user) goes to wombat_buffer_op() (the patch
 *   um-uaccess-buffer-op.patch): the same page-chunk walk as arch/um's
 *   buffer_op() with the pte looked up inline, where arch/um went through
 *   buffer_op, do_op_one_page, maybe_map and virt_to_pte and a struct page
 *   round trip for the page's address (about 125 instructions an access on
 *   x86_64, two accesses in every stat() or fstat()). copy_{from,to}_user
 *   and clear_user of a range in one page do not even take that: they
 *   copy or clear through the alias at once (um-uaccess-direct.patch).
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <asm/pgtable.h>
#include <os.h>
#include <mem.h>
#include <skas.h>
#include <kern_util.h>
#include <asm/word-at-a-time.h>
#include "stats.h"
#include "wombat.h"
#include "chunkstr.h"

/* The pte of addr in mm, or NULL where a level above it is missing. */
static __always_inline pte_t *task_pte(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	if (!pgd_present(*pgd))
		return NULL;
	p4d = p4d_offset(pgd, addr);
	if (!p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

static struct mm_struct *mm_of(struct mm_id *mm_idp)
{
	return container_of(mm_idp, struct mm_struct, context.id);
}

/* The physical address of the page at addr in the mm owning mm_idp, or -1. */
long long wombat_task_phys(struct mm_id *mm_idp, unsigned long addr)
{
	pte_t *pte = task_pte(mm_of(mm_idp), addr);

	if (!pte || !pte_present(*pte))
		return -1;
	return (long long)pte_pfn(*pte) << PAGE_SHIFT;
}

/*
 * Whether the page at addr of the mm owning mm_idp may be executed (its VMA
 * has VM_EXEC), in *exec; returns where that answer ends, at most end.
 * Callers hold the mmap lock or own the mm alone (fork's first flush); the
 * lookup neither sleeps nor changes anything (UP, no preemption).
 */
unsigned long wombat_exec_run(struct mm_id *mm_idp, unsigned long addr, unsigned long end,
			      int *exec)
{
	struct vm_area_struct *vma = find_vma(mm_of(mm_idp), addr);

	if (!vma) {
		*exec = 0;
		return end;
	}
	if (vma->vm_start > addr) {
		*exec = 0;
		return min(end, vma->vm_start);
	}
	*exec = !!(vma->vm_flags & VM_EXEC);
	return min(end, vma->vm_end);
}

/*
 * The 2 MiB regions (first addresses, ascending, each once) where the VMAs
 * of the current process begin or end, at most max; 0 if unknown.  A task
 * made by fork (or exec) under kernel-memory pressure gets its page tables
 * there at once (skas.c): they are what the copy will need, and they are
 * not evictable.  Called with interrupts off (init_new_context): nothing
 * changes the VMAs meanwhile; the trylock only keeps off a writer that sleeps.
 */
int wombat_vma_regions(unsigned long *out, int max)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int n = 0;

	if (!mm || mm == &init_mm || !mmap_read_trylock(mm))
		return 0;
	{
		VMA_ITERATOR(vmi, mm, 0);

		for_each_vma(vmi, vma) {
			unsigned long at[2] = { vma->vm_start, vma->vm_end - PAGE_SIZE };

			for (int i = 0; i < 2; i++) {
				unsigned long r = at[i] & ~(0x200000UL - 1);

				if (n && out[n - 1] >= r)
					continue;
				if (n == max)
					goto out;
				out[n++] = r;
			}
		}
	}
out:
	mmap_read_unlock(mm);
	return n;
}

/* The task calling into Linux now (fork's errno, skas.c). */
void *wombat_current(void)
{
	return current;
}

/* The rights a present pte gives the process: write only if it is
 * writable, dirty (arch/um maps clean pages read-only to see the first
 * write) and in a VM_WRITE VMA; execute as the VMA says (map()). */
static int pte_rights(pte_t p, struct vm_area_struct *vma)
{
	return UM_PROT_READ | UM_PROT_EXEC |
	       (pte_write(p) && pte_dirty(p) && (vma->vm_flags & VM_WRITE) ? UM_PROT_WRITE : 0);
}

/* What Linux's fault-around covers at most (mm/memory.c: fault_around_bytes). */
#define AROUND_PAGES 16

/*
 * The ptes that fault-around filled in the window of addr (in vma) and
 * that are not mapped yet (new, present, young), mapped: read-only unless
 * already dirty and writable, the execute right from the VMA.
 * Only where the VMA has a map_pages operation (no other fills neighbours)
 * and the window is inside the VMA and one page table.  Physically
 * adjacent pages go in one call.  Each pte mapped is marked up to date, as
 * arch/um's own flush does.  Under kernel-memory pressure (skas.c's
 * kmem_tight) nothing more is mapped than the fault needs.  The caller
 * holds the mmap lock.
 */
static void map_around(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long start, end, run = 0, run_phys = 0, a;
	int run_prot = 0;
	pte_t *pte;

	if (!vma->vm_ops || !vma->vm_ops->map_pages || wombat_kmem_tight())
		return;
	start = max3(vma->vm_start, addr & ~(AROUND_PAGES * PAGE_SIZE - 1), addr & PMD_MASK);
	end = min3(vma->vm_end, start + AROUND_PAGES * PAGE_SIZE, (addr & PMD_MASK) + PMD_SIZE);
	pte = task_pte(mm, start);
	if (!pte)
		return;
	for (a = start; a <= end; a += PAGE_SIZE, pte++) {
		pte_t p = a < end ? *pte : __pte(0);
		unsigned long phys = pte_val(p) & PAGE_MASK;
		int prot = 0;

		if (a < end && a != (addr & PAGE_MASK) && pte_newpage(p) && pte_present(p) &&
		    pte_read(p) && pte_young(p))
			prot = pte_rights(p, vma);
		/* The run so far ends here unless this page continues it. */
		if (run && !(prot == run_prot && phys == run_phys + (a - run))) {
			unsigned long long offset;
			int fd = phys_mapping(run_phys, &offset);

			if (wombat_map_exec(&mm->context.id, run, a - run, run_prot, fd, offset,
					    !!(vma->vm_flags & VM_EXEC)))
				break;          /* no room: the rest fault in one by one */
			for (pte_t *q = pte - (a - run) / PAGE_SIZE; q < pte; q++)
				*q = pte_mkuptodate(*q);
			wombat_stats.around_pages += (a - run) / PAGE_SIZE;
			run = 0;
		}
		if (prot && !run) {
			run = a;
			run_phys = phys;
			run_prot = prot;
		}
	}
}

/*
 * A page fault of the current process at addr, before Linux's fault path:
 * 1: the page was mapped from its pte (or the process killed: nothing can
 * be mapped for it any more); -1: an instruction fetch from a VMA without
 * VM_EXEC, SIGSEGV queued; 0: Linux's fault handler must see it.
 */
static noinline int fault_fixup_vma(struct uml_pt_regs *regs, struct mm_struct *mm, unsigned long addr,
				    pte_t p, int mappable, int write, int exec);

int wombat_fault_fixup(struct uml_pt_regs *regs, unsigned long addr, int write, int exec)
{
	struct mm_struct *mm = current->mm;
	pte_t *pte, p;
	int mappable;

	if (!mm || mm->context.id.u.pid != userspace_pid[0])
		return 0;
	/* Only what Linux's fault path would leave as it is: a present,
	 * user-readable, young pte; for a write also writable and dirty
	 * (arch/um emulates the accessed and dirty bits by mapping old pages
	 * not at all and clean ones read-only: those go to Linux).  The pte
	 * first: a first touch (no pte yet) or a copy-on-write goes to Linux
	 * without a VMA lookup here as well as there, and without the lock:
	 * in a uniprocessor kernel without preemption nothing frees or
	 * changes this process's page tables while it runs here (the
	 * trylock cannot sleep, so the pte read is still the pte under the
	 * lock).  An instruction fetch looks at the VMA whatever the pte
	 * (Linux's path does not). */
	BUILD_BUG_ON(IS_ENABLED(CONFIG_SMP) || IS_ENABLED(CONFIG_PREEMPTION));
	pte = task_pte(mm, addr);
	p = pte ? *pte : __pte(0);
	mappable = pte && pte_present(p) && pte_read(p) && pte_young(p) &&
		   (!write || (pte_write(p) && pte_dirty(p)));
	if (!mappable && !exec)
		return 0;
	/* The rest out of line: a first touch, the commonest fault, returns
	 * above without the rest's frame (8 saved registers on arm64). */
	return fault_fixup_vma(regs, mm, addr, p, mappable, write, exec);
}

static noinline int fault_fixup_vma(struct uml_pt_regs *regs, struct mm_struct *mm, unsigned long addr,
				    pte_t p, int mappable, int write, int exec)
{
	struct vm_area_struct *vma;
	unsigned long long offset;
	int fd, prot, err, ret = 0;

	if (!mmap_read_trylock(mm))
		return 0;       /* Linux's path takes the lock the slow way */
	vma = vma_lookup(mm, addr);
	if (!vma)
		goto out;       /* unmapped or below a stack: Linux's path */
	if (exec && !(vma->vm_flags & VM_EXEC)) {
		mmap_read_unlock(mm);
		wombat_stats.nx_faults++;
		if (unhandled_signal(current, SIGSEGV) && printk_ratelimit())
			printk(KERN_INFO "%s[%d]: segfault at %lx ip %px sp %px error %x (execute in a non-exec mapping)\n",
			       current->comm, task_pid_nr(current), addr, (void *)UPT_IP(regs),
			       (void *)UPT_SP(regs), regs->faultinfo.error_code);
		current->thread.arch.faultinfo = regs->faultinfo;
		force_sig_fault(SIGSEGV, SEGV_ACCERR, (void __user *)addr);
		return -1;
	}
	if (!mappable)
		goto out;
	prot = pte_rights(p, vma);
	if (write && !(prot & UM_PROT_WRITE))
		goto out;
	fd = phys_mapping(pte_val(p) & PAGE_MASK, &offset);
	err = wombat_map_exec(&mm->context.id, addr & PAGE_MASK, PAGE_SIZE, prot, fd, offset,
			      !!(vma->vm_flags & VM_EXEC));
	wombat_stats.fault_fixups++;
	ret = 1;
	if (err) {
		/* As flush_tlb_page(): the page cannot be mapped, the process
		 * cannot go on (map() evicted everything it could first). */
		printk(KERN_ERR "wombat: cannot map 0x%lx for %s[%d]: error %d\n", addr,
		       current->comm, task_pid_nr(current), err);
		force_sig(SIGKILL);
	}
out:
	mmap_read_unlock(mm);
	return ret;
}

/* After Linux's fault path handled a read fault of the current process at
 * addr: the window's other pages, outside executable mappings. */
void wombat_fault_around(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	if (!mm || mm->context.id.u.pid != userspace_pid[0] || !mmap_read_trylock(mm))
		return;
	vma = vma_lookup(mm, addr);
	if (vma && !(vma->vm_flags & VM_EXEC))
		map_around(mm, vma, addr);
	mmap_read_unlock(mm);
}

/*
 * flush_tlb_mm() (the patch um-tlb-flush-mm.patch asks this first): 1 when
 * done here, 0 for arch/um's walk of every pte of every VMA (fix_range),
 * which maps, protects or unmaps each pte Linux changed since its last
 * flush. Its two callers that matter:
 * - exit_mmap() (the mm's last user went, mm_users 0): its task space never
 *   runs again and destroy_context() deletes it with all it maps, so there
 *   is nothing to do (arch/um's flush_tlb_all() skips such an mm too).
 * - dup_mmap() at fork, for the parent's mm: what fork changed in it is the
 *   write right of every present pte of its private writable VMAs (the
 *   child shares those pages copy-on-write), and taking W from those ranges
 *   in the parent's task space, one call per run of such VMAs, is what the
 *   walk's re-mappings came to (x86_64 fork+exit: 12,184 instructions of
 *   walk). The ptes keep their "changed" marks; a later walk over them
 *   maps them again as they are, and a page that kept W in Linux (pinned
 *   for DMA, copied at fork) faults once and is mapped from its pte
 *   (wombat_fault_fixup()). The fork is recognised by wombat_fork_mm: set
 *   when copy_context_skas0() made a task space while current->mm was this
 *   mm (fork, but also exec), cleared here and at every mm switch
 *   (__switch_mm(): exec's activate_mm(), or any other process running in
 *   between), so only the flush that ends the same dup_mmap() finds it.
 * Any other flush (/proc/PID/clear_refs) takes the walk.
 */
void *wombat_fork_mm;

void wombat_forking(void);
int wombat_flush_tlb_mm(struct mm_struct *mm);

void wombat_forking(void)
{
	wombat_fork_mm = current->mm;
}

int wombat_flush_tlb_mm(struct mm_struct *mm)
{
	void *forked = wombat_fork_mm;
	struct vm_area_struct *vma;
	unsigned long start = 0, end = 0;
	int exec = 0;
	VMA_ITERATOR(vmi, mm, 0);

	wombat_fork_mm = NULL;
	if (!atomic_read(&mm->mm_users)) {
		wombat_stats.flushes_skipped++;
		return 1;
	}
	if (mm != forked || mm != current->mm)
		return 0;
	for_each_vma(vmi, vma) {
		int x = !!(vma->vm_flags & VM_EXEC);

		if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) != VM_WRITE)
			continue;
		if (vma->vm_start == end && x == exec) {
			end = vma->vm_end;
			continue;
		}
		if (end > start && wombat_take_writes(&mm->context.id, start, end, exec))
			return 0;
		start = vma->vm_start;
		end = vma->vm_end;
		exec = x;
	}
	if (end > start && wombat_take_writes(&mm->context.id, start, end, exec))
		return 0;
	wombat_stats.fork_flushes++;
	return 1;
}

typedef int (*chunk_op)(unsigned long, int, void *);

static __always_inline unsigned long pte_alias(pte_t *pte, unsigned long addr)
{
	return (unsigned long)__va(pte_pfn(*pte) << PAGE_SHIFT) + (addr & ~PAGE_MASK);
}

/* The kernel alias of the user page at addr after Linux's fault handler
 * made it allow the access, as maybe_map() does; 0 where it cannot. */
static noinline unsigned long alias_after_fault(struct mm_struct *mm, unsigned long addr, int is_write)
{
	pte_t *pte;
	int code;

	if (handle_page_fault(addr, 0, is_write, 1, &code))
		return 0;
	pte = task_pte(mm, addr);
	if (!pte || !pte_present(*pte))
		return 0;
	return pte_alias(pte, addr);
}

/* The kernel alias of the user byte at addr for the access, or 0: the walk
 * of task_pte() inline, a missing level or a pte without the right the
 * access needs (pte_read(), pte_write(): see wombat_buffer_op()) to the
 * fault handler; no NULL pte to test on the way that finds the page. */
static __always_inline unsigned long user_alias_or(struct mm_struct *mm, unsigned long addr, int is_write,
						  int fault)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;
	pte_t pte;

	if (unlikely(!pgd_present(*pgd)))
		goto fault;
	p4d = p4d_offset(pgd, addr);
	if (unlikely(!p4d_present(*p4d)))
		goto fault;
	pud = pud_offset(p4d, addr);
	if (unlikely(!pud_present(*pud)))
		goto fault;
	pmd = pmd_offset(pud, addr);
	if (unlikely(!pmd_present(*pmd)))
		goto fault;
	pte = *pte_offset_kernel(pmd, addr);
	if (unlikely(!(is_write ? pte_write(pte) : pte_read(pte))))
		goto fault;
	return pte_alias(&pte, addr);
fault:
	return fault ? alias_after_fault(mm, addr, is_write) : 0;
}

static __always_inline unsigned long user_alias(struct mm_struct *mm, unsigned long addr, int is_write)
{
	return user_alias_or(mm, addr, is_write, 1);
}

/* The page chunks of [addr, addr + remain) in turn, through Linux's fault
 * handler where the pte does not allow the access. */
static noinline long chunks(struct mm_struct *mm, unsigned long addr, long remain, int is_write,
			    chunk_op op, void *arg)
{
	while (remain > 0) {
		long size = min_t(long, PAGE_SIZE - (addr & ~PAGE_MASK), remain);
		unsigned long k = user_alias(mm, addr, is_write);
		int n;

		if (!k)
			return remain;
		n = op(k, size, arg);
		if (n)
			return n < 0 ? remain : 0;
		addr += size;
		remain -= size;
	}
	return 0;
}

/*
 * arch/um's buffer_op(), with maybe_map()'s test inline: op(kernel alias,
 * length, arg) on each page chunk of the user range [addr, addr + len) of
 * the current process; a chunk whose pte is missing or lacks the right
 * (pte_read(), pte_write()) goes through Linux's fault handler first.
 * maybe_map() asked only pte_present() of a read, which is true of a
 * PROT_NONE page (_PAGE_PROTNONE): a write() from memory the process had
 * made PROT_NONE went through whole; the fault handler refuses it now
 * (EFAULT, or a short write where what lies before it was copied).
 * op returns 0 to go on, > 0 to stop (done), < 0 to fail.  Returns what is
 * left undone: 0, or the bytes from the chunk that failed.
 * arch/um wraps op in pagefault_disable() for 32-bit kmap_atomic(); here op
 * only touches the direct alias of Linux's own RAM, which never faults.
 */
long wombat_buffer_op(unsigned long addr, int len, int is_write, chunk_op op, void *arg);

long wombat_buffer_op(unsigned long addr, int len, int is_write, chunk_op op, void *arg)
{
	struct mm_struct *mm = current->mm;
	unsigned long k;

	if (unlikely(!mm || len <= 0))
		return len > 0 ? len : 0;
	if ((addr & ~PAGE_MASK) + len > PAGE_SIZE)
		return chunks(mm, addr, len, is_write, op, arg);
	/* The common case: all of it in one page. */
	k = user_alias(mm, addr, is_write);
	if (!k)
		return len;
	return op(k, len, arg) < 0 ? len : 0;
}

/* [addr, addr + n) is not empty and lies in one page. */
static __always_inline int one_page(unsigned long addr, unsigned long n)
{
	return n - 1 < PAGE_SIZE - (addr & ~PAGE_MASK);
}

static int copy_from_chunk(unsigned long k, int len, void *arg)
{
	char **to = arg;

	memcpy(*to, (void *)k, len);
	*to += len;
	return 0;
}

static int copy_to_chunk(unsigned long k, int len, void *arg)
{
	const char **from = arg;

	memcpy((void *)k, *from, len);
	*from += len;
	return 0;
}

static int clear_chunk(unsigned long k, int len, void *unused)
{
	memset((void *)k, 0, len);
	return 0;
}

/*
 * raw_copy_from_user(), raw_copy_to_user() and __clear_user() (the patch
 * um-uaccess-direct.patch returns these): a range in one page is copied or
 * cleared through its alias straight away; a longer one, or one whose
 * page is absent or lacks the right, goes through wombat_buffer_op()'s
 * chunks (which fault it in or fail). arch/um went raw_copy_* -> buffer_op ->
 * op through a pointer -> memcpy/memset for every access (arm64: 101
 * instructions to clear the byte of a 1-byte read of /dev/zero, against
 * native's 10). Each returns the bytes not copied or cleared.
 */
unsigned long wombat_copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long wombat_copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long wombat_clear_user(void __user *mem, unsigned long n);

/* The alias of [addr, addr + n) where it lies in one page of the current
 * process that allows the access, else 0: the caller then goes through
 * wombat_buffer_op()'s chunks (and its faults and errors). */
static __always_inline unsigned long one_page_alias(unsigned long addr, unsigned long n, int is_write)
{
	struct mm_struct *mm = current->mm;

	if (unlikely(!mm || !one_page(addr, n)))
		return 0;
	return user_alias(mm, addr, is_write);
}

/* The sizes a single move does (a pipe's 4-byte token, a 1-byte read of
 * /dev/zero) inline; the rest through memcpy()/memset(). */
static __always_inline void copy_n(void *d, const void *s, unsigned long n)
{
	switch (n) {
	case 1: __builtin_memcpy(d, s, 1); break;
	case 4: __builtin_memcpy(d, s, 4); break;
	case 8: __builtin_memcpy(d, s, 8); break;
	default: memcpy(d, s, n);
	}
}

unsigned long wombat_copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long k = one_page_alias((unsigned long)from, n, 0);

	if (unlikely(!k))
		return wombat_buffer_op((unsigned long)from, n, 0, copy_from_chunk, &to);
	copy_n(to, (void *)k, n);
	return 0;
}

unsigned long wombat_copy_to_user(void __user *to, const void *from, unsigned long n)
{
	unsigned long k = one_page_alias((unsigned long)to, n, 1);

	if (unlikely(!k))
		return wombat_buffer_op((unsigned long)to, n, 1, copy_to_chunk, &from);
	copy_n((void *)k, from, n);
	return 0;
}

unsigned long wombat_clear_user(void __user *mem, unsigned long n)
{
	unsigned long k = one_page_alias((unsigned long)mem, n, 1);

	if (unlikely(!k))
		return wombat_buffer_op((unsigned long)mem, n, 1, clear_chunk, NULL);
	if (n == 1)
		*(unsigned char *)k = 0;
	else
		memset((void *)k, 0, n);
	return 0;
}

/*
 * strncpy_from_user() (the patch um-uaccess-strncpy.patch returns this once
 * access_ok() passed): each page chunk of the string walked to its alias as
 * above, its NUL found a word at a time (chunkstr.c), the bytes up to it
 * copied. arch/um went buffer_op -> op -> strnlen -> memcpy per chunk (about
 * 136 instructions for the empty path of glibc's fstat() on x86_64).
 * Returns the length without the NUL, count if there is none in count
 * bytes (dst then holds count bytes and no NUL), -EFAULT.
 */
long wombat_strncpy_from_user(char *dst, const char __user *src, long count);

/* The string chunk by chunk (a path that crosses a page, or count reached). */
static noinline long strncpy_chunks(char *dst, struct mm_struct *mm, unsigned long addr, long count)
{
	long done = 0;

	while (done < count) {
		long size = min_t(long, PAGE_SIZE - (addr & ~PAGE_MASK), count - done);
		const char *k = (const char *)user_alias(mm, addr, 0);
		long n;

		if (!k)
			return -EFAULT;
		n = wombat_chunk_strnlen(k, size);
		if (n < size) {
			memcpy(dst + done, k, n + 1);
			return done + n;
		}
		memcpy(dst + done, k, size);
		done += size;
		addr += size;
	}
	return count;
}

/* The common case inline: the string's first page mapped with the NUL in
 * it, the destination aligned with a word of room past the chunk; with no
 * call but tail calls it needs no frame. The loop with its many live
 * registers (a 28-instruction frame on riscv64) only for the rest. */
long wombat_strncpy_from_user(char *dst, const char __user *src, long count)
{
	struct mm_struct *mm = current->mm;
	unsigned long addr = (unsigned long)src;
	long size = PAGE_SIZE - (addr & ~PAGE_MASK);
	const char *k;
	long n;

	if (unlikely(!mm))
		return -EFAULT;
	if (unlikely(count <= 0))
		return count;
	if (size > count)
		size = count;
	k = (const char *)user_alias_or(mm, addr, 0, 0);
	if (unlikely(!k))               /* the loop faults the page in, or fails */
		return strncpy_chunks(dst, mm, addr, count);
	if (!*k) {                      /* glibc's fstat() passes "": no scan, no copy call */
		*dst = 0;
		return 0;
	}
	if (unlikely(((unsigned long)dst & (sizeof(long) - 1)) || count - size < (long)sizeof(long)))
		return strncpy_chunks(dst, mm, addr, count);
	n = chunk_strcpy((unsigned long *)dst, k, size);        /* scan and copy at once */
	if (unlikely(n >= size))
		return strncpy_chunks(dst, mm, addr, count);
	return n;
}
