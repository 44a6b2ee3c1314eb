// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4, x86_64: registers of Linux processes (replaces
 * arch/x86/um/os-Linux registers.c, prctl.c and task_size.c).
 *
 * FP state will be the XSAVE area (HOST_FP_SIZE = 337 longs) in the vCPU
 * state page, or read and written with the microkernel's FPU call on a
 * stopped thread; FS/GS bases are frame slots 21/22 (set by exchange_registers).
 */
#include <errno.h>
#include <os.h>
#include <registers.h>
#include <longjmp.h>
#include <sysdep/ptrace.h>
#include <wombat.h>

int save_i387_registers(int pid, unsigned long *fp_regs)
{
	(void)pid;
	(void)fp_regs;
	WOMBAT_TODO();
}

int restore_i387_registers(int pid, unsigned long *fp_regs)
{
	(void)pid;
	(void)fp_regs;
	WOMBAT_TODO();
}

int os_arch_prctl(int pid, int option, unsigned long *arg2)
{
	(void)pid;
	(void)option;
	(void)arg2;
	WOMBAT_TODO();
}

/* The register a kernel thread would resume with (KSTK_EIP/ESP): pure. */
unsigned long get_thread_reg(int reg, jmp_buf *buf)
{
	switch (reg) {
	case HOST_IP:
		return (*buf)[0].__rip;
	case HOST_SP:
		return (*buf)[0].__rsp;
	case HOST_BP:
		return (*buf)[0].__rbp;
	}
	printk(UM_KERN_ERR "wombat: get_thread_reg: register %d?\n", reg);
	return 0;
}

/* The top of the user address space (TASK_SIZE): x86_64 UML's constant,
 * which the microkernel's user range covers. */
unsigned long os_get_top_address(void)
{
	return 0x7fc0002000UL;
}
