/* Wombat's test programs, riscv64 part: registers and instructions the
 * portable tests (fpcheck.c, nxtest.c, tls.c, l4raw.c) need. */
#ifndef WTEST_ARCH_H
#define WTEST_ARCH_H
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#define WT_FP_REG7 "fs7"     /* f23: callee-saved, so the compiler keeps it */
#define WT_FP_C    "+f"

/* kill(pid, sig) as one `ecall` with *fp6 live in fs6 (f22) across it. */
static inline void wt_kill_fp6(long pid, long sig, double *fp6)
{
	register double r6 __asm__("fs6") = *fp6;
	register long a0 __asm__("a0") = pid;
	register long a1 __asm__("a1") = sig;
	register long a7 __asm__("a7") = 129;     /* __NR_kill */

	__asm__ volatile("ecall" : "+r"(a0), "+f"(r6) : "r"(a1), "r"(a7) : "memory");
	*fp6 = r6;
}

/* fork() (clone(SIGCHLD)) as one `ecall` with *fp6 live in fs6 across it:
 * the pid, 0 in the child; *fp6 what fs6 holds after it. */
static inline long wt_fork_fp6(double *fp6)
{
	register double r6 __asm__("fs6") = *fp6;
	register long a0 __asm__("a0") = 17;      /* SIGCHLD */
	register long a1 __asm__("a1") = 0, a2 __asm__("a2") = 0, a3 __asm__("a3") = 0, a4 __asm__("a4") = 0;
	register long a7 __asm__("a7") = 220;     /* __NR_clone */

	__asm__ volatile("ecall" : "+r"(a0), "+f"(r6) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7) : "memory");
	*fp6 = r6;
	return a0;
}

/* vfork() (clone(CLONE_VM | CLONE_VFORK | SIGCHLD)) with *fp6 live in fs6:
 * the child (on the parent's stack, which it leaves alone) exits at once,
 * 0 if its fs6 held the bits of expect, 1 if not; the parent gets its pid.
 * A child sharing the address space is made without the address-space
 * work of a fork. */
static inline long wt_vfork_fp6(double *fp6, double expect)
{
	register double r6 __asm__("fs6") = *fp6;
	register long a0 __asm__("a0") = 0x4111;
	register long a1 __asm__("a1") = 0, a2 __asm__("a2") = 0, a3 __asm__("a3") = 0, a4 __asm__("a4") = 0;
	register long a7 __asm__("a7") = 220;     /* __NR_clone */
	unsigned long bits;

	memcpy(&bits, &expect, sizeof bits);
	__asm__ volatile("ecall\n\t"
			 "bnez a0, 1f\n\t"
			 "fmv.x.d t0, fs6\n\t"
			 "sub t0, t0, %[bits]\n\t"
			 "snez a0, t0\n\t"
			 "li a7, 93\n\t"                     /* __NR_exit */
			 "ecall\n"
			 "1:"
			 : "+r"(a0), "+f"(r6)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7), [bits] "r"(bits)
			 : "t0", "memory");
	*fp6 = r6;
	return a0;
}

/* The interrupted code's fs6 (f22) in a handler's context, to read or
 * edit: the sigcontext's FP state, f0-f31 as doubles. */
static inline void *wt_uc_fp6(ucontext_t *uc)
{
	return &uc->uc_mcontext.__fpregs.__d.__f[22];
}

/* Code returning value: lui a0, hi; addiw a0, a0, lo; ret (jalr zero, 0(ra)) */
static inline void wt_put_code(unsigned char *p, uint32_t value)
{
	uint32_t lo = value & 0xfff, hi = (value + 0x800) >> 12;
	uint32_t insn[3] = {
		0x00000537 | (hi << 12),                    /* lui a0, hi */
		0x0005051b | (lo << 20),                    /* addiw a0, a0, lo */
		0x00008067,                                 /* ret */
	};

	memcpy(p, insn, sizeof insn);
	__builtin___clear_cache((char *)p, (char *)p + sizeof insn);
}

/* The thread pointer (TLS base): tp. */
static inline unsigned long wt_tls_base(void)
{
	unsigned long tp;

	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

/* l4raw.c: a raw microkernel call (number in a0, arguments from a1, as
 * abi/arch/riscv64/l4_arch.h says) through `ecall`, once 4-byte aligned and
 * once at a 2-byte boundary (after a compressed nop), and `sret`, which
 * must fault (illegal in U-mode).  Linux reads the number from a7, set to
 * one it does not have: every attempt is -ENOSYS, the microkernel's answer
 * would be an L4 status (0 or a small positive code). */
#define WT_TRAP1 "ecall"
#define WT_TRAP2 "c.nop; ecall"
#define WT_TRAP3 "sret"
#define wt_raw_expected(linux_ret) (-38L)   /* -ENOSYS */
#define WT_NO_LINUX_NR 0xffffUL

static inline long wt_raw_trap1(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = nr, r1 __asm__("a1") = a0, r2 __asm__("a2") = a1;
	register unsigned long r3 __asm__("a3") = a2, r7 __asm__("a7") = WT_NO_LINUX_NR;

	__asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r7) : "memory");
	return (long)r0;
}

static inline long wt_raw_trap2(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = nr, r1 __asm__("a1") = a0, r2 __asm__("a2") = a1;
	register unsigned long r3 __asm__("a3") = a2, r7 __asm__("a7") = WT_NO_LINUX_NR;

	__asm__ volatile(".option push\n.option rvc\n.balign 4\nc.nop\necall\n.option pop"
			 : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r7) : "memory");
	return (long)r0;
}

static inline void wt_raw_trap3(void)
{
	__asm__ volatile("sret" ::: "memory");
}

/* vdso.c: whether libc reads the time through the vDSO (musl 1.2.3 calls only __vdso_flush_icache on riscv64: its clock_gettime is the system call). */
#define WT_LIBC_VDSO 0

/* regkeep.c: wt_regs_syscall(nr, a0, a1, a2, seed, out) makes system call
 * nr(a0, a1, a2) (a7, a0-a2) with every other register but sp, gp and tp
 * set to seed + 1, seed + 2, ... (a3-a6, t0-t6, s0-s11, ra), and stores
 * what they hold after it: out[0] the result, out[1..3] a1, a2, a7
 * (WT_REGS_ARGV), out[4..] the others (seed + 1, ...). */
#define WT_REGS_N 28
#define WT_REGS_ARGV(a0, a1, a2, nr) { (a1), (a2), (nr) }
void wt_regs_syscall(long nr, long a0, long a1, long a2, unsigned long seed, unsigned long *out);
__asm__(".text\n.globl wt_regs_syscall\n.type wt_regs_syscall, @function\n"
	"wt_regs_syscall:\n"
	"\taddi sp, sp, -112\n\tsd ra, 0(sp)\n"
	"\tsd s0, 8(sp)\n\tsd s1, 16(sp)\n\tsd s2, 24(sp)\n\tsd s3, 32(sp)\n"
	"\tsd s4, 40(sp)\n\tsd s5, 48(sp)\n\tsd s6, 56(sp)\n\tsd s7, 64(sp)\n"
	"\tsd s8, 72(sp)\n\tsd s9, 80(sp)\n\tsd s10, 88(sp)\n\tsd s11, 96(sp)\n"
	"\tsd a5, 104(sp)\n\tmv a7, a0\n\tmv a0, a1\n\tmv a1, a2\n\tmv a2, a3\n"
	"\taddi a3, a4, 1\n\taddi a5, a4, 3\n\taddi a6, a4, 4\n\taddi t0, a4, 5\n"
	"\taddi t1, a4, 6\n\taddi t2, a4, 7\n\taddi t3, a4, 8\n\taddi t4, a4, 9\n"
	"\taddi t5, a4, 10\n\taddi t6, a4, 11\n\taddi s0, a4, 12\n\taddi s1, a4, 13\n"
	"\taddi s2, a4, 14\n\taddi s3, a4, 15\n\taddi s4, a4, 16\n\taddi s5, a4, 17\n"
	"\taddi s6, a4, 18\n\taddi s7, a4, 19\n\taddi s8, a4, 20\n\taddi s9, a4, 21\n"
	"\taddi s10, a4, 22\n\taddi s11, a4, 23\n\taddi ra, a4, 24\n"
	"\taddi a4, a4, 2\n\tecall\n"
	"\taddi sp, sp, -16\n\tsd a0, 0(sp)\n\tsd a1, 8(sp)\n\tld a1, 120(sp)\n\tld a0, 0(sp)\n\tsd a0, 0(a1)\n\tld a0, 8(sp)\n\tsd a0, 8(a1)\n"
	"\tsd a2, 16(a1)\n\tsd a7, 24(a1)\n\tsd a3, 32(a1)\n\tsd a4, 40(a1)\n"
	"\tsd a5, 48(a1)\n\tsd a6, 56(a1)\n\tsd t0, 64(a1)\n\tsd t1, 72(a1)\n"
	"\tsd t2, 80(a1)\n\tsd t3, 88(a1)\n\tsd t4, 96(a1)\n\tsd t5, 104(a1)\n"
	"\tsd t6, 112(a1)\n\tsd s0, 120(a1)\n\tsd s1, 128(a1)\n\tsd s2, 136(a1)\n"
	"\tsd s3, 144(a1)\n\tsd s4, 152(a1)\n\tsd s5, 160(a1)\n\tsd s6, 168(a1)\n"
	"\tsd s7, 176(a1)\n\tsd s8, 184(a1)\n\tsd s9, 192(a1)\n\tsd s10, 200(a1)\n"
	"\tsd s11, 208(a1)\n\tsd ra, 216(a1)\n"
	"\taddi sp, sp, 16\n\tld ra, 0(sp)\n"
	"\tld s0, 8(sp)\n\tld s1, 16(sp)\n\tld s2, 24(sp)\n\tld s3, 32(sp)\n"
	"\tld s4, 40(sp)\n\tld s5, 48(sp)\n\tld s6, 56(sp)\n\tld s7, 64(sp)\n"
	"\tld s8, 72(sp)\n\tld s9, 80(sp)\n\tld s10, 88(sp)\n\tld s11, 96(sp)\n"
	"\taddi sp, sp, 112\n\tret\n.size wt_regs_syscall, . - wt_regs_syscall\n");

#endif
