// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4, x86_64: registers of Linux processes (replaces
 * arch/x86/um/os-Linux registers.c, prctl.c and task_size.c).
 *
 * FP state is the XSAVE image (HOST_FP_SIZE = 337 longs, of which the
 * microkernel's XSAVE size is used) that travels in the vCPU state page;
 * FS/GS bases are frame slots 21/22.
 */
#include <errno.h>
#include <string.h>
#include <asm/prctl.h>
#include <l4/syscalls.h>
#include <os.h>
#include <registers.h>
#include <longjmp.h>
#include <sysdep/ptrace.h>
#include <wombat.h>

extern struct uml_pt_regs *wombat_cur_regs, *wombat_prctl_regs;

/* The legacy (FXSAVE) part of the current process's XSAVE image: core dumps. */
int save_i387_registers(int pid, unsigned long *fp_regs)
{
	(void)pid;
	if (!wombat_cur_regs)
		return -EINVAL;
	memcpy(fp_regs, wombat_cur_regs->fp, 512);
	return 0;
}

int restore_i387_registers(int pid, unsigned long *fp_regs)
{
	(void)pid;
	if (!wombat_cur_regs)
		return -EINVAL;
	memcpy(wombat_cur_regs->fp, fp_regs, 512);
	*(unsigned long *)((char *)wombat_cur_regs->fp + 464) = 0;   /* the state page's copy is stale */
	return 0;
}

/* arch_prctl: FS/GS base are frame slots, loaded by the microkernel at
 * the next resume.  The SETs change the registers restore_pid_registers()
 * was given (arch_switch_to() sets the FS base of the task switched to on
 * every switch); the GETs read the process whose system call this is. */
int os_arch_prctl(int pid, int option, unsigned long *arg2)
{
	struct uml_pt_regs *regs = wombat_cur_regs;
	unsigned long *gp;

	(void)pid;
	if (option == ARCH_SET_FS || option == ARCH_SET_GS) {
		regs = wombat_prctl_regs;       /* set by restore_pid_registers() just before */
		wombat_prctl_regs = NULL;
	}
	if (!regs)
		return -EINVAL;
	gp = regs->gp;
	switch (option) {
	case ARCH_SET_FS:
		gp[L4_FR_FS_BASE] = (unsigned long)arg2;
		return 0;
	case ARCH_SET_GS:
		gp[L4_FR_GS_BASE] = (unsigned long)arg2;
		return 0;
	case ARCH_GET_FS:
		*arg2 = gp[L4_FR_FS_BASE];
		return 0;
	case ARCH_GET_GS:
		*arg2 = gp[L4_FR_GS_BASE];
		return 0;
	}
	return -EINVAL;
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
