/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat riscv64 UML: what a fault left for the kernel.  error_code carries
 * x86's page-fault bits (1 present, 2 write, 4 user, 16 instruction fetch),
 * which the host layer makes from the microkernel's L4_PF_* bits on every
 * architecture; trap_no is scause's exception code, or 14 for a page fault
 * (as x86's #PF, so that arch/um's fixable test reads the same).
 */
#ifndef __FAULTINFO_RISCV64_H
#define __FAULTINFO_RISCV64_H

struct faultinfo {
	int error_code;
	unsigned long cr2;     /* stval */
	int trap_no;
};

#define FAULT_WRITE(fi) ((fi).error_code & 2)
#define FAULT_ADDRESS(fi) ((fi).cr2)

#define SEGV_IS_FIXABLE(fi)	((fi)->trap_no == 14)

#define PTRACE_FULL_FAULTINFO 1

#endif
