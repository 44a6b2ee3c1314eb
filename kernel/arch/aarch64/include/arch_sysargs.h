/* Where aarch64 system-call arguments and results live in the trap frame
 * (abi/arch/aarch64/l4_arch.h): number and result x0, arguments x1..x5,
 * second result x3; IPC tag x4, MR0..MR3 x5..x8. */
#ifndef ARCH_SYSARGS_H
#define ARCH_SYSARGS_H
#include <arch_frame.h>
#define SC_NR(f)   ((f)->x[0])
#define SC_RET(f)  ((f)->x[0])
#define SC_A0(f)   ((f)->x[1])
#define SC_A1(f)   ((f)->x[2])
#define SC_A2(f)   ((f)->x[3])
#define SC_A3(f)   ((f)->x[4])
#define SC_A4(f)   ((f)->x[5])
#define SC_OUT(f)  ((f)->x[3])
/* IPC: to, from, timeouts, tag; MR0..3; the sender comes back in SC_A1. */
#define SC_TAG(f)  ((f)->x[4])
#define SC_MR0(f)  ((f)->x[5])
#define SC_MR1(f)  ((f)->x[6])
#define SC_MR2(f)  ((f)->x[7])
#define SC_MR3(f)  ((f)->x[8])

/* Make the thread execute its `svc` (4 bytes) again, as system call nr. */
static inline void arch_syscall_restart(struct frame *f, unsigned long nr)
{
	f->elr -= 4;
	f->x[0] = nr;
}

#define FR_IP(f)    ((f)->elr)
#define FR_SP(f)    ((f)->sp)
#define FR_FLAGS(f) ((f)->spsr)
#endif
