// SPDX-License-Identifier: GPL-2.0
/* Wombat riscv64 UML: no host bugs to check or signals to examine. */
#include <sysdep/ptrace.h>

void arch_check_bugs(void)
{
}

void arch_examine_signal(int sig, struct uml_pt_regs *regs)
{
	(void)sig;
	(void)regs;
}
