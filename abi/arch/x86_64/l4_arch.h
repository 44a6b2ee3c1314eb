/* The microkernel's user ABI, the x86_64 part (included by abi/l4.h). */
#ifndef ABI_L4_ARCH_H
#define ABI_L4_ARCH_H

/*
 * L4_ARCH_CONVENTIONS. System calls (x86_64): `syscall` with the number in rax; arguments in
 * rdi, rsi, rdx, r10, r8, r9; rax returns an error code (L4_OK or L4_E*),
 * rdx a second result. rcx and r11 are clobbered by the instruction.
 *
 * IPC: rdi = to, rsi = from specifier, rdx = timeouts, r10 = tag,
 * r8, r9, r12, r13 = MR0..MR3; MR4.. live in the UTCB. On return rsi holds
 * the sender, r10 the received tag, r8, r9, r12, r13 MR0..MR3.
 *
 * A program's start argument (boot info, a vCPU upcall's state page) is in
 * rdi; an upcall starts with RFLAGS.TF and DF clear.
 */
#define L4_ARCH_X86_64 1

/* Trap numbers of redirected system calls of foreign-ABI spaces. */
#define L4_TRAP_SYSCALL 0x100  /* trapno of a redirected `syscall` of a foreign-ABI space */
#define L4_TRAP_INT80   0x80

/* Exception frame words, Linux `struct user_regs_struct` order (defines,
 * not an enum: the kernel's assembly indexes the vCPU state page with them). */
#define L4_FR_R15       0
#define L4_FR_R14       1
#define L4_FR_R13       2
#define L4_FR_R12       3
#define L4_FR_RBP       4
#define L4_FR_RBX       5
#define L4_FR_R11       6
#define L4_FR_R10       7
#define L4_FR_R9        8
#define L4_FR_R8        9
#define L4_FR_RAX       10
#define L4_FR_RCX       11
#define L4_FR_RDX       12
#define L4_FR_RSI       13
#define L4_FR_RDI       14
#define L4_FR_ORIG_RAX  15
#define L4_FR_RIP       16
#define L4_FR_CS        17
#define L4_FR_RFLAGS    18
#define L4_FR_RSP       19
#define L4_FR_SS        20
#define L4_FR_FS_BASE   21
#define L4_FR_GS_BASE   22
#define L4_FR_DS        23
#define L4_FR_ES        24
#define L4_FR_FS        25
#define L4_FR_GS        26
#define L4_FR_WORDS     27
#define L4_FR_IP        L4_FR_RIP  /* generic names: instruction and stack pointer words */
#define L4_FR_SP        L4_FR_RSP
#define L4_EXC_TRAPNO   L4_FR_WORDS   /* exception messages: the frame, then these */
#define L4_EXC_ERROR    28
#define L4_EXC_ADDR     29            /* the faulting address (CR2) */
#define L4_EXC_CR2      L4_EXC_ADDR
#define L4_EXC_WORDS    30

/* L4_ARCH_UTCB: a new thread's %gs base is its UTCB's address (the UTCB's
 * first word holds that address too). exchange_registers' L4_EX_FS/L4_EX_GS
 * set the two TLS bases, FS and GS. */
/* Where a function finds its stack pointer on entry, below a 16-byte
 * boundary (the psABI: `call` pushed the return address): new threads start so. */
#define L4_ENTRY_SP_OFFSET 8

#define L4_EX_FS L4_EX_TLS0
#define L4_EX_GS L4_EX_TLS1

#endif
