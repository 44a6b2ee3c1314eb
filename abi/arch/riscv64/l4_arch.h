/* The microkernel's user ABI, the riscv64 part (included by abi/l4.h). */
#ifndef ABI_L4_ARCH_H
#define ABI_L4_ARCH_H

/*
 * L4_ARCH_CONVENTIONS. System calls (riscv64): `ecall` with the number in
 * a0; arguments in a1, a2, a3, a4, a5 (x86_64's rdi, rsi, rdx, r10, r8);
 * a0 returns an error code (L4_OK or L4_E*), a3 a second result (x86_64's
 * rdx). The number and the result share a0 as rax does on x86_64, so a
 * call restarted at a preemption point re-executes the same `ecall`.
 * Registers not named here are preserved.
 *
 * IPC: a1 = to, a2 = from specifier, a3 = timeouts, a4 = tag,
 * a5, a6, a7, t0 = MR0..MR3; MR4.. live in the UTCB. On return a2 holds the
 * sender, a4 the received tag, a5..a7 and t0 MR0..MR3.
 *
 * A program's start argument (boot info, a vCPU upcall's state page) is in
 * a1.
 */
#define L4_ARCH_RISCV64 1

/* Trap numbers: an exception's trapno is scause's code (error = scause,
 * address = stval: the address, or an illegal instruction's bits); these
 * two are for foreign-ABI spaces, whose `ecall` arrives as an exception
 * with trapno L4_TRAP_SYSCALL (pc after it). */
#define L4_TRAP_SYSCALL 0x100
#define L4_TRAP_INT80   0x80   /* x86_64 only; never sent on riscv64 */
/* Instruction, load and store page faults (scause 12, 13, 15): page-fault
 * messages and a vCPU's exits with this trapno, L4_PF_* bits (PRESENT when
 * the page is mapped: a permission fault) and stval. */
#define L4_TRAP_PAGEFAULT 0x101

/* Exception frame words: Linux `struct user_regs_struct` (pc, then x1..x31:
 * ra, sp, gp, tp, t0-t2, s0-s1, a0-a7, s2-s11, t3-t6), then a flags word
 * (RISC-V user code has none: always 0). */
#define L4_FR_PC        0
#define L4_FR_X(n)      (n)    /* xn is word n, n = 1..31 */
#define L4_FR_RA        1
#define L4_FR_SP        2
#define L4_FR_GP        3      /* TLS base 1: the UTCB */
#define L4_FR_TP        4      /* TLS base 0: the thread pointer */
#define L4_FR_A(n)      (10 + (n))
#define L4_FR_FLAGS     32
#define L4_FR_IP        L4_FR_PC   /* generic names: the instruction pointer's word */
#define L4_FR_WORDS     33
#define L4_EXC_TRAPNO   L4_FR_WORDS   /* exception messages: the frame, then these */
#define L4_EXC_ERROR    34            /* scause */
#define L4_EXC_ADDR     35            /* stval */
#define L4_EXC_WORDS    36

/* L4_ARCH_UTCB: a new thread's gp (TLS base 1) is its UTCB's address; tp
 * (TLS base 0) is the program's. Both are ordinary registers: user code
 * is built without gp-relative relaxation (-mno-relax) and keeps gp. */
/* Where a function finds its stack pointer on entry, below a 16-byte
 * boundary (the psABI: always aligned): new threads start so. */
#define L4_ENTRY_SP_OFFSET 0

#define L4_EX_TP L4_EX_TLS0
#define L4_EX_GP L4_EX_TLS1

#endif
