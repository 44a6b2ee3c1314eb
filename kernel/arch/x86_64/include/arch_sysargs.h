/* Where x86_64 system-call arguments and results live in the trap frame. */
#ifndef ARCH_SYSARGS_H
#define ARCH_SYSARGS_H
#include <arch_frame.h>
#define SC_NR(f)   ((f)->rax)
#define SC_RET(f)  ((f)->rax)
#define SC_A0(f)   ((f)->rdi)
#define SC_A1(f)   ((f)->rsi)
#define SC_A2(f)   ((f)->rdx)
#define SC_A3(f)   ((f)->r10)
#define SC_A4(f)   ((f)->r8)
#define SC_OUT(f)  ((f)->rdx)
/* IPC: to, from, timeouts, tag; MR0..3; the sender comes back in SC_A1. */
#define SC_TAG(f)  ((f)->r10)
#define SC_MR0(f)  ((f)->r8)
#define SC_MR1(f)  ((f)->r9)
#define SC_MR2(f)  ((f)->r12)
#define SC_MR3(f)  ((f)->r13)

/* Make the thread execute its `syscall` (2 bytes) again, as system call nr. */
static inline void arch_syscall_restart(struct frame *f, unsigned long nr)
{
	f->rip -= 2;
	f->rax = nr;
}

#define FR_IP(f)    ((f)->rip)
#define FR_SP(f)    ((f)->rsp)
#define FR_FLAGS(f) ((f)->rflags)
#endif
