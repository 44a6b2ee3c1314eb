// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: interrupts and faults (replaces os-Linux signal.c).
 *
 * arch/um keeps the interrupt flag in memory (signals_enabled, see
 * asm/irqflags.h).  Here it is mirrored into the vCPU state page
 * (irq_enabled), where the microkernel also sets the pending-event bits:
 * a notification of the console (SIGIO's role) or the timer (SIGALRM's).
 * While the flag is set the kernel upcalls to wombat_upcall_entry on
 * cpu0_irqstack; while it is clear the events wait in `pending` and
 * unblock_signals() replays them.  Faults in Wombat's own code (a vmalloc
 * page not yet aliased, an exception-table fixup) always upcall; they play
 * the part of SIGSEGV and friends.
 *
 * Invariant: irq_enabled set implies signals_enabled set (the flag is
 * cleared in the page first and set there last), so an event upcall always
 * interrupts code that had interrupts on.
 */
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <as-layout.h>
#include <kern_util.h>
#include <os.h>
#include <irq_user.h>
#include <sysdep/ptrace.h>
#include <l4/syscalls.h>
#include "wombat.h"
#include "stats.h"

int signals_enabled;
struct l4_vcpu_state *wombat_vcpu;

/* The state page: the last UTCB slot of Wombat's space (Iguana hands out
 * thread slots from the bottom). */
#define VCPU_SLOT (L4_UTCB_AREA + L4_UTCB_AREA_SIZE - L4_PAGE_SIZE)

extern char wombat_upcall_entry[], wombat_probe_fail[];
extern unsigned long wombat_probe_addr;
void wombat_upcall(struct l4_vcpu_state *v, void *fpu) __attribute__((noreturn, used));

/*
 * The flag in the state page: a plain store between compiler barriers.
 * Only this CPU's microkernel reads it, when an interrupt or exception
 * comes, and a CPU sees its own earlier stores there (x86, arm64 and
 * riscv alike); no fence or locked instruction is needed (an xchg was,
 * before, on every local_irq_save/restore: Linux does several per system
 * call and context switch).  The microkernel is uniprocessor.
 */
static inline void irq_flag(struct l4_vcpu_state *v, unsigned long on)
{
	__asm__ volatile("" ::: "memory");
	*(volatile unsigned long *)&v->irq_enabled = on;
	__asm__ volatile("" ::: "memory");
}

/* Events that came while the flag was clear (the kernel sets them at interrupts). */
static inline unsigned long pending_now(struct l4_vcpu_state *v)
{
	return *(volatile unsigned long *)&v->pending;
}

/* The events that came while interrupts were off, taken atomically. */
static unsigned long take_pending(void)
{
	return wombat_vcpu ? __atomic_exchange_n(&wombat_vcpu->pending, 0, __ATOMIC_SEQ_CST) : 0;
}

/* Runs the interrupt handlers for the event bits in ev, with interrupts off.
 * The console first: the timer handler may schedule. */
void wombat_deliver_events(unsigned long ev, struct uml_pt_regs *regs)
{
	wombat_fp_sync();       /* a handler may raise a signal: its frame reads regs->fp */
	if (ev & (1UL << WOMBAT_EV_IO | 1UL << WOMBAT_EV_NET | 1UL << WOMBAT_EV_NATIVE | 1UL << WOMBAT_EV_BLK)) {
		wombat_io_ready(ev);
		sigio_handler(SIGIO, NULL, regs);
	}
	if (ev & (1UL << WOMBAT_EV_TIMER))
		timer_handler(SIGALRM, NULL, regs);
}

/*
 * The interrupt flag block_signals()/unblock_signals() write: the state
 * page's once in vCPU mode, before it a word nobody reads (boot_flags), so
 * these hot paths test no pointer. Linux's local_irq_*() do the same
 * inline (um-irqflags-inline.patch, through um_irq_flag below), a few dozen
 * times per pipe round trip; these are for arch/um's and os-L4's own calls.
 */
static struct l4_vcpu_state boot_flags;
static struct l4_vcpu_state *flag_page = &boot_flags;

/* The same flag and the pending word after it for arch/um's irqflags.h
 * (um-irqflags-inline.patch), whose local_irq_*() change it inline. */
unsigned long *um_irq_flag = &boot_flags.irq_enabled;
_Static_assert(__builtin_offsetof(struct l4_vcpu_state, pending) ==
	       __builtin_offsetof(struct l4_vcpu_state, irq_enabled) + sizeof(unsigned long),
	       "irqflags.h finds the pending events in the word after the flag");

static inline __attribute__((always_inline)) void irqs_off(void)
{
	irq_flag(flag_page, 0);
	signals_enabled = 0;
	__asm__ __volatile__("" ::: "memory");
}

void block_signals(void)
{
	irqs_off();
}

/* Interrupts replayed by unblock_signals() come from no frame (as in os-Linux). */
static struct uml_pt_regs no_regs;

/* Returns 0 (the flag's old value, for um_set_signals()'s tail call). */
static int __attribute__((noinline)) replay_pending(struct l4_vcpu_state *v)
{
	for (;;) {
		irq_flag(v, 0);
		signals_enabled = 0;
		wombat_deliver_events(take_pending(), &no_regs);
		signals_enabled = 1;
		irq_flag(v, 1);
		if (!pending_now(v))
			return 0;
	}
}

/* Interrupts on, from off; 0, the flag's old value. */
static inline __attribute__((always_inline)) int irqs_on(void)
{
	struct l4_vcpu_state *v = flag_page;

	signals_enabled = 1;
	irq_flag(v, 1);
	/* From here the kernel upcalls for new events; older ones wait
	 * (boot_flags never has any). */
	if (pending_now(v))
		return replay_pending(v);
	return 0;
}

void unblock_signals(void)
{
	if (signals_enabled != 1)
		irqs_on();
}

/* irqflags.h's local_irq_enable() found events waiting (the flag is on). */
void um_irq_replay(void)
{
	replay_pending(flag_page);
}

/* signals_enabled is 0 or 1, enable any value. Without a frame: most calls
 * change nothing and return at once, a change is two stores (and, on, a
 * test for events that came meanwhile). */
int um_set_signals(int enable)
{
	int was = signals_enabled;

	if (__builtin_expect(!!enable == was, 1))
		return was;
	if (!enable) {
		irqs_off();
		return 1;
	}
	return irqs_on();
}

/* Used by UML_SETJMP (threads.c); nothing to trace on the microkernel. */
int um_set_signals_trace(int enable)
{
	return um_set_signals(enable);
}

void init_new_thread_signals(void)
{
	/* Nothing per thread: events come to the one vCPU. */
}

/* cpu0_irqstack: becomes the upcall stack, and vCPU mode starts here. */
void set_sigstack(void *sig_stack, int size)
{
	unsigned long top = (unsigned long)sig_stack + size;
	unsigned long err;

	if (wombat_vcpu) {
		wombat_vcpu->entry_sp = top;
		wombat_vcpu->entry_size = size;
		return;
	}
	err = l4_vcpu_ctrl(VCPU_SLOT, (unsigned long)wombat_upcall_entry, top, L4_VCPU_F_OWN_PF);
	if (err != L4_OK)
		panic("wombat: cannot enter vCPU mode: error %lu", err);
	wombat_vcpu = (struct l4_vcpu_state *)VCPU_SLOT;
	wombat_vcpu->entry_size = size;
	wombat_vcpu->irq_enabled = signals_enabled;
	__asm__ volatile("" ::: "memory");
	flag_page = wombat_vcpu;        /* the flag the microkernel reads from now on */
	um_irq_flag = &wombat_vcpu->irq_enabled;
}

void timer_set_signal_handler(void)
{
	/* The timer is a vCPU event, not a signal: nothing to install. */
}

int os_is_signal_stack(void)
{
	return 0;
}

/* SIGBUS or another signal for a fault: arch/um's handlers read the
 * siginfo. Out of line: the kernel is built to zero every stack variable
 * (CONFIG_INIT_STACK_ALL_ZERO), and every page fault would pay for
 * clearing a siginfo it does not use (32 `rep stos` iterations). */
static __attribute__((noinline)) void deliver_signal(int sig, int code, struct uml_pt_regs *regs)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = code;
	si.si_addr = (void *)regs->faultinfo.cr2;
	if (sig == SIGBUS)
		bus_handler(sig, (struct siginfo *)&si, regs);
	else
		relay_signal(sig, (struct siginfo *)&si, regs);
}

/* A fault or exception (of Wombat itself, or of a process: is_user in regs)
 * as the signal handler of arch/um would see it. */
void wombat_deliver_fault(struct uml_pt_regs *regs, unsigned long reason,
			  unsigned long trapno, unsigned long error, unsigned long cr2)
{
	int code, sig;

	if (reason == L4_VCPU_EXIT_PAGEFAULT) {
		regs->faultinfo.trap_no = 14;
		regs->faultinfo.cr2 = cr2;
		regs->faultinfo.error_code = (int)((error & L4_PF_PRESENT ? 1 : 0) |
			(error & L4_PF_WRITE ? 2 : 0) | (error & L4_PF_EXEC ? 16 : 0) | (regs->is_user ? 4 : 0));
		sig = SIGSEGV;
		code = SEGV_MAPERR;
		/* A page of a process whose pte is there but not mapped (its
		 * space was evicted, or fault-around filled the pte) or an
		 * execute in a non-exec mapping: done here, not by Linux. */
		if (regs->is_user &&
		    wombat_fault_fixup(regs, cr2, !!(error & L4_PF_WRITE), !!(error & L4_PF_EXEC)))
			return;
	} else {
		sig = wombat_trap_signal(trapno, error, &code);
		regs->faultinfo.trap_no = (int)trapno;
		regs->faultinfo.error_code = (int)error;
		regs->faultinfo.cr2 = sig == SIGSEGV ? 0 : UPT_IP(regs);
	}
	if (sig == SIGSEGV) {
		/* Every page fault: segv_handler() reads regs->faultinfo, not
		 * a siginfo (its argument is unused), so none is built. */
		segv_handler(sig, NULL, regs);
		if (reason == L4_VCPU_EXIT_PAGEFAULT && regs->is_user && !(error & L4_PF_WRITE))
			wombat_fault_around(cr2);
		return;
	}
	deliver_signal(sig, code, regs);
}

/*
 * An upcall: Wombat's own code was interrupted by events (interrupts were
 * on) or faulted.  As os-Linux's hard_handler: the handlers run on the IRQ
 * stack with the interrupted task's thread_info copied there.  The saved
 * frame is copied out first: a nested upcall (a fault in a handler) reuses
 * the state page.
 */
void wombat_upcall(struct l4_vcpu_state *v, void *fpu)
{
	/* Wombat's own registers. fp[] (a process's FP image, 2.7 KiB on
	 * x86_64) is never read for kernel-mode registers and stays unset:
	 * the kernel's CONFIG_INIT_STACK_ALL_ZERO and a memset each cleared
	 * all of r, about 1,100 instructions an upcall on x86_64. */
	struct uml_pt_regs r __attribute__((uninitialized));
	unsigned long reason = v->exit_reason, trapno = v->trapno, error = v->error, cr2 = v->fault_addr;
	unsigned long pending;
	int enabled = signals_enabled;

	__asm__ volatile("" ::: "memory");     /* the page's fields read first (as in userspace()) */
	signals_enabled = 0;
	wombat_vcpu_regs_of = NULL;            /* the page's frame is Wombat's own now */
	wombat_stats.upcalls++;
	_Static_assert(sizeof(r.gp) >= sizeof(v->regs), "uml_pt_regs holds the frame");
	memcpy(r.gp, v->regs, sizeof(v->regs));
	memset((char *)r.gp + sizeof(v->regs), 0, sizeof(r.gp) - sizeof(v->regs));
	memset(&r.faultinfo, 0, sizeof(r.faultinfo));
	r.syscall = 0;
	r.is_user = 0;

	/* The confinement probe's read (probe.c): a fault there returns -1. */
	/* A driver's buffer gone under a copy (blkhost.c): the copy fails. */
	if (reason == L4_VCPU_EXIT_PAGEFAULT && wombat_foreign_copying(cr2)) {
		r.gp[HOST_IP] = (unsigned long)wombat_foreign_fault;
		goto resume;
	}
	if (reason == L4_VCPU_EXIT_PAGEFAULT && wombat_probe_addr && cr2 == wombat_probe_addr) {
		r.gp[HOST_IP] = (unsigned long)wombat_probe_fail;
		goto resume;
	}
	pending = reason == L4_VCPU_EXIT_EVENT ? 2 : 4;   /* bit 1: events, bit 2: a fault */
	do {
		int nested;

		if (to_irq_stack(&pending))
			break;          /* interrupted the setup of the IRQ stack: the outer one does it */
		nested = pending & 1;
		if (pending & 2)
			wombat_deliver_events(take_pending(), &r);
		if (pending & 4) {
			/* Faults are handled with interrupts on, as in os-Linux. */
			unblock_signals();
			wombat_deliver_fault(&r, reason, trapno, error, cr2);
			block_signals();
		}
		pending = nested ? 0 : from_irq_stack(nested) & 2;
	} while (pending);

resume:
	/* Back to the (possibly fixed-up) frame, with the interrupt flag it had. */
	irq_flag(v, 0);
	memcpy(v->regs, r.gp, sizeof(v->regs));
	signals_enabled = enabled;
	wombat_upcall_fpu_restore(fpu);
	if (enabled)
		l4_vcpu_return();
	l4_vcpu_return_noirq();
	__builtin_unreachable();
}
