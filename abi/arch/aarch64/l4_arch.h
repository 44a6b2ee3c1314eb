/* The microkernel's user ABI, the aarch64 part (included by abi/l4.h). */
#ifndef ABI_L4_ARCH_H
#define ABI_L4_ARCH_H

/*
 * L4_ARCH_CONVENTIONS. System calls (aarch64): `svc #0` with the number in
 * x0; arguments in x1, x2, x3, x4, x5 (x86_64's rdi, rsi, rdx, r10, r8);
 * x0 returns an error code (L4_OK or L4_E*), x3 a second result (x86_64's
 * rdx). The number and the result share x0 as rax does on x86_64, so a
 * call restarted at a preemption point re-executes the same `svc`.
 * Registers not named here are preserved.
 *
 * IPC: x1 = to, x2 = from specifier, x3 = timeouts, x4 = tag,
 * x5, x6, x7, x8 = MR0..MR3; MR4.. live in the UTCB. On return x2 holds the
 * sender, x4 the received tag, x5..x8 MR0..MR3.
 *
 * A program's start argument (boot info, a vCPU upcall's state page) is in
 * x1; an upcall starts with NZCV clear.
 */
#define L4_ARCH_AARCH64 1

/* Trap numbers: an exception's trapno is ESR_EL1.EC (error = the whole
 * ESR_EL1, address = FAR_EL1); these two are for foreign-ABI spaces, whose
 * `svc` arrives as an exception with trapno L4_TRAP_SYSCALL. */
#define L4_TRAP_SYSCALL 0x100
#define L4_TRAP_INT80   0x80   /* x86_64 only; never sent on aarch64 */
/* A vCPU's page-fault exit has this trapno (not an EC): translation,
 * access-flag and permission aborts, data or instruction (page-fault
 * messages and exits carry L4_PF_* bits and FAR). Other aborts, e.g.
 * alignment faults, are exceptions: trapno EC 0x24 (0x20), ESR, FAR. */
#define L4_TRAP_PAGEFAULT 0x101

/* Exception frame words: Linux `struct user_pt_regs` (x0..x30, sp, pc,
 * pstate), then the two TLS registers. */
#define L4_FR_X0        0      /* x(n) is word n, n = 0..30 */
#define L4_FR_X(n)      (n)
#define L4_FR_LR        30
#define L4_FR_SP        31
#define L4_FR_PC        32
#define L4_FR_PSTATE    33
#define L4_FR_TPIDR     34     /* TLS base 0: TPIDR_EL0 (user read-write) */
#define L4_FR_TPIDRRO   35     /* TLS base 1: TPIDRRO_EL0 (user read-only): the UTCB */
#define L4_FR_IP        L4_FR_PC   /* generic names: the instruction pointer's word */
#define L4_FR_WORDS     36
#define L4_EXC_TRAPNO   L4_FR_WORDS   /* exception messages: the frame, then these */
#define L4_EXC_ERROR    37            /* ESR_EL1 */
#define L4_EXC_ADDR     38            /* FAR_EL1 */
#define L4_EXC_WORDS    39

/* L4_ARCH_UTCB: a new thread's TPIDRRO_EL0 (TLS base 1, read-only to user
 * code) is its UTCB's address; TPIDR_EL0 (TLS base 0) is the program's. */
/* Where a function finds its stack pointer on entry, below a 16-byte
 * boundary (AAPCS64: always aligned): new threads start so. */
#define L4_ENTRY_SP_OFFSET 0

#define L4_EX_TPIDR   L4_EX_TLS0
#define L4_EX_TPIDRRO L4_EX_TLS1

#endif
