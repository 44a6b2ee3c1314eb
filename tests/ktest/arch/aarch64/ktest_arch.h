/* What the portable kernel tests need to know about aarch64: frame words,
 * instructions and FPU-image offsets (tests/ktest/arch/<arch>/, picked by
 * the Makefile by ARCH). */
#ifndef KTEST_ARCH_H
#define KTEST_ARCH_H
#include <l4/syscalls.h>

/* Exception and vCPU frame words (abi/arch/aarch64/l4_arch.h): Linux's
 * arm64 system calls have the number in x8, arguments from x0, the result
 * in x0. */
#define KT_FR_IP      L4_FR_PC
#define KT_FR_SP      L4_FR_SP
#define KT_FR_FLAGS   L4_FR_PSTATE
#define KT_FR_TLS0    L4_FR_TPIDR
#define KT_FR_RET     L4_FR_X(0)
#define KT_FR_SYSNR   L4_FR_X(8)
#define KT_FR_ARG0    L4_FR_X(0)
#define KT_FR_ARG1    L4_FR_X(1)
#define KT_FR_ARG2    L4_FR_X(2)
#define KT_FLAGS_USER 0x0UL                /* EL0t, interrupts unmasked, NZCV clear */
#define KT_NONCANON   0x0001000000000000UL /* the first address above TTBR0's 48 bits */

/* An undefined instruction (udf #0: EC 0, "unknown reason"). */
#define KT_TRAP_UD    0
#define KT_TRAP_PF    L4_TRAP_PAGEFAULT /* a page fault exit's trapno */
#define KT_UD_LEN     4
#define KT_UD()       __asm__ volatile("udf #0")
#define KT_AT_UD(ip)  (*(const uint32_t *)(ip) == 0x00000000)

/* The FP/SIMD image: q0..q31, FPSR, FPCR (the kernel's 528 bytes). FPCR
 * resets to 0; the kernel keeps AHP DN FZ RMode FZ16 and the trap enables
 * (which QEMU does not implement: they read as zero). */
#define KT_FPU_REG0        0
#define KT_FPU_CTRL        520
#define KT_FPU_CTRL_INIT   0x0u
#define KT_FPU_CTRL_RSVD   (~0x07f79f00u)
#define KT_FPU_CTRL_VALID  0x07c00000u     /* AHP DN FZ RMode */
#define KT_FPU_DUMP_BYTES  512             /* exc_xmm_dump: q0-q31 */

static inline void kt_fpu_set0(l4_word v) { __asm__ volatile("fmov d0, %0" :: "r"(v)); }
static inline l4_word kt_fpu_get0(void) { l4_word v; __asm__ volatile("fmov %0, d0" : "=r"(v)); return v; }
/* The word at TLS base 0 (TPIDR_EL0), and the stack pointer. */
static inline l4_word kt_tls0_word(void)
{
	l4_word *p;
	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(p));
	return *(volatile l4_word *)p;
}
static inline l4_word kt_sp(void) { l4_word v; __asm__ volatile("mov %0, sp" : "=r"(v)); return v; }
/* New threads start at thread_tramp (env.c) with fn and arg on their stack. */
#define KT_THREAD_TRAMP_ASM ".globl thread_tramp\nthread_tramp:\n" \
	"  ldp x9, x0, [sp], #16\n  blr x9\n  bl thread_exit\n"
/* mov w0, #0x1234; ret */
#define KT_CODE_RET_1234 { 0x80, 0x46, 0x82, 0x52, 0xc0, 0x03, 0x5f, 0xd6 }
/* Lines no one may bind: 0 (reserved), beyond the 64 user lines (SPIs 0..63). */
#define KT_BAD_IRQS { 0, 64, 99, 1000 }
/* Frames a space is charged for its first page: 3 tables below the level-0 table, 1 page of mapping nodes. */
#define KT_PT_FIRST 4

/* A cycle counter user code may read (bench/ipc): the virtual counter. */
static inline l4_word kt_cycles(void)
{
	l4_word v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

/* A store of v to p and a load from p, each recording its instruction's
 * address in *ip first (pager tests compare it with the fault's IP). */
static inline void kt_store_ip(l4_word p, l4_word v, volatile l4_word *ip)
{
	__asm__ volatile("adr x9, 1f\n\tstr x9, %0\n1:\tstr %2, [%1]"
			 : "=m"(*ip) : "r"(p), "r"(v) : "x9", "memory");
}
static inline l4_word kt_load_ip(l4_word p, volatile l4_word *ip)
{
	l4_word v;
	__asm__ volatile("adr x9, 1f\n\tstr x9, %1\n1:\tldr %0, [%2]"
			 : "=&r"(v), "=m"(*ip) : "r"(p) : "x9", "memory");
	return v;
}

/* The IPC fast path's tests (t_fastpath.c, fastpath_aarch64.c): registers
 * fp_ipc keeps (x9-x28), the system call's length, frame words of the IPC
 * registers, a native system call's number in an exception frame (x0),
 * interrupts on in user flags (PSTATE.I clear); fp_trap's svc is an
 * exception only in a foreign-ABI space. The TLS bases: the word at
 * TPIDRRO_EL0, and a rewrite of TPIDR_EL0 by user code (the kernel must
 * take its live value). */
#define KT_FP_KEEP       20
#define KT_SYSCALL_LEN   4
#define KT_FR_TAG        L4_FR_X(4)
#define KT_FR_IPC_TO     L4_FR_X(1)
#define KT_FR_IPC_FROM   L4_FR_X(2)
#define KT_FR_IPC_TMO    L4_FR_X(3)
#define KT_FR_L4NR       L4_FR_X(0)
#define KT_FLAGS_IRQS_ON(f) (((f) & 0x80) == 0)
#define KT_TRAP_FOREIGN  1
static inline l4_word kt_tls1_word(void)
{
	l4_word *p;
	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(p));
	return *(volatile l4_word *)p;
}
static inline void kt_tls0_reload(void)
{
	__asm__ volatile("mrs x9, tpidr_el0\n\tmsr tpidr_el0, xzr\n\tmsr tpidr_el0, x9" ::: "x9", "memory");
}

#endif
