/* vCPU mode: events as upcalls, and running a task space on the thread's behalf (Wombat's CPU). */
#include <kernel.h>
#include <arch.h>
#include <arch_sysargs.h>

_Static_assert(ARCH_SERVER_SAVE_WORDS * sizeof(u64) <= sizeof(((struct tcb *)0)->vcpu_server),
	       "arch_frame_save_server's words fit");

u64 vcpu_ctrl(struct tcb *t, u64 uva, u64 ip, u64 sp, u64 flags)
{
	u64 pa;
	if (!uva) {
		if (t->vcpu_task)
			return L4_EBUSY;
		vcpu_release(t);
		return L4_OK;
	}
	if (t->vcpu)
		return L4_EBUSY;
	if ((uva & (PAGE_SIZE - 1)) || uva < L4_UTCB_AREA || uva >= L4_UTCB_AREA + L4_UTCB_AREA_SIZE ||
	    !arch_user_addr_ok(ip) || !arch_user_addr_ok(sp) || (flags & ~(u64)L4_VCPU_F_OWN_PF) || arch_fpu_size() > 1024)
		return L4_EINVAL;
	if (arch_pt_lookup(t->space, uva, &pa))
		return L4_EBUSY;
	struct l4_vcpu_state *v = kmem_alloc(t->space, true);
	if (!v || arch_pt_map(t->space, uva, virt_to_phys(v), L4_R | L4_W) != L4_OK) {
		if (v)
			kmem_free(t->space, v);
		return L4_ENOMEM;
	}
	v->entry_ip = ip;
	v->entry_sp = sp;
	v->pending = t->notify_bits;        /* events from now on go to the state page */
	t->notify_bits = 0;
	t->vcpu = v;
	t->vcpu_uva = uva;
	t->vcpu_flags = flags;
	return L4_OK;
}

void vcpu_release(struct tcb *t)
{
	if (!t->vcpu)
		return;
	if (t->fpu_task) {
		arch_fpu_forget(t);
		t->fpu_task = NULL;
	}
	if (t->space->pt_root)
		arch_pt_unmap(t->space, t->vcpu_uva);
	kmem_free(t->space, t->vcpu);
	t->vcpu = NULL;
	if (t->vcpu_task)
		t->vcpu_task->visitors--;
	t->vcpu_task = NULL;
}

/* The FPU switches lazily between the thread's own image (in its TCB) and
 * the task's (in the state page, used in place: fpu_task): entering saves
 * the thread's live state and lets the task's first FPU use (#NM) load its
 * image; leaving saves the task's live state into the state page. */
/* The FPU's live state, if t's, saved where it belongs (the thread's own
 * image, or the task's while it visits one) and the FPU given up. Also
 * called by the arch fast path (kernel/arch/<arch>/src/vcpu_fast.S). */
void vcpu_fpu_release(struct tcb *t)
{
	arch_fpu_sync(t);
	arch_fpu_forget(t);
}

/* Eager FPU for tasks that use it: a task whose first FPU use in a visit
 * trapped gets its image loaded at once for its next FPU_EAGER_VISITS
 * visits, without the trap (about 130 instructions on arm64, where
 * programs copy and clear structures through the SIMD registers between
 * nearly all their system calls). Then it goes lazy again, so a task that
 * stopped using the FPU stops paying for a load and a save. The count is
 * the task space's (fpu_eager): the image loaded is always the one in the
 * state page, whichever task's it is, as its trap would have loaded it. */
#define FPU_EAGER_VISITS 16

/* The arch's FPU trap loaded a visited task's image (current is t). */
void vcpu_fpu_trapped(struct tcb *t)
{
	t->vcpu_task->fpu_eager = FPU_EAGER_VISITS;
}

/* Entering task, with fpu_eager set and fpu_task at the state page's
 * image: the image now. Also called by the arch fast paths
 * (kernel/arch/<arch>/src/vcpu_fast.S), which test fpu_eager. */
void vcpu_fpu_eager(struct tcb *t, struct space *task)
{
	task->fpu_eager--;
	arch_fpu_take(t);
}

/* The task's image: fpu_slot's bit 0 picks one of two in the state page
 * (the arch fast paths shift by 10 likewise). */
_Static_assert(L4_VCPU_FPU_SLOT_BYTES == 1 << 10 && 2 * L4_VCPU_FPU_SLOT_BYTES == sizeof(((struct l4_vcpu_state *)0)->fpu),
	       "two FPU images in the state page");

static void fpu_enter_task(struct tcb *t, struct space *task)
{
	vcpu_fpu_release(t);
	t->fpu_task = t->vcpu->fpu + (t->vcpu->fpu_slot & 1) * L4_VCPU_FPU_SLOT_BYTES;
	t->fpu_task_loaded = false;
	if (task->fpu_eager)
		vcpu_fpu_eager(t, task);
}

static void fpu_leave_task(struct tcb *t)
{
	t->vcpu->fpu_used = t->fpu_task_loaded;
	if (t->fpu_task_loaded)        /* else the task never owned the FPU: nothing to save */
		vcpu_fpu_release(t);
	t->fpu_task = NULL;
}

static void save_state(struct tcb *t, struct frame *f, u64 reason, u64 trapno, u64 error, u64 addr)
{
	struct l4_vcpu_state *v = t->vcpu;
	arch_frame_to_words(t, f, v->regs);
	v->exit_reason = reason;
	v->trapno = trapno;
	v->error = error;
	v->fault_addr = addr;
	v->irq_enabled = 0;
}

/* The task stops; the thread continues after its VCPU_RESUME with the reason as its result. */
static void task_exit(struct tcb *t, struct frame *f, u64 reason, u64 trapno, u64 error, u64 addr)
{
	save_state(t, f, reason, trapno, error, addr);
	fpu_leave_task(t);
	t->vcpu_task->visitors--;
	t->vcpu_task = NULL;
	arch_frame_restore_server(f, t->vcpu_server);
	SC_RET(f) = reason;
	arch_set_tls_bases(t, t->vcpu_server_tls[0], t->vcpu_server_tls[1]);
	if (t == current)
		arch_space_activate(t->space);
}

/* Enter the thread's handler, on its entry stack unless it is already on it,
 * with fresh flags (the interrupted code's TF or DF would single-step the
 * handler or run its string copies backwards; they are saved in regs).
 * The entry lives in the shared page: if the thread made it an address user
 * code may not run at (arch_user_addr_ok), there is no upcall. */
static bool upcall(struct tcb *t, struct frame *f, u64 reason, u64 trapno, u64 error, u64 addr)
{
	struct l4_vcpu_state *v = t->vcpu;
	u64 ip = v->entry_ip, top = v->entry_sp, sp = FR_SP(f);
	if (!arch_user_addr_ok(ip) || !arch_user_addr_ok(top))
		return false;
	save_state(t, f, reason, trapno, error, addr);
	u64 size = v->entry_size ? v->entry_size : L4_VCPU_ENTRY_STACK;
	bool on_entry_stack = sp <= top && sp > top - size;
	u64 base = on_entry_stack ? sp - 256 : top;     /* nested: below the interrupted code's red zone */
	FR_SP(f) = (base & ~15ULL) - L4_ENTRY_SP_OFFSET;     /* as at a function's entry (l4_arch.h) */
	FR_IP(f) = ip;
	FR_FLAGS(f) = arch_sanitize_flags(t->space, 0);
	SC_A0(f) = t->vcpu_uva;
	return true;
}

u64 vcpu_resume(struct tcb *t, struct frame *f, u64 task, u64 flags)
{
	if (!t->vcpu)
		return L4_EINVAL;
	if (!task) {                          /* sigreturn: pending events are rechecked on exit */
		arch_words_to_frame(t, f, t->vcpu->regs);
		t->vcpu->irq_enabled = !(flags & L4_VCPU_RESUME_NOIRQ);
		return SYSCALL_NORET;
	}
	struct space *s = space_lookup(task);
	if (!s)
		return L4_ENOSPACE;
	if (s->owner != t->space || s == t->space)
		return L4_EPERM;
	SC_RET(f) = L4_OK;
	arch_frame_save_server(t->vcpu_server, f);
	t->vcpu_server_tls[0] = t->tls[0];
	t->vcpu_server_tls[1] = t->tls[1];
	fpu_enter_task(t, s);
	t->vcpu_task = s;
	s->visitors++;
	arch_words_to_frame(t, f, t->vcpu->regs);
	arch_space_activate(s);
	return SYSCALL_NORET;
}

u64 vcpu_wait(struct tcb *t, u32 us)
{
	if (!t->vcpu)
		return L4_EINVAL;
	if (t->vcpu->pending)
		return L4_OK;
	if (us == L4_TIMEOUT_ZERO)
		return L4_ETIMEOUT;
	t->wait_from = L4_NOTIFYONLY;
	t->vcpu_waiting = 1;
	timeout_set(t, us);
	thread_block(t, TS_RECEIVING);
	t->vcpu_waiting = 0;
	return t->ipc_err & 0xff;
}

/* A visited task's `syscall`: straight back to the vCPU's VCPU_RESUME. */
void vcpu_task_syscall(struct tcb *t, struct frame *f)
{
	task_exit(t, f, L4_VCPU_EXIT_SYSCALL, L4_TRAP_SYSCALL, 0, 0);
}

/* A fault or trap of a vCPU thread: a task's ends the task; its own upcall
 * (page faults only with L4_VCPU_F_OWN_PF). Returns false to use the pager
 * or exception handler (also when the entry in the state page is invalid). */
bool vcpu_fault(struct tcb *t, struct frame *f, u64 vec, u64 error, u64 addr)
{
	bool pf = vec == ARCH_PAGE_FAULT;
	u64 reason = pf ? L4_VCPU_EXIT_PAGEFAULT :
		     (vec == L4_TRAP_SYSCALL || vec == L4_TRAP_INT80) ? L4_VCPU_EXIT_SYSCALL : L4_VCPU_EXIT_EXCEPTION;
	if (pf)
		error &= L4_PF_PRESENT | L4_PF_WRITE | L4_PF_EXEC;
	if (t->vcpu_task) {
		task_exit(t, f, reason, vec, error, addr);
		return true;
	}
	if (pf && !(t->vcpu_flags & L4_VCPU_F_OWN_PF))
		return false;
	return upcall(t, f, reason, vec, error, addr);
}

/* Last thing before returning to user mode: deliver pending events. */
void vcpu_exit_check(struct tcb *t, struct frame *f)
{
	if (!t->vcpu->pending)
		return;
	if (t->vcpu_task)
		task_exit(t, f, L4_VCPU_EXIT_EVENT, 0, 0, 0);
	else if (t->vcpu->irq_enabled)
		upcall(t, f, L4_VCPU_EXIT_EVENT, 0, 0, 0);
}

/* A task space goes away: vCPUs visiting it come home as if an event arrived. */
void vcpu_evict_space(struct space *s)
{
	for (int i = 1; i < thread_slots_used && s->visitors; i++) {
		struct tcb *t = thread_table[i];
		if (t && t->vcpu_task == s)
			task_exit(t, arch_user_frame(t), L4_VCPU_EXIT_EVENT, 0, 0, 0);
	}
}
