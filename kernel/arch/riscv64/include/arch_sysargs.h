/* Where riscv64 system-call arguments and results live in the trap frame
 * (abi/arch/riscv64/l4_arch.h): number and result a0, arguments a1..a5,
 * second result a3; IPC tag a4, MR0..MR3 a5, a6, a7, t0. */
#ifndef ARCH_SYSARGS_H
#define ARCH_SYSARGS_H
#include <arch_frame.h>
#define SC_NR(f)   ((f)->r[10])
#define SC_RET(f)  ((f)->r[10])
#define SC_A0(f)   ((f)->r[11])
#define SC_A1(f)   ((f)->r[12])
#define SC_A2(f)   ((f)->r[13])
#define SC_A3(f)   ((f)->r[14])
#define SC_A4(f)   ((f)->r[15])
#define SC_OUT(f)  ((f)->r[13])
/* IPC: to, from, timeouts, tag; MR0..3; the sender comes back in SC_A1. */
#define SC_TAG(f)  ((f)->r[14])
#define SC_MR0(f)  ((f)->r[15])
#define SC_MR1(f)  ((f)->r[16])
#define SC_MR2(f)  ((f)->r[17])
#define SC_MR3(f)  ((f)->r[5])
/* Make the thread execute its `ecall` (4 bytes; entry moved pc past it) again, as system call nr. */
static inline void arch_syscall_restart(struct frame *f, unsigned long nr)
{
	f->r[0] -= 4;
	f->r[10] = nr;
}
#define FR_IP(f)    ((f)->r[0])
#define FR_SP(f)    ((f)->r[2])
#define FR_FLAGS(f) ((f)->flags)
#endif
