/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4, x86_64: the architecture's hooks for the generic host layer
 * (os-L4/um), found by include path (WOMBAT_INC names os-L4/<arch>).
 */
#ifndef WOMBAT_ARCH_H
#define WOMBAT_ARCH_H

struct uml_pt_regs;
struct l4_vcpu_state;

/* `uname -m`: Linux on the microkernel is the um architecture (x86_64 user ABI). */
#define WOMBAT_MACHINE "um"
/* The frame word of a system call's result. */
#define WOMBAT_REG_RET HOST_AX
/* Where a function finds sp on entry, below a 16-byte boundary (after `call`). */
#define WOMBAT_CALL_SP_OFFSET 8

/* Frames and FPU images (multiples of 8 bytes), at every process switch. */
static inline void wombat_copy_words(void *dst, const void *src, unsigned long bytes)
{
	unsigned long n = bytes / 8;

	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(n) :: "memory");
}

/* x86/cpuinfo.c: the "flags : ..." line of the CPU's features (CPUID), in
 * Linux's names, for arch/um's /proc/cpuinfo. */
void wombat_cpu_flags(char *buf, unsigned long len);

/* The word of a process's FP image (regs->fp) that holds its token
 * (um/fptoken.h): bytes 464-511 of the FXSAVE area are for software. */
#define WOMBAT_FP_TOKEN_WORD (464 / 8)

/* x86/registers.c */
unsigned long wombat_random(void);
void wombat_fp_load(struct uml_pt_regs *regs, struct l4_vcpu_state *v);
void wombat_fp_from_vcpu(struct uml_pt_regs *regs, struct l4_vcpu_state *v);
void wombat_fp_changed(struct uml_pt_regs *regs);
int wombat_trap_signal(unsigned long trapno, unsigned long error, int *code);

/* The upcall's entry (x86/entry.c) saved the interrupted FPU/SSE state at
 * fpu; put it back just before resuming. */
static inline void wombat_upcall_fpu_restore(void *fpu)
{
	__asm__ volatile("fxrstor64 (%0)" :: "r"(fpu) : "memory");
}

/* A system call exit: its number (sigreturn sets orig_ax to -1 later).
 * Macros, inline in skas.c's loop: HOST_ORIG_AX is sysdep/ptrace.h's. */
#define wombat_syscall_entry(regs) ((regs)->gp[HOST_ORIG_AX])
/* No syscall restart by the host: there is none. */
#define wombat_syscall_exit(regs) ((void)((regs)->gp[HOST_ORIG_AX] = -1))

#endif
