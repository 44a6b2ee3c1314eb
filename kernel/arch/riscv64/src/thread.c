/* riscv64 thread hooks: kernel stacks, switch, trap decoding (scause),
 * frame conversion, TLS (tp, gp), lazy FP (sstatus.FS). */
#include <kernel.h>
#include <arch.h>
#include <arch_sysargs.h>
#include <arch_asm.h>            /* its static assertions: the fast path's layouts */

_Static_assert(sizeof(struct frame) == FRAME_BYTES && FRAME_BYTES % 16 == 0 &&
	       __builtin_offsetof(struct frame, flags) == FR_OFF_FLAGS &&
	       __builtin_offsetof(struct frame, tval) == FR_OFF_TVAL, "entry.S frame");
_Static_assert(L4_FR_WORDS == 33 && L4_FR_PC == 0 && L4_FR_FLAGS == 32, "user_regs_struct + flags");
_Static_assert(ARCH_PAGE_FAULT == L4_TRAP_PAGEFAULT, "l4_arch.h");

extern char return_to_user[];
void arch_switch_stack(u64 *save, u64 next);
void fp_save(void *area);
void fp_restore(void *area);
void platform_irq(struct frame *f, u64 cause);
bool mmu_fault_stale(struct space *s, u64 va, u64 need);

#define FP_BYTES 512              /* f0-f31, fcsr at 256; the rest unused, never loaded (room for a generic image of at least 512) */
#define KSWITCH_WORDS 14          /* ra, s0-s11, padding: 112 bytes */
_Static_assert(KSWITCH_WORDS * 8 == KSWITCH_BYTES, "arch_asm.h: arch_switch_stack's save area");
#define TP 4
#define GP 3
struct tcb *fpu_owner;          /* global: the fast path reads it */

struct frame *arch_user_frame(struct tcb *t)
{
	return (struct frame *)(t->kstack + KSTACK_SIZE - FRAME_BYTES);
}

void arch_thread_init(struct tcb *t, uint64_t entry_ret)
{
	u64 *sp = (u64 *)arch_user_frame(t) - KSWITCH_WORDS;
	for (int i = 0; i < KSWITCH_WORDS; i++)
		sp[i] = 0;
	sp[0] = entry_ret ? entry_ret : (u64)return_to_user;   /* ra */
	t->ksp = (u64)sp;
}

void arch_frame_init_user(struct frame *f, uint64_t ip, uint64_t sp)
{
	u64 *w = (u64 *)f;
	for (int i = 0; i < FRAME_BYTES / 8; i++)
		w[i] = 0;
	f->r[0] = ip;
	f->r[2] = sp;
	f->status = SSTATUS_SPIE | SSTATUS_SUM;
}

/* tp and gp are the two TLS bases (tls[0], tls[1]: the UTCB): ordinary
 * registers user code may change. In the kernel tls[] holds them: taken
 * from the frame at every entry from user mode, put back by frame_leave. */
void arch_set_tls_bases(struct tcb *t, uint64_t tls0, uint64_t tls1)
{
	t->tls[0] = tls0;
	t->tls[1] = tls1;
}

static void enter_from_user(struct frame *f)
{
	current->tls[0] = f->r[TP];
	current->tls[1] = f->r[GP];
}

void arch_switch_to(struct tcb *prev, struct tcb *next)
{
	if (!next->is_idle)
		arch_space_activate(tcb_space(next));
	current = next;
	arch_switch_stack(&prev->ksp, next->ksp);
}

bool arch_frame_is_user(const struct frame *f) { return !(f->status & SSTATUS_SPP); }

bool arch_user_addr_ok(uint64_t va) { return va < (1ULL << 38); }   /* Sv39's lower half */

/* RISC-V has no user-visible flags: the word reads 0. */
uint64_t arch_sanitize_flags(struct space *s, uint64_t flags)
{
	(void)s; (void)flags;
	return 0;
}

/* What a vCPU keeps of its own frame while it visits a task: what its
 * VCPU_RESUME(task) call preserves (ra, sp, gp, tp, s0-s11) and pc. */
static const u8 server_regs[ARCH_SERVER_SAVE_WORDS] = { 1, 2, 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 0 };

/* The four frame copies below run on every exit and resume of a vCPU's
 * task (riscv64 has no assembly fast path for them): unrolled whole, two
 * instructions a word, where the loops took 5 to 8. */
void arch_frame_save_server(uint64_t *save, const struct frame *f)
{
#pragma GCC unroll 32
	for (int i = 0; i < ARCH_SERVER_SAVE_WORDS; i++)
		save[i] = f->r[server_regs[i]];
}

void arch_frame_restore_server(struct frame *f, const uint64_t *save)
{
#pragma GCC unroll 32
	for (int i = 0; i < ARCH_SERVER_SAVE_WORDS; i++)
		f->r[server_regs[i]] = save[i];
}

void arch_frame_to_words(struct tcb *t, const struct frame *f, uint64_t *w)
{
#pragma GCC unroll 32
	for (int i = 0; i < 32; i++)
		w[i] = f->r[i];
	w[TP] = t->tls[0];
	w[GP] = t->tls[1];
	w[L4_FR_FLAGS] = 0;
}

void arch_words_to_frame(struct tcb *t, struct frame *f, const uint64_t *w)
{
#pragma GCC unroll 32
	for (int i = 1; i < 32; i++)
		if (i != 2)
			f->r[i] = w[i];
	if (arch_user_addr_ok(w[L4_FR_PC]))
		f->r[0] = w[L4_FR_PC];
	if (arch_user_addr_ok(w[L4_FR_SP]))
		f->r[2] = w[L4_FR_SP];
	f->flags = 0;
	arch_set_tls_bases(t, w[TP], w[GP]);
}

/* --- FP: user FP instructions trap (illegal instruction, FS Off) unless
 * the thread owns the registers; frame_leave sets FS on the way out. */
_Static_assert(FP_BYTES <= L4_VCPU_FPU_SLOT_BYTES, "an FPU image fits a state page slot");
uint32_t arch_fpu_size(void) { return FP_BYTES; }
void arch_fpu_init_state(struct tcb *t) { (void)t; }   /* zeroed: fcsr 0, round to nearest */

static void *fpu_area(struct tcb *t) { return t->fpu_task ? t->fpu_task : tcb_fpu(t); }

static void fp_on(void) { csr_set(sstatus, SSTATUS_FS_CLEAN); }

/* An illegal instruction with FS Off: take the FP registers (the
 * instruction runs again, and traps again if it was not FP). */
/* The FP registers to t, the current thread, its image loaded; user mode
 * gets FS Clean from frame_leave (or the vCPU fast path) as the owner. */
static void fpu_take(struct tcb *t)
{
	fp_on();
	if (fpu_owner == t)
		return;
	if (fpu_owner)
		fp_save(fpu_area(fpu_owner));
	if (t->fpu_task) {
		arch_fpu_sanitize(t->fpu_task);
		t->fpu_task_loaded = true;
	}
	fp_restore(fpu_area(t));
	fpu_owner = t;
}

static bool fpu_trap(struct frame *f)
{
	if (fpu_owner == current || (f->status & SSTATUS_FS))
		return false;
	fpu_take(current);
	if (current->fpu_task)
		vcpu_fpu_trapped(current);
	return true;
}

void arch_fpu_take(struct tcb *t) { fpu_take(t); }

void arch_fpu_sync(struct tcb *t)
{
	if (fpu_owner != t)
		return;
	fp_on();
	fp_save(fpu_area(t));
}

void arch_fpu_forget(struct tcb *t)
{
	if (fpu_owner == t)
		fpu_owner = NULL;
}

/* fcsr: fflags and a valid static rounding mode (5-7 would make every FP
 * instruction with the dynamic mode illegal): round to nearest instead.
 * Only fcsr: the words after it are never loaded into a register, and in
 * a vCPU state page they are the host's (Wombat keeps its image's token at
 * byte 264; zeroing it here made every image loaded lazily look foreign,
 * and Wombat copy it in again at the next resume). */
int arch_fpu_sanitize(void *area)
{
	u64 *w = (u64 *)((u8 *)area + 256);
	w[0] &= 0xff;
	if ((w[0] >> 5) >= 5)
		w[0] &= 0x1f;
	return 0;
}

/* Called on every way out: a user frame gets interrupts on, user-memory
 * access for the kernel (SUM), FP on only for the FP owner, its TLS bases. */
void frame_leave(struct frame *f)
{
	if (!arch_frame_is_user(f))
		return;
	f->status = (f->status & ~(SSTATUS_SIE | SSTATUS_FS)) | SSTATUS_SPIE | SSTATUS_SUM |
		    (current == fpu_owner ? SSTATUS_FS_CLEAN : 0);
	f->r[TP] = current->tls[0];
	f->r[GP] = current->tls[1];
}

/* --- traps */
static bool is_page_fault(u64 c) { return c == CAUSE_INSN_PAGE || c == CAUSE_LOAD_PAGE || c == CAUSE_STORE_PAGE; }

/* The PTE bits the access needs: X, W or R. */
static u64 fault_need(u64 c) { return c == CAUSE_INSN_PAGE ? 0x8 : c == CAUSE_STORE_PAGE ? 0x4 : 0x2; }

/* A page fault's L4_PF_* bits: present when the page is mapped (a
 * permission fault; Sv39 does not say). */
static u64 fault_bits(u64 cause, u64 va)
{
	u64 pa, bits = 0;
	if (arch_user_addr_ok(va) && arch_pt_lookup(tcb_space(current), va & ~(PAGE_SIZE - 1), &pa))
		bits |= L4_PF_PRESENT;
	if (cause == CAUSE_INSN_PAGE)
		bits |= L4_PF_EXEC;
	else if (cause == CAUSE_STORE_PAGE)
		bits |= L4_PF_WRITE;
	return bits;
}

/* vcpu_fast.S's page-fault exit, out of line: the L4_PF_* bits of the
 * page fault in scause and stval, or -1 when it was a stale TLB entry
 * (flushed: the generic path, which it then takes, lets the task retry). */
long vcpu_fault_access(void)
{
	u64 c = csr_read(scause), va = csr_read(stval);
	if (mmu_fault_stale(tcb_space(current), va, fault_need(c)))
		return -1;
	return (long)fault_bits(c, va);
}

static void trap_user(struct frame *f)
{
	u64 c = f->cause;
	enter_from_user(f);
	if (c == CAUSE_ECALL_U) {
		f->r[0] += 4;
		syscall_dispatch(f);
		return;
	}
	kernel_entries++;
	if (c == CAUSE_ILLEGAL && fpu_trap(f))
		;
	else if (is_page_fault(c) && mmu_fault_stale(tcb_space(current), f->tval, fault_need(c)))
		;
	else if (is_page_fault(c))
		handle_user_fault(f, ARCH_PAGE_FAULT, fault_bits(c, f->tval), f->tval);
	else
		handle_user_fault(f, c, c, f->tval);
	trap_exit(f, false);
}

void trap_handler(struct frame *f)
{
	if ((int64_t)f->cause < 0) {
		if (arch_frame_is_user(f))
			enter_from_user(f);
		kernel_entries++;
		platform_irq(f, f->cause & 0xff);
		return;
	}
	if (arch_frame_is_user(f)) {
		trap_user(f);
		return;
	}
	panic("kernel exception: scause %lx sepc %lx stval %lx sp %lx",
	      f->cause, f->r[0], f->tval, (u64)f + FRAME_BYTES);
}
