/* What the portable kernel tests need to know about x86_64: frame words,
 * instructions and FPU-image offsets (tests/ktest/arch/<arch>/, picked by
 * the Makefile by ARCH). */
#ifndef KTEST_ARCH_H
#define KTEST_ARCH_H
#include <l4/syscalls.h>

/* Exception and vCPU frame words (abi/arch/x86_64/l4_arch.h). */
#define KT_FR_IP      L4_FR_RIP
#define KT_FR_SP      L4_FR_RSP
#define KT_FR_FLAGS   L4_FR_RFLAGS
#define KT_FR_TLS0    L4_FR_FS_BASE
#define KT_FR_RET     L4_FR_RAX            /* a system call's result */
#define KT_FR_SYSNR   L4_FR_ORIG_RAX       /* a (Linux) system call's number */
#define KT_FR_ARG0    L4_FR_RDI            /* ... and its first three arguments */
#define KT_FR_ARG1    L4_FR_RSI
#define KT_FR_ARG2    L4_FR_RDX
#define KT_FLAGS_USER 0x202UL              /* flags of a fresh user frame (IF) */
#define KT_NONCANON   0x0000800000000000UL /* the first address above user space */

/* An undefined instruction: its trap number, length, and a check for it. */
#define KT_TRAP_UD    6
#define KT_TRAP_PF    14                /* a page fault exit's trapno */
#define KT_UD_LEN     2
#define KT_UD()       __asm__ volatile("ud2")
#define KT_AT_UD(ip)  (*(const uint16_t *)(ip) == 0x0b0f)

/* The FPU image (XSAVE): xmm0, MXCSR, what a fresh thread has, which MXCSR
 * bits are reserved and which valid ones an all-ones write must set. */
#define KT_FPU_REG0        160
#define KT_FPU_CTRL        24
#define KT_FPU_CTRL_INIT   0x1f80u
#define KT_FPU_CTRL_RSVD   0xffff0000u
#define KT_FPU_CTRL_VALID  0x1f80u
#define KT_FPU_DUMP_BYTES  256             /* exc_xmm_dump: xmm0-15 */

static inline void kt_fpu_set0(l4_word v) { __asm__ volatile("movq %0, %%xmm0" :: "r"(v)); }
static inline l4_word kt_fpu_get0(void) { l4_word v; __asm__ volatile("movq %%xmm0, %0" : "=r"(v)); return v; }
/* The word at TLS base 0 (%fs:0), and the stack pointer. */
static inline l4_word kt_tls0_word(void) { l4_word v; __asm__ volatile("movq %%fs:0, %0" : "=r"(v)); return v; }
static inline l4_word kt_sp(void) { l4_word v; __asm__ volatile("movq %%rsp, %0" : "=r"(v)); return v; }
/* New threads start at thread_tramp (env.c) with fn and arg on their stack. */
#define KT_THREAD_TRAMP_ASM ".globl thread_tramp\nthread_tramp:\n" \
	"  popq %rax\n  popq %rdi\n  call *%rax\n  call thread_exit\n"
/* mov $0x1234, %eax; ret */
#define KT_CODE_RET_1234 { 0xb8, 0x34, 0x12, 0x00, 0x00, 0xc3 }
/* Lines no one may bind: 0 (the kernel's PIT), 2 (the 8259 cascade), beyond 15. */
#define KT_BAD_IRQS { 0, 2, 16, 99 }
/* Frames a space is charged for its first page: 3 tables below the PML4, 1 page of mapping nodes. */
#define KT_PT_FIRST 4

/* A cycle counter user code may read (bench/ipc): the TSC. */
static inline l4_word kt_cycles(void)
{
	unsigned lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((l4_word)hi << 32) | lo;
}

/* A store of v to p and a load from p, each recording its instruction's
 * address in *ip first (pager tests compare it with the fault's IP). */
static inline void kt_store_ip(l4_word p, l4_word v, volatile l4_word *ip)
{
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\tmovq %%rax, %0\n1:\tmovq %2, (%1)"
			 : "=m"(*ip) : "r"(p), "r"(v) : "rax", "memory");
}
static inline l4_word kt_load_ip(l4_word p, volatile l4_word *ip)
{
	l4_word v;
	__asm__ volatile("leaq 1f(%%rip), %%rax\n\tmovq %%rax, %1\n1:\tmovq (%2), %0"
			 : "=&r"(v), "=m"(*ip) : "r"(p) : "rax", "memory");
	return v;
}

/* The IPC fast path's tests (t_fastpath.c, fastpath_x86_64.c): registers
 * fp_ipc keeps (rbx, rbp, r14, r15), the system call's length, frame words
 * of the IPC registers, a native system call's number in an exception
 * frame, interrupts on in user flags; fp_trap's int 0x80 is an exception in
 * a native space. The TLS bases: the word at GS base, and a reload of %fs
 * that zeroes the FS base (the kernel must put it back). */
#define KT_FP_KEEP       4
#define KT_SYSCALL_LEN   2
#define KT_FR_TAG        L4_FR_R10
#define KT_FR_IPC_TO     L4_FR_RDI
#define KT_FR_IPC_FROM   L4_FR_RSI
#define KT_FR_IPC_TMO    L4_FR_RDX
#define KT_FR_L4NR       L4_FR_ORIG_RAX
#define KT_FLAGS_IRQS_ON(f) (((f) & 0x200) != 0)
#define KT_TRAP_FOREIGN  0
static inline l4_word kt_tls1_word(void) { l4_word v; __asm__ volatile("movq %%gs:0, %0" : "=r"(v)); return v; }
static inline void kt_tls0_reload(void) { __asm__ volatile("movl $0x23, %%eax\n\tmovl %%eax, %%fs" ::: "rax", "memory"); }

#endif
