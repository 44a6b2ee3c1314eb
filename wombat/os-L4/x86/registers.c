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
#include <signal.h>
#include <asm/prctl.h>
#include <l4/syscalls.h>
#include <os.h>
#include <registers.h>
#include <longjmp.h>
#include <sysdep/ptrace.h>
#include <wombat.h>
#include <wombat_arch.h>
#include <stats.h>

extern struct uml_pt_regs *wombat_cur_regs, *wombat_prctl_regs;

/* The legacy (FXSAVE) part of the current process's XSAVE image: core dumps. */
int save_i387_registers(int pid, unsigned long *fp_regs)
{
	(void)pid;
	if (!wombat_cur_regs)
		return -EINVAL;
	wombat_fp_sync();
	memcpy(fp_regs, wombat_cur_regs->fp, 512);
	return 0;
}

int restore_i387_registers(int pid, unsigned long *fp_regs)
{
	(void)pid;
	if (!wombat_cur_regs)
		return -EINVAL;
	wombat_fp_sync();               /* the rest of the image must be its newest */
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

/* --- hooks of the generic host layer (wombat_arch.h) --- */

/* RDRAND, retried until it delivers (never 0: tokens use 0 as "none"). */
unsigned long wombat_random(void)
{
	unsigned long v;
	unsigned char ok;

	do
		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
	while (!ok || !v);
	return v;
}

static unsigned long fp_bytes;

static inline unsigned long fp_size(void)
{
	if (!fp_bytes) {
		fp_bytes = l4_kinfo(L4_KI_FPU_SIZE);
		if (fp_bytes > L4_VCPU_FPU_SLOT_BYTES)
			fp_bytes = L4_VCPU_FPU_SLOT_BYTES;
		if (fp_bytes > MAX_FP_NR * sizeof(unsigned long))
			fp_bytes = MAX_FP_NR * sizeof(unsigned long);
	}
	return fp_bytes;
}

/* The image travels with its token (um/fptoken.h) in bytes 464-511 of the
 * FXSAVE area, which are for software (XSAVE never writes them). */
#define FP_TOKEN_WORD WOMBAT_FP_TOKEN_WORD
#define FP_COPY_BYTES fp_size()
#define FP_IMAGE_BYTES fp_size()
#include <fptoken.h>

/* A trap number as a Linux signal and si_code. */
int wombat_trap_signal(unsigned long trapno, unsigned long error, int *code)
{
	(void)error;
	switch (trapno) {
	case 0:  *code = FPE_INTDIV; return SIGFPE;
	case 16: case 19: *code = FPE_FLTINV; return SIGFPE;
	case 1: case 3: *code = TRAP_BRKPT; return SIGTRAP;
	case 6:  *code = ILL_ILLOPN; return SIGILL;
	case 17: *code = BUS_ADRALN; return SIGBUS;
	default: *code = SEGV_ACCERR; return SIGSEGV;   /* #GP, #SS, #NP... as the host reports them */
	}
}

/* A new process's registers before exec sets IP and SP: flags with
 * interrupts on, the FPU in its reset state (FXSAVE layout). */
void get_safe_registers(unsigned long *regs, unsigned long *fp_regs)
{
	memset(regs, 0, MAX_REG_NR * sizeof(unsigned long));
	regs[HOST_EFLAGS] = 0x202;
	regs[HOST_CS] = 0x33;
	regs[HOST_SS] = 0x2b;
	if (fp_regs) {
		fp_forget(fp_regs);
		memset(fp_regs, 0, MAX_FP_NR * sizeof(unsigned long));
		((unsigned short *)fp_regs)[0] = 0x37f;           /* FCW */
		((unsigned int *)fp_regs)[6] = 0x1f80;            /* MXCSR */
	}
}

/* The confinement probe's read (um/probe.c): a fault at the read comes
 * back as -1 (wombat_upcall resumes at wombat_probe_fail). */
__asm__(".text\n.globl wombat_probe_read\nwombat_probe_read:\n"
	"	mov (%rdi), %rax\n	ret\n"
	".globl wombat_probe_fail\nwombat_probe_fail:\n	mov $-1, %rax\n	ret\n");

/*
 * The upcall entry: the kernel leaves rsp as after a call (8 mod 16).  The
 * upcall may interrupt code in the middle of SSE work (gcc uses %xmm for
 * copies), so the interrupted FPU/SSE state is saved first, on this stack,
 * and put back by wombat_upcall (wombat_upcall_fpu_restore) just before it
 * resumes.
 */
__asm__(".text\n"
	".globl wombat_upcall_entry\n"
	"wombat_upcall_entry:\n"
	"	sub $520, %rsp\n"
	"	fxsave64 (%rsp)\n"
	"	mov %rsp, %rsi\n"
	"	call wombat_upcall\n"
	"	ud2\n");
