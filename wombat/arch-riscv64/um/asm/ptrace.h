/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: struct pt_regs accessors (asm/ptrace.h of the subarch). */
#ifndef __UM_RISCV64_PTRACE_H
#define __UM_RISCV64_PTRACE_H

#include <linux/compiler.h>
#include <asm/ptrace-generic.h>

#define user_mode(r) UPT_IS_USER(&(r)->regs)

#define PT_REGS_X(r, n) UPT_X(&(r)->regs, n)
#define PT_REGS_A(r, n) UPT_A(&(r)->regs, n)
#define PT_REGS_FP(r) UPT_FP(&(r)->regs)

/* The number in a7 (set to __NR_restart_syscall for a restart block), the
 * result in a0; UPT_RESTART_SYSCALL puts orig_a0 back. */
#define PT_REGS_ORIG_SYSCALL(r) PT_REGS_A(r, 7)
#define PT_REGS_SYSCALL_RET(r) PT_REGS_A(r, 0)
#define PT_REGS_SET_SYSCALL_RETURN(r, res) (PT_REGS_A(r, 0) = (res))

#define PT_FIX_EXEC_STACK(sp) do ; while (0)

#define profile_pc(regs) PT_REGS_IP(regs)

static inline long regs_return_value(struct pt_regs *regs)
{
	return PT_REGS_A(regs, 0);
}

struct user_desc;

#include <asm/errno.h>

static inline int ptrace_get_thread_area(struct task_struct *child, int idx,
					 struct user_desc __user *user_desc)
{
	return -ENOSYS;
}

static inline int ptrace_set_thread_area(struct task_struct *child, int idx,
					 struct user_desc __user *user_desc)
{
	return -ENOSYS;
}

#define user_stack_pointer(regs) PT_REGS_SP(regs)

#endif
