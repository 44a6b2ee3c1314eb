// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: a process's system call, from userspace() (skas.c).
 *
 * arch/um's handle_syscall() calls syscall_trace_enter() and
 * syscall_trace_leave() out of line on every system call, and each asks
 * the thread's flags (test_thread_flag(), itself out of line under -Os)
 * whether anything traces it: about 70 instructions of a 480-instruction
 * getppid() on x86_64.  Native Linux asks once (the work flags of its entry
 * code).  So does wombat_handle_syscall(): a thread with no syscall work
 * (no ptrace syscall tracing, single step, audit or seccomp) runs the call
 * straight from the table, the same steps handle_syscall() takes; one
 * with work, or a configuration that has audit or time travel, takes
 * handle_syscall() whole.  Work that appears during the call (a tracer
 * attaching while the call sleeps) is asked again at its end.
 */
#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <kern_util.h>
#include <sysdep/ptrace.h>
#include <sysdep/ptrace_user.h>
#include <sysdep/syscalls.h>
#include <asm/unistd.h>

#include "wombat.h"

const unsigned long *wombat_thread_flags(void)
{
	return &current_thread_info()->flags;
}

const unsigned long wombat_signal_flags = _TIF_SIGPENDING | _TIF_NOTIFY_SIGNAL;
const unsigned long wombat_work_flags = _TIF_WORK_MASK;     /* what interrupt_end() looks for */

/*
 * kernel/fork.c's weak arch_dup_task_struct(): the child's task_struct, and
 * in it thread.regs, is a copy of the parent's. The FP image copied must be
 * the parent's newest, which may still be in the state page only
 * (um/fptoken.h).
 */
int arch_dup_task_struct(struct task_struct *dst, struct task_struct *src)
{
	if (wombat_fp_held == &src->thread.regs.regs)
		wombat_fp_sync();
	*dst = *src;
	return 0;
}

#define SYSCALL_WORK (_TIF_SYSCALL_TRACE | _TIF_SINGLESTEP | _TIF_SYSCALL_AUDIT | _TIF_SECCOMP)

void wombat_handle_syscall(struct uml_pt_regs *r)
{
	struct pt_regs *regs = container_of(r, struct pt_regs, regs);
	long nr;

	if (IS_ENABLED(CONFIG_AUDITSYSCALL) || IS_ENABLED(CONFIG_UML_TIME_TRAVEL_SUPPORT) ||
	    unlikely(READ_ONCE(current_thread_info()->flags) & SYSCALL_WORK)) {
		handle_syscall(r);
		return;
	}
	/* handle_syscall()'s steps: the number, -ENOSYS, the call. */
	nr = PT_SYSCALL_NR(r->gp);
	UPT_SYSCALL_NR(r) = nr;
	PT_REGS_SET_SYSCALL_RETURN(regs, -ENOSYS);
	if (nr >= 0 && nr < __NR_syscalls)
		PT_REGS_SET_SYSCALL_RETURN(regs, EXECUTE_SYSCALL(nr, regs));
	if (unlikely(READ_ONCE(current_thread_info()->flags) & SYSCALL_WORK))
		syscall_trace_leave(regs);
}
