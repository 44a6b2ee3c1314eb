/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: the system call table and how a call is made (a0-a5). */
#ifndef __SYSDEP_RISCV64_SYSCALLS_H__
#define __SYSDEP_RISCV64_SYSCALLS_H__

typedef long syscall_handler_t(long, long, long, long, long, long);

extern syscall_handler_t *sys_call_table[];

#define EXECUTE_SYSCALL(syscall, regs) \
	(((*sys_call_table[syscall]))(UPT_SYSCALL_ARG1(&regs->regs), \
				      UPT_SYSCALL_ARG2(&regs->regs), \
				      UPT_SYSCALL_ARG3(&regs->regs), \
				      UPT_SYSCALL_ARG4(&regs->regs), \
				      UPT_SYSCALL_ARG5(&regs->regs), \
				      UPT_SYSCALL_ARG6(&regs->regs)))

#endif
