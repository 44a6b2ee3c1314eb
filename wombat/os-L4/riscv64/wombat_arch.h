/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4, riscv64: the architecture's hooks for the generic host
 * layer (os-L4/um), found by include path (WOMBAT_INC names os-L4/<arch>).
 */
#ifndef WOMBAT_ARCH_H
#define WOMBAT_ARCH_H

struct uml_pt_regs;
struct l4_vcpu_state;

#define WOMBAT_MACHINE "riscv64"
/* The frame word of a system call's result: a0. */
#define WOMBAT_REG_RET HOST_A0
/* lp64: sp is 16-byte aligned at a call, nothing pushed. */
#define WOMBAT_CALL_SP_OFFSET 0

/* /proc/cpuinfo's flags are arch/um's x86 capability names: none apply to
 * riscv64 (asm/cpufeatures.h), so there is no flags line to give. */
static inline void wombat_cpu_flags(char *buf, unsigned long len)
{
	if (len)
		buf[0] = 0;
}

/* Frames (33 words: pc, x1-x31, flags) and FP images, at every switch. */
/* Always inlined and unrolled whole (both sizes are constants): one ld and
 * one sd per word, no loop counter (a loop of 5 instructions per word was
 * most of the host layer's share of a system call, as on arm64). */
static inline __attribute__((always_inline))
void wombat_copy_words(void *dst, const void *src, unsigned long bytes)
{
	unsigned long *d = dst;
	const unsigned long *s = src;

#pragma GCC unroll 128
	for (unsigned long i = 0; i < bytes / 8; i++)
		d[i] = s[i];
}

/* The word of a process's FP image (regs->fp) that holds its token
 * (um/fptoken.h), after the image. */
#define WOMBAT_FP_TOKEN_WORD HOST_FP_SIZE

/* riscv64/registers.c */
unsigned long wombat_random(void);
void wombat_fp_load(struct uml_pt_regs *regs, struct l4_vcpu_state *v);
void wombat_fp_from_vcpu(struct uml_pt_regs *regs, struct l4_vcpu_state *v);
void wombat_fp_changed(struct uml_pt_regs *regs);
int wombat_trap_signal(unsigned long trapno, unsigned long error, int *code);

/* Wombat is built soft-float (Makefile.um): an upcall interrupts code
 * that has no FP state, and the entry saves none. */
static inline void wombat_upcall_fpu_restore(void *fpu)
{
	(void)fpu;
}

/* A system call exit: a0 kept as orig_a0 (for a restart), its number (a7).
 * Macros, inline in skas.c's loop: HOST_* are sysdep/ptrace.h's. */
#define wombat_syscall_entry(regs) \
	({ (regs)->gp[HOST_ORIG_A0] = (regs)->gp[HOST_A0]; (regs)->gp[HOST_A7]; })
#define wombat_syscall_exit(regs) ((void)(regs))

#endif
