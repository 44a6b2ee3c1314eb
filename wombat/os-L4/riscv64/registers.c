// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4, riscv64: registers of Linux processes and the entry points
 * of the host layer (the counterpart of os-L4/x86/registers.c).
 *
 * uml_pt_regs.gp is the vCPU frame (user_regs_struct: pc, x1-x31; the
 * flags word) plus orig_a0 and a spare word (user-offsets.c).  The FP image
 * (f0-f31, fcsr: the first 264 bytes of the microkernel's 512) goes into
 * the state page when the page does not hold it already (the token:
 * um/fptoken.h) and comes back when the process used FP (fpu_used).
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
_Static_assert(FP_BYTES == 264, "f0-f31, fcsr as the microkernel saves them");
/* What travels: the image and its token. */
#define FP_COPY (MAX_FP_NR * sizeof(unsigned long))
_Static_assert(FP_COPY == FP_BYTES + 8 && FP_COPY <= L4_VCPU_FPU_SLOT_BYTES, "fp[] ends in the token; a state page slot holds it");

/* Random words: the counter mixed with Iguana's seeds (um/seedmix.h). */
unsigned long wombat_random(void)
{
	unsigned long cnt;

	__asm__ volatile("rdtime %0" : "=r"(cnt));
	return wombat_seedmix(cnt);
}

/* The image travels with its token (um/fptoken.h). */
#define FP_TOKEN_WORD WOMBAT_FP_TOKEN_WORD
#define FP_COPY_BYTES FP_COPY
#define FP_IMAGE_BYTES FP_BYTES
#include <fptoken.h>

/* An exception (scause's code, the trapno) as a Linux signal and si_code,
 * as riscv Linux reports them. */
int wombat_trap_signal(unsigned long trapno, unsigned long error, int *code)
{
	(void)error;
	switch (trapno) {
	case 0: case 4: case 6:                             /* misaligned fetch, load, store/AMO */
		*code = BUS_ADRALN; return SIGBUS;
	case 1: case 5: case 7:                             /* access faults */
		*code = SEGV_ACCERR; return SIGSEGV;
	case 3:                                             /* ebreak */
		*code = TRAP_BRKPT; return SIGTRAP;
	case 2:                                             /* illegal instruction */
	default:
		*code = ILL_ILLOPC; return SIGILL;
	}
}

/* A new process's registers before exec sets pc and sp: all zero, fcsr 0
 * (round to nearest, no flags). */
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
		return (*buf)[0].__ra;
	case HOST_SP:
		return (*buf)[0].__sp;
	case HOST_S0:
		return (*buf)[0].__s[0];
	}
	return 0;
}

extern struct uml_pt_regs *wombat_cur_regs;

/* The FP image of the current process (arch/um's dump_fpu; the name is
 * x86's): f0-f31, fcsr. */
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
	"	ld a0, 0(a0)\n	ret\n"
	".globl wombat_probe_fail\nwombat_probe_fail:\n	li a0, -1\n	ret\n");

/* The upcall entry: a1 = the state page, sp 16-byte aligned on the entry
 * stack.  No FP state to save (wombat_arch.h). */
__asm__(".text\n"
	".globl wombat_upcall_entry\n"
	"wombat_upcall_entry:\n"
	"	mv a0, a1\n"
	"	li a1, 0\n"
	"	li s0, 0\n"
	"	call wombat_upcall\n"
	"	ebreak\n");
