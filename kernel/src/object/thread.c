/* Thread objects: ids, creation, destruction, blocking and waking. */
#include <kernel.h>
#include <arch.h>
#include <arch_sysargs.h>

struct tcb *thread_table[MAX_THREADS];
u64 threads_live;
int thread_slots_used = 1;       /* slots at and above this were never used */
static u32 versions[MAX_THREADS];
static struct tcb *zombies;

struct tcb *tid_lookup(u64 tid)
{
	u64 i = L4_TID_INDEX(tid);
	if (i == 0 || i >= MAX_THREADS)
		return NULL;
	struct tcb *t = thread_table[i];
	return (t && t->tid == tid) ? t : NULL;
}

static int alloc_slot(void)
{
	for (int i = 1; i < MAX_THREADS; i++)
		if (!thread_table[i])
			return i;
	return -1;
}

static bool utcb_slot_ok(struct space *s, u64 uva)
{
	u64 pa = 0;
	return !(uva & (PAGE_SIZE - 1)) && uva >= L4_UTCB_AREA &&
	       uva < L4_UTCB_AREA + L4_UTCB_AREA_SIZE && !arch_pt_lookup(s, uva, &pa);
}

struct tcb *thread_create(struct space *s, u8 prio, u64 pager, u64 exh, u64 utcb_uva, int *err)
{
	int slot = alloc_slot();
	if (!utcb_slot_ok(s, utcb_uva)) {
		*err = (utcb_uva & (PAGE_SIZE - 1)) || utcb_uva < L4_UTCB_AREA ||
		       utcb_uva >= L4_UTCB_AREA + L4_UTCB_AREA_SIZE ? L4_EINVAL : L4_EBUSY;
		return NULL;
	}
	/* Three frames charged to the space: TCB (with its FPU area), kernel stack, UTCB. */
	struct tcb *t = slot < 0 ? NULL : kmem_alloc(s, true);
	u8 *kstack = t ? kmem_alloc(s, false) : NULL;
	struct l4_utcb *utcb = kstack ? kmem_alloc(s, true) : NULL;
	if (!utcb || arch_pt_map(s, utcb_uva, virt_to_phys(utcb), L4_R | L4_W) != L4_OK) {
		if (utcb)
			kmem_free(s, utcb);
		if (kstack)
			kmem_free(s, kstack);
		if (t)
			kmem_free(s, t);
		*err = L4_ENOMEM;
		return NULL;
	}
	if (slot >= thread_slots_used)
		thread_slots_used = slot + 1;
	versions[slot] = (versions[slot] + 1) & 0xffffffff;
	if (!versions[slot])
		versions[slot] = 1;
	t->tid = (u64)slot | ((u64)versions[slot] << 16);
	t->space = s;
	t->prio = prio;
	t->state = TS_INACTIVE;
	t->slice_ns = DEFAULT_SLICE_NS;
	t->pager = pager;
	t->exh = exh;
	t->utcb = utcb;
	t->utcb_uva = utcb_uva;
	t->kstack = kstack;
	t->tls[1] = utcb_uva;            /* where a new thread finds its UTCB (see l4_arch.h) */
	utcb->self = utcb_uva;
	utcb->tid = t->tid;
	arch_fpu_init_state(t);
	arch_thread_init(t, 0);
	arch_frame_init_user(arch_user_frame(t), 0, 0);
	FR_FLAGS(arch_user_frame(t)) = arch_sanitize_flags(s, 0);
	t->space_next = s->threads;
	s->threads = t;
	s->nthreads++;
	thread_table[slot] = t;
	threads_live++;
	*err = L4_OK;
	return t;
}

static void free_thread(struct tcb *t)
{
	kfree(t->utcb);
	kfree(t->kstack);
	kfree(t);
}

/* Undo every link to t; its memory goes now, or after the switch if it is running. */
void thread_destroy(struct tcb *t)
{
	ipc_cancel_all(t);
	vcpu_release(t);
	timeout_cancel(t);
	timer_disarm(t);
	sched_remove(t);
	irq_unbind_thread(t);
	arch_fpu_forget(t);
	struct space *s = t->space;
	if (s->pt_root)
		arch_pt_unmap(s, t->utcb_uva);
	for (struct tcb **pp = &s->threads; *pp; pp = &(*pp)->space_next)
		if (*pp == t) {
			*pp = t->space_next;
			break;
		}
	s->nthreads--;
	kmem_uncharge(s, 3);            /* the frames go in free_thread(), maybe later */
	thread_table[L4_TID_INDEX(t->tid)] = NULL;
	threads_live--;
	t->state = TS_DEAD;
	t->tid = 0;
	if (t == current) {
		t->space_next = zombies;
		zombies = t;
		need_resched = true;
	} else {
		free_thread(t);
	}
}

void threads_reap(void)
{
	while (zombies && zombies != current) {
		struct tcb *z = zombies;
		zombies = z->space_next;
		free_thread(z);
	}
}

void thread_block(struct tcb *t, enum tstate st)
{
	t->state = st;
	assert(t == current);
	schedule();
}

void thread_wake(struct tcb *t, u64 err)
{
	timeout_cancel(t);
	t->ipc_err = err;
	t->state = TS_READY;
	t->in_call = 0;
	sched_ready(t);
}

/* A thread with no one to handle its fault stops for good (until exregs). */
void thread_halt(struct tcb *t, const char *why)
{
	printk("[kernel] thread %lx halted: %s\n", t->tid, why);
	t->halted = 1;
	t->state = TS_INACTIVE;
}

/* The idle thread zeroes freed frames (interrupts on), then halts. */
void idle_loop(void)
{
	for (;;)
		if (!kmem_scrub())
			arch_idle();
}

struct tcb *idle_thread_create(void)
{
	struct tcb *t = kalloc();
	t->kstack = kalloc();
	assert(t && t->kstack);
	t->is_idle = 1;
	t->state = TS_READY;
	t->space = kernel_space;
	arch_thread_init(t, (u64)idle_loop);
	return t;
}
