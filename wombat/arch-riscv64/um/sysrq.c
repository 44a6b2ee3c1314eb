// SPDX-License-Identifier: GPL-2.0
/* Wombat riscv64 UML: show_regs (oopses, sysrq). */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>
#include <linux/utsname.h>
#include <asm/current.h>
#include <asm/ptrace.h>

void show_regs(struct pt_regs *regs)
{
	int i;

	printk("\n");
	print_modules();
	printk(KERN_INFO "Pid: %d, comm: %.20s %s %s\n", task_pid_nr(current),
	       current->comm, print_tainted(), init_utsname()->release);
	printk(KERN_INFO "pc : %pS\n", (void *)PT_REGS_IP(regs));
	printk(KERN_INFO "ra : %pS\n", (void *)PT_REGS_X(regs, HOST_RA));
	for (i = 2; i < 32; i += 2)
		printk(KERN_INFO "x%-2d: %016lx x%-2d: %016lx\n", i, PT_REGS_X(regs, i),
		       i + 1, PT_REGS_X(regs, i + 1));
}
