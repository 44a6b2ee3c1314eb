/* What t_exc.c shares with its architecture parts (tests/ktest/arch/<arch>/exc_*.c). */
#ifndef KTEST_EXC_H
#define KTEST_EXC_H
#include "ktest.h"
#include <ktest_arch.h>

/* Threads on a small pool of stacks reused by every exception test, at
 * fixed UTCB slots; scratch pages are root heap pages children may borrow
 * through the pager. k: the stack (0..3). */
extern char thread_tramp[];
l4_word *scratch(void);
l4_word *stack_top(unsigned k);
l4_word spawn_h(l4_word space, unsigned k, unsigned prio, void (*fn)(l4_word), l4_word arg,
		l4_word pager, l4_word exh);
l4_word spawn(l4_word space, unsigned k, unsigned prio, void (*fn)(l4_word), l4_word arg);
l4_word wait_stopped(l4_word tid, l4_word ms);      /* its exregs state then */

/* What an exception handler saw: the first exception of `tid`. */
struct ex_seen {
	l4_word tid, w[L4_EXC_WORDS];
	int n, done;
	l4_word out[4];
};
extern volatile struct ex_seen ex;
extern volatile l4_word ex2[L4_EXC_WORDS];          /* a second one, where a test wants it */
void ex_reset(void);
bool ex_first(l4_word from, const l4_word *w);      /* record the first exception of ex.tid */
void flags_child(l4_word unused);                   /* ex.out[0] = exc_flags_fn(); done */

/* The architecture's instructions (exc_<arch>.c), for the portable tests:
 * exc_sys_fn: a (Linux) system call 39 with arguments 0x1111, 0x2222,
 * 0x3333; then out[0] = its result, out[1] = the word at TLS base 0.
 * exc_flags_fn: an undefined instruction, then returns the flags as a
 * handler left them (at exc_flags_after). exc_fpu_fn: the first FPU
 * register = *in, an undefined instruction (exc_fpu_ud), *out = the register.
 * exc_mx_fn: undefined instruction, out[0] = the FPU control word;
 * again into out[1]; then some arithmetic. exc_fpu_spin: two FPU registers
 * hold the pattern (and its complement) across `iterations` yields;
 * out[0] counts mismatches, out[1] switches between threads (exc_fpu_last).
 * exc_xmm_fill: every FPU register = the pattern (and a non-default control
 * word where the architecture has one to spare), exc_xmm_filled = 1, then
 * blocks for good. exc_xmm_dump: yields until exc_xmm_filled, then the FPU
 * registers (KT_FPU_DUMP_BYTES) and the control word to out, exc_xmm_dumped = 1. */
void exc_sys_fn(volatile l4_word *out);
extern char exc_sys_after[];
l4_word exc_flags_fn(void);
extern char exc_flags_after[];
void exc_fpu_fn(volatile void *in, volatile void *out);
extern char exc_fpu_ud[];
void exc_mx_fn(volatile uint32_t *out);
void exc_fpu_spin(l4_word pattern, l4_word iterations, volatile l4_word *out);
void exc_xmm_fill(l4_word pattern);
void exc_xmm_dump(volatile void *out);
extern volatile l4_word exc_fpu_last;
extern volatile int exc_xmm_filled, exc_xmm_dumped;
#endif
