// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat riscv64 UML: signal frames as riscv Linux lays them out, and
 * rt_sigreturn.
 *
 * The frame (below the interrupted sp, or on the alternate stack, 16-byte
 * aligned): struct rt_sigframe, siginfo then a ucontext whose sigcontext
 * holds user_regs_struct (pc, x1-x31: gp and tp are the process's own) and
 * union __riscv_fp_state, filled as its D form (f0-f31, fcsr) with the Q
 * form's reserved words zero.  The handler gets a0 = signal, a1 = &info,
 * a2 = &uc and returns to ra: the process's sigreturn page (sigtramp.c),
 * where riscv Linux gives its vDSO's trampoline.  riscv has no
 * SA_RESTORER (its struct sigaction has no sa_restorer field).
 *
 * The FP image in regs.fp is the microkernel's: f0-f31, then fcsr as a
 * 64-bit word (fp[32]).
 */
#include <linux/personality.h>
#include <linux/ptrace.h>
#include <linux/kernel.h>
#include <linux/syscalls.h>
#include <asm/unistd.h>
#include <linux/uaccess.h>
#include <asm/ucontext.h>
#include <asm/sigcontext.h>
#include <frame_kern.h>
#include <registers.h>
#include <skas.h>

struct rt_sigframe {
	struct siginfo info;
	struct ucontext uc;
};

#define USER_REGS (sizeof(struct user_regs_struct) / 8)
#define FP_REGS 32
#define FP_FCSR FP_REGS          /* regs.fp's word of fcsr */
#define RESERVED_WORDS ARRAY_SIZE(((struct __riscv_q_ext_state *)0)->reserved)

unsigned long wombat_sigpage(void);

static int copy_sc_to_user(struct sigcontext __user *sc, struct pt_regs *regs)
{
	struct uml_pt_regs *r = &regs->regs;
	struct __riscv_d_ext_state __user *d = &sc->sc_fpregs.d;
	int i, err = 0;

	err |= __copy_to_user(&sc->sc_regs, r->gp, USER_REGS * 8);
	err |= __copy_to_user(d->f, r->fp, FP_REGS * 8);
	err |= __put_user((u32)r->fp[FP_FCSR], &d->fcsr);
	for (i = 0; i < RESERVED_WORDS; i++)
		err |= __put_user(0, &sc->sc_fpregs.q.reserved[i]);
	return err;
}

/* Back from a sigcontext: every general register but the flags word (none
 * on RISC-V), the FP registers and fcsr; the reserved words must be zero,
 * as riscv Linux requires. */
static int copy_sc_from_user(struct pt_regs *regs, struct sigcontext __user *sc)
{
	struct uml_pt_regs *r = &regs->regs;
	struct __riscv_d_ext_state __user *d = &sc->sc_fpregs.d;
	u32 fcsr, reserved;
	int i, err = 0;

	err |= __copy_from_user(r->gp, &sc->sc_regs, USER_REGS * 8);
	err |= __copy_from_user(r->fp, d->f, FP_REGS * 8);
	err |= __get_user(fcsr, &d->fcsr);
	r->fp[FP_FCSR] = fcsr;
	for (i = 0; i < RESERVED_WORDS; i++) {
		err |= __get_user(reserved, &sc->sc_fpregs.q.reserved[i]);
		if (reserved)
			return 1;
	}
	return err;
}

int setup_signal_stack_si(unsigned long stack_top, struct ksignal *ksig,
			  struct pt_regs *regs, sigset_t *set)
{
	struct rt_sigframe __user *frame;
	int sig = ksig->sig, err = 0;

	frame = (struct rt_sigframe __user *)((stack_top - sizeof(*frame)) & ~15UL);
	if (!access_ok(frame, sizeof(*frame)))
		return 1;

	if (ksig->ka.sa.sa_flags & SA_SIGINFO)
		err |= copy_siginfo_to_user(&frame->info, &ksig->info);
	err |= __put_user(0, &frame->uc.uc_flags);
	err |= __put_user(NULL, &frame->uc.uc_link);
	err |= __save_altstack(&frame->uc.uc_stack, PT_REGS_SP(regs));
	err |= copy_sc_to_user(&frame->uc.uc_mcontext, regs);
	err |= __copy_to_user(&frame->uc.uc_sigmask, set, sizeof(*set));
	if (err)
		return err;

	PT_REGS_A(regs, 0) = sig;
	PT_REGS_A(regs, 1) = (unsigned long)&frame->info;
	PT_REGS_A(regs, 2) = (unsigned long)&frame->uc;
	PT_REGS_X(regs, HOST_RA) = wombat_sigpage();
	PT_REGS_SP(regs) = (unsigned long)frame;
	PT_REGS_IP(regs) = (unsigned long)ksig->ka.sa.sa_handler;
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = &current->thread.regs;
	struct rt_sigframe __user *frame = (struct rt_sigframe __user *)PT_REGS_SP(regs);
	sigset_t set;

	/* Always make any pending restarted system calls return -EINTR */
	current->restart_block.fn = do_no_restart_syscall;

	if ((unsigned long)frame & 15)
		goto segfault;
	if (copy_from_user(&set, &frame->uc.uc_sigmask, sizeof(set)))
		goto segfault;
	set_current_blocked(&set);
	if (copy_sc_from_user(regs, &frame->uc.uc_mcontext))
		goto segfault;
	if (restore_altstack(&frame->uc.uc_stack))
		goto segfault;
	/* Not a system call any more: no restart of what a0 now holds. */
	PT_REGS_SYSCALL_NR(regs) = -1;
	return PT_REGS_SYSCALL_RET(regs);

segfault:
	force_sig(SIGSEGV);
	return 0;
}
