/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4, arm64: the architecture's hooks for the generic host layer
 * (os-L4/um), found by include path (WOMBAT_INC names os-L4/<arch>).
 */
#ifndef WOMBAT_ARCH_H
#define WOMBAT_ARCH_H

struct uml_pt_regs;
struct l4_vcpu_state;

#define WOMBAT_MACHINE "aarch64"
/* The frame word of a system call's result: x0. */
#define WOMBAT_REG_RET HOST_X0
/* AAPCS64: sp is 16-byte aligned at a call, nothing pushed. */
#define WOMBAT_CALL_SP_OFFSET 0

/* Frames and FP/SIMD images (multiples of 16 bytes), at every switch. */
/* /proc/cpuinfo's flags are arch/um's x86 capability names: none apply to
 * arm64 (asm/cpufeatures.h), so there is no flags line to give. */
static inline void wombat_cpu_flags(char *buf, unsigned long len)
{
	if (len)
		buf[0] = 0;
}

/* Always inlined and unrolled whole: both sizes are constants (the frame's
 * 288 bytes, the FP image's 544), so each copy is one ldp and one stp per
 * 16 bytes and nothing else. As a loop (a function of its own, 7
 * instructions per 16 bytes) it was 260 of a null system call's 764. The
 * pairs are asm: gcc left most as two ldr (and past stp's reach two str),
 * 3 or 4 instructions per 16 bytes. "Ump": an address ldp/stp can take
 * (gcc makes a new base register when the offset is out of reach). */
typedef __int128 wombat_pair __attribute__((aligned(8)));   /* the frames are 8-byte aligned */

static inline __attribute__((always_inline))
void wombat_copy_words(void *dst, const void *src, unsigned long bytes)
{
	wombat_pair *d = dst;
	const wombat_pair *s = src;

#pragma GCC unroll 64
	for (unsigned long i = 0; i < bytes / 16; i++) {
		unsigned long a, b;

		__asm__("ldp %x0, %x1, %2" : "=r"(a), "=r"(b) : "Ump"(s[i]));
		__asm__("stp %x1, %x2, %0" : "=Ump"(d[i]) : "r"(a), "r"(b));
	}
}

/* The word of a process's FP image (regs->fp) that holds its token
 * (um/fptoken.h), after the image. */
#define WOMBAT_FP_TOKEN_WORD HOST_FP_SIZE

/* arm64/registers.c */
unsigned long wombat_random(void);
void wombat_fp_load(struct uml_pt_regs *regs, struct l4_vcpu_state *v);
void wombat_fp_from_vcpu(struct uml_pt_regs *regs, struct l4_vcpu_state *v);
void wombat_fp_changed(struct uml_pt_regs *regs);
int wombat_trap_signal(unsigned long trapno, unsigned long error, int *code);

/* Wombat is built with -mgeneral-regs-only: an upcall interrupts code
 * that has no FP/SIMD state, and the entry saves none. */
static inline void wombat_upcall_fpu_restore(void *fpu)
{
	(void)fpu;
}

/* A system call exit: x0 kept as orig_x0 (for a restart), its number (x8).
 * Macros, inline in skas.c's loop: HOST_* are sysdep/ptrace.h's. */
#define wombat_syscall_entry(regs) \
	({ (regs)->gp[HOST_ORIG_X0] = (regs)->gp[HOST_X0]; (regs)->gp[HOST_X8]; })
#define wombat_syscall_exit(regs) ((void)(regs))

#endif
