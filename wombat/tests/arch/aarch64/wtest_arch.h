/* Wombat's test programs, aarch64 part: registers and instructions the
 * portable tests (fpcheck.c, nxtest.c, tls.c) need. */
#ifndef WTEST_ARCH_H
#define WTEST_ARCH_H
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#define WT_FP_REG7 "d7"
#define WT_FP_C    "+w"

/* kill(pid, sig) as one `svc` with *fp6 live in d6 across it. */
static inline void wt_kill_fp6(long pid, long sig, double *fp6)
{
	register double r6 __asm__("d6") = *fp6;
	register long x0 __asm__("x0") = pid;
	register long x1 __asm__("x1") = sig;
	register long x8 __asm__("x8") = 129;     /* __NR_kill */

	__asm__ volatile("svc #0" : "+r"(x0), "+w"(r6) : "r"(x1), "r"(x8) : "memory");
	*fp6 = r6;
}

/* fork() (clone(SIGCHLD)) as one `svc` with *fp6 live in d6 across it:
 * the pid, 0 in the child; *fp6 what d6 holds after it. */
static inline long wt_fork_fp6(double *fp6)
{
	register double r6 __asm__("d6") = *fp6;
	register long x0 __asm__("x0") = 17;      /* SIGCHLD */
	register long x1 __asm__("x1") = 0, x2 __asm__("x2") = 0, x3 __asm__("x3") = 0, x4 __asm__("x4") = 0;
	register long x8 __asm__("x8") = 220;     /* __NR_clone */

	__asm__ volatile("svc #0" : "+r"(x0), "+w"(r6) : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x8) : "memory");
	*fp6 = r6;
	return x0;
}

/* vfork() (clone(CLONE_VM | CLONE_VFORK | SIGCHLD)) with *fp6 live in d6:
 * the child (on the parent's stack, which it leaves alone) exits at once,
 * 0 if its d6 held the bits of expect, 1 if not; the parent gets its pid.
 * A child sharing the address space is made without the address-space
 * work of a fork. */
static inline long wt_vfork_fp6(double *fp6, double expect)
{
	register double r6 __asm__("d6") = *fp6;
	register long x0 __asm__("x0") = 0x4111;
	register long x1 __asm__("x1") = 0, x2 __asm__("x2") = 0, x3 __asm__("x3") = 0, x4 __asm__("x4") = 0;
	register long x8 __asm__("x8") = 220;     /* __NR_clone */
	unsigned long bits;

	memcpy(&bits, &expect, sizeof bits);
	__asm__ volatile("svc #0\n\t"
			 "cbnz x0, 1f\n\t"
			 "fmov x9, d6\n\t"
			 "cmp x9, %[bits]\n\t"
			 "cset x0, ne\n\t"
			 "mov x8, #93\n\t"                   /* __NR_exit */
			 "svc #0\n"
			 "1:"
			 : "+r"(x0), "+w"(r6)
			 : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x8), [bits] "r"(bits)
			 : "x9", "memory");
	*fp6 = r6;
	return x0;
}

/* The interrupted code's v6 (its low double) in a handler's context, to
 * read or edit: the fpsimd_context record in the sigcontext's __reserved
 * area (NULL without one). */
static inline void *wt_uc_fp6(ucontext_t *uc)
{
	unsigned char *p = (unsigned char *)uc->uc_mcontext.__reserved;

	for (;;) {
		uint32_t magic, size;

		memcpy(&magic, p, 4);
		memcpy(&size, p + 4, 4);
		if (!magic || !size)
			return NULL;
		if (magic == 0x46508001)            /* FPSIMD_MAGIC: head, fpsr, fpcr, vregs[32] */
			return p + 16 + 6 * 16;
		p += size;
	}
}

/* Code returning value: movz w0, #lo; movk w0, #hi, lsl 16; ret */
static inline void wt_put_code(unsigned char *p, uint32_t value)
{
	uint32_t insn[3] = {
		0x52800000 | ((value & 0xffff) << 5),
		0x72a00000 | ((value >> 16) << 5),
		0xd65f03c0,
	};

	memcpy(p, insn, sizeof insn);
	__builtin___clear_cache((char *)p, (char *)p + sizeof insn);
}

/* The thread pointer (TLS base): TPIDR_EL0. */
static inline unsigned long wt_tls_base(void)
{
	unsigned long tp;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
	return tp;
}

/* l4raw.c: a raw microkernel call (number in x0, arguments from x1, as
 * abi/arch/aarch64/l4_arch.h says) through `svc #0` and `svc #0x80`, and
 * `hvc`, which must fault.  Linux reads the number from x8, set to one it
 * does not have: every attempt is -ENOSYS, the microkernel's answer would
 * be an L4 status (0 or a small positive code). */
#define WT_TRAP1 "svc #0"
#define WT_TRAP2 "svc #0x80"
#define WT_TRAP3 "hvc #0"
#define wt_raw_expected(linux_ret) (-38L)   /* -ENOSYS */
#define WT_NO_LINUX_NR 0xffffUL

static inline long wt_raw_trap1(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long x0 __asm__("x0") = nr, x1 __asm__("x1") = a0, x2 __asm__("x2") = a1;
	register unsigned long x3 __asm__("x3") = a2, x8 __asm__("x8") = WT_NO_LINUX_NR;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x8) : "memory");
	return (long)x0;
}

static inline long wt_raw_trap2(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long x0 __asm__("x0") = nr, x1 __asm__("x1") = a0, x2 __asm__("x2") = a1;
	register unsigned long x3 __asm__("x3") = a2, x8 __asm__("x8") = WT_NO_LINUX_NR;

	__asm__ volatile("svc #0x80" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x8) : "memory");
	return (long)x0;
}

static inline void wt_raw_trap3(void)
{
	__asm__ volatile("hvc #0" ::: "memory");
}

/* vdso.c: whether libc reads the time through the vDSO (musl's clock_gettime and gettimeofday call __kernel_clock_gettime). */
#define WT_LIBC_VDSO 1

#endif
