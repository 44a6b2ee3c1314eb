/* Wombat's test programs, x86_64 part: registers and instructions the
 * portable tests (fpcheck.c, nxtest.c, tls.c) need. */
#ifndef WTEST_ARCH_H
#define WTEST_ARCH_H
#include <asm/prctl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define WT_FP_REG7 "xmm7"     /* an FP register gcc leaves alone here */
#define WT_FP_C    "+x"       /* its asm constraint */

/* kill(pid, sig) as one instruction with *fp6 live in xmm6 across it. */
static inline void wt_kill_fp6(long pid, long sig, double *fp6)
{
	register double r6 __asm__("xmm6") = *fp6;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret), "+x"(r6)
			 : "a"(62L), "D"(pid), "S"(sig) : "rcx", "r11", "memory");
	*fp6 = r6;
}

/* fork() as one instruction with *fp6 live in xmm6 across it: the pid,
 * 0 in the child; *fp6 what xmm6 holds after it. */
static inline long wt_fork_fp6(double *fp6)
{
	register double r6 __asm__("xmm6") = *fp6;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret), "+x"(r6) : "a"(57L) : "rcx", "r11", "memory");
	*fp6 = r6;
	return ret;
}

/* vfork() with *fp6 live in xmm6: the child (on the parent's stack, which
 * it leaves alone) exits at once, 0 if its xmm6 held the bits of expect, 1
 * if not; the parent gets its pid. A child sharing the address space is
 * made without the address-space work of a fork. */
static inline long wt_vfork_fp6(double *fp6, double expect)
{
	register double r6 __asm__("xmm6") = *fp6;
	register long rax __asm__("rax") = 58;          /* __NR_vfork */
	unsigned long bits;

	memcpy(&bits, &expect, sizeof bits);
	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "movq %%xmm6, %%rdi\n\t"
			 "cmp %[bits], %%rdi\n\t"
			 "setne %%dil\n\t"
			 "movzbl %%dil, %%edi\n\t"
			 "mov $60, %%eax\n\t"                /* __NR_exit */
			 "syscall\n"
			 "1:"
			 : "+r"(rax), "+x"(r6) : [bits] "S"(bits) : "rcx", "r11", "rdi", "memory");
	*fp6 = r6;
	return rax;
}

/* The interrupted code's FP register 6 (its low double) in a handler's
 * context, for the handler to read or edit. */
static inline void *wt_uc_fp6(ucontext_t *uc)
{
	return &uc->uc_mcontext.fpregs->_xmm[6];
}

/* Code returning value: mov $imm32, %eax; ret */
static inline void wt_put_code(unsigned char *p, uint32_t value)
{
	p[0] = 0xb8;
	memcpy(p + 1, &value, 4);
	p[5] = 0xc3;
	__asm__ volatile("" ::: "memory");
}

/* The thread pointer (TLS base): the FS base. */
static inline unsigned long wt_tls_base(void)
{
	unsigned long fs = 0;

	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
	return fs;
}

/* l4raw.c: a raw microkernel call through the two system-call traps, and
 * a third way into the kernel that must fault.  Linux's answer to the
 * first is the attempt's own (L4 numbers are Linux numbers too). */
#define WT_TRAP1 "syscall"
#define WT_TRAP2 "int 0x80"
#define WT_TRAP3 "sysenter"
#define wt_raw_expected(linux_ret) (linux_ret)

static inline long wt_raw_trap1(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1), "d"(a2) : "rcx", "r11", "memory");
	return ret;
}

static inline long wt_raw_trap2(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1), "d"(a2) : "memory");
	return ret;
}

static inline void wt_raw_trap3(void)
{
	__asm__ volatile("sysenter" ::: "memory");
}

/* vdso.c: whether libc reads the time through the vDSO (musl's clock_gettime and gettimeofday call __vdso_clock_gettime). */
#define WT_LIBC_VDSO 1

/* regkeep.c: wt_regs_syscall(nr, a0, a1, a2, seed, out) makes system call
 * nr(a0, a1, a2) with every other register it may not change (all but rcx
 * and r11, which `syscall` takes) set to seed + 1, seed + 2, ..., and stores
 * what they hold after it: out[0] the result, out[1..3] the argument
 * registers (WT_REGS_ARGV), out[4..] the others (seed + 1, ...). */
#define WT_REGS_N 13
#define WT_REGS_ARGV(a0, a1, a2, nr) { (a0), (a1), (a2) }
void wt_regs_syscall(long nr, long a0, long a1, long a2, unsigned long seed, unsigned long *out);
__asm__(".text\n.globl wt_regs_syscall\n.type wt_regs_syscall, @function\n"
	"wt_regs_syscall:\n"
	"\tpushq %rbx\n\tpushq %rbp\n\tpushq %r12\n\tpushq %r13\n\tpushq %r14\n\tpushq %r15\n\tpushq %r9\n"
	"\tmovq %rdi, %rax\n\tmovq %rsi, %rdi\n\tmovq %rdx, %rsi\n\tmovq %rcx, %rdx\n"
	"\tleaq 1(%r8), %rbx\n\tleaq 2(%r8), %rbp\n\tleaq 3(%r8), %r12\n\tleaq 4(%r8), %r13\n"
	"\tleaq 5(%r8), %r14\n\tleaq 6(%r8), %r15\n\tleaq 7(%r8), %r10\n\tleaq 8(%r8), %r9\n\tleaq 9(%r8), %r8\n"
	"\tsyscall\n"
	"\tpopq %r11\n"
	"\tmovq %rax, 0(%r11)\n\tmovq %rdi, 8(%r11)\n\tmovq %rsi, 16(%r11)\n\tmovq %rdx, 24(%r11)\n"
	"\tmovq %rbx, 32(%r11)\n\tmovq %rbp, 40(%r11)\n\tmovq %r12, 48(%r11)\n\tmovq %r13, 56(%r11)\n"
	"\tmovq %r14, 64(%r11)\n\tmovq %r15, 72(%r11)\n\tmovq %r10, 80(%r11)\n\tmovq %r9, 88(%r11)\n"
	"\tmovq %r8, 96(%r11)\n"
	"\tpopq %r15\n\tpopq %r14\n\tpopq %r13\n\tpopq %r12\n\tpopq %rbp\n\tpopq %rbx\n\tret\n"
	".size wt_regs_syscall, . - wt_regs_syscall\n");

#endif
