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

/*
 * The system calls that change none of the caller's registers but the
 * return value: after one of them, userspace() writes only that word back
 * to the state page, which still holds the others as the exit left them
 * (skas.c). Left out: what changes registers (execve, rt_sigreturn,
 * arch_prctl, the clones) and whatever was not looked at. Signals,
 * restarts and tracers change registers too, but only on the work path
 * (interrupt_end(), handle_syscall() whole) or while another process runs,
 * and after either userspace() copies them all.
 */
#define R(name) [__NR_##name] = 1
static const unsigned char ret_only[__NR_syscalls] = {
	R(read), R(write), R(pread64), R(pwrite64), R(readv), R(writev), R(lseek), R(close),
	R(openat), R(newfstatat), R(fstat), R(statx), R(faccessat), R(readlinkat), R(getcwd),
	R(getdents64), R(ioctl), R(fcntl), R(dup), R(dup3), R(pipe2), R(ppoll), R(pselect6),
	R(mkdirat), R(unlinkat), R(chdir), R(fsync), R(ftruncate), R(umask),
	R(getpid), R(getppid), R(gettid), R(getuid), R(geteuid), R(getgid), R(getegid),
	R(wait4), R(waitid), R(kill), R(nanosleep), R(clock_nanosleep), R(clock_gettime),
	R(gettimeofday), R(sched_yield), R(uname), R(getrandom), R(rt_sigaction),
	R(rt_sigprocmask), R(futex), R(brk), R(mmap), R(munmap), R(mprotect), R(madvise),
	R(set_tid_address), R(prlimit64),
#ifdef __NR_open        /* the calls that only some architectures still have */
	R(open), R(stat), R(lstat), R(access), R(readlink), R(pipe), R(dup2), R(poll),
	R(mkdir), R(unlink),
#endif
};
#undef R

int wombat_handle_syscall(struct uml_pt_regs *r)
{
	struct pt_regs *regs = container_of(r, struct pt_regs, regs);
	long nr;

	if (IS_ENABLED(CONFIG_AUDITSYSCALL) || IS_ENABLED(CONFIG_UML_TIME_TRAVEL_SUPPORT) ||
	    unlikely(READ_ONCE(current_thread_info()->flags) & SYSCALL_WORK)) {
		handle_syscall(r);
		return 0;
	}
	/* handle_syscall()'s steps: the number, -ENOSYS, the call. */
	nr = PT_SYSCALL_NR(r->gp);
	UPT_SYSCALL_NR(r) = nr;
	PT_REGS_SET_SYSCALL_RETURN(regs, -ENOSYS);
	if (nr < 0 || nr >= __NR_syscalls)
		return 1;
	PT_REGS_SET_SYSCALL_RETURN(regs, EXECUTE_SYSCALL(nr, regs));
	if (unlikely(READ_ONCE(current_thread_info()->flags) & SYSCALL_WORK)) {
		syscall_trace_leave(regs);
		return 0;
	}
	return ret_only[nr];
}
