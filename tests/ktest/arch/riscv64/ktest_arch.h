/* What the portable kernel tests need to know about riscv64: frame words,
 * instructions and FPU-image offsets (tests/ktest/arch/<arch>/, picked by
 * the Makefile by ARCH). */
#ifndef KTEST_ARCH_H
#define KTEST_ARCH_H
#include <l4/syscalls.h>

/* Exception and vCPU frame words (abi/arch/riscv64/l4_arch.h): Linux's
 * riscv system calls have the number in a7, arguments from a0, the result
 * in a0. */
#define KT_FR_IP      L4_FR_PC
#define KT_FR_SP      L4_FR_SP
#define KT_FR_FLAGS   L4_FR_FLAGS
#define KT_FR_TLS0    L4_FR_TP
#define KT_FR_RET     L4_FR_A(0)
#define KT_FR_SYSNR   L4_FR_A(7)
#define KT_FR_ARG0    L4_FR_A(0)
#define KT_FR_ARG1    L4_FR_A(1)
#define KT_FR_ARG2    L4_FR_A(2)
#define KT_FLAGS_USER 0x0UL                /* no user flags on RISC-V */
#define KT_NONCANON   0x0000004000000000UL /* the first address above Sv39's lower half */

/* An undefined instruction: csrrw zero, cycle, zero (a write to a
 * read-only CSR; the 32-bit `unimp`): illegal instruction, scause 2. */
#define KT_UD_INSN    0xc0001073u
#define KT_TRAP_UD    2
#define KT_TRAP_PF    L4_TRAP_PAGEFAULT /* a page fault exit's trapno */
#define KT_UD_LEN     4
#define KT_UD()       __asm__ volatile(".4byte 0xc0001073")
#define KT_AT_UD(ip)  (((const uint16_t *)(ip))[0] == 0x1073 && ((const uint16_t *)(ip))[1] == 0xc000)

/* The FP image: f0..f31, fcsr at 256 (the kernel's 512 bytes). fcsr
 * resets to 0; the kernel keeps fflags and a valid rounding mode. */
#define KT_FPU_REG0        0
#define KT_FPU_CTRL        256
#define KT_FPU_CTRL_INIT   0x0u
#define KT_FPU_CTRL_RSVD   (~0xffu)
#define KT_FPU_CTRL_VALID  0x1fu           /* fflags */
#define KT_FPU_DUMP_BYTES  256             /* exc_xmm_dump: f0-f31 */

static inline void kt_fpu_set0(l4_word v) { __asm__ volatile("fmv.d.x f0, %0" :: "r"(v)); }
static inline l4_word kt_fpu_get0(void) { l4_word v; __asm__ volatile("fmv.x.d %0, f0" : "=r"(v)); return v; }
/* The word at TLS base 0 (tp), and the stack pointer. */
static inline l4_word kt_tls0_word(void)
{
	l4_word *p;
	__asm__ volatile("mv %0, tp" : "=r"(p));
	return *(volatile l4_word *)p;
}
static inline l4_word kt_sp(void) { l4_word v; __asm__ volatile("mv %0, sp" : "=r"(v)); return v; }
/* New threads start at thread_tramp (env.c) with fn and arg on their stack. */
#define KT_THREAD_TRAMP_ASM ".globl thread_tramp\nthread_tramp:\n" \
	"  ld t1, 0(sp)\n  ld a0, 8(sp)\n  addi sp, sp, 16\n  jalr t1\n  call thread_exit\n"
/* li a0, 0x1234 (lui a0, 1; addi a0, a0, 0x234); ret */
#define KT_CODE_RET_1234 { 0x37, 0x15, 0x00, 0x00, 0x13, 0x05, 0x45, 0x23, 0x67, 0x80, 0x00, 0x00 }
/* Lines no one may bind: 0 (no PLIC source), beyond the 16 user lines. */
#define KT_BAD_IRQS { 0, 16, 99, 1000 }
/* Frames a space is charged for its first page: 2 tables below the Sv39 root, 1 page of mapping nodes. */
#define KT_PT_FIRST 3

/* A cycle counter user code may read (bench/ipc): the time CSR. */
static inline l4_word kt_cycles(void)
{
	l4_word v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

/* A store of v to p and a load from p, each recording its instruction's
 * address in *ip first (pager tests compare it with the fault's IP). */
static inline void kt_store_ip(l4_word p, l4_word v, volatile l4_word *ip)
{
	__asm__ volatile("lla t1, 1f\n\tsd t1, %0\n1:\tsd %2, 0(%1)"
			 : "=m"(*ip) : "r"(p), "r"(v) : "t1", "memory");
}
static inline l4_word kt_load_ip(l4_word p, volatile l4_word *ip)
{
	l4_word v;
	__asm__ volatile("lla t1, 1f\n\tsd t1, %1\n1:\tld %0, 0(%2)"
			 : "=&r"(v), "=m"(*ip) : "r"(p) : "t1", "memory");
	return v;
}

/* The IPC fast path's tests (t_fastpath.c, fastpath_riscv64.c): registers
 * fp_ipc keeps (s0-s11, t1-t6), the system call's length, frame words of
 * the IPC registers, a native system call's number in an exception frame
 * (a0), interrupts on in user flags (RISC-V has none: the word reads 0);
 * fp_trap's ecall is an exception only in a foreign-ABI space. The TLS
 * bases: the word at gp, and a rewrite of tp by user code (the kernel must
 * take its live value). */
#define KT_FP_KEEP       18
#define KT_SYSCALL_LEN   4
#define KT_FR_TAG        L4_FR_A(4)
#define KT_FR_IPC_TO     L4_FR_A(1)
#define KT_FR_IPC_FROM   L4_FR_A(2)
#define KT_FR_IPC_TMO    L4_FR_A(3)
#define KT_FR_L4NR       L4_FR_A(0)
#define KT_FLAGS_IRQS_ON(f) ((f) == 0)
#define KT_TRAP_FOREIGN  1
static inline l4_word kt_tls1_word(void)
{
	l4_word *p;
	__asm__ volatile("mv %0, gp" : "=r"(p));
	return *(volatile l4_word *)p;
}
static inline void kt_tls0_reload(void)
{
	__asm__ volatile("mv t1, tp\n\tli tp, 0\n\tmv tp, t1" ::: "t1", "memory");
}

#endif
