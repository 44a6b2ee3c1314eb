// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat arm64 UML: signal frames as arm64 Linux lays them out, and
 * rt_sigreturn.
 *
 * The frame (below the interrupted sp, or on the alternate stack): struct
 * rt_sigframe (siginfo, then a ucontext whose sigcontext holds x0-x30, sp,
 * pc, pstate and, in __reserved, a fpsimd_context record and the empty
 * terminator), 16-byte aligned, and above it a frame record {x29, x30}
 * that x29 points to, so that unwinders walk through the handler.  The
 * handler gets x0 = signal, x1 = &info, x2 = &uc and returns to x30: the
 * SA_RESTORER address (musl), else the process's sigreturn page
 * (sigtramp.c; glibc: arm64 Linux would give its vDSO's trampoline).
 *
 * The FP/SIMD image in regs.fp is the microkernel's: q0-q31, then FPSR
 * and FPCR as 64-bit words (fp[64], fp[65]).
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

struct frame_record {
	u64 fp, lr;
};

unsigned long wombat_sigpage(void);

static int copy_sc_to_user(struct sigcontext __user *sc, struct pt_regs *regs, unsigned long addr)
{
	struct uml_pt_regs *r = &regs->regs;
	struct fpsimd_context __user *fp = (struct fpsimd_context __user *)sc->__reserved;
	struct _aarch64_ctx __user *end = (struct _aarch64_ctx __user *)(fp + 1);
	int err = 0;

	err |= __put_user(addr, &sc->fault_address);
	err |= __copy_to_user(sc->regs, r->gp, sizeof(sc->regs));
	err |= __put_user(r->gp[HOST_SP], &sc->sp);
	err |= __put_user(r->gp[HOST_IP], &sc->pc);
	err |= __put_user(r->gp[HOST_PSTATE], &sc->pstate);

	err |= __put_user(FPSIMD_MAGIC, &fp->head.magic);
	err |= __put_user(sizeof(struct fpsimd_context), &fp->head.size);
	err |= __put_user((u32)r->fp[64], &fp->fpsr);
	err |= __put_user((u32)r->fp[65], &fp->fpcr);
	err |= __copy_to_user(fp->vregs, r->fp, sizeof(fp->vregs));
	err |= __put_user(0, &end->magic);
	err |= __put_user(0, &end->size);
	return err;
}

/* Back from a sigcontext: only NZCV of pstate, as arm64 Linux allows EL0t
 * and no more (the microkernel sanitizes it as well). */
static int copy_sc_from_user(struct pt_regs *regs, struct sigcontext __user *sc)
{
	struct uml_pt_regs *r = &regs->regs;
	struct fpsimd_context __user *fp = (struct fpsimd_context __user *)sc->__reserved;
	u32 magic, size, fpsr, fpcr;
	u64 pstate;
	int err = 0;

	err |= __copy_from_user(r->gp, sc->regs, sizeof(sc->regs));
	err |= __get_user(r->gp[HOST_SP], &sc->sp);
	err |= __get_user(r->gp[HOST_IP], &sc->pc);
	err |= __get_user(pstate, &sc->pstate);
	r->gp[HOST_PSTATE] = pstate & 0xf0000000UL;

	err |= __get_user(magic, &fp->head.magic);
	err |= __get_user(size, &fp->head.size);
	if (err || magic != FPSIMD_MAGIC || size != sizeof(struct fpsimd_context))
		return 1;
	err |= __copy_from_user(r->fp, fp->vregs, sizeof(fp->vregs));
	err |= __get_user(fpsr, &fp->fpsr);
	err |= __get_user(fpcr, &fp->fpcr);
	r->fp[64] = fpsr;
	r->fp[65] = fpcr;
	return err;
}

int setup_signal_stack_si(unsigned long stack_top, struct ksignal *ksig,
			  struct pt_regs *regs, sigset_t *set)
{
	struct rt_sigframe __user *frame;
	struct frame_record __user *rec;
	unsigned long restorer;
	int sig = ksig->sig, err = 0;

	rec = (struct frame_record __user *)((stack_top - sizeof(*rec)) & ~15UL);
	frame = (struct rt_sigframe __user *)(((unsigned long)rec - sizeof(*frame)) & ~15UL);
	if (!access_ok(frame, (unsigned long)(rec + 1) - (unsigned long)frame))
		return 1;

	err |= __put_user(PT_REGS_FP(regs), &rec->fp);
	err |= __put_user(PT_REGS_X(regs, 30), &rec->lr);
	if (ksig->ka.sa.sa_flags & SA_SIGINFO)
		err |= copy_siginfo_to_user(&frame->info, &ksig->info);
	err |= __put_user(0, &frame->uc.uc_flags);
	err |= __put_user(NULL, &frame->uc.uc_link);
	err |= __save_altstack(&frame->uc.uc_stack, PT_REGS_SP(regs));
	err |= copy_sc_to_user(&frame->uc.uc_mcontext, regs,
			       current->thread.arch.faultinfo.cr2);
	err |= __copy_to_user(&frame->uc.uc_sigmask, set, sizeof(*set));
	if (err)
		return err;

	if (ksig->ka.sa.sa_flags & SA_RESTORER)
		restorer = (unsigned long)ksig->ka.sa.sa_restorer;
	else
		restorer = wombat_sigpage();
	PT_REGS_X(regs, 0) = sig;
	PT_REGS_X(regs, 1) = (unsigned long)&frame->info;
	PT_REGS_X(regs, 2) = (unsigned long)&frame->uc;
	PT_REGS_FP(regs) = (unsigned long)rec;
	PT_REGS_X(regs, 30) = restorer;
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
	/* Not a system call any more: no restart of what x0 now holds. */
	PT_REGS_SYSCALL_NR(regs) = -1;
	return PT_REGS_SYSCALL_RET(regs);

segfault:
	force_sig(SIGSEGV);
	return 0;
}
