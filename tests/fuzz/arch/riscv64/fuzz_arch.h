/* The kernel-call fuzzer, the riscv64 part of fuzz.h: system calls with
 * every register, the frame words and addresses it uses. */
#ifndef FUZZ_ARCH_H
#define FUZZ_ARCH_H

/* a0 = nr; a1..a7, t0 = a0..a7 (abi/arch/riscv64/l4_arch.h). A VCPU_RESUME
 * of a task returns with t1..t6 as the task left them, and the fuzzer may
 * write its own FP image (L4_FPU_WRITE): those are clobbered too. */
static inline l4_word sc_do(struct sc *s)
{
	register l4_word r0 __asm__("a0") = s->nr;
	register l4_word r1 __asm__("a1") = s->a0;
	register l4_word r2 __asm__("a2") = s->a1;
	register l4_word r3 __asm__("a3") = s->a2;
	register l4_word r4 __asm__("a4") = s->a3;
	register l4_word r5 __asm__("a5") = s->a4;
	register l4_word r6 __asm__("a6") = s->a5;
	register l4_word r7 __asm__("a7") = s->a6;
	register l4_word r8 __asm__("t0") = s->a7;
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6),
			   "+r"(r7), "+r"(r8)
			 :
			 : "memory", "t1", "t2", "t3", "t4", "t5", "t6",
			   "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12",
			   "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23",
			   "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31");
	s->a0 = r1; s->a1 = r2; s->a2 = r3; s->a3 = r4; s->a4 = r5; s->a5 = r6;
	s->a6 = r7; s->a7 = r8;
	return r0;
}

/* Time for the per-kind statistics, in ticks of l4_bootinfo.clock_khz: the
 * time CSR, which U-mode may read (scounteren.TM, as x86_64's RDTSC). */
static inline l4_word fz_ticks(void)
{
	l4_word v;
	__asm__ volatile("rdtime %0" : "=r"(v) :: "memory");
	return v;
}

/* KINFO(MYTID): RISC-V user code has no flags to set first. */
static inline l4_word fz_flags_kinfo(void)
{
	register l4_word r0 __asm__("a0") = L4_SYS_KINFO;
	register l4_word r1 __asm__("a1") = L4_KI_MYTID;
	register l4_word r2 __asm__("a2") = 0;
	register l4_word r3 __asm__("a3") = 0;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 :: "a4", "a5", "a6", "a7", "t0", "memory");
	return r0;
}

/* Back to the top of the fuzzer's loop (fz_fuzzer_entry: its stack afresh). */
static inline void __attribute__((noreturn)) fz_restart(void)
{
	__asm__ volatile("tail fz_fuzzer_entry");
	__builtin_unreachable();
}

/* An FP image of the right shape: fcsr at 256. */
static inline void fz_fpu_shape(struct rng *r, unsigned char *x)
{
	l4_word *w = (l4_word *)x;
	w[32] = one_in(r, 2) ? rnd(r) & 0xff : rnd(r);
}

#define FZ_FR_IP        L4_FR_PC
#define FZ_FR_SP        L4_FR_SP
#define FZ_FR_FLAGS     L4_FR_FLAGS
#define FZ_FR_ARG(n)    L4_FR_A(n)
#define FZ_FLAGS_USER   0x0UL                        /* none on RISC-V */
#define FZ_UD_LEN       4                            /* csrrw zero, cycle, zero */
#define FZ_NONCANON     0x0000004000000000UL         /* above Sv39's lower half */
#define FZ_KERNEL_TEXT  0xffffffc080200000UL         /* the kernel image */
#define FZ_KERNEL_STACK 0xffffffc080400000UL
/* The kernel must never return to user mode with an IP outside the lower half. */
#define FZ_BAD_USER_IP(ip) ((ip) >= 0x0000004000000000UL)
#define FZ_ARCH_EDGES   0x0000003fffffe000UL, 0x0000004000000000UL, 0xffffffc080200000UL, \
			0xffffffc000000000UL, 0x0000008000000000UL
#define FZ_UPCALL_BAD_FLAGS (~0UL)                   /* the entry passes 0: there are none */
#define FZ_NHOSTILE     36
#endif
