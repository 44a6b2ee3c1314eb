// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat riscv64 UML: TLS.  The thread pointer is tp (x4), an ordinary
 * register of the vCPU frame that the microkernel loads at every resume and
 * takes back at every exit: clone(CLONE_SETTLS) only sets the new thread's
 * word.
 */
#include <linux/sched.h>

void clear_flushed_tls(struct task_struct *task)
{
}

int arch_set_tls(struct task_struct *t, unsigned long tls)
{
	t->thread.regs.regs.gp[HOST_TP] = tls;
	return 0;
}

void arch_switch_to(struct task_struct *to)
{
}
