/* Generic kernel objects (threads, spaces, mapping nodes) and their interfaces. */
#ifndef KERNEL_H
#define KERNEL_H
#include <types.h>
#include <l4.h>

#define MAX_THREADS 1024
#define MAX_SPACES  4096
#define NPRIO       256
#define DEFAULT_SLICE_NS 10000000ULL

enum tstate { TS_FREE, TS_INACTIVE, TS_READY, TS_SENDING, TS_RECEIVING, TS_DEAD };

struct space;
struct frame;

/* A thread: one page holding this struct and its FPU area; a separate kernel stack page. */
struct tcb {
	u64 ksp;                    /* saved kernel stack pointer while switched out */
	u64 tid;
	struct space *space;
	struct tcb *space_next;
	u8 prio, state, kmsg_on, in_call, call_pending, halted, is_idle;
	u64 slice_ns, slice_end;
	u64 slice_left;             /* preempted mid-slice: what it resumes with */
	struct tcb *rq_next, *rq_prev;
	/* IPC */
	u64 wait_from;              /* RECEIVING: tid, L4_ANYTHREAD or L4_NOTIFYONLY */
	struct tcb *partner;        /* SENDING: the thread whose queue we are in */
	struct tcb *sq_head, *sq_tail, *sq_next, *sq_prev;
	u64 ipc_err, tag, rcv_from;
	u32 rcv_timeout_us;
	u64 timeout;                /* absolute ns, 0 = none */
	struct tcb *to_next, *to_prev;
	/* notifications and the per-thread timer */
	u64 notify_bits;
	u64 timer_deadline, timer_period, timer_bits;
	struct tcb *tm_next, *tm_prev;
	/* handlers and user state */
	u64 pager, exh;
	struct l4_utcb *utcb;
	u64 utcb_uva;
	u64 tls[2];                 /* its two TLS base registers (x86_64: FS, GS base) */
	u8 *kstack;
	u64 kmsg[L4_MR_COUNT];      /* messages the kernel sends on the thread's behalf */
	/* vCPU mode (vcpu.c) */
	struct l4_vcpu_state *vcpu; /* kernel address of the shared state page, or NULL */
	void *fpu_task;             /* while visiting a task: its FPU image (in the state page) */
	bool fpu_task_loaded;       /* ...loaded into the FPU during this visit */
	u64 vcpu_uva, vcpu_flags;
	struct space *vcpu_task;    /* task space it runs in now, or NULL for its own */
	u64 vcpu_server[24];        /* its own frame while it runs a task */
	u64 vcpu_server_tls[2];
	/* The task space its last fast VCPU_RESUME looked up and checked
	 * (vcpu_fast.S): id, space_epoch then, the space; x86_64's fast path
	 * keeps the one before it too (vcpu_hit2: two processes taking turns). */
	u64 vcpu_hit_sid, vcpu_hit_epoch;
	struct space *vcpu_hit;
	u64 vcpu_hit2_sid, vcpu_hit2_epoch;
	struct space *vcpu_hit2;
	u8 vcpu_waiting;
	u64 release_at;             /* woken ahead of its timer: leaves the kernel at this time */
};
#define TCB_FPU_OFFSET 2048
_Static_assert(sizeof(struct tcb) <= TCB_FPU_OFFSET, "tcb fits below its FPU area");
static inline void *tcb_fpu(struct tcb *t) { return (u8 *)t + TCB_FPU_OFFSET; }

#define SP_FOREIGN   1
#define SP_IO        2
#define SP_PRIV      4
#define SP_ALLOW_ALL 8

struct space {
	u64 sid;                    /* 0 = free slot */
	u64 *pt_root;               /* kernel virtual address of the top table */
	u64 pt_root_pa;
	u16 pcid;
	u8 tlb_dirty;
	u8 fpu_eager;               /* as a vCPU's task: visits left that load its FPU image at once */
	u32 flags;
	u64 allow[MAX_SPACES / 64];
	struct tcb *threads;
	u32 nthreads;
	u32 scan_at;                /* space_destroy: where its scan of space_table goes on */
	struct space *owner;        /* may map into this space and run vCPUs in it */
	u64 nmaps;                  /* mapping-database nodes of this space */
	struct mnode *maps;         /* ...listed */
	u32 visitors;               /* vCPUs running in it now */
	u32 nowned;                 /* spaces whose owner this one is */
	/* Kernel memory (kmem.c): frames this space causes (its page tables,
	 * mapping nodes, threads) are charged to its payer's account. */
	struct space *payer;        /* NULL: its own account */
	u32 npayees;                /* spaces whose payer this one is */
	u64 kmem_own;               /* frames caused by this space */
	u64 kmem_charged;           /* frames charged to this account (its own and its payees') */
	u64 kmem_limit;             /* at most this many (KMEM_UNLIMITED by default) */
	struct mslab *slabs;        /* pages of its mapping nodes that have free nodes (mdb.c) */
	/* The leaf page table the architecture's walk() reached last, for
	 * the 2 MiB region walk_region (va >> 21); NULL: none. Mapping a
	 * run of pages walks from the root once per region, not per page.
	 * Dropped whenever the space's tables are freed (pt_free_below()). */
	u64 *walk_leaf;
	u64 walk_region;
};

static inline u64 *walk_cached(struct space *s, u64 va)
{
	return s->walk_leaf && s->walk_region == va >> 21 ? &s->walk_leaf[(va >> 12) & 511] : NULL;
}

static inline u64 *walk_remember(struct space *s, u64 va, u64 *leaf)
{
	s->walk_leaf = leaf;
	s->walk_region = va >> 21;
	return &leaf[(va >> 12) & 511];
}

/* The space a thread executes in right now: a vCPU may be visiting a task. */
static inline struct space *tcb_space(struct tcb *t) { return t->vcpu_task ? t->vcpu_task : t->space; }

/* Global state. */
extern struct tcb *current;
extern struct tcb *thread_table[MAX_THREADS];
extern int thread_slots_used;      /* scans of thread_table stop here */
extern u64 threads_live, spaces_live;   /* L4_KI_THREADS, L4_KI_SPACES: counted, never scanned */
extern struct space space_table[MAX_SPACES];
/* Changes whenever a space's owner or flags change or a space goes: what
 * the vCPU fast path checked of a task space (owner, flags) holds while it
 * stays the same. Starts at 1: a TCB's zeroed vcpu_hit_epoch never matches. */
extern u64 space_epoch;
extern struct space *kernel_space;
extern u64 kernel_entries;
extern u64 vcpu_fast_count;
extern u64 wallclock_at_zero;      /* L4_KI_WALLCLOCK (main.c) */
extern bool fastpath_enabled;

/* What the platform's boot loader gave, as the architecture's entry
 * (arch_kmain) found it; kmain() takes it from there. */
struct boot_ram { u64 start, end; };
/* A device for user-mode drivers (arch_devices): MMIO [start, end), or none
 * when start == end; its line, or L4_BI_NOIRQ; a short name. */
struct boot_dev { u64 start, end; u32 irq; const char *name; };
/* virtio_mmio.c: a virtio-mmio transport a device tree lists (its SPI or PLIC source). */
struct virtio_mmio { u64 pa; u32 irq; };
void virtio_mmio_add(struct virtio_mmio *t, unsigned *nt, unsigned max, u64 pa, u32 irq);
int virtio_mmio_devices(struct boot_dev *d, int n, int max, const struct virtio_mmio *t, unsigned nt,
			u64 size, unsigned nirqs);
/* Physical memory the root task may map with MAP_PHYS (main.c): free RAM,
 * the boot modules, and the board's device ranges (only with L4_DEVICE). */
struct phys_range { u64 start, end; bool device; };
extern struct phys_range phys_allowed[];
extern int nphys_allowed;
struct boot_params {
	char cmdline[256];
	u64 nmods;
	struct { u64 start, size; char cmdline[112]; } mods[L4_BI_MAXMODS];
	int nram;
	struct boot_ram ram[L4_BI_MAXMEM];
	u64 free_start;             /* after the kernel and all the loader placed */
	u64 seed[4];                /* entropy the loader gave (0: none), for the root task */
};
void kmain(struct boot_params *bp) __attribute__((noreturn));
u64 kernel_option(const char *name, u64 dflt);   /* `name=N` on the kernel command line */

/* printk.c */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
#define assert(c) do { if (unlikely(!(c))) panic("assert %s at %s:%d", #c, __FILE__, __LINE__); } while (0)

/* kmem.c: kernel-memory frames, and the accounts they are charged to. */
#define KMEM_UNLIMITED (~0ULL)
void kmem_init(u64 start_pa, u64 end_pa);
void *kalloc(void);                /* a zeroed page, or NULL (uncharged: boot and idle only) */
void kfree(void *page);
void *kmem_alloc(struct space *cause, bool zero);   /* charged to cause's payer; NULL: over its limit or pool empty */
void kmem_free(struct space *cause, void *page);
bool kmem_charge(struct space *cause, u64 frames);
void kmem_uncharge(struct space *cause, u64 frames);
void kmem_set_payer(struct space *s, struct space *payer);
bool kmem_ready(u64 frames);        /* enough zeroed frames, or false when a timer event fell due first */
u64 kmem_total(void);
bool kmem_scrub(void);              /* idle work: zero a freed frame */
u64 kmem_free_count(void);
/* A page table (a kmem frame) got a table below its entry index (the walk);
 * the groups of 8 entries that may hold one (bit g: 8g..8g+7); a group all
 * freed (pt_free_below, vspace.c). */
void kmem_pt_added(void *table, unsigned index);
u64 kmem_pt_groups(void *table);
void kmem_pt_group_done(void *table, unsigned group);
bool pt_free_below(struct space *s, u64 *table, int level, unsigned n);
u64 pt_next(struct space *s, u64 va, u64 end);   /* the first page s maps in [va, end), or end */
u64 virt_to_phys(const void *va);
void *phys_to_virt(u64 pa);

/* sched.c */
void sched_init(void);
void sched_ready(struct tcb *t);      /* make runnable; may mark a preemption */
void sched_remove(struct tcb *t);
void schedule(void);                  /* switch to the best runnable thread */
void sched_tick(void);
void sched_yield(void);
extern bool need_resched;

/* timer.c: timeouts, per-thread timers, the clock. */
void timeout_set(struct tcb *t, u32 us);
void timeout_cancel(struct tcb *t);
void timers_expire(void);
void timer_arm(struct tcb *t, u64 deadline, u64 period, u64 bits);
void timer_disarm(struct tcb *t);
void timer_reprogram(void);
void timer_reprogram_for(struct tcb *run, u64 now);     /* before switching to run; now: the clock */
bool preempt_due(void);                      /* a timer event is due: long calls restart */
void timer_release_spin(struct tcb *t);
/* Woken ahead of its timer: wait for the deadline (inline: every switch and
 * trap exit asks). */
static inline void timer_release_wait(struct tcb *t)
{
	if (t->release_at)
		timer_release_spin(t);
}

/* thread.c */
struct tcb *tid_lookup(u64 tid);
struct tcb *thread_create(struct space *s, u8 prio, u64 pager, u64 exh, u64 utcb_uva, int *err);
void thread_destroy(struct tcb *t);
void thread_block(struct tcb *t, enum tstate st);
void thread_wake(struct tcb *t, u64 err);
void thread_halt(struct tcb *t, const char *why);
void threads_reap(void);
struct tcb *idle_thread_create(void);
void idle_loop(void) __attribute__((noreturn));

/* space.c */
struct space *space_lookup(u64 sid);
struct space *space_create(int *err);
bool space_destroy(struct space *s);          /* false: preempted, call again */
void space_set_owner(struct space *s, struct space *owner);
bool space_may_send(struct space *from, struct space *to);
static inline int space_index(struct space *s) { return (int)(s - space_table); }

/* mdb.c: the mapping database. Derivation trees are at most MDB_MAX_DEPTH
 * deep, which bounds the ancestor walk of every map. */
#define MDB_MAX_DEPTH 64
struct mnode {
	struct space *space;
	u64 va, pa;
	u8 rights, depth;
	u8 attr;                       /* L4_DEVICE or 0: fixed by the root mapping, inherited */
	struct mnode *parent, *child, *next, *prev, *hnext;
	struct mnode *snext, *sprev;   /* the nodes of the same space */
};
void mdb_init(u64 pool_start_pa, u64 pool_frames);   /* returns via mdb_pool_end() */
u64 mdb_pool_end(void);
u64 mdb_slab_nodes(void);
struct mnode *mdb_lookup(struct space *s, u64 va);
struct mnode *mdb_insert(struct space *s, u64 va, u64 pa, unsigned rights, struct mnode *parent);
typedef void (*mdb_visit)(struct mnode *n);
void mdb_remove_tree(struct mnode *n, bool self, mdb_visit on_remove);
void mdb_restrict_tree(struct mnode *n, unsigned keep, mdb_visit on_change);
u64 mdb_count(void);
struct mnode *mdb_find_any(struct space *s);

/* vspace.c: mapping and revocation on top of mdb and page tables. */
int map_root(struct space *s, u64 va, u64 pa, unsigned rights);
int map_page(struct space *from, u64 sva, struct space *to, u64 dva, unsigned rights);
void unmap_page(struct space *s, u64 va, unsigned revoke, bool self);
bool protect_page(struct space *s, u64 va, unsigned rights);
u64 unmap_range(struct space *s, u64 va, u64 end);    /* end, or where to go on */
bool space_unmap_preemptible(struct space *s);
bool user_range_ok(u64 va, u64 len);

/* ipc.c */
u64 ipc(struct tcb *self, u64 to, u64 from, u64 timeouts);
u64 ipc_kernel_call(struct tcb *self, u64 to);
void ipc_abort(struct tcb *t, u64 err);
void ipc_cancel_all(struct tcb *dying);
u64 notify(struct tcb *t, u64 bits);
static inline u64 *mbuf(struct tcb *t) { return t->kmsg_on ? t->kmsg : t->utcb->mr; }

/* vcpu.c */
#define SYSCALL_NORET (~0ULL)       /* a system call that rewrote the whole frame */
u64 vcpu_ctrl(struct tcb *t, u64 uva, u64 ip, u64 sp, u64 flags);
u64 vcpu_resume(struct tcb *t, struct frame *f, u64 task, u64 flags);
void vcpu_fpu_release(struct tcb *t);
void vcpu_fpu_trapped(struct tcb *t);
void vcpu_fpu_eager(struct tcb *t, struct space *task);
void vcpu_task_syscall(struct tcb *t, struct frame *f);
u64 vcpu_wait(struct tcb *t, u32 us);
bool vcpu_fault(struct tcb *t, struct frame *f, u64 vec, u64 error, u64 addr);
void vcpu_exit_check(struct tcb *t, struct frame *f);
void vcpu_release(struct tcb *t);
void vcpu_evict_space(struct space *s);

/* trap.c: what a trap does once the architecture decoded it. */
void trap_timer(void);
void trap_device(unsigned irq);
void trap_exit(struct frame *f, bool timer);

/* exception.c */
void handle_user_fault(struct frame *f, u64 vector, u64 error, u64 addr);

/* irq.c */
void irq_raise(unsigned irq);
u64 irq_bind(unsigned irq, struct tcb *t, u64 bit);
u64 irq_ack(struct tcb *self, unsigned irq);
void irq_unbind_thread(struct tcb *t);
void irq_priority_ceiling(unsigned prio);
extern u32 irq_bound;     /* how many lines are bound to a thread: 0, no ceiling to keep */

/* syscall.c and fastpath */
void syscall_dispatch(struct frame *f);
void syscall_exit(struct frame *f);
void fastpath_resumed(struct frame *f);
void fastpath_timeouts(struct tcb *self, struct tcb *d, u64 timeouts);

/* boot */
void root_task_start(void);
#endif
