/* The kernel-call fuzzer, the x86_64 part of fuzz.h: system calls with
 * every register, the frame words and addresses it uses. */
#ifndef FUZZ_ARCH_H
#define FUZZ_ARCH_H

/* rax = nr; rdi rsi rdx r10 r8 r9 r12 r13 = a0..a7. The fuzzer may write its
 * own FPU image (L4_FPU_WRITE): the xmm registers are clobbered. And it may
 * give itself any RFLAGS (EXREGS with L4_EX_FLAGS and L4_EX_RESUME): `cld`
 * puts back what the compiled code assumes (a `rep stos` run backwards
 * zeroed the generator's state once, and a check failed on garbage). */
static inline l4_word sc_do(struct sc *s)
{
	register l4_word rdx __asm__("rdx") = s->a2;
	register l4_word r10 __asm__("r10") = s->a3;
	register l4_word r8 __asm__("r8") = s->a4;
	register l4_word r9 __asm__("r9") = s->a5;
	register l4_word r12 __asm__("r12") = s->a6;
	register l4_word r13 __asm__("r13") = s->a7;
	l4_word rax = s->nr, rdi = s->a0, rsi = s->a1;
	__asm__ volatile("syscall\n\tcld"
			 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9),
			   "+r"(r12), "+r"(r13)
			 :
			 : "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
			   "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	s->a0 = rdi; s->a1 = rsi; s->a2 = rdx; s->a3 = r10; s->a4 = r8; s->a5 = r9;
	s->a6 = r12; s->a7 = r13;
	return rax;
}

/* Time for the per-kind statistics, in ticks of l4_bootinfo.clock_khz: the TSC. */
static inline l4_word fz_ticks(void)
{
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((l4_word)hi << 32) | lo;
}

/* KINFO(MYTID) with DF set (an upcall at its exit must not inherit it). */
static inline l4_word fz_flags_kinfo(void)
{
	l4_word ret = L4_SYS_KINFO;
	__asm__ volatile("std; syscall; cld" : "+a"(ret) : "D"((l4_word)L4_KI_MYTID)
			 : "rcx", "r11", "rdx", "rsi", "memory", "cc");
	return ret;
}

/* Back to the top of the fuzzer's loop (fz_fuzzer_entry: its stack afresh). */
static inline void __attribute__((noreturn)) fz_restart(void)
{
	__asm__ volatile("jmp fz_fuzzer_entry");
	__builtin_unreachable();
}

/* An FPU image of the right shape (x87 control word, MXCSR, XSAVE header). */
static inline void fz_fpu_shape(struct rng *r, unsigned char *x)
{
	l4_word *w = (l4_word *)x;
	*(unsigned short *)x = one_in(r, 2) ? 0x37f : (unsigned short)rnd(r);   /* FCW */
	*(unsigned *)(x + 24) = 0x1f80 ^ (unsigned)(rnd(r) & 0x3f);         /* MXCSR: unmask some */
	w[64] = below(r, 8);                                                /* XSTATE_BV */
	w[65] = one_in(r, 2) ? 0 : rnd(r);                                  /* XCOMP_BV */
}

#define FZ_FR_IP        L4_FR_RIP
#define FZ_FR_SP        L4_FR_RSP
#define FZ_FR_FLAGS     L4_FR_RFLAGS
#define FZ_FR_ARG(n)    ((n) == 0 ? L4_FR_RDI : (n) == 1 ? L4_FR_RSI : (n) == 2 ? L4_FR_RDX : \
			 (n) == 3 ? L4_FR_RCX : L4_FR_R8)
#define FZ_FLAGS_USER   0x202UL
#define FZ_UD_LEN       2                            /* ud2 */
#define FZ_NONCANON     0x0000800000000000UL
#define FZ_KERNEL_TEXT  0xffffffff80100000UL
#define FZ_KERNEL_STACK 0xffffffff80200000UL
/* The kernel must never return to user mode with a non-canonical RIP: its
 * iretq would fault in kernel mode. */
#define FZ_BAD_USER_IP(ip) ((ip) >= 0x0000800000000000UL && (ip) < 0xffff800000000000UL)
#define FZ_ARCH_EDGES                                /* (its odd addresses are in the shared list) */
#define FZ_UPCALL_BAD_FLAGS 0x500UL                  /* TF, DF */
#define FZ_NHOSTILE     44
#endif
