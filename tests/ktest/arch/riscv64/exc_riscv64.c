/* Exception tests, the riscv64 part: the instructions the portable tests
 * fault on, and the tests of riscv64 traps and registers (ebreak and
 * division, no other mode, ecall in a foreign space, sret at U-mode, the
 * flags word, kernel and out-of-range addresses in a handler's reply). */
#include "../../exc.h"

_Static_assert(L4_SYS_IPC == 1 && L4_NOTIFYONLY == (l4_word)-2, "exc_xmm_fill blocks with these");
_Static_assert(L4_SYS_YIELD == 16, "exc_fpu_spin and exc_xmm_dump yield with system call 16");

#define CAUSE_BREAKPOINT 3UL
#define UD ".4byte 0xc0001073\n"          /* csrrw zero, cycle, zero: illegal */
#define FREGS(op, base) \
	"  " op " f0, 0(" base ")\n  " op " f1, 8(" base ")\n  " op " f2, 16(" base ")\n  " op " f3, 24(" base ")\n" \
	"  " op " f4, 32(" base ")\n  " op " f5, 40(" base ")\n  " op " f6, 48(" base ")\n  " op " f7, 56(" base ")\n" \
	"  " op " f8, 64(" base ")\n  " op " f9, 72(" base ")\n  " op " f10, 80(" base ")\n  " op " f11, 88(" base ")\n" \
	"  " op " f12, 96(" base ")\n  " op " f13, 104(" base ")\n  " op " f14, 112(" base ")\n  " op " f15, 120(" base ")\n" \
	"  " op " f16, 128(" base ")\n  " op " f17, 136(" base ")\n  " op " f18, 144(" base ")\n  " op " f19, 152(" base ")\n" \
	"  " op " f20, 160(" base ")\n  " op " f21, 168(" base ")\n  " op " f22, 176(" base ")\n  " op " f23, 184(" base ")\n" \
	"  " op " f24, 192(" base ")\n  " op " f25, 200(" base ")\n  " op " f26, 208(" base ")\n  " op " f27, 216(" base ")\n" \
	"  " op " f28, 224(" base ")\n  " op " f29, 232(" base ")\n  " op " f30, 240(" base ")\n  " op " f31, 248(" base ")\n"

__asm__(".text\n.option push\n.option norvc\n.balign 4\n"
	/* Linux-style system call 39 (a7) with three arguments; out[0] = a0, out[1] = [tp] */
	".globl exc_sys_fn, exc_sys_after\n"
	"exc_sys_fn:\n"
	"  mv t3, a0\n  li a7, 39\n  li a0, 0x1111\n  li a1, 0x2222\n  li a2, 0x3333\n"
	"  ecall\n"
	"exc_sys_after:\n"
	"  sd a0, 0(t3)\n  ld t4, 0(tp)\n  sd t4, 8(t3)\n  ret\n"
	/* unimp, then return the flags (none on RISC-V: 0) */
	".globl exc_flags_fn, exc_flags_after\n"
	"exc_flags_fn:\n"
	UD
	"exc_flags_after:\n"
	"  li a0, 0\n  ret\n"
	/* f0, f1 = in[0..15], unimp, out[0..15] = f0, f1 */
	".globl exc_fpu_fn, exc_fpu_ud\n"
	"exc_fpu_fn:\n"
	"  fld f0, 0(a0)\n  fld f1, 8(a0)\n"
	"exc_fpu_ud:\n"
	UD "  fsd f0, 0(a1)\n  fsd f1, 8(a1)\n  ret\n"
	/* unimp, fcsr to out[0]; unimp, fcsr to out[1]; some arithmetic */
	".globl exc_mx_fn\n"
	"exc_mx_fn:\n"
	UD "  frcsr t1\n  sw t1, 0(a0)\n"
	UD "  frcsr t1\n  sw t1, 4(a0)\n"
	"  fmv.d.x f1, zero\n  fadd.d f1, f1, f1\n  fmul.d f1, f1, f1\n  ret\n"
	/* f0 and f7 (the complement) hold the pattern across a1 yields;
	 * mismatches counted in out[0], thread switches (exc_fpu_last) in out[1] */
	".globl exc_fpu_spin\n"
	"exc_fpu_spin:\n"
	"  mv t3, a0\n  mv t4, a1\n  mv t5, a2\n  not t6, t3\n"
	"  fmv.d.x f0, t3\n  fmv.d.x f7, t6\n"
	"1: li a0, 16\n  ecall\n"
	"  fmv.x.d t0, f0\n  bne t0, t3, 2f\n"
	"  fmv.x.d t0, f7\n  beq t0, t6, 3f\n"
	"2: ld t0, 0(t5)\n  addi t0, t0, 1\n  sd t0, 0(t5)\n"
	"3: lla t1, exc_fpu_last\n  ld t0, 0(t1)\n  beq t0, t3, 4f\n"
	"  ld t0, 8(t5)\n  addi t0, t0, 1\n  sd t0, 8(t5)\n  sd t3, 0(t1)\n"
	"4: addi t4, t4, -1\n  bnez t4, 1b\n  ret\n"
	/* f0-f31 = the pattern, frm = round towards zero, then block for good (notify-only receive) */
	".globl exc_xmm_fill\n"
	"exc_xmm_fill:\n"
	"  addi sp, sp, -16\n  sd a0, 0(sp)\n  sd a0, 8(sp)\n"
	"  mv t1, sp\n" FREGS("fld", "t1") "  addi sp, sp, 16\n"
	"  fsrmi 1\n"
	"  lla t1, exc_xmm_filled\n  li t2, 1\n  sw t2, 0(t1)\n"
	"1: li a0, 1\n  li a1, 0\n  li a2, -2\n  li a3, -1\n  li a4, 0\n  ecall\n  j 1b\n"
	/* yield until exc_xmm_filled, then f0-f31 to out[0..255], fcsr to out[256] */
	".globl exc_xmm_dump\n"
	"exc_xmm_dump:\n"
	"  mv t3, a0\n"
	"1: lla t1, exc_xmm_filled\n  lw t2, 0(t1)\n  bnez t2, 2f\n"
	"  li a0, 16\n  ecall\n  j 1b\n"
	"2:\n" FREGS("fsd", "t3")
	"  frcsr t1\n  sw t1, 256(t3)\n"
	"  lla t1, exc_xmm_dumped\n  li t2, 1\n  sw t2, 0(t1)\n  ret\n"
	/* a0 = 7, a1 = 0x55, 7 / 0 (no trap: all ones) to out[2]; ebreak; after the handler out[0] = a0, out[1] = a1 */
	".globl exc_div_fn, exc_div_at, exc_div_after\n"
	"exc_div_fn:\n"
	"  mv t3, a0\n  li a0, 7\n  li a1, 0x55\n  li a2, 0\n  divu t1, a0, a2\n  sd t1, 16(t3)\n"
	"exc_div_at:\n"
	"  ebreak\n"
	"exc_div_after:\n"
	"  sd a0, 0(t3)\n  sd a1, 8(t3)\n  ret\n"
	/* two undefined instructions, then return 0 */
	".globl exc_compat_fn, exc_compat_at, exc_compat_next\n"
	"exc_compat_fn:\n"
	"exc_compat_at:\n"
	UD
	"exc_compat_next:\n"
	UD "  li a0, 0\n  ret\n"
	/* ecall at a 2-byte boundary with a7 = 0x77, a0 = 0xa1; out[0] = a0 after it */
	".globl exc_i80_fn, exc_i80_after\n"
	"exc_i80_fn:\n"
	"  mv t3, a0\n  li a7, 0x77\n  li a0, 0xa1\n  .2byte 0x0001\n  ecall\n"   /* c.nop */
	"exc_i80_after:\n"
	"  sd a0, 0(t3)\n  ret\n"
	/* sret (privileged: illegal in U-mode) with a0 = 0x77; out[0] = a0 after it */
	".globl exc_hvc_fn, exc_hvc_at\n"
	"exc_hvc_fn:\n"
	"  mv t3, a0\n  li a0, 0x77\n"
	"exc_hvc_at:\n"
	"  sret\n  sd a0, 0(t3)\n  ret\n"
	".option pop\n");
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

/* --- integer division does not trap; ebreak does ------------------------------------ */
static int div_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != CAUSE_BREAKPOINT || w[L4_FR_PC] != (l4_word)exc_div_at)
		return 0;
	w[L4_FR_PC] = (l4_word)exc_div_after;
	w[L4_FR_A(0)] = 0x1111aaaa;
	w[L4_FR_A(1)] = 0x2222bbbb;
	return 1;
}

static void div_child(l4_word unused)
{
	(void)unused;
	exc_div_fn(ex.out);
	ex.done = 1;
}

KTEST(exc_divide_zero, "integer division by zero does not trap on riscv64 (the quotient is all ones); ebreak reaches the handler (trapno and scause 3, PC at it) and its PC/a0/a1 rewrite takes effect")
{
	ex_reset();
	ex.out[2] = 0xdead;
	bool done = run_child(div_hook, div_child, false);
	CHECK(done);
	CHECK_EQ(ex.n, 1);
	CHECK_EQ(ex.out[2], ~0UL);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], CAUSE_BREAKPOINT);
	CHECK_EQ(ex.w[L4_EXC_ERROR], CAUSE_BREAKPOINT);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_div_at);
	CHECK_EQ(ex.w[L4_FR_A(0)], 7);
	CHECK_EQ(ex.w[L4_FR_A(1)], 0x55);
	CHECK_EQ(ex.out[0], 0x1111aaaa);
	CHECK_EQ(ex.out[1], 0x2222bbbb);
}

/* --- no way into another mode --------------------------------------------------------
 * A handler's flags word (all ones: what would be SPP, SIE, UXL) must not
 * take the thread out of 64-bit U-mode. */
static int compat_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (from != ex.tid || w[L4_EXC_TRAPNO] != KT_TRAP_UD || ex.n >= 2)
		return 0;
	for (int i = 0; i < L4_EXC_WORDS; i++)
		(ex.n == 0 ? ex.w : ex2)[i] = w[i];
	if (ex.n++ == 0)
		w[L4_FR_FLAGS] = ~0UL;
	w[L4_FR_PC] += 4;
	return 1;
}

static void compat_child(l4_word unused)
{
	(void)unused;
	ex.out[0] = exc_compat_fn() + 1;
	ex.done = 1;
}

KTEST(exc_no_compat_mode, "no way into S-mode or a 32-bit U-mode: a handler's all-ones flags word is not given to the thread, which goes on in 64-bit U-mode")
{
	ex_reset();
	bool done = run_child(compat_hook, compat_child, false);
	CHECK(done);
	CHECK_EQ(ex.n, 2);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_compat_at);
	CHECK_EQ(ex.w[L4_EXC_ERROR], KT_TRAP_UD);
	CHECK_EQ(ex.w[L4_EXC_ADDR] & 0xffffffffUL, KT_UD_INSN);     /* stval: the instruction */
	CHECK_EQ(ex2[L4_FR_PC], (l4_word)exc_compat_next);
	CHECK_EQ(ex2[L4_FR_FLAGS], 0);
	CHECK_EQ(ex.out[0], 1);
}

/* --- ecall in a foreign-ABI space, sret in a native one ------------------------------ */
static int i80_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != L4_TRAP_SYSCALL)
		return 0;
	w[L4_FR_A(0)] = 0x99;
	return 1;
}

static void i80_child(l4_word unused)
{
	(void)unused;
	exc_i80_fn(ex.out);
	ex.done = 1;
}

KTEST(exc_foreign_int80, "ecall at a 2-byte boundary in a foreign-ABI space arrives as L4_TRAP_SYSCALL (one ABI), a7 and a0 as set, PC after it; the reply's a0 applies")
{
	ex_reset();
	bool done = run_child(i80_hook, i80_child, true);
	CHECK(done);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], L4_TRAP_SYSCALL);
	CHECK_EQ(ex.w[L4_FR_A(7)], 0x77);
	CHECK_EQ(ex.w[L4_FR_A(0)], 0xa1);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_i80_after);
	CHECK_EQ(ex.out[0], 0x99);
}

static int hvc_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != KT_TRAP_UD || w[L4_FR_PC] != (l4_word)exc_hvc_at)
		return 0;
	w[L4_FR_PC] += 4;
	w[L4_FR_A(0)] = 0x99;
	return 1;
}

static void hvc_child(l4_word unused)
{
	(void)unused;
	exc_hvc_fn(ex.out);
	ex.done = 1;
}

KTEST(exc_native_int80, "sret in a native space (privileged: illegal in U-mode) is an exception to the handler (scause 2, PC at it), and the thread carries on")
{
	ex_reset();
	bool done = run_child(hvc_hook, hvc_child, false);
	CHECK(done);
	CHECK_EQ(ex.n, 1);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], KT_TRAP_UD);
	CHECK_EQ(ex.w[L4_EXC_ERROR], KT_TRAP_UD);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_hvc_at);
	CHECK_EQ(ex.out[0], 0x99);
}

/* --- the flags word from a handler or exregs: none taken ---------------------------- */
static int flags_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != KT_TRAP_UD || w[L4_FR_PC] != (l4_word)exc_flags_fn)
		return 0;
	w[L4_FR_PC] = (l4_word)exc_flags_after;
	w[L4_FR_FLAGS] = 0xffffffffUL;
	return 1;
}

KTEST(exc_rflags_sanitised, "a handler's (or exregs') flags word gives the thread nothing (RISC-V user code has no flags): it reads 0 afterwards")
{
	ex_reset();
	exc_hook = flags_hook;
	l4_word s = space_new();
	ex.tid = spawn(s, 0, 50, flags_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	wait_stopped(ex.tid, 1000);
	struct l4_exregs r = { .flags = 0x60000000UL | 0x1ff };
	l4_word e_set = l4_exregs(ex.tid, L4_EX_FLAGS, &r);
	struct l4_exregs r2 = { 0 };
	l4_word e_get = l4_exregs(ex.tid, 0, &r2);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], KT_TRAP_UD);
	CHECK_EQ(ex.w[L4_FR_FLAGS], 0);
	CHECK_EQ(ex.out[0], 0);
	CHECK_EQ(e_set, L4_OK);
	CHECK_EQ(e_get, L4_OK);
	CHECK_EQ(r2.flags, 0);
}

/* --- a handler's reply with kernel or out-of-range addresses ------------------------- */
static int bad_reply_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (from != ex.tid || w[L4_EXC_TRAPNO] != KT_TRAP_UD || ex.n >= 2)
		return 0;
	for (int i = 0; i < L4_EXC_WORDS; i++)
		(ex.n == 0 ? ex.w : ex2)[i] = w[i];
	if (ex.n++ == 0) {
		w[L4_FR_PC] = 0xffffffc080200000UL;          /* the kernel */
		w[L4_FR_SP] = KT_NONCANON;
		w[L4_FR_TP] = 0xdeadbeefcafef00dUL;          /* ordinary registers: any value */
		w[L4_FR_FLAGS] = ~0UL;
	} else {
		w[L4_FR_PC] = (l4_word)exc_flags_after;
	}
	return 1;
}

KTEST(exc_reply_bad_addresses, "a handler's reply with a kernel PC and an SP beyond user space is ignored for those (tp, an ordinary register, is taken; the flags word is not)")
{
	ex_reset();
	bool done = run_child(bad_reply_hook, flags_child, false);
	CHECK(done);
	CHECK_EQ(ex.n, 2);
	CHECK_EQ(ex.w[L4_FR_PC], (l4_word)exc_flags_fn);
	CHECK_EQ(ex2[L4_FR_PC], (l4_word)exc_flags_fn);       /* the unimp again */
	CHECK_EQ(ex2[L4_FR_SP], ex.w[L4_FR_SP]);
	CHECK_EQ(ex2[L4_FR_GP], ex.w[L4_FR_GP]);
	CHECK_EQ(ex2[L4_FR_TP], 0xdeadbeefcafef00dUL);
	CHECK_EQ(ex2[L4_FR_FLAGS], 0);
}
