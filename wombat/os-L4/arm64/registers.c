// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4, arm64: registers of Linux processes and the entry points
 * of the host layer (the counterpart of os-L4/x86/registers.c).
 *
 * uml_pt_regs.gp is the vCPU frame (user_pt_regs, TPIDR_EL0, TPIDRRO_EL0)
 * plus orig_x0 and a system call number word (user-offsets.c).  The FP/SIMD
 * image (q0-q31, FPSR, FPCR: 528 bytes) goes into the state page when the
 * page does not hold it already (the token: um/fptoken.h) and comes back
 * when the process used FP/SIMD (fpu_used).
 */
#include <errno.h>
#include <string.h>
#include <signal.h>
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include <os.h>
#include <registers.h>
#include <longjmp.h>
#include <sysdep/ptrace.h>
#include <wombat.h>
#include <wombat_arch.h>
#include <stats.h>
#include <seedmix.h>

#define FP_BYTES (HOST_FP_SIZE * sizeof(unsigned long))
_Static_assert(FP_BYTES == 528, "q0-q31, FPSR, FPCR as the microkernel saves them");
/* What travels: the image, its token and a pad word (wombat_copy_words
 * copies pairs of words). */
#define FP_COPY (MAX_FP_NR * sizeof(unsigned long))
_Static_assert(FP_COPY == FP_BYTES + 16 && FP_COPY <= L4_VCPU_FPU_SLOT_BYTES, "fp[] ends in the token and a pad; a state page slot holds it");

/* Random words: the counter mixed with Iguana's seeds (um/seedmix.h). */
unsigned long wombat_random(void)
{
	unsigned long cnt;

	__asm__ volatile("mrs %0, cntvct_el0" : "=r"(cnt));
	return wombat_seedmix(cnt);
}

/* The image travels with its token (um/fptoken.h). */
#define FP_TOKEN_WORD WOMBAT_FP_TOKEN_WORD
#define FP_COPY_BYTES FP_COPY
#define FP_IMAGE_BYTES FP_BYTES
#include <fptoken.h>

/* An exception class (ESR_EL1.EC, the trapno) as a Linux signal and si_code,
 * as arm64 Linux reports them. */
int wombat_trap_signal(unsigned long trapno, unsigned long error, int *code)
{
	(void)error;
	switch (trapno) {
	case 0x00: *code = ILL_ILLOPC; return SIGILL;      /* unknown / undefined */
	case 0x0e: *code = ILL_ILLOPC; return SIGILL;      /* illegal execution state */
	case 0x18: *code = ILL_ILLOPC; return SIGILL;      /* trapped system register */
	case 0x22: *code = BUS_ADRALN; return SIGBUS;      /* PC alignment */
	case 0x26: *code = BUS_ADRALN; return SIGBUS;      /* SP alignment */
	case 0x24: case 0x25: *code = BUS_ADRALN; return SIGBUS;   /* other data aborts: alignment */
	case 0x2c: *code = FPE_FLTINV; return SIGFPE;      /* trapped FP exception */
	case 0x3c: *code = TRAP_BRKPT; return SIGTRAP;     /* brk */
	case 0x30: case 0x31: case 0x32: case 0x33:
	case 0x34: case 0x35: *code = TRAP_HWBKPT; return SIGTRAP;
	default: *code = ILL_ILLOPC; return SIGILL;
	}
}

/* A new process's registers before exec sets pc and sp: EL0t, no flags,
 * FPCR/FPSR zero (round to nearest, no traps). */
void get_safe_registers(unsigned long *regs, unsigned long *fp_regs)
{
	memset(regs, 0, MAX_REG_NR * sizeof(unsigned long));
	if (fp_regs) {
		fp_forget(fp_regs);
		memset(fp_regs, 0, MAX_FP_NR * sizeof(unsigned long));
	}
}

/* The register a kernel thread would resume with (KSTK_EIP/ESP): pure. */
unsigned long get_thread_reg(int reg, jmp_buf *buf)
{
	switch (reg) {
	case HOST_IP:
		return (*buf)[0].__lr;
	case HOST_SP:
		return (*buf)[0].__sp;
	case HOST_FP:
		return (*buf)[0].__fp;
	}
	return 0;
}

extern struct uml_pt_regs *wombat_cur_regs;

/* The FP/SIMD image of the current process (arch/um's dump_fpu; the name
 * is x86's): q0-q31, FPSR, FPCR. */
int save_i387_registers(int pid, unsigned long *fp_regs)
{
	(void)pid;
	if (!wombat_cur_regs)
		return -EINVAL;
	wombat_fp_sync();
	memcpy(fp_regs, wombat_cur_regs->fp, FP_BYTES);
	return 0;
}

/* The confinement probe's read (um/probe.c): a fault at the load comes
 * back as -1 (wombat_upcall resumes at wombat_probe_fail). */
__asm__(".text\n.globl wombat_probe_read\nwombat_probe_read:\n"
	"	ldr x0, [x0]\n	ret\n"
	".globl wombat_probe_fail\nwombat_probe_fail:\n	mov x0, #-1\n	ret\n");

/* The upcall entry: x1 = the state page, sp 16-byte aligned on the entry
 * stack.  No FP/SIMD state to save (wombat_arch.h). */
__asm__(".text\n"
	".globl wombat_upcall_entry\n"
	"wombat_upcall_entry:\n"
	"	mov x0, x1\n"
	"	mov x1, #0\n"
	"	mov x29, #0\n"
	"	bl wombat_upcall\n"
	"	brk #0\n");
