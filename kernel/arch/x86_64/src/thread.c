/* x86_64 thread hooks: kernel stacks, switch, trap dispatch, frame conversion. */
#include <kernel.h>
#include <arch.h>
#include <arch_cpu.h>
#include <arch_layout.h>
#include <arch_asm.h>

extern char return_to_user[];
void arch_switch_stack(u64 *save, u64 next);
void arch_set_kstack(u64 top);
void arch_fpu_switch(struct tcb *next);
void arch_fpu_trap(void);
void arch_irq_eoi(unsigned irq);

struct frame *arch_user_frame(struct tcb *t)
{
	return (struct frame *)(t->kstack + KSTACK_SIZE) - 1;
}

void arch_thread_init(struct tcb *t, uint64_t entry_ret)
{
	u64 *sp = (u64 *)arch_user_frame(t);
	*--sp = entry_ret ? entry_ret : (u64)return_to_user;
	for (int i = 0; i < KSWITCH_WORDS; i++)
		*--sp = 0;
	t->ksp = (u64)sp;
}

void arch_frame_init_user(struct frame *f, uint64_t ip, uint64_t sp)
{
	*f = (struct frame){ 0 };
	f->rip = ip;
	f->rsp = sp;
	f->cs = USER_CS;
	f->ss = USER_SS;
	f->rflags = RFLAGS_IF | 2;
}

/* Written every time, not skipped when "already loaded": user code may load
 * a selector into %fs or %gs, which replaces the base behind the kernel's back
 * (and would leave the next thread with the same base running on the wrong one). */
static void load_bases(struct tcb *t)
{
	wrmsr(0xC0000100, t->tls[0]);
	wrmsr(0xC0000101, t->tls[1]);
}

void arch_set_tls_bases(struct tcb *t, uint64_t fs, uint64_t gs)
{
	t->tls[0] = fs;
	t->tls[1] = gs;
	if (t == current)
		load_bases(t);
}

void arch_switch_to(struct tcb *prev, struct tcb *next)
{
	if (!next->is_idle) {
		arch_space_activate(tcb_space(next));
		load_bases(next);
	}
	arch_set_kstack((u64)next->kstack + KSTACK_SIZE);
	arch_fpu_switch(next);
	current = next;
	arch_switch_stack(&prev->ksp, next->ksp);
}

bool arch_frame_is_user(const struct frame *f) { return (f->cs & 3) == 3; }

static bool canonical(u64 a) { return a < 0x0000800000000000ULL; }

uint64_t arch_sanitize_flags(struct space *s, uint64_t rflags)
{
	return (rflags & RFLAGS_USER) | RFLAGS_IF | 2 | ((s->flags & SP_IO) ? RFLAGS_IOPL : 0);
}

/* The frame's first 15 words are user_regs_struct's (r15 ... rdi): one copy. */
_Static_assert(__builtin_offsetof(struct frame, rdi) == 8 * L4_FR_RDI && L4_FR_R15 == 0, "frame order");
static inline void copy_n(uint64_t *d, const uint64_t *s, uint64_t n)
{
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) :: "memory");
}

static inline void copy_gprs(uint64_t *d, const uint64_t *s)
{
	copy_n(d, s, 15);
}

/* What a vCPU keeps of its own frame while it visits a task: the registers
 * its VCPU_RESUME(task) call preserves (callee-saved ones, r15 ... rbx) and
 * the iretq part (rip ... ss); the others come back as the task left them. */
_Static_assert(__builtin_offsetof(struct frame, rbx) == 5 * 8, "callee-saved first");
_Static_assert(ARCH_SERVER_SAVE_WORDS == 6 + 5, "arch_frame_save_server");
void arch_frame_save_server(uint64_t *save, const struct frame *f)
{
	copy_n(save, &f->r15, 6);
	copy_n(save + 6, &f->rip, 5);
}

void arch_frame_restore_server(struct frame *f, const uint64_t *save)
{
	copy_n(&f->r15, save, 6);
	copy_n(&f->rip, save + 6, 5);
}

void arch_frame_to_words(struct tcb *t, const struct frame *f, uint64_t *w)
{
	copy_gprs(w, &f->r15);
	bool sys = f->vector == VEC_SYSCALL || f->vector == 0x80;
	w[L4_FR_ORIG_RAX] = sys ? f->rax : ~0ULL;
	w[L4_FR_RIP] = f->rip; w[L4_FR_CS] = f->cs; w[L4_FR_RFLAGS] = f->rflags;
	w[L4_FR_RSP] = f->rsp; w[L4_FR_SS] = f->ss;
	w[L4_FR_FS_BASE] = t->tls[0]; w[L4_FR_GS_BASE] = t->tls[1];
	w[L4_FR_DS] = w[L4_FR_ES] = w[L4_FR_FS] = w[L4_FR_GS] = 0;
}

/* Registers from a handler's reply; addresses that iretq or wrmsr would
 * fault on in kernel mode are left unchanged. */
void arch_words_to_frame(struct tcb *t, struct frame *f, const uint64_t *w)
{
	copy_gprs(&f->r15, w);
	if (canonical(w[L4_FR_RIP]))
		f->rip = w[L4_FR_RIP];
	if (canonical(w[L4_FR_RSP]))
		f->rsp = w[L4_FR_RSP];
	f->rflags = arch_sanitize_flags(tcb_space(t), w[L4_FR_RFLAGS]);
	f->cs = USER_CS;
	f->ss = USER_SS;
	arch_set_tls_bases(t, canonical(w[L4_FR_FS_BASE]) ? w[L4_FR_FS_BASE] : t->tls[0],
			   canonical(w[L4_FR_GS_BASE]) ? w[L4_FR_GS_BASE] : t->tls[1]);
}

static void kernel_fault(struct frame *f)
{
	panic("kernel exception %lu err %lx at rip %lx cr2 %lx rsp %lx",
	      f->vector, f->error, f->rip, read_cr2(), f->rsp);
}

void trap_dispatch(struct frame *f)
{
	u64 vec = f->vector;
	kernel_entries++;
	if (vec >= VEC_IRQ0 && vec < VEC_IRQ0 + 16) {
		unsigned irq = (unsigned)(vec - VEC_IRQ0);
		if (irq == 7 || irq == 15) {       /* spurious unless in service */
			outb(irq == 7 ? 0x20 : 0xa0, 0x0b);
			if (!(inb(irq == 7 ? 0x20 : 0xa0) & 0x80)) {
				if (irq == 15)
					outb(0x20, 0x20);
				return;
			}
		}
		if (irq == 0) {
			arch_irq_eoi(0);
			trap_timer();
		} else {
			trap_device(irq);          /* masks it until acknowledged */
			arch_irq_eoi(irq);
		}
	} else if (vec == 0xff) {
		return;
	} else if ((f->cs & 3) == 0) {
		kernel_fault(f);
	} else if (vec == VEC_NM) {
		arch_fpu_trap();
	} else {
		handle_user_fault(f, vec, f->error, vec == VEC_PF ? read_cr2() : 0);
	}
	trap_exit(f, vec == VEC_IRQ0);
}

bool arch_user_addr_ok(uint64_t va) { return canonical(va); }
