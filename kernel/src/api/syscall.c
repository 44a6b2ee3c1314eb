/* System call decode (checks; the only part that fails) and invoke. */
#include <kernel.h>
#include <arch.h>
#include <arch_sysargs.h>

/* Kernel entries, but the vCPU fast path's count only in vcpu_fast_count
 * (L4_KI_KENTRIES adds it): one counter less at every task exit and resume. */
u64 kernel_entries;
u64 vcpu_fast_count;          /* arch fast path (kernel/arch/<arch>/src/vcpu_fast.S) */
bool fastpath_enabled = true;
int sched_highest_prio(void);

typedef u64 (*syscall_fn)(struct tcb *self, struct frame *f);
#define PRIVILEGED(self) ((self)->space->flags & SP_PRIV)

/* Message registers in and out of the frame; fastpath_resumed() shares these. */
void ipc_regs_in(struct tcb *self, struct frame *f)
{
	u64 *mr = self->utcb->mr;
	mr[0] = SC_MR0(f); mr[1] = SC_MR1(f); mr[2] = SC_MR2(f); mr[3] = SC_MR3(f);
	self->tag = SC_TAG(f) & ~(0xfULL << 12);
}

void ipc_regs_out(struct tcb *self, struct frame *f, u64 e)
{
	u64 *mr = self->utcb->mr;
	SC_A1(f) = self->rcv_from;
	SC_TAG(f) = self->tag;
	SC_MR0(f) = mr[0]; SC_MR1(f) = mr[1]; SC_MR2(f) = mr[2]; SC_MR3(f) = mr[3];
	self->utcb->error = e;
	SC_RET(f) = e;
}

/* Map items, page tables, threads: at most this many frames per step. */
#define STEP_FRAMES 4

static u64 restart(struct frame *f, unsigned long nr);

static u64 sys_ipc(struct tcb *self, struct frame *f)
{
	u64 tag = SC_TAG(f);
	if (SC_A0(f) && L4_TAG_U(tag) + 2 * L4_TAG_T(tag) > L4_MR_COUNT)
		return L4_EINVAL;             /* the tag matters only when sending */
	if (SC_A0(f) && L4_TAG_T(tag) && !kmem_ready(STEP_FRAMES))
		return restart(f, L4_SYS_IPC);
	ipc_regs_in(self, f);
	u64 e = ipc(self, SC_A0(f), SC_A1(f), SC_A2(f));
	ipc_regs_out(self, f, e);
	return e;
}

static u64 sys_notify(struct tcb *self, struct frame *f)
{
	struct tcb *t = tid_lookup(SC_A0(f));
	if (!t)
		return L4_ENOTHREAD;
	if (!space_may_send(self->space, t->space))
		return L4_EPERM;
	return notify(t, SC_A1(f));
}

static u64 sys_thread_create(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	struct space *s = space_lookup(SC_A0(f));
	if (!s)
		return L4_ENOSPACE;
	if (SC_A1(f) >= NPRIO)
		return L4_EINVAL;
	if (!kmem_ready(STEP_FRAMES + 3))
		return restart(f, L4_SYS_THREAD_CREATE);
	int err;
	struct tcb *t = thread_create(s, (u8)SC_A1(f), SC_A2(f), SC_A3(f), SC_A4(f), &err);
	if (t)
		SC_OUT(f) = t->tid;
	return (u64)err;
}

static u64 sys_thread_destroy(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	struct tcb *t = tid_lookup(SC_A0(f));
	if (!t)
		return L4_ENOTHREAD;
	thread_destroy(t);
	return L4_OK;
}

static bool may_control(struct tcb *self, struct tcb *t)
{
	return t->space == self->space || PRIVILEGED(self) ||
	       self->tid == t->pager || self->tid == t->exh;
}

static void exregs_invoke(struct tcb *t, u64 flags, const u64 *in)
{
	struct frame *tf = arch_user_frame(t);
	if (flags & (L4_EX_ABORT | L4_EX_STOP))
		ipc_abort(t, L4_EABORTED);
	if (flags & L4_EX_STOP) {
		sched_remove(t);
		t->state = TS_INACTIVE;
		if (t == current)
			need_resched = true;
	}
	if (flags & L4_EX_IP)
		FR_IP(tf) = in[0];
	if (flags & L4_EX_SP)
		FR_SP(tf) = in[1];
	if (flags & L4_EX_FLAGS)
		FR_FLAGS(tf) = arch_sanitize_flags(t->space, in[2]);
	if (flags & (L4_EX_TLS0 | L4_EX_TLS1))
		arch_set_tls_bases(t, (flags & L4_EX_TLS0) ? in[3] : t->tls[0],
				   (flags & L4_EX_TLS1) ? in[4] : t->tls[1]);
	if (flags & L4_EX_PAGER)
		t->pager = in[5];
	if (flags & L4_EX_EXH)
		t->exh = in[7];
	if ((flags & L4_EX_RESUME) && t->state == TS_INACTIVE) {
		t->halted = 0;
		t->state = TS_READY;
		sched_ready(t);
	}
}

static u64 sys_exregs(struct tcb *self, struct frame *f)
{
	struct tcb *t = tid_lookup(SC_A0(f));
	if (!t)
		return L4_ENOTHREAD;
	if (!may_control(self, t))
		return L4_EPERM;
	u64 flags = SC_A1(f), *mr = self->utcb->mr, in[8];
	for (int i = 0; i < 8; i++)
		in[i] = mr[i];
	if (((flags & L4_EX_IP) && !arch_user_addr_ok(in[0])) || ((flags & L4_EX_SP) && !arch_user_addr_ok(in[1])) ||
	    ((flags & L4_EX_TLS0) && !arch_user_addr_ok(in[3])) || ((flags & L4_EX_TLS1) && !arch_user_addr_ok(in[4])))
		return L4_EINVAL;
	struct frame *tf = arch_user_frame(t);
	static const u8 state_code[] = { 0, L4_TS_STOPPED, L4_TS_READY, L4_TS_SENDING,
					 L4_TS_RECEIVING, L4_TS_DEAD };
	mr[0] = FR_IP(tf); mr[1] = FR_SP(tf); mr[2] = FR_FLAGS(tf);
	mr[3] = t->tls[0]; mr[4] = t->tls[1]; mr[5] = t->pager;
	mr[6] = state_code[t->state]; mr[7] = t->exh;
	exregs_invoke(t, flags, in);
	return L4_OK;
}

static u64 sys_space_create(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	if (!kmem_ready(1))
		return restart(f, L4_SYS_SPACE_CREATE);
	int err;
	struct space *s = space_create(&err);
	if (s)
		SC_OUT(f) = s->sid;
	return (u64)err;
}

/* A preemption point's way out: the thread executes the same system call
 * again (its arguments advanced past the work done) once the interrupt
 * that fell due is taken. */
static u64 restart(struct frame *f, unsigned long nr)
{
	arch_syscall_restart(f, nr);
	return SYSCALL_NORET;
}

/* A preemption point in a loop over n pages, after `done` of them: if a
 * timer event is due and pages are left, advance the call's address
 * arguments (va2 may be NULL) and its page count past them, for restart(). */
static bool stop_after(u64 done, u64 n, u64 *va, u64 *va2, u64 *count)
{
	if (done >= n || !preempt_due())
		return false;
	*va += done * PAGE_SIZE;
	if (va2)
		*va2 += done * PAGE_SIZE;
	*count -= done;
	return true;
}

static u64 sys_space_destroy(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	struct space *s = space_lookup(SC_A0(f));
	if (!s)
		return L4_ENOSPACE;
	if (s == self->space)
		return L4_EINVAL;
	/* A big space goes in steps: when a timer event falls due, the call
	 * returns to its own syscall instruction (arguments unchanged), so the
	 * interrupt and higher priorities get in between; the caller sees one
	 * call. */
	return space_destroy(s) ? L4_OK : restart(f, L4_SYS_SPACE_DESTROY);
}

static void set_flag(struct space *s, u32 flag, bool on)
{
	s->flags = on ? (s->flags | flag) : (s->flags & ~flag);
	space_epoch++;
	for (struct tcb *t = s->threads; t; t = t->space_next)
		FR_FLAGS(arch_user_frame(t)) = arch_sanitize_flags(s, FR_FLAGS(arch_user_frame(t)));
}

static u64 sys_space_ctrl(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	struct space *s = space_lookup(SC_A0(f));
	if (!s)
		return L4_ENOSPACE;
	u64 op = SC_A1(f), arg = SC_A2(f);
	if (op == L4_SC_ALLOW || op == L4_SC_DENY) {
		struct space *to = space_lookup(arg);
		if (!to)
			return L4_ENOSPACE;
		int i = space_index(to);
		if (op == L4_SC_ALLOW)
			s->allow[i / 64] |= 1ULL << (i % 64);
		else
			s->allow[i / 64] &= ~(1ULL << (i % 64));
		return L4_OK;
	}
	if (op == L4_SC_KMEM_LIMIT) {
		s->kmem_limit = arg;
		return L4_OK;
	}
	if (op == L4_SC_KMEM_PAYER) {
		struct space *p = arg ? space_lookup(arg) : NULL;
		if (arg && !p)
			return L4_ENOSPACE;
		if (s->npayees && p && p != s)
			return L4_EINVAL;            /* an account that others pay into keeps paying itself */
		kmem_set_payer(s, p);
		return L4_OK;
	}
	if (op == L4_SC_KMEM_USED || op == L4_SC_KMEM_OWN) {
		SC_OUT(f) = op == L4_SC_KMEM_USED ? s->kmem_charged : s->kmem_own;
		return L4_OK;
	}
	if (op == L4_SC_OWNER) {
		struct space *o = arg ? space_lookup(arg) : NULL;
		if (arg && !o)
			return L4_ENOSPACE;
		space_set_owner(s, o);
		return L4_OK;
	}
	static const u32 flag_of[] = { [L4_SC_FOREIGN] = SP_FOREIGN, [L4_SC_IO] = SP_IO,
				       [L4_SC_PRIV] = SP_PRIV, [L4_SC_ALLOW_ALL] = SP_ALLOW_ALL };
	if (op >= ARRAY_SIZE(flag_of) || !flag_of[op] || arg > 1)
		return L4_EINVAL;
	set_flag(s, flag_of[op], arg);
	return L4_OK;
}

/* The range the root task may map [pa, pa + len) from, or NULL. */
static const struct phys_range *phys_ok(u64 pa, u64 len)
{
	for (int i = 0; i < nphys_allowed; i++)
		if (pa >= phys_allowed[i].start && pa < phys_allowed[i].end &&
		    len <= phys_allowed[i].end - pa)
			return &phys_allowed[i];
	return NULL;
}

static u64 sys_map_phys(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	struct space *s = space_lookup(SC_A0(f));
	if (!s)
		return L4_ENOSPACE;
	u64 va = SC_A1(f), pa = SC_A2(f), n = SC_A3(f), rights = SC_A4(f);
	if (!n || n > (1ULL << L4_MAP_MAXORDER) || (pa & (PAGE_SIZE - 1)) ||
	    !(rights & L4_RWX) || (rights & ~(u64)(L4_RWX | L4_DEVICE)) ||
	    ((rights & L4_DEVICE) && (rights & L4_X)) || !user_range_ok(va, n * PAGE_SIZE))
		return L4_EINVAL;
	const struct phys_range *r = phys_ok(pa, n * PAGE_SIZE);
	if (!r)
		return L4_EPERM;
	if (r->device != !!(rights & L4_DEVICE))
		return L4_EINVAL;          /* device pages only as device memory, RAM never */
	for (u64 i = 0; i < n; i++) {
		if (!kmem_ready(STEP_FRAMES)) {
			if (i)
				stop_after(i, n, &SC_A1(f), &SC_A2(f), &SC_A3(f));
			return restart(f, L4_SYS_MAP_PHYS);
		}
		if (map_root(s, va + i * PAGE_SIZE, pa + i * PAGE_SIZE, (unsigned)rights))
			return L4_ENOMEM;
		if (stop_after(i + 1, n, &SC_A1(f), &SC_A2(f), &SC_A3(f)))
			return restart(f, L4_SYS_MAP_PHYS);
	}
	return L4_OK;
}

static u64 sys_unmap(struct tcb *self, struct frame *f)
{
	u64 va = SC_A0(f), n = SC_A1(f), flags = SC_A2(f);
	if (!n || n > (1ULL << L4_MAP_MAXORDER) || !user_range_ok(va, n * PAGE_SIZE) ||
	    (flags & ~(u64)(L4_RWX | L4_UNMAP_SELF)))
		return L4_EINVAL;
	for (u64 i = 0; i < n; i++) {
		unmap_page(self->space, va + i * PAGE_SIZE, flags & L4_RWX, flags & L4_UNMAP_SELF);
		if (stop_after(i + 1, n, &SC_A0(f), NULL, &SC_A1(f)))
			return restart(f, L4_SYS_UNMAP);
	}
	return L4_OK;
}

static u64 sys_irq_bind(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	u64 irq = SC_A0(f);
	if (!arch_irq_bindable(irq) || SC_A2(f) >= 64)
		return L4_EINVAL;
	struct tcb *t = NULL;
	if (SC_A1(f) && !(t = tid_lookup(SC_A1(f))))
		return L4_ENOTHREAD;
	return irq_bind((unsigned)irq, t, SC_A2(f));
}

static u64 sys_irq_ack(struct tcb *self, struct frame *f)
{
	if (!arch_irq_bindable(SC_A0(f)))
		return L4_EINVAL;
	return irq_ack(self, (unsigned)SC_A0(f));
}

static u64 sys_timer(struct tcb *self, struct frame *f)
{
	if (SC_A2(f) >= 64)
		return L4_EINVAL;
	timer_arm(self, SC_A0(f), SC_A1(f), 1ULL << SC_A2(f));
	return L4_OK;
}

static u64 sys_clock(struct tcb *self, struct frame *f)
{
	(void)self;
	SC_OUT(f) = arch_clock_ns();
	return L4_OK;
}

static u64 sys_schedule(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	struct tcb *t = tid_lookup(SC_A0(f));
	if (!t)
		return L4_ENOTHREAD;
	if (SC_A1(f) >= NPRIO || SC_A2(f) > 10000000)
		return L4_EINVAL;
	bool queued = t->rq_next != NULL;
	sched_remove(t);
	t->prio = (u8)SC_A1(f);
	if (SC_A2(f))
		t->slice_ns = SC_A2(f) * 1000;
	if (queued)
		sched_ready(t);
	if (t == current || (int)current->prio < sched_highest_prio())
		need_resched = true;
	return L4_OK;
}

static u64 sys_yield(struct tcb *self, struct frame *f)
{
	(void)self; (void)f;
	sched_yield();
	return L4_OK;
}

static u64 sys_fpu(struct tcb *self, struct frame *f)
{
	struct tcb *t = tid_lookup(SC_A0(f));
	if (!t)
		return L4_ENOTHREAD;
	if (!may_control(self, t))
		return L4_EPERM;
	u32 n = arch_fpu_size();
	u8 *area = tcb_fpu(t), *x = self->utcb->xfer;
	if (SC_A1(f) == L4_FPU_READ) {
		arch_fpu_sync(t);
		for (u32 i = 0; i < n; i++)
			x[i] = area[i];
	} else if (SC_A1(f) == L4_FPU_WRITE) {
		arch_fpu_sync(t);
		arch_fpu_forget(t);
		for (u32 i = 0; i < n; i++)
			area[i] = x[i];
		arch_fpu_sanitize(area);
	} else {
		return L4_EINVAL;
	}
	SC_OUT(f) = n;
	return L4_OK;
}

static u64 sys_kinfo(struct tcb *self, struct frame *f)
{
	u64 v;
	switch (SC_A0(f)) {
	case L4_KI_FREE_FRAMES: v = kmem_free_count(); break;
	case L4_KI_MAPNODES: v = mdb_count(); break;
	case L4_KI_THREADS: v = threads_live; break;
	case L4_KI_SPACES: v = spaces_live; break;
	case L4_KI_FPU_SIZE: v = arch_fpu_size(); break;
	case L4_KI_MYTID: v = self->tid; break;
	case L4_KI_MYSPACE: v = self->space->sid; break;
	case L4_KI_TAGGED_TLB: v = (u64)arch_tlb_tagged(); break;
	case L4_KI_CLOCK_KHZ: v = arch_clock_khz(); break;
	case L4_KI_FASTPATH: v = fastpath_enabled; break;
	case L4_KI_KENTRIES: v = kernel_entries + vcpu_fast_count; break;
	case L4_KI_VCPU_FAST: v = vcpu_fast_count; break;
	case L4_KI_KMEM_TOTAL: v = kmem_total(); break;
	case L4_KI_KMEM_NODES: v = mdb_slab_nodes(); break;
	case L4_KI_WALLCLOCK: v = wallclock_at_zero; break;
	case L4_KI_CLOCK_BASE: v = arch_clock_base(); break;
	case L4_KI_CLOCK_MULT: v = arch_clock_mult(); break;
	default: return L4_EINVAL;
	}
	SC_OUT(f) = v;
	return L4_OK;
}

/* rsi: bytes already written (0; a preemption point restarts the call
 * with the rest, the serial port being slow). */
static u64 sys_kdebug(struct tcb *self, struct frame *f)
{
	u64 len = SC_A0(f);
	if (len > sizeof(self->utcb->xfer) || SC_A1(f) > len)
		return L4_EINVAL;
	for (u64 i = SC_A1(f); i < len; i++) {
		arch_debug_putc((char)self->utcb->xfer[i]);
		if (i + 1 < len && preempt_due()) {
			SC_A1(f) = i + 1;
			return restart(f, L4_SYS_KDEBUG);
		}
	}
	return L4_OK;
}

static u64 sys_shutdown(struct tcb *self, struct frame *f)
{
	if (!PRIVILEGED(self))
		return L4_EPERM;
	arch_poweroff(SC_A0(f));
}

static u64 sys_vcpu_ctrl(struct tcb *self, struct frame *f)
{
	return vcpu_ctrl(self, SC_A0(f), SC_A1(f), SC_A2(f), SC_A3(f));
}

static u64 sys_vcpu_resume(struct tcb *self, struct frame *f)
{
	return vcpu_resume(self, f, SC_A0(f), SC_A1(f));
}

static u64 sys_vcpu_wait(struct tcb *self, struct frame *f)
{
	return vcpu_wait(self, (u32)SC_A0(f));
}

/* The space s if self's space owns it, or is it (self-aliasing: the Linux
 * server maps its own pages again for vmalloc and kmap). */
static struct space *owned(struct tcb *self, u64 sid, u64 *err)
{
	struct space *s = space_lookup(sid);
	/* The root task (privileged) may map into any space: Iguana maps the
	 * sections of a native Linux process into a space Wombat owns. */
	*err = !s ? L4_ENOSPACE :
	       (s->owner != self->space && s != self->space && !PRIVILEGED(self)) ? L4_EPERM : L4_OK;
	return *err ? NULL : s;
}

static u64 sys_map_to(struct tcb *self, struct frame *f)
{
	u64 err, src = SC_A1(f), dst = SC_A2(f), n = SC_A3(f), rights = SC_A4(f);
	struct space *s = owned(self, SC_A0(f), &err);
	if (!s)
		return err;
	if (!n || n > (1ULL << L4_MAP_MAXORDER) || !user_range_ok(src, n * PAGE_SIZE) ||
	    !user_range_ok(dst, n * PAGE_SIZE) || !rights || (rights & ~(u64)L4_RWX))
		return L4_EINVAL;
	for (u64 i = 0; i < n; i++) {
		if (!kmem_ready(STEP_FRAMES)) {
			if (i)
				stop_after(i, n, &SC_A1(f), &SC_A2(f), &SC_A3(f));
			return restart(f, L4_SYS_MAP_TO);
		}
		if ((err = map_page(self->space, src + i * PAGE_SIZE, s, dst + i * PAGE_SIZE, (unsigned)rights)))
			return err;
		if (stop_after(i + 1, n, &SC_A1(f), &SC_A2(f), &SC_A3(f)))
			return restart(f, L4_SYS_MAP_TO);
	}
	return L4_OK;
}

static u64 sys_unmap_in(struct tcb *self, struct frame *f)
{
	u64 err, va = SC_A1(f), n = SC_A2(f), keep = SC_A3(f);
	struct space *s = owned(self, SC_A0(f), &err);
	if (!s)
		return err;
	/* L4_UNMAP_IN_HOLE: set by a restart below (a hole seen before it). */
	if (!n || n > L4_USER_TOP / PAGE_SIZE || !user_range_ok(va, n * PAGE_SIZE) ||
	    (keep & ~(u64)(L4_RWX | L4_UNMAP_IN_HOLE)))
		return L4_EINVAL;
	/* Only present pages cost: exec unmaps the whole user range of a task. */
	u64 end = va + n * PAGE_SIZE, next;
	if (!(keep & L4_RWX)) {
		if ((next = unmap_range(s, va, end)) < end) {
			SC_A1(f) = next;
			SC_A2(f) = (end - next) / PAGE_SIZE;
			return restart(f, L4_SYS_UNMAP_IN);
		}
		/* A task emptied whole (exec, Wombat evicting it) gives back its
		 * page tables too: they are its payer's kernel memory. */
		if (!s->nmaps && !s->threads && s != self->space && !arch_pt_trim(s)) {
			SC_A1(f) = end - PAGE_SIZE;
			SC_A2(f) = 1;
			return restart(f, L4_SYS_UNMAP_IN);
		}
		return L4_OK;
	}
	u64 found = 0;
	for (u64 a = va; (a = pt_next(s, a, end)) < end; a += PAGE_SIZE) {
		found += protect_page(s, a, (unsigned)keep);
		if (a + PAGE_SIZE < end && preempt_due()) {
			if (found < (a + PAGE_SIZE - va) / PAGE_SIZE)
				SC_A3(f) |= L4_UNMAP_IN_HOLE;
			SC_A1(f) = a + PAGE_SIZE;
			SC_A2(f) = (end - a) / PAGE_SIZE - 1;
			return restart(f, L4_SYS_UNMAP_IN);
		}
	}
	if (found < n || (keep & L4_UNMAP_IN_HOLE))
		return L4_EMAP;         /* some pages had no mapping to change */
	return L4_OK;
}

static const syscall_fn syscalls[L4_SYS_NR] = {
	[L4_SYS_IPC] = sys_ipc, [L4_SYS_NOTIFY] = sys_notify,
	[L4_SYS_THREAD_CREATE] = sys_thread_create, [L4_SYS_THREAD_DESTROY] = sys_thread_destroy,
	[L4_SYS_EXREGS] = sys_exregs, [L4_SYS_SPACE_CREATE] = sys_space_create,
	[L4_SYS_SPACE_DESTROY] = sys_space_destroy, [L4_SYS_SPACE_CTRL] = sys_space_ctrl,
	[L4_SYS_MAP_PHYS] = sys_map_phys, [L4_SYS_UNMAP] = sys_unmap,
	[L4_SYS_IRQ_BIND] = sys_irq_bind, [L4_SYS_IRQ_ACK] = sys_irq_ack,
	[L4_SYS_TIMER] = sys_timer, [L4_SYS_CLOCK] = sys_clock, [L4_SYS_SCHEDULE] = sys_schedule,
	[L4_SYS_YIELD] = sys_yield, [L4_SYS_FPU] = sys_fpu, [L4_SYS_KINFO] = sys_kinfo,
	[L4_SYS_KDEBUG] = sys_kdebug, [L4_SYS_SHUTDOWN] = sys_shutdown,
	[L4_SYS_VCPU_CTRL] = sys_vcpu_ctrl, [L4_SYS_VCPU_RESUME] = sys_vcpu_resume,
	[L4_SYS_VCPU_WAIT] = sys_vcpu_wait, [L4_SYS_MAP_TO] = sys_map_to, [L4_SYS_UNMAP_IN] = sys_unmap_in,
};

/* The last steps before any return from a system call to user mode. */
void syscall_exit(struct frame *f)
{
	if (need_resched || current->state != TS_READY)
		schedule();
	if (current->vcpu)
		vcpu_exit_check(current, f);
}

/* The generic path (the IPC fast path, if on, has already declined). */
void syscall_dispatch(struct frame *f)
{
	struct tcb *self = current;
	kernel_entries++;
	if (self->vcpu_task) {
		vcpu_task_syscall(self, f);               /* a Linux process's system call: to Wombat */
	} else if (self->space->flags & SP_FOREIGN) {
		handle_user_fault(f, L4_TRAP_SYSCALL, 0, 0);
	} else {
		u64 nr = SC_RET(f);
		u64 r = (nr < L4_SYS_NR && syscalls[nr]) ? syscalls[nr](self, f) : L4_ENOSYS;
		if (r != SYSCALL_NORET)
			SC_RET(f) = r;
	}
	syscall_exit(f);
}
