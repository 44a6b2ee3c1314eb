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

/* regkeep.c: wt_regs_syscall(nr, a0, a1, a2, seed, out) makes system call
 * nr(a0, a1, a2) (x8, x0-x2) with every other register but sp and x18 set
 * to seed + 1, seed + 2, ... (x3-x7, x9-x17, x19-x30), and stores what they
 * hold after it: out[0] the result, out[1..3] x1, x2, x8 (WT_REGS_ARGV),
 * out[4..] the others (seed + 1, ...). */
#define WT_REGS_N 30
#define WT_REGS_ARGV(a0, a1, a2, nr) { (a1), (a2), (nr) }
void wt_regs_syscall(long nr, long a0, long a1, long a2, unsigned long seed, unsigned long *out);
__asm__(".text\n.globl wt_regs_syscall\n.type wt_regs_syscall, %function\n"
	"wt_regs_syscall:\n"
	"\tstp x29, x30, [sp, #-112]!\n\tstp x19, x20, [sp, #16]\n\tstp x21, x22, [sp, #32]\n"
	"\tstp x23, x24, [sp, #48]\n\tstp x25, x26, [sp, #64]\n\tstp x27, x28, [sp, #80]\n\tstr x5, [sp, #96]\n"
	"\tmov x8, x0\n\tmov x0, x1\n\tmov x1, x2\n\tmov x2, x3\n"
	"\tadd x3, x4, #1\n\tadd x5, x4, #3\n\tadd x6, x4, #4\n\tadd x7, x4, #5\n"
	"\tadd x9, x4, #6\n\tadd x10, x4, #7\n\tadd x11, x4, #8\n\tadd x12, x4, #9\n"
	"\tadd x13, x4, #10\n\tadd x14, x4, #11\n\tadd x15, x4, #12\n\tadd x16, x4, #13\n"
	"\tadd x17, x4, #14\n\tadd x19, x4, #15\n\tadd x20, x4, #16\n\tadd x21, x4, #17\n"
	"\tadd x22, x4, #18\n\tadd x23, x4, #19\n\tadd x24, x4, #20\n\tadd x25, x4, #21\n"
	"\tadd x26, x4, #22\n\tadd x27, x4, #23\n\tadd x28, x4, #24\n\tadd x29, x4, #25\n"
	"\tadd x30, x4, #26\n"
	"\tadd x4, x4, #2\n\tsvc #0\n"
	"\tstp x0, x1, [sp, #-16]!\n\tldr x1, [sp, #112]\n\tldr x0, [sp]\n\tstr x0, [x1, #0]\n\tldr x0, [sp, #8]\n\tstr x0, [x1, #8]\n"
	"\tstr x2, [x1, #16]\n\tstr x8, [x1, #24]\n\tstr x3, [x1, #32]\n\tstr x4, [x1, #40]\n"
	"\tstr x5, [x1, #48]\n\tstr x6, [x1, #56]\n\tstr x7, [x1, #64]\n\tstr x9, [x1, #72]\n"
	"\tstr x10, [x1, #80]\n\tstr x11, [x1, #88]\n\tstr x12, [x1, #96]\n\tstr x13, [x1, #104]\n"
	"\tstr x14, [x1, #112]\n\tstr x15, [x1, #120]\n\tstr x16, [x1, #128]\n\tstr x17, [x1, #136]\n"
	"\tstr x19, [x1, #144]\n\tstr x20, [x1, #152]\n\tstr x21, [x1, #160]\n\tstr x22, [x1, #168]\n"
	"\tstr x23, [x1, #176]\n\tstr x24, [x1, #184]\n\tstr x25, [x1, #192]\n\tstr x26, [x1, #200]\n"
	"\tstr x27, [x1, #208]\n\tstr x28, [x1, #216]\n\tstr x29, [x1, #224]\n\tstr x30, [x1, #232]\n"
	"\tadd sp, sp, #16\n\tldp x19, x20, [sp, #16]\n\tldp x21, x22, [sp, #32]\n\tldp x23, x24, [sp, #48]\n"
	"\tldp x25, x26, [sp, #64]\n\tldp x27, x28, [sp, #80]\n\tldp x29, x30, [sp], #112\n\tret\n"
	".size wt_regs_syscall, . - wt_regs_syscall\n");

#endif
