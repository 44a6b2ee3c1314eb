/* What t_fastpath.c shares with its architecture parts
 * (tests/ktest/arch/<arch>/fastpath_<arch>.c: the assembly). */
#ifndef KTEST_FASTPATH_H
#define KTEST_FASTPATH_H
#include "ktest.h"
#include <ktest_arch.h>

/* One IPC through fp_ipc(): the message and register values to hold across
 * it go in, every register that carries something comes out. keep[] are
 * KT_FP_KEEP registers that are neither arguments nor results (x86_64: rbx,
 * rbp, r14, r15; aarch64: x9-x28); fpv the low 64 bits of the first FP
 * register. */
struct fp_regs {
	l4_word tag, mr[4];                  /* in */
	l4_word keep[KT_FP_KEEP];            /* in */
	l4_word fpv;                         /* in */
	l4_word err, from, otag, omr[4];     /* out: result, sender, tag, MR0-3 */
	l4_word okeep[KT_FP_KEEP];           /* out */
	l4_word oto, otmo, ofpv;             /* out: the to and timeouts registers, fpv */
};

/* l4_word fp_ipc(to, from, timeouts, struct fp_regs *r): the IPC system
 * call at fp_ipc_syscall (KT_SYSCALL_LEN bytes). */
l4_word fp_ipc(l4_word to, l4_word from, l4_word timeouts, struct fp_regs *r);
extern char fp_ipc_syscall[];

/* fp_trap(out): four registers set to 0x77, 0x5151, 0x1010, 0x8888, then an
 * instruction that is an exception message (x86_64: int 0x80; aarch64: svc
 * in a foreign-ABI space, KT_TRAP_FOREIGN) and resumes after itself; the
 * four registers as they came back into out[0..3]. */
void fp_trap(volatile l4_word *out);

/* A page of task code at fp_vtask_ipc: the IPC system call number in its
 * register, the system call, a loop. fp_vcpu_entry: the upcall entry, calls
 * fp_vcpu_handler(state page), then VCPU_RESUME(0, 0). */
extern char fp_vtask_ipc[], fp_vcpu_entry[];
void fp_vcpu_handler(struct l4_vcpu_state *v);
#endif
