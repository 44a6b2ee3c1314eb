/* Exceptions as IPC to the handler (native and foreign ABI), register and
 * flags rewriting, FPU state access and lazy switching, exchange_registers.
 * The architecture's part (tests/ktest/arch/<arch>/exc_*.c): the
 * instructions these tests fault on, and the tests of its own traps and
 * registers: exc_divide_zero, exc_no_compat_mode, exc_foreign_int80,
 * exc_native_int80, exc_rflags_sanitised, exc_reply_bad_addresses. */
#include "exc.h"

/* --- helpers of this file ---------------------------------------------------
 * Threads run on a small pool of stacks reused by every test of this file, at
 * fixed UTCB slots (thread_new() takes a new slot each time); scratch pages
 * are root heap pages children may borrow through the pager. */
#define POOL_STACKS   4
#define STACK_PAGES   2
#define SCRATCH_PAGES 2
#define ROOT_SLOT   504          /* root UTCB slots 504-507 (env counts up from 1) */
#define CHILD_SLOT  310
static char *pool;

static char *pool_base(void)
{
	if (!pool)
		pool = page_alloc(POOL_STACKS * STACK_PAGES + SCRATCH_PAGES);
	return pool;
}

l4_word *scratch(void)
{
	return (l4_word *)(pool_base() + POOL_STACKS * STACK_PAGES * 4096UL);
}

l4_word *stack_top(unsigned k)
{
	return (l4_word *)(pool_base() + (k + 1) * STACK_PAGES * 4096UL - 64);
}

l4_word spawn_h(l4_word space, unsigned k, unsigned prio, void (*fn)(l4_word), l4_word arg,
	       l4_word pager, l4_word exh)
{
	l4_word tid = 0, slot = (space == root_space ? ROOT_SLOT : CHILD_SLOT) + k;
	if (!pool_base() || k >= POOL_STACKS ||
	    l4_thread_create(space, prio, pager, exh, L4_UTCB_AREA + slot * 4096UL, &tid) != L4_OK)
		return 0;
	l4_word *sp = stack_top(k);
	sp[0] = (l4_word)fn;
	sp[1] = arg;
	l4_start(tid, (l4_word)thread_tramp, (l4_word)sp);
	return tid;
}

l4_word spawn(l4_word space, unsigned k, unsigned prio, void (*fn)(l4_word), l4_word arg)
{
	return spawn_h(space, k, prio, fn, arg, pager_tid, exh_tid);
}

/* Polls until tid is stopped (halted, or stopped itself); its exregs state then. */
l4_word wait_stopped(l4_word tid, l4_word ms)
{
	struct l4_exregs r = { 0 };
	for (l4_word i = 0; i < ms; i++) {
		if (l4_exregs(tid, 0, &r) != L4_OK || r.state == L4_TS_STOPPED)
			break;
		sleep_us(1000);
	}
	return r.state;
}

volatile struct ex_seen ex;
volatile l4_word ex2[L4_EXC_WORDS];
volatile l4_word exc_fpu_last;
volatile int exc_xmm_filled, exc_xmm_dumped;

void ex_reset(void)
{
	memset((void *)&ex, 0, sizeof(ex));
}

/* Record the first exception of ex.tid; later ones are left waiting. */
bool ex_first(l4_word from, const l4_word *w)
{
	if (from != ex.tid || ex.n++ != 0)
		return false;
	for (int i = 0; i < L4_EXC_WORDS; i++)
		ex.w[i] = w[i];
	return true;
}

/* --- foreign ABI: syscall and int $0x80 become exceptions ------------------------- */
static int sys_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != L4_TRAP_SYSCALL)
		return 0;
	w[KT_FR_RET] = 0x4242;
	w[KT_FR_TLS0] = (l4_word)scratch();
	return 1;
}

static void sys_child(l4_word unused)
{
	(void)unused;
	exc_sys_fn(ex.out);
	ex.done = 1;
	/* Returning ends in thread_exit's system call: an exception too, left waiting. */
}

KTEST(exc_foreign_syscall, "a system call in a foreign-ABI space arrives as L4_TRAP_SYSCALL with its number, arguments, IP after it; the reply's result register and TLS base 0 apply")
{
	ex_reset();
	l4_word *page = scratch();
	page[0] = 0xf5f5f5f5;
	exc_hook = sys_hook;
	l4_word s = space_new();
	l4_word e_ctrl = l4_space_ctrl(s, L4_SC_FOREIGN, 1);
	ex.tid = spawn(s, 0, 50, sys_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK_EQ(e_ctrl, L4_OK);
	CHECK(done);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], L4_TRAP_SYSCALL);
	CHECK_EQ(ex.w[KT_FR_SYSNR], 39);
	CHECK_EQ(ex.w[KT_FR_ARG0], 0x1111);
	CHECK_EQ(ex.w[KT_FR_ARG1], 0x2222);
	CHECK_EQ(ex.w[KT_FR_ARG2], 0x3333);
	CHECK_EQ(ex.w[KT_FR_IP], (l4_word)exc_sys_after);
	CHECK_EQ(ex.out[0], 0x4242);
	CHECK_EQ(ex.out[1], 0xf5f5f5f5);
}

void flags_child(l4_word unused)
{
	(void)unused;
	ex.out[0] = exc_flags_fn();
	ex.done = 1;
}

/* --- FPU state through L4_SYS_FPU ---------------------------------------------------- */
#define XMM0_OFF  KT_FPU_REG0
#define MXCSR_OFF KT_FPU_CTRL
static volatile struct {
	uint8_t in[16], out[16], seen[16], newval[16];
	l4_word e_read, e_write, size;
	uint32_t mxcsr;
	uint32_t mx[4];
	l4_word e[2];
} fp __attribute__((aligned(16)));

static int fpu_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != KT_TRAP_UD || w[KT_FR_IP] != (l4_word)exc_fpu_ud)
		return 0;
	uint8_t *x = l4_utcb()->xfer;
	l4_word size = 0;
	fp.e_read = l4_fpu(from, L4_FPU_READ, &size);
	fp.size = size;
	for (int i = 0; i < 16; i++)
		fp.seen[i] = x[XMM0_OFF + i];
	fp.mxcsr = *(uint32_t *)(x + MXCSR_OFF);
	for (int i = 0; i < 16; i++)
		x[XMM0_OFF + i] = fp.newval[i];
	fp.e_write = l4_fpu(from, L4_FPU_WRITE, &size);
	w[KT_FR_IP] += KT_UD_LEN;
	return 1;
}

static void fpu_child(l4_word unused)
{
	(void)unused;
	exc_fpu_fn(fp.in, fp.out);
	ex.done = 1;
}

KTEST(fpu_read_write_xmm0, "a handler reads a stopped thread's first FPU register (xmm0, q0) and control word (MXCSR, FPCR) with L4_FPU_READ and changes the register with L4_FPU_WRITE")
{
	ex_reset();
	memset((void *)&fp, 0, sizeof(fp));
	for (int i = 0; i < 16; i++) {
		fp.in[i] = (uint8_t)(0x10 + 7 * i);
		fp.newval[i] = (uint8_t)(0xc3 ^ (11 * i));
	}
	exc_hook = fpu_hook;
	l4_word s = space_new();
	ex.tid = spawn(s, 0, 50, fpu_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(fp.e_read, L4_OK);
	CHECK_EQ(fp.size, l4_kinfo(L4_KI_FPU_SIZE));
	CHECK(fp.size >= 512 && fp.size <= sizeof(l4_utcb()->xfer));
	CHECK_EQ(fp.mxcsr, KT_FPU_CTRL_INIT);
	CHECK(memcmp((const void *)fp.seen, (const void *)fp.in, 16) == 0);
	CHECK_EQ(fp.e_write, L4_OK);
	CHECK(memcmp((const void *)fp.out, (const void *)fp.newval, 16) == 0);
}

static int mx_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (from != ex.tid || w[L4_EXC_TRAPNO] != KT_TRAP_UD || ex.n >= 2)
		return 0;
	uint8_t *x = l4_utcb()->xfer;
	l4_word size = 0;
	l4_fpu(from, L4_FPU_READ, &size);
	if (ex.n == 0)
		*(uint32_t *)(x + MXCSR_OFF) = 0xffffffff;     /* reserved MXCSR bits */
	else
		memset(x, 0xff, size);                         /* everything, XSAVE header too */
	fp.e[ex.n] = l4_fpu(from, L4_FPU_WRITE, &size);
	ex.n++;
	w[KT_FR_IP] += KT_UD_LEN;
	return 1;
}

static void mx_child(l4_word unused)
{
	(void)unused;
	exc_mx_fn(fp.mx);
	ex.done = 1;
}

KTEST(fpu_write_garbage, "L4_FPU_WRITE of an all-ones control word (MXCSR, FPCR), then of an all-ones image, neither crashes the kernel nor sets reserved bits")
{
	ex_reset();
	memset((void *)&fp, 0, sizeof(fp));
	exc_hook = mx_hook;
	l4_word s = space_new();
	ex.tid = spawn(s, 0, 50, mx_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(ex.n, 2);
	CHECK(fp.e[0] == L4_OK || fp.e[0] == L4_EINVAL);
	CHECK(fp.e[1] == L4_OK || fp.e[1] == L4_EINVAL);
	CHECK_EQ(fp.mx[0] & KT_FPU_CTRL_RSVD, 0);
	CHECK_EQ(fp.mx[1] & KT_FPU_CTRL_RSVD, 0);
	if (fp.e[0] == L4_OK)
		CHECK_EQ(fp.mx[0] & KT_FPU_CTRL_VALID, KT_FPU_CTRL_VALID);   /* the valid bits were taken */
}

/* --- lazy FPU switching ------------------------------------------------------------------ */
#define SPIN_ITER 3000
static volatile struct { l4_word out[2][2]; int done[2]; } ls;

static void ls_thread(l4_word i)
{
	exc_fpu_spin(i ? 0x0123456789abcdefUL : 0xfedcba9876543210UL, SPIN_ITER, ls.out[i]);
	ls.done[i] = 1;
}

KTEST(fpu_lazy_switch, "two threads (root and child space) keep their own FPU registers (xmm0/xmm7, q0/d7) across thousands of interleaved switches")
{
	memset((void *)&ls, 0, sizeof(ls));
	exc_fpu_last = 0;
	l4_word s = space_new();
	l4_word t0 = spawn(root_space, 0, 50, ls_thread, 0);
	l4_word t1 = spawn(s, 1, 50, ls_thread, 1);
	bool done = wait_for(&ls.done[0], 1, 5000) && wait_for(&ls.done[1], 1, 5000);
	l4_thread_destroy(t0);
	l4_space_destroy(s);
	CHECK(s && t0 && t1);
	CHECK(done);
	CHECK_EQ(ls.out[0][0], 0);
	CHECK_EQ(ls.out[1][0], 0);
	CHECK(ls.out[0][1] > SPIN_ITER / 4);
	CHECK(ls.out[1][1] > SPIN_ITER / 4);
}

static volatile struct { uint8_t x[KT_FPU_DUMP_BYTES]; uint32_t mxcsr; } fz __attribute__((aligned(16)));

static void fz_filler(l4_word pattern) { exc_xmm_fill(pattern); }
static void fz_dumper(l4_word unused) { (void)unused; exc_xmm_dump(&fz); }

KTEST(fpu_fresh_thread_clean, "a new thread starts with zeroed FPU registers and the default control word (MXCSR, FPCR), not the last owner's")
{
	memset((void *)&fz, 0x5a, sizeof(fz));
	exc_xmm_filled = exc_xmm_dumped = 0;
	l4_word s = space_new();
	l4_word d = spawn(s, 1, 50, fz_dumper, 0);          /* waits until the filler is done */
	l4_word f = spawn(root_space, 0, 50, fz_filler, 0x7e57ab1e7e57ab1eUL);
	bool done = wait_for(&exc_xmm_dumped, 1, 2000);
	l4_thread_destroy(f);
	l4_space_destroy(s);
	int nonzero = 0;
	for (int i = 0; i < KT_FPU_DUMP_BYTES; i++)
		nonzero += fz.x[i] != 0;
	CHECK(s && d && f);
	CHECK(done);
	CHECK_EQ(exc_xmm_filled, 1);
	CHECK_EQ(nonzero, 0);
	CHECK_EQ(fz.mxcsr, KT_FPU_CTRL_INIT);
}

/* --- threads without an exception handler --------------------------------------------- */
static volatile struct { int stage; } nh;

static void nh_child(l4_word unused)
{
	(void)unused;
	nh.stage = 1;
	KT_UD();
	nh.stage = 2;
}

KTEST(exc_no_handler_halts, "an exception in a thread with no handler halts it (STOPPED at the instruction)")
{
	nh.stage = 0;
	l4_word t = spawn_h(root_space, 0, 50, nh_child, 0, pager_tid, 0);
	bool st = wait_for(&nh.stage, 1, 1000);
	wait_stopped(t, 1000);
	struct l4_exregs r = { 0 };
	l4_word e = l4_exregs(t, 0, &r);
	l4_thread_destroy(t);
	CHECK(t && st);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(r.state, L4_TS_STOPPED);
	CHECK(r.ip >= (l4_word)nh_child && r.ip < (l4_word)nh_child + 128);
	CHECK(KT_AT_UD(r.ip));                     /* the undefined instruction */
	CHECK_EQ(nh.stage, 1);
}

/* --- exchange_registers ------------------------------------------------------------------ */
static volatile struct { int done; l4_word fs0, sp, arg; } xr;

static void xr_child(l4_word arg)
{
	xr.fs0 = kt_tls0_word();
	xr.sp = kt_sp();
	xr.arg = arg;
	xr.done = 1;
}

KTEST(exregs_ip_sp_fs, "exregs reads and writes IP, SP and TLS base 0 (FS base, TPIDR_EL0) of a stopped thread; resumed, it runs there")
{
	memset((void *)&xr, 0, sizeof(xr));
	l4_word *page = scratch() + 512;
	page[0] = 0xf00df00d;
	l4_word s = space_new(), tid = 0;
	l4_word e_cr = l4_thread_create(s, 50, pager_tid, exh_tid, L4_UTCB_AREA + CHILD_SLOT * 4096UL, &tid);
	struct l4_exregs r0 = { 0 };
	l4_word e0 = l4_exregs(tid, 0, &r0);
	struct l4_exregs r1 = { .ip = 0x1234000, .sp = 0x5678ff0, .fs = 0x9abc000 };
	l4_word e1 = l4_exregs(tid, L4_EX_IP | L4_EX_SP | L4_EX_TLS0, &r1);
	struct l4_exregs r2 = { 0 };
	l4_word e2 = l4_exregs(tid, 0, &r2);
	/* Now somewhere real: the trampoline, a stack with fn and arg, fs at page. */
	l4_word *sp = stack_top(0);
	sp[0] = (l4_word)xr_child;
	sp[1] = 0xa59;
	struct l4_exregs r3 = { .ip = (l4_word)thread_tramp, .sp = (l4_word)sp, .fs = (l4_word)page };
	l4_word e3 = l4_exregs(tid, L4_EX_IP | L4_EX_SP | L4_EX_TLS0 | L4_EX_RESUME, &r3);
	bool done = wait_for(&xr.done, 1, 1000);
	l4_space_destroy(s);
	CHECK_EQ(e_cr, L4_OK);
	CHECK_EQ(e0, L4_OK);
	CHECK_EQ(r0.state, L4_TS_STOPPED);
	CHECK_EQ(r0.pager, pager_tid);
	CHECK_EQ(r0.exh, exh_tid);
	CHECK_EQ(r0.gs, L4_UTCB_AREA + CHILD_SLOT * 4096UL);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(r1.ip, r0.ip);                  /* exregs returns the values before */
	CHECK_EQ(r1.sp, r0.sp);
	CHECK_EQ(r1.fs, r0.fs);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(r2.ip, 0x1234000);
	CHECK_EQ(r2.sp, 0x5678ff0);
	CHECK_EQ(r2.fs, 0x9abc000);
	CHECK_EQ(r2.state, L4_TS_STOPPED);
	CHECK_EQ(e3, L4_OK);
	CHECK(done);
	CHECK_EQ(xr.fs0, 0xf00df00d);
	CHECK_EQ(xr.arg, 0xa59);
	CHECK(xr.sp <= (l4_word)sp + 16 && xr.sp > (l4_word)sp - 256);   /* on the stack given */
}

static volatile struct { l4_word count; } sr;

static void sr_spinner(l4_word unused)
{
	(void)unused;
	for (;;)
		sr.count++;
}

/* Whether *c moves away from `from` within ms milliseconds. */
static bool moves(volatile l4_word *c, l4_word from, l4_word ms)
{
	for (l4_word i = 0; i < ms && *c == from; i++)
		sleep_us(1000);
	return *c != from;
}

KTEST(exregs_stop_resume, "L4_EX_STOP stops a spinning thread (its counter stops moving), L4_EX_RESUME restarts it")
{
	sr.count = 0;
	l4_word s = space_new();
	l4_word t = spawn(s, 0, 50, sr_spinner, 0);
	bool ran = moves(&sr.count, 0, 1000);
	struct l4_exregs r = { 0 };
	l4_word e_stop = l4_exregs(t, L4_EX_STOP, &r);
	l4_word st_run = r.state;
	l4_word c1 = sr.count;
	sleep_us(20000);
	l4_word c2 = sr.count;
	struct l4_exregs r2 = { 0 };
	l4_exregs(t, 0, &r2);
	l4_word st_stop = r2.state;
	struct l4_exregs r3 = { 0 };
	l4_word e_res = l4_exregs(t, L4_EX_RESUME, &r3);
	bool again = moves(&sr.count, c2, 1000);
	l4_space_destroy(s);
	CHECK(s && t);
	CHECK(ran);
	CHECK_EQ(e_stop, L4_OK);
	CHECK_EQ(st_run, L4_TS_READY);
	CHECK_EQ(c2, c1);
	CHECK_EQ(st_stop, L4_TS_STOPPED);
	CHECK_EQ(e_res, L4_OK);
	CHECK(again);
}

KTEST(exregs_noncanonical, "exregs with an IP, SP or TLS base outside user space (non-canonical) gets EINVAL and changes nothing")
{
	l4_word s = space_new(), tid = 0;
	l4_word e_cr = l4_thread_create(s, 50, pager_tid, exh_tid, L4_UTCB_AREA + CHILD_SLOT * 4096UL, &tid);
	struct l4_exregs r = { .ip = 0x401000, .sp = 0x402000, .fs = 0x403000 };
	l4_word e_ok = l4_exregs(tid, L4_EX_IP | L4_EX_SP | L4_EX_TLS0, &r);
	struct l4_exregs b1 = { .ip = KT_NONCANON };
	l4_word e1 = l4_exregs(tid, L4_EX_IP, &b1);
	struct l4_exregs b2 = { .sp = 0xffff800000000000UL };
	l4_word e2 = l4_exregs(tid, L4_EX_SP, &b2);
	struct l4_exregs b3 = { .fs = KT_NONCANON };
	l4_word e3 = l4_exregs(tid, L4_EX_TLS0, &b3);
	struct l4_exregs b4 = { .gs = 0xdead000000000000UL };
	l4_word e4 = l4_exregs(tid, L4_EX_TLS1, &b4);
	/* A good IP with a bad SP: all or nothing. */
	struct l4_exregs b5 = { .ip = 0x404000, .sp = 0x8000deadbeef0000UL };
	l4_word e5 = l4_exregs(tid, L4_EX_IP | L4_EX_SP | L4_EX_RESUME, &b5);
	struct l4_exregs g = { 0 };
	l4_word eg = l4_exregs(tid, 0, &g);
	l4_space_destroy(s);
	CHECK_EQ(e_cr, L4_OK);
	CHECK_EQ(e_ok, L4_OK);
	CHECK_EQ(e1, L4_EINVAL);
	CHECK_EQ(e2, L4_EINVAL);
	CHECK_EQ(e3, L4_EINVAL);
	CHECK_EQ(e4, L4_EINVAL);
	CHECK_EQ(e5, L4_EINVAL);
	CHECK_EQ(eg, L4_OK);
	CHECK_EQ(g.ip, 0x401000);
	CHECK_EQ(g.sp, 0x402000);
	CHECK_EQ(g.fs, 0x403000);
	CHECK_EQ(g.gs, L4_UTCB_AREA + CHILD_SLOT * 4096UL);
	CHECK_EQ(g.state, L4_TS_STOPPED);
}
