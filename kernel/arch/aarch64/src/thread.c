/* aarch64 thread hooks: kernel stacks, switch, trap decoding, frame
 * conversion, lazy FP/SIMD (CPACR_EL1.FPEN). */
#include <kernel.h>
#include <arch.h>
#include <arch_sysargs.h>
#include <arch_asm.h>            /* its static assertions: the fast paths' layouts */

_Static_assert(FRAME_BYTES % 16 == 0 && FR_OFF_X == __builtin_offsetof(struct frame, x) &&
	       sizeof(struct frame) == FRAME_BYTES, "entry.S frame");
_Static_assert(ARCH_SERVER_SAVE_WORDS == 15, "arch_frame_save_server");
_Static_assert(L4_FR_WORDS == 36, "user_pt_regs + two TLS words");
_Static_assert(ARCH_PAGE_FAULT == L4_TRAP_PAGEFAULT, "l4_arch.h");

extern char return_to_user[];
void arch_switch_stack(u64 *save, u64 next);
void fpsimd_save(void *area);
void fpsimd_restore(void *area);
void platform_irq(struct frame *f);
bool poweroff_in_progress(void);
void poweroff_fallback(void) __attribute__((noreturn));

#define FPSIMD_BYTES 528
#define KSWITCH_WORDS 12
struct tcb *fpu_owner;          /* global: the fast paths read it */

struct frame *arch_user_frame(struct tcb *t)
{
	return (struct frame *)(t->kstack + KSTACK_SIZE - FRAME_BYTES);
}

void arch_thread_init(struct tcb *t, uint64_t entry_ret)
{
	u64 *sp = (u64 *)arch_user_frame(t) - KSWITCH_WORDS;
	for (int i = 0; i < KSWITCH_WORDS; i++)
		sp[i] = 0;
	sp[11] = entry_ret ? entry_ret : (u64)return_to_user;   /* x30 */
	t->ksp = (u64)sp;
}

void arch_frame_init_user(struct frame *f, uint64_t ip, uint64_t sp)
{
	u64 *w = (u64 *)f;
	for (int i = 0; i < FRAME_BYTES / 8; i++)
		w[i] = 0;
	f->elr = ip;
	f->sp = sp;
	f->spsr = SPSR_EL0t;
}

static void load_tls(struct tcb *t)
{
	write_sysreg(tpidr_el0, t->tls[0]);
	write_sysreg(tpidrro_el0, t->tls[1]);
}

void arch_set_tls_bases(struct tcb *t, uint64_t tls0, uint64_t tls1)
{
	t->tls[0] = tls0;
	t->tls[1] = tls1;
	if (t == current)
		load_tls(t);
}

/* TPIDR_EL0 is user-writable: every entry from EL0 takes the live value
 * into tls[0] (enter_from_user), so in the kernel tls[] is always the
 * thread's (exchange_registers, frames, a vCPU's saved bases). */
static void enter_from_user(void)
{
	current->tls[0] = read_sysreg(tpidr_el0);
}

static void fpu_trap_enable(bool on)
{
	u64 c = read_sysreg(cpacr_el1) & ~(3ULL << 20);
	write_sysreg(cpacr_el1, c | (on ? 3ULL << 20 : 0));
	isb();
}

void arch_switch_to(struct tcb *prev, struct tcb *next)
{
	if (!next->is_idle) {
		arch_space_activate(tcb_space(next));
		load_tls(next);
	}
	fpu_trap_enable(next == fpu_owner);
	current = next;
	arch_switch_stack(&prev->ksp, next->ksp);
}

bool arch_frame_is_user(const struct frame *f) { return (f->spsr & 0xf) == 0; }

bool arch_user_addr_ok(uint64_t va) { return va < (1ULL << 48); }

uint64_t arch_sanitize_flags(struct space *s, uint64_t flags)
{
	(void)s;
	return (flags & SPSR_USER) | SPSR_EL0t;     /* EL0t, interrupts unmasked */
}

/* What a vCPU keeps of its own frame while it visits a task: the
 * registers its VCPU_RESUME(task) call preserves (x19..x30) and pc, sp,
 * pstate: 15 words. */
void arch_frame_save_server(uint64_t *save, const struct frame *f)
{
#pragma GCC unroll 32
	for (int i = 0; i < 12; i++)
		save[i] = f->x[19 + i];
	save[12] = f->elr; save[13] = f->sp; save[14] = f->spsr;
}

void arch_frame_restore_server(struct frame *f, const uint64_t *save)
{
#pragma GCC unroll 32
	for (int i = 0; i < 12; i++)
		f->x[19 + i] = save[i];
	f->elr = save[12]; f->sp = save[13]; f->spsr = save[14];
}

void arch_frame_to_words(struct tcb *t, const struct frame *f, uint64_t *w)
{
#pragma GCC unroll 32
	for (int i = 0; i < 31; i++)
		w[i] = f->x[i];
	w[L4_FR_SP] = f->sp; w[L4_FR_PC] = f->elr; w[L4_FR_PSTATE] = f->spsr;
	w[L4_FR_TPIDR] = t->tls[0]; w[L4_FR_TPIDRRO] = t->tls[1];
}

void arch_words_to_frame(struct tcb *t, struct frame *f, const uint64_t *w)
{
#pragma GCC unroll 32
	for (int i = 0; i < 31; i++)
		f->x[i] = w[i];
	if (arch_user_addr_ok(w[L4_FR_PC]))
		f->elr = w[L4_FR_PC];
	if (arch_user_addr_ok(w[L4_FR_SP]))
		f->sp = w[L4_FR_SP];
	f->spsr = arch_sanitize_flags(tcb_space(t), w[L4_FR_PSTATE]);
	arch_set_tls_bases(t, w[L4_FR_TPIDR], arch_user_addr_ok(w[L4_FR_TPIDRRO]) ? w[L4_FR_TPIDRRO] : t->tls[1]);
}

/* --- FP/SIMD: EL0 use traps (EC 0x07) unless the thread owns the registers. */
_Static_assert(FPSIMD_BYTES <= L4_VCPU_FPU_SLOT_BYTES, "an FPU image fits a state page slot");
uint32_t arch_fpu_size(void) { return FPSIMD_BYTES; }
void arch_fpu_init_state(struct tcb *t) { (void)t; }   /* zeroed: FPCR 0, round to nearest */

static void *fpu_area(struct tcb *t) { return t->fpu_task ? t->fpu_task : tcb_fpu(t); }

/* Hand the FP/SIMD registers to t, the current thread, its image loaded. */
static void fpu_take(struct tcb *t)
{
	fpu_trap_enable(true);
	if (fpu_owner == t)
		return;
	if (fpu_owner)
		fpsimd_save(fpu_area(fpu_owner));
	if (t->fpu_task) {
		arch_fpu_sanitize(t->fpu_task);
		t->fpu_task_loaded = true;
	}
	fpsimd_restore(fpu_area(t));
	fpu_owner = t;
}

static void fpu_trap(void)
{
	bool had = fpu_owner == current;

	fpu_take(current);
	if (!had && current->fpu_task)
		vcpu_fpu_trapped(current);
}

void arch_fpu_take(struct tcb *t) { fpu_take(t); }

void arch_fpu_sync(struct tcb *t)
{
	if (fpu_owner != t)
		return;
	fpu_trap_enable(true);
	fpsimd_save(fpu_area(t));
	if (current != t)
		fpu_trap_enable(false);
}

void arch_fpu_forget(struct tcb *t)
{
	if (fpu_owner != t)
		return;
	fpu_owner = NULL;
	fpu_trap_enable(false);
}

/* FPCR: only the architected control bits (AHP DN FZ RMode, trap enables). */
int arch_fpu_sanitize(void *area)
{
	u64 *w = (u64 *)((u8 *)area + 512);
	w[0] &= 0xf800009fULL;     /* FPSR: NZCV, QC, cumulative flags */
	w[1] &= 0x07f79f00ULL;     /* FPCR */
	return 0;
}

/* --- traps */
void trap_bad(struct frame *f)
{
	panic("unexpected exception: esr %lx elr %lx far %lx spsr %lx",
	      f->esr, f->elr, f->far, f->spsr);
}

void trap_el1_sync(struct frame *f)
{
	if (poweroff_in_progress())
		poweroff_fallback();          /* semihosting not enabled: the hlt trapped */
	panic("kernel exception: esr %lx (EC %lx) elr %lx far %lx sp %lx",
	      f->esr, f->esr >> 26, f->elr, f->far, (u64)f + FRAME_BYTES);
}

/* Translation, access-flag and permission faults are page faults (for the
 * pager); any other abort (alignment, external, TLB conflict, ...) is an
 * exception with the abort's EC, ESR and FAR. */
static bool is_page_fault(u64 esr)
{
	u64 fsc = esr & 0x3c;
	return fsc == 0x04 || fsc == 0x08 || fsc == 0x0c;
}

/* Abort status to L4_PF_* bits: permission and access-flag faults mean present. */
static u64 abort_bits(u64 esr, bool exec)
{
	u64 fsc = esr & 0x3f, bits = 0;
	if ((fsc & 0x3c) == 0x0c || (fsc & 0x3c) == 0x08)
		bits |= L4_PF_PRESENT;
	if (exec)
		bits |= L4_PF_EXEC;
	else if ((esr & (1 << 6)) && !(esr & (1 << 8)))
		bits |= L4_PF_WRITE;
	return bits;
}

void trap_el0_sync(struct frame *f)
{
	u64 ec = f->esr >> 26;
	enter_from_user();
	if (ec == EC_SVC64) {
		syscall_dispatch(f);
		return;
	}
	kernel_entries++;
	if (ec == EC_FPSIMD)
		fpu_trap();
	else if ((ec == EC_DABT_LOW || ec == EC_IABT_LOW) && is_page_fault(f->esr))
		handle_user_fault(f, ARCH_PAGE_FAULT, abort_bits(f->esr, ec == EC_IABT_LOW), f->far);
	else
		handle_user_fault(f, ec, f->esr, f->far);
	trap_exit(f, false);
}

void trap_irq(struct frame *f)
{
	if (arch_frame_is_user(f))
		enter_from_user();
	kernel_entries++;
	platform_irq(f);
}
