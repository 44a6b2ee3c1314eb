/* The kernel-call fuzzer, the aarch64 part of fuzz.h: system calls with
 * every register, the frame words and addresses it uses. */
#ifndef FUZZ_ARCH_H
#define FUZZ_ARCH_H

/* x0 = nr; x1..x8 = a0..a7 (abi/arch/aarch64/l4_arch.h). A VCPU_RESUME of
 * a task returns with x9..x18 as the task left them, and the fuzzer may
 * write its own FP/SIMD image (L4_FPU_WRITE): those are clobbered too. */
static inline l4_word sc_do(struct sc *s)
{
	register l4_word x0 __asm__("x0") = s->nr;
	register l4_word x1 __asm__("x1") = s->a0;
	register l4_word x2 __asm__("x2") = s->a1;
	register l4_word x3 __asm__("x3") = s->a2;
	register l4_word x4 __asm__("x4") = s->a3;
	register l4_word x5 __asm__("x5") = s->a4;
	register l4_word x6 __asm__("x6") = s->a5;
	register l4_word x7 __asm__("x7") = s->a6;
	register l4_word x8 __asm__("x8") = s->a7;
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6),
			   "+r"(x7), "+r"(x8)
			 :
			 : "memory", "cc", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
			   "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20",
			   "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
	s->a0 = x1; s->a1 = x2; s->a2 = x3; s->a3 = x4; s->a4 = x5; s->a5 = x6;
	s->a6 = x7; s->a7 = x8;
	return x0;
}

/* Time for the per-kind statistics, in ticks of l4_bootinfo.clock_khz: the
 * virtual count, which EL0 may read (CNTKCTL_EL1.EL0VCTEN, as x86_64's RDTSC). */
static inline l4_word fz_ticks(void)
{
	l4_word v;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) :: "memory");
	return v;
}

/* KINFO(MYTID) with N, Z, C and V set (an upcall at its exit must start
 * its handler with them clear). */
static inline l4_word fz_flags_kinfo(void)
{
	register l4_word x0 __asm__("x0") = L4_SYS_KINFO;
	register l4_word x1 __asm__("x1") = L4_KI_MYTID;
	register l4_word x2 __asm__("x2") = 0;
	register l4_word x3 __asm__("x3") = 0;
	__asm__ volatile("mov x9, #0xf0000000\n\tmsr nzcv, x9\n\tsvc #0\n\tmsr nzcv, xzr"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :: "x4", "x5", "x6", "x7", "x8", "x9", "cc", "memory");
	return x0;
}

/* Back to the top of the fuzzer's loop (fz_fuzzer_entry: its stack afresh). */
static inline void __attribute__((noreturn)) fz_restart(void)
{
	__asm__ volatile("b fz_fuzzer_entry");
	__builtin_unreachable();
}

/* An FP/SIMD image of the right shape: FPSR and FPCR at 512 and 520. */
static inline void fz_fpu_shape(struct rng *r, unsigned char *x)
{
	l4_word *w = (l4_word *)x;
	w[64] = one_in(r, 2) ? 0 : rnd(r);                                  /* FPSR */
	w[65] = one_in(r, 2) ? rnd(r) & 0x07c00000UL : rnd(r);              /* FPCR: modes, or anything */
}

#define FZ_FR_IP        L4_FR_PC
#define FZ_FR_SP        L4_FR_SP
#define FZ_FR_FLAGS     L4_FR_PSTATE
#define FZ_FR_ARG(n)    L4_FR_X(n)
#define FZ_FLAGS_USER   0x0UL                        /* EL0t, NZCV clear */
#define FZ_UD_LEN       4                            /* udf #0 */
#define FZ_NONCANON     0x0001000000000000UL         /* above TTBR0's 48 bits */
#define FZ_KERNEL_TEXT  0xffff000040200000UL         /* the kernel image (TTBR1) */
#define FZ_KERNEL_STACK 0xffff000040400000UL
/* The kernel must never return to user mode with an IP outside TTBR0's range. */
#define FZ_BAD_USER_IP(ip) ((ip) >= 0x0001000000000000UL)
#define FZ_ARCH_EDGES   0x0000ffffffffe000UL, 0x0001000000000000UL, 0xffff000040200000UL, \
			0xffff000000000000UL, 0x00ff000000001000UL
#define FZ_UPCALL_BAD_FLAGS 0xf0000000UL             /* NZCV */
#define FZ_NHOSTILE     48
#endif
