/* Exception tests, the aarch64 part: the instructions the portable tests
 * fault on, and the tests of aarch64 traps and registers (brk and division,
 * no AArch32, svc immediates and hvc, PSTATE, kernel and out-of-range
 * addresses in a handler's reply). */
#include "../../exc.h"

_Static_assert(L4_SYS_IPC == 1 && L4_NOTIFYONLY == (l4_word)-2, "exc_xmm_fill blocks with these");
_Static_assert(L4_SYS_YIELD == 16, "exc_fpu_spin and exc_xmm_dump yield with system call 16");

#define EC_BRK64 0x3cUL
#define PSTATE_PRIV 0x3dfUL        /* DAIF, nRW (AArch32), M[3:0] (EL and SP): never a user's */

__asm__(".text\n"
	/* Linux-style system call 39 (x8) with three arguments; out[0] = x0, out[1] = [TPIDR_EL0] */
	".globl exc_sys_fn, exc_sys_after\n"
	"exc_sys_fn:\n"
	"  mov x9, x0\n  mov x8, #39\n  mov x0, #0x1111\n  mov x1, #0x2222\n  mov x2, #0x3333\n"
	"  svc #0\n"
	"exc_sys_after:\n"
	"  str x0, [x9]\n  mrs x10, tpidr_el0\n  ldr x10, [x10]\n  str x10, [x9, #8]\n  ret\n"
	/* udf, then return NZCV as the handler left it */
	".globl exc_flags_fn, exc_flags_after\n"
	"exc_flags_fn:\n"
	"  udf #0\n"
	"exc_flags_after:\n"
	"  mrs x0, nzcv\n  ret\n"
	/* q0 = *x0, udf, *x1 = q0 */
	".globl exc_fpu_fn, exc_fpu_ud\n"
	"exc_fpu_fn:\n"
	"  ldr q0, [x0]\n"
	"exc_fpu_ud:\n"
	"  udf #0\n  str q0, [x1]\n  ret\n"
	/* udf, FPCR to out[0]; udf, FPCR to out[1]; some arithmetic */
	".globl exc_mx_fn\n"
	"exc_mx_fn:\n"
	"  udf #0\n  mrs x9, fpcr\n  str w9, [x0]\n"
	"  udf #0\n  mrs x9, fpcr\n  str w9, [x0, #4]\n"
	"  movi v1.2d, #0\n  fadd v1.4s, v1.4s, v1.4s\n  fmul v1.4s, v1.4s, v1.4s\n  ret\n"
	/* q0 (both halves) and d7 (the complement) hold the pattern across x1
	 * yields; mismatches counted in out[0], thread switches (exc_fpu_last) in out[1] */
	".globl exc_fpu_spin\n"
	"exc_fpu_spin:\n"
	"  mov x9, x0\n  mov x13, x1\n  mov x14, x2\n  mvn x10, x9\n"
	"  dup v0.2d, x9\n  fmov d7, x10\n"
	"1: mov x0, #16\n  svc #0\n"
	"  umov x11, v0.d[0]\n  cmp x11, x9\n  b.ne 2f\n"
	"  umov x11, v0.d[1]\n  cmp x11, x9\n  b.ne 2f\n"
	"  fmov x11, d7\n  cmp x11, x10\n  b.eq 3f\n"
	"2: ldr x11, [x14]\n  add x11, x11, #1\n  str x11, [x14]\n"
	"3: adrp x12, exc_fpu_last\n  add x12, x12, #:lo12:exc_fpu_last\n  ldr x11, [x12]\n"
	"  cmp x11, x9\n  b.eq 4f\n"
	"  ldr x11, [x14, #8]\n  add x11, x11, #1\n  str x11, [x14, #8]\n  str x9, [x12]\n"
	"4: subs x13, x13, #1\n  b.ne 1b\n  ret\n"
	/* q0-q31 = the pattern, FPCR = DN|FZ, then block for good (notify-only receive) */
	".globl exc_xmm_fill\n"
	"exc_xmm_fill:\n"
	"  dup v0.2d, x0\n"
	"  mov v1.16b, v0.16b\n  mov v2.16b, v0.16b\n  mov v3.16b, v0.16b\n  mov v4.16b, v0.16b\n"
	"  mov v5.16b, v0.16b\n  mov v6.16b, v0.16b\n  mov v7.16b, v0.16b\n  mov v8.16b, v0.16b\n"
	"  mov v9.16b, v0.16b\n  mov v10.16b, v0.16b\n  mov v11.16b, v0.16b\n  mov v12.16b, v0.16b\n"
	"  mov v13.16b, v0.16b\n  mov v14.16b, v0.16b\n  mov v15.16b, v0.16b\n  mov v16.16b, v0.16b\n"
	"  mov v17.16b, v0.16b\n  mov v18.16b, v0.16b\n  mov v19.16b, v0.16b\n  mov v20.16b, v0.16b\n"
	"  mov v21.16b, v0.16b\n  mov v22.16b, v0.16b\n  mov v23.16b, v0.16b\n  mov v24.16b, v0.16b\n"
	"  mov v25.16b, v0.16b\n  mov v26.16b, v0.16b\n  mov v27.16b, v0.16b\n  mov v28.16b, v0.16b\n"
	"  mov v29.16b, v0.16b\n  mov v30.16b, v0.16b\n  mov v31.16b, v0.16b\n"
	"  mov x9, #0x03000000\n  msr fpcr, x9\n"
	"  adrp x9, exc_xmm_filled\n  mov w10, #1\n  str w10, [x9, #:lo12:exc_xmm_filled]\n"
	"1: mov x0, #1\n  mov x1, #0\n  mov x2, #-2\n  mov x3, #-1\n  mov x4, #0\n  svc #0\n  b 1b\n"
	/* yield until exc_xmm_filled, then q0-q31 to out[0..511], FPCR to out[512] */
	".globl exc_xmm_dump\n"
	"exc_xmm_dump:\n"
	"  mov x9, x0\n"
	"1: adrp x10, exc_xmm_filled\n  ldr w11, [x10, #:lo12:exc_xmm_filled]\n  cbnz w11, 2f\n"
	"  mov x0, #16\n  svc #0\n  b 1b\n"
	"2: stp q0, q1, [x9, #0]\n  stp q2, q3, [x9, #32]\n  stp q4, q5, [x9, #64]\n  stp q6, q7, [x9, #96]\n"
	"  stp q8, q9, [x9, #128]\n  stp q10, q11, [x9, #160]\n  stp q12, q13, [x9, #192]\n  stp q14, q15, [x9, #224]\n"
	"  stp q16, q17, [x9, #256]\n  stp q18, q19, [x9, #288]\n  stp q20, q21, [x9, #320]\n  stp q22, q23, [x9, #352]\n"
	"  stp q24, q25, [x9, #384]\n  stp q26, q27, [x9, #416]\n  stp q28, q29, [x9, #448]\n  stp q30, q31, [x9, #480]\n"
	"  mrs x10, fpcr\n  str w10, [x9, #512]\n"
	"  adrp x10, exc_xmm_dumped\n  mov w11, #1\n  str w11, [x10, #:lo12:exc_xmm_dumped]\n  ret\n"
	/* x0 = 7, x1 = 0x55, 7 / 0 (no trap: 0) to out[2]; brk #0x123; after the handler out[0] = x0, out[1] = x1 */
	".globl exc_div_fn, exc_div_at, exc_div_after\n"
	"exc_div_fn:\n"
	"  mov x9, x0\n  mov x0, #7\n  mov x1, #0x55\n  mov x2, #0\n  udiv x3, x0, x2\n  str x3, [x9, #16]\n"
	"exc_div_at:\n"
	"  brk #0x123\n"
	"exc_div_after:\n"
	"  str x0, [x9]\n  str x1, [x9, #8]\n  ret\n"
	/* two undefined instructions, then return 0 */
	".globl exc_compat_fn, exc_compat_at, exc_compat_next\n"
	"exc_compat_fn:\n"
	"exc_compat_at:\n"
	"  udf #0\n"
	"exc_compat_next:\n"
	"  udf #1\n  mov x0, #0\n  ret\n"
	/* svc #0x80 with x8 = 0x77, x0 = 0xa1; out[0] = x0 after it */
	".globl exc_i80_fn, exc_i80_after\n"
	"exc_i80_fn:\n"
	"  mov x9, x0\n  mov x8, #0x77\n  mov x0, #0xa1\n  svc #0x80\n"
	"exc_i80_after:\n"
	"  str x0, [x9]\n  ret\n"
	/* hvc #0 (undefined at EL0) with x0 = 0x77; out[0] = x0 after it */
	".globl exc_hvc_fn, exc_hvc_at\n"
	"exc_hvc_fn:\n"
	"  mov x9, x0\n  mov x0, #0x77\n"
	"exc_hvc_at:\n"
	"  hvc #0\n  str x0, [x9]\n  ret\n");
void exc_div_fn(volatile l4_word *out);
extern char exc_div_at[], exc_div_after[];
l4_word exc_compat_fn(void);
extern char exc_compat_at[], exc_compat_next[];
void exc_i80_fn(volatile l4_word *out);
extern char exc_i80_after[];
void exc_hvc_fn(volatile l4_word *out);
extern char exc_hvc_at[];

/* Runs fn(arg) in a new space (foreign-ABI or not) with hook as the
 * exception handler; true when it finished. */
static bool run_child(int (*hook)(l4_word, l4_word *, l4_word *), void (*fn)(l4_word), bool foreign)
{
	exc_hook = hook;
	l4_word s = space_new();
	if (foreign)
		l4_space_ctrl(s, L4_SC_FOREIGN, 1);
	ex.tid = spawn(s, 0, 50, fn, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	return s && ex.tid && done;
}

/* --- integer division does not trap; brk does ---------------------------------- */
static int div_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != EC_BRK64 || w[L4_FR_PC] != (l4_word)exc_div_at)
		return 0;
	w[L4_FR_PC] = (l4_word)exc_div_after;
	w[L4_FR_X(0)] = 0x1111aaaa;
	w[L4_FR_X(1)] = 0x2222bbbb;
	return 1;
}

static void div_child(l4_word unused)
{
	(void)unused;
	exc_div_fn(ex.out);
	ex.done = 1;
}

KTEST(exc_divide_zero, "integer division by zero does not trap on aarch64 (the result is 0); brk #0x123 reaches the handler (trapno EC 0x3c, ESR with the immediate, PC at it) and its PC/x0/x1 rewrite takes effect")
{
	ex_reset();
	ex.out[2] = 0xdead;
	bool done = run_child(div_hook, div_child, false);
	CHECK(done);
	CHECK_EQ(ex.n, 1);
	CHECK_EQ(ex.out[2], 0);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], EC_BRK64);
	CHECK_EQ(ex.w[L4_EXC_ERROR], (EC_BRK64 << 26) | (1UL << 25) | 0x123);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_div_at);
	CHECK_EQ(ex.w[L4_FR_X(0)], 7);
	CHECK_EQ(ex.w[L4_FR_X(1)], 0x55);
	CHECK_EQ(ex.out[0], 0x1111aaaa);
	CHECK_EQ(ex.out[1], 0x2222bbbb);
}

/* --- no way into AArch32 ----------------------------------------------------------
 * The kernel has no AArch32 entries (its lower-EL AArch32 vectors panic): a
 * handler's PSTATE asking for AArch32 (nRW) or another mode must not reach eret. */
static int compat_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (from != ex.tid || w[L4_EXC_TRAPNO] != KT_TRAP_UD || ex.n >= 2)
		return 0;
	for (int i = 0; i < L4_EXC_WORDS; i++)
		(ex.n == 0 ? ex.w : ex2)[i] = w[i];
	if (ex.n++ == 0)
		w[L4_FR_PSTATE] = 0x1d0 | PSTATE_PRIV;  /* AArch32 SYS mode, interrupts masked */
	w[L4_FR_PC] += 4;
	return 1;
}

static void compat_child(l4_word unused)
{
	(void)unused;
	ex.out[0] = exc_compat_fn() + 1;
	ex.done = 1;
}

KTEST(exc_no_compat_mode, "no way into AArch32 (or another mode) at EL0: a handler's PSTATE with nRW, mode and DAIF bits is not given to the thread, which goes on in AArch64 EL0t")
{
	ex_reset();
	bool done = run_child(compat_hook, compat_child, false);
	CHECK(done);
	CHECK_EQ(ex.n, 2);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_compat_at);
	CHECK_EQ(ex.w[L4_EXC_ERROR] >> 26, 0);      /* EC 0: unknown reason (udf) */
	CHECK_EQ(ex2[L4_FR_PC], (l4_word)exc_compat_next);
	CHECK_EQ(ex2[L4_FR_PSTATE] & PSTATE_PRIV, 0);
	CHECK_EQ(ex.out[0], 1);
}

/* --- svc immediates in a foreign-ABI space, hvc in a native one ----------------------- */
static int i80_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != L4_TRAP_SYSCALL)
		return 0;
	w[L4_FR_X(0)] = 0x99;
	return 1;
}

static void i80_child(l4_word unused)
{
	(void)unused;
	exc_i80_fn(ex.out);
	ex.done = 1;
}

KTEST(exc_foreign_int80, "svc #0x80 in a foreign-ABI space arrives as L4_TRAP_SYSCALL like svc #0 (no second ABI), x8 and x0 as set, PC after it; the reply's x0 applies")
{
	ex_reset();
	bool done = run_child(i80_hook, i80_child, true);
	CHECK(done);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], L4_TRAP_SYSCALL);
	CHECK_EQ(ex.w[L4_FR_X(8)], 0x77);
	CHECK_EQ(ex.w[L4_FR_X(0)], 0xa1);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_i80_after);
	CHECK_EQ(ex.out[0], 0x99);
}

static int hvc_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != KT_TRAP_UD || w[L4_FR_PC] != (l4_word)exc_hvc_at)
		return 0;
	w[L4_FR_PC] += 4;
	w[L4_FR_X(0)] = 0x99;
	return 1;
}

static void hvc_child(l4_word unused)
{
	(void)unused;
	exc_hvc_fn(ex.out);
	ex.done = 1;
}

KTEST(exc_native_int80, "hvc in a native space (undefined at EL0) is an exception to the handler (EC 0, PC at it), and the thread carries on")
{
	ex_reset();
	bool done = run_child(hvc_hook, hvc_child, false);
	CHECK(done);
	CHECK_EQ(ex.n, 1);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], 0);
	CHECK_EQ(ex.w[L4_EXC_ERROR] >> 26, 0);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_hvc_at);
	CHECK_EQ(ex.out[0], 0x99);
}

/* --- PSTATE from a handler or exregs keeps only NZCV --------------------------------- */
static int flags_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != KT_TRAP_UD || w[L4_FR_PC] != (l4_word)exc_flags_fn)
		return 0;
	w[L4_FR_PC] = (l4_word)exc_flags_after;
	w[L4_FR_PSTATE] = 0xffffffffUL;             /* NZCV, and EL1h, DAIF, nRW, IL, SS, PAN, ... */
	return 1;
}

KTEST(exc_rflags_sanitised, "a handler's (or exregs') PSTATE gives the thread only NZCV: EL1h, DAIF, nRW, IL, SS and the rest are not taken")
{
	ex_reset();
	exc_hook = flags_hook;
	l4_word s = space_new();
	ex.tid = spawn(s, 0, 50, flags_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	wait_stopped(ex.tid, 1000);
	struct l4_exregs r = { .flags = 0x60000000UL | (1UL << 21) | (1UL << 20) | 0x3c5 | 0x10 };
	l4_word e_set = l4_exregs(ex.tid, L4_EX_FLAGS, &r);
	struct l4_exregs r2 = { 0 };
	l4_word e_get = l4_exregs(ex.tid, 0, &r2);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], KT_TRAP_UD);
	CHECK_EQ(ex.w[L4_FR_PSTATE] & PSTATE_PRIV, 0);
	CHECK_EQ(ex.out[0], 0xf0000000UL);          /* NZCV as the handler set them */
	CHECK_EQ(e_set, L4_OK);
	CHECK_EQ(e_get, L4_OK);
	CHECK_EQ(r2.flags, 0x60000000UL);
}

/* --- a handler's reply with kernel or out-of-range addresses -------------------------- */
static int bad_reply_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (from != ex.tid || w[L4_EXC_TRAPNO] != KT_TRAP_UD || ex.n >= 2)
		return 0;
	for (int i = 0; i < L4_EXC_WORDS; i++)
		(ex.n == 0 ? ex.w : ex2)[i] = w[i];
	if (ex.n++ == 0) {
		w[L4_FR_PC] = 0xffff000040200000UL;          /* the kernel */
		w[L4_FR_SP] = KT_NONCANON;
		w[L4_FR_TPIDRRO] = 0xffff000000001000UL;
		w[L4_FR_TPIDR] = 0xdeadbeefcafef00dUL;       /* user-writable: any value */
		w[L4_FR_PSTATE] = 0x3c5;                     /* EL1h, masked */
	} else {
		w[L4_FR_PC] = (l4_word)exc_flags_after;
	}
	return 1;
}

KTEST(exc_reply_bad_addresses, "a handler's reply with a kernel PC, an SP and TPIDRRO_EL0 beyond user space and EL1h is ignored for those (TPIDR_EL0, user-writable, is taken)")
{
	ex_reset();
	bool done = run_child(bad_reply_hook, flags_child, false);
	CHECK(done);
	CHECK_EQ(ex.n, 2);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_flags_fn);
	CHECK_EQ(ex2[L4_FR_PC], (l4_word)exc_flags_fn);       /* the udf again */
	CHECK_EQ(ex2[L4_FR_SP], ex.w[L4_FR_SP]);
	CHECK_EQ(ex2[L4_FR_TPIDRRO], ex.w[L4_FR_TPIDRRO]);
	CHECK_EQ(ex2[L4_FR_TPIDR], 0xdeadbeefcafef00dUL);
	CHECK_EQ(ex2[L4_FR_PSTATE] & PSTATE_PRIV, 0);
}
