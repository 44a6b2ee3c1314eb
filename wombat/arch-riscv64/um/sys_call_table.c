// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat riscv64 UML: the system call table, riscv's numbering (the
 * generic asm-generic/unistd.h through riscv's asm/unistd.h, plus
 * riscv_flush_icache): a7 is the number, a0-a5 the arguments.
 */
#include <linux/linkage.h>
#include <linux/cache.h>
#include <asm/unistd.h>

typedef long syscall_handler_t(long, long, long, long, long, long);

#undef __SYSCALL
#define __SYSCALL(nr, sym) extern asmlinkage long sym(long, long, long, long, long, long);
#include <asm/unistd.h>

extern asmlinkage long sys_ni_syscall(long, long, long, long, long, long);

#undef __SYSCALL
#define __SYSCALL(nr, sym) [nr] = sym,

syscall_handler_t *sys_call_table[__NR_syscalls] __cacheline_aligned = {
	[0 ... __NR_syscalls - 1] = sys_ni_syscall,
#include <asm/unistd.h>
};

int syscall_table_size = sizeof(sys_call_table);
