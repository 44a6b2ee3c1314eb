/* Exceptions as IPC to the handler (native and foreign ABI), register and
 * RFLAGS rewriting, FPU state access and lazy switching, exchange_registers. */
#include "ktest.h"

/* --- helpers of this file ---------------------------------------------------
 * Threads run on a small pool of stacks reused by every test of this file, at
 * fixed UTCB slots (thread_new() takes a new slot each time); scratch pages
 * are root heap pages children may borrow through the pager. */
extern char thread_tramp[];
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

static l4_word *scratch(void)
{
	return (l4_word *)(pool_base() + POOL_STACKS * STACK_PAGES * 4096UL);
}

static l4_word *stack_top(unsigned k)
{
	return (l4_word *)(pool_base() + (k + 1) * STACK_PAGES * 4096UL - 64);
}

static l4_word spawn_h(l4_word space, unsigned k, unsigned prio, void (*fn)(l4_word), l4_word arg,
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

static l4_word spawn(l4_word space, unsigned k, unsigned prio, void (*fn)(l4_word), l4_word arg)
{
	return spawn_h(space, k, prio, fn, arg, pager_tid, exh_tid);
}

/* Polls until tid is stopped (halted, or stopped itself); its exregs state then. */
static l4_word wait_stopped(l4_word tid, l4_word ms)
{
	struct l4_exregs r = { 0 };
	for (l4_word i = 0; i < ms; i++) {
		if (l4_exregs(tid, 0, &r) != L4_OK || r.state == L4_TS_STOPPED)
			break;
		sleep_us(1000);
	}
	return r.state;
}

/* The instructions the tests fault on, with labels the handlers check and skip to. */
__asm__(".text\n"
	/* divide by zero; after the handler: out[0] = rax, out[1] = rbx */
	".globl exc_div_fn, exc_div_at, exc_div_after\n"
	"exc_div_fn:\n"
	"\tpushq %rbx\n"
	"\tmovq $7, %rax\n\tmovq $0x55, %rbx\n\txorl %ecx, %ecx\n\txorl %edx, %edx\n"
	"exc_div_at:\n"
	"\tdivq %rcx\n"
	"exc_div_after:\n"
	"\tmovq %rax, 0(%rdi)\n\tmovq %rbx, 8(%rdi)\n"
	"\tpopq %rbx\n\tret\n"
	/* Linux-style syscall 39 with three arguments; out[0] = rax, out[1] = %fs:0 */
	".globl exc_sys_fn, exc_sys_after\n"
	"exc_sys_fn:\n"
	"\tpushq %r12\n\tmovq %rdi, %r12\n"
	"\tmovl $39, %eax\n\tmovq $0x1111, %rdi\n\tmovq $0x2222, %rsi\n\tmovq $0x3333, %rdx\n"
	"\tsyscall\n"
	"exc_sys_after:\n"
	"\tmovq %rax, 0(%r12)\n"
	"\tmovq %fs:0, %rax\n\tmovq %rax, 8(%r12)\n"
	"\tpopq %r12\n\tret\n"
	/* int $0x80 with rax = 0x77, rdi = 0xa1; out[0] = rax */
	".globl exc_i80_fn, exc_i80_after\n"
	"exc_i80_fn:\n"
	"\tpushq %r12\n\tmovq %rdi, %r12\n"
	"\tmovl $0x77, %eax\n\tmovq $0xa1, %rdi\n"
	"\tint $0x80\n"
	"exc_i80_after:\n"
	"\tmovq %rax, 0(%r12)\n"
	"\tpopq %r12\n\tret\n"
	/* ud2, then return RFLAGS as the handler left them */
	".globl exc_flags_fn, exc_flags_after\n"
	"exc_flags_fn:\n"
	"\tud2\n"
	"exc_flags_after:\n"
	"\tpushfq\n\tpopq %rax\n\tret\n"
	/* xmm0 = *rdi, ud2, *rsi = xmm0 */
	".globl exc_fpu_fn, exc_fpu_ud\n"
	"exc_fpu_fn:\n"
	"\tmovdqu (%rdi), %xmm0\n"
	"exc_fpu_ud:\n"
	"\tud2\n"
	"\tmovdqu %xmm0, (%rsi)\n\tret\n"
	/* ud2, MXCSR to out[0]; ud2, MXCSR to out[1]; some SSE arithmetic */
	".globl exc_mx_fn\n"
	"exc_mx_fn:\n"
	"\tud2\n\tstmxcsr 0(%rdi)\n"
	"\tud2\n\tstmxcsr 4(%rdi)\n"
	"\tpxor %xmm1, %xmm1\n\taddps %xmm1, %xmm1\n\tmulps %xmm1, %xmm1\n"
	"\tret\n"
	/* xmm0 and xmm7 hold the pattern across rsi yields; counts mismatches in
	 * out[0] and, through exc_fpu_last, switches between threads in out[1] */
	".globl exc_fpu_spin\n"
	"exc_fpu_spin:\n"
	"\tmovq %rdx, %r8\n"
	"\tmovq %rdi, %xmm0\n\tpunpcklqdq %xmm0, %xmm0\n"
	"\tmovq %rdi, %r9\n\tnotq %r9\n\tmovq %r9, %xmm7\n"
	"1:\tmovl $" "16" ", %eax\n\tsyscall\n"
	"\tmovq %xmm0, %rax\n\tcmpq %rdi, %rax\n\tjne 2f\n"
	"\tmovdqa %xmm0, %xmm1\n\tpunpckhqdq %xmm1, %xmm1\n\tmovq %xmm1, %rax\n\tcmpq %rdi, %rax\n\tjne 2f\n"
	"\tmovq %xmm7, %rax\n\tcmpq %r9, %rax\n\tje 3f\n"
	"2:\tincq 0(%r8)\n"
	"3:\tcmpq %rdi, exc_fpu_last(%rip)\n\tje 4f\n"
	"\tincq 8(%r8)\n\tmovq %rdi, exc_fpu_last(%rip)\n"
	"4:\tdecq %rsi\n\tjnz 1b\n"
	"\tret\n"
	/* all xmm registers = the pattern in rdi, then block for good (notify-only receive) */
	".globl exc_xmm_fill\n"
	"exc_xmm_fill:\n"
	"\tmovq %rdi, %xmm0\n\tpunpcklqdq %xmm0, %xmm0\n"
	"\tmovdqa %xmm0, %xmm1\n\tmovdqa %xmm0, %xmm2\n\tmovdqa %xmm0, %xmm3\n"
	"\tmovdqa %xmm0, %xmm4\n\tmovdqa %xmm0, %xmm5\n\tmovdqa %xmm0, %xmm6\n"
	"\tmovdqa %xmm0, %xmm7\n\tmovdqa %xmm0, %xmm8\n\tmovdqa %xmm0, %xmm9\n"
	"\tmovdqa %xmm0, %xmm10\n\tmovdqa %xmm0, %xmm11\n\tmovdqa %xmm0, %xmm12\n"
	"\tmovdqa %xmm0, %xmm13\n\tmovdqa %xmm0, %xmm14\n\tmovdqa %xmm0, %xmm15\n"
	"\tmovl $1, exc_xmm_filled(%rip)\n"
	"1:\tmovl $1, %eax\n\txorl %edi, %edi\n\tmovq $-2, %rsi\n\tmovq $-1, %rdx\n"
	"\txorl %r10d, %r10d\n\tsyscall\n\tjmp 1b\n"
	/* wait (yielding) for exc_xmm_filled, then xmm0-15 to out[0..255], MXCSR to out[256] */
	".globl exc_xmm_dump\n"
	"exc_xmm_dump:\n"
	"1:\tcmpl $0, exc_xmm_filled(%rip)\n\tjne 2f\n"
	"\tmovl $16, %eax\n\tsyscall\n\tjmp 1b\n"
	"2:\tmovdqu %xmm0, 0(%rdi)\n\tmovdqu %xmm1, 16(%rdi)\n\tmovdqu %xmm2, 32(%rdi)\n"
	"\tmovdqu %xmm3, 48(%rdi)\n\tmovdqu %xmm4, 64(%rdi)\n\tmovdqu %xmm5, 80(%rdi)\n"
	"\tmovdqu %xmm6, 96(%rdi)\n\tmovdqu %xmm7, 112(%rdi)\n\tmovdqu %xmm8, 128(%rdi)\n"
	"\tmovdqu %xmm9, 144(%rdi)\n\tmovdqu %xmm10, 160(%rdi)\n\tmovdqu %xmm11, 176(%rdi)\n"
	"\tmovdqu %xmm12, 192(%rdi)\n\tmovdqu %xmm13, 208(%rdi)\n\tmovdqu %xmm14, 224(%rdi)\n"
	"\tmovdqu %xmm15, 240(%rdi)\n\tstmxcsr 256(%rdi)\n"
	"\tmovl $1, exc_xmm_dumped(%rip)\n"
	"\tret\n"
	/* far return to selector 0x1b (a 32-bit user code segment, if there were one);
	 * returns 1 if that entered compatibility mode, 0 after the handler skipped it */
	".globl exc_compat_fn, exc_compat_at, exc_compat_after\n"
	"exc_compat_fn:\n"
	"\tleaq 1f(%rip), %rax\n\tpushq $0x1b\n\tpushq %rax\n"
	"exc_compat_at:\n"
	"\tlretq\n"
	".code32\n1:\tljmp $0x2b, $2f\n.code64\n"
	"2:\tmovl $1, %eax\n\tret\n"
	"exc_compat_after:\n"
	"\taddq $16, %rsp\n\txorl %eax, %eax\n\tret\n");
_Static_assert(L4_SYS_IPC == 1 && L4_NOTIFYONLY == (l4_word)-2, "exc_xmm_fill blocks with these");
_Static_assert(L4_SYS_YIELD == 16, "exc_fpu_spin yields with syscall 16");
void exc_div_fn(volatile l4_word *out);
void exc_sys_fn(volatile l4_word *out);
void exc_i80_fn(volatile l4_word *out);
l4_word exc_flags_fn(void);
void exc_fpu_fn(volatile void *in, volatile void *out);
void exc_mx_fn(volatile uint32_t *out);
void exc_fpu_spin(l4_word pattern, l4_word iterations, volatile l4_word *out);
extern char exc_div_at[], exc_div_after[], exc_sys_after[], exc_i80_after[], exc_flags_after[];
extern char exc_fpu_ud[];
l4_word exc_compat_fn(void);
extern char exc_compat_at[], exc_compat_after[];
void exc_xmm_fill(l4_word pattern);
void exc_xmm_dump(volatile void *out);
volatile l4_word exc_fpu_last;
volatile int exc_xmm_filled, exc_xmm_dumped;

/* What an exception handler saw: the first exception of `tid`. */
static volatile struct {
	l4_word tid, w[L4_EXC_WORDS];
	int n, done;
	l4_word out[4];
} ex;

static void ex_reset(void)
{
	memset((void *)&ex, 0, sizeof(ex));
}

/* Record the first exception of ex.tid; later ones are left waiting. */
static bool ex_first(l4_word from, const l4_word *w)
{
	if (from != ex.tid || ex.n++ != 0)
		return false;
	for (int i = 0; i < L4_EXC_WORDS; i++)
		ex.w[i] = w[i];
	return true;
}

/* --- divide by zero ------------------------------------------------------------- */
static int div_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != 0 || w[L4_FR_RIP] != (l4_word)exc_div_at)
		return 0;
	w[L4_FR_RIP] = (l4_word)exc_div_after;
	w[L4_FR_RAX] = 0x1111aaaa;
	w[L4_FR_RBX] = 0x2222bbbb;
	return 1;
}

static void div_child(l4_word unused)
{
	(void)unused;
	exc_div_fn(ex.out);
	ex.done = 1;
}

KTEST(exc_divide_zero, "divide by zero reaches the handler (trapno 0, RIP); its RIP/RAX/RBX rewrite takes effect")
{
	ex_reset();
	exc_hook = div_hook;
	l4_word s = space_new();
	ex.tid = spawn(s, 0, 50, div_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(ex.n, 1);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], 0);
	CHECK_EQ(ex.w[L4_FR_RIP], (l4_word)exc_div_at);
	CHECK_EQ(ex.w[L4_FR_RAX], 7);
	CHECK_EQ(ex.w[L4_FR_RBX], 0x55);
	CHECK_EQ(ex.w[L4_FR_ORIG_RAX], ~0UL);
	CHECK_EQ(ex.out[0], 0x1111aaaa);
	CHECK_EQ(ex.out[1], 0x2222bbbb);
}

/* --- no way into 32-bit compatibility mode ----------------------------------------
 * There, `syscall` would enter the kernel at the CSTAR MSR (AMD, and QEMU) on
 * the user's stack: the kernel has no entry for it, so it must have no 32-bit
 * user code segment either. */
static int compat_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_FR_RIP] != (l4_word)exc_compat_at)
		return 0;
	w[L4_FR_RIP] = (l4_word)exc_compat_after;
	return 1;
}

static void compat_child(l4_word unused)
{
	(void)unused;
	ex.out[0] = exc_compat_fn();
	ex.done = 1;
}

KTEST(exc_no_compat_mode, "a far return to the 32-bit user code selector faults (#GP): no compatibility mode, no CSTAR entry")
{
	ex_reset();
	exc_hook = compat_hook;
	l4_word s = space_new();
	ex.tid = spawn(s, 0, 50, compat_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(ex.out[0], 0);
	CHECK_EQ(ex.n, 1);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], 13);
	CHECK_EQ(ex.w[L4_EXC_ERROR], 0x18);
}

/* --- foreign ABI: syscall and int $0x80 become exceptions ------------------------- */
static int sys_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != L4_TRAP_SYSCALL)
		return 0;
	w[L4_FR_RAX] = 0x4242;
	w[L4_FR_FS_BASE] = (l4_word)scratch();
	return 1;
}

static void sys_child(l4_word unused)
{
	(void)unused;
	exc_sys_fn(ex.out);
	ex.done = 1;
	/* Returning ends in thread_exit's system call: an exception too, left waiting. */
}

KTEST(exc_foreign_syscall, "syscall in a foreign-ABI space arrives as L4_TRAP_SYSCALL with ORIG_RAX, args, RIP; reply RAX and FS_BASE apply")
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
	CHECK_EQ(ex.w[L4_FR_ORIG_RAX], 39);
	CHECK_EQ(ex.w[L4_FR_RDI], 0x1111);
	CHECK_EQ(ex.w[L4_FR_RSI], 0x2222);
	CHECK_EQ(ex.w[L4_FR_RDX], 0x3333);
	CHECK_EQ(ex.w[L4_FR_RIP], (l4_word)exc_sys_after);
	CHECK_EQ(ex.out[0], 0x4242);
	CHECK_EQ(ex.out[1], 0xf5f5f5f5);
}

static int i80_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != L4_TRAP_INT80)
		return 0;
	w[L4_FR_RAX] = 0x99;
	return 1;
}

static void i80_child(l4_word unused)
{
	(void)unused;
	exc_i80_fn(ex.out);
	ex.done = 1;
}

/* Runs int $0x80 in a child space; 0 when it came back with the handler's RAX. */
static int run_int80(bool foreign)
{
	ex_reset();
	exc_hook = i80_hook;
	l4_word s = space_new();
	if (foreign)
		l4_space_ctrl(s, L4_SC_FOREIGN, 1);
	ex.tid = spawn(s, 0, 50, i80_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	if (!s || !ex.tid)
		return 1;
	return done ? 0 : 2;
}

KTEST(exc_foreign_int80, "int $0x80 in a foreign-ABI space arrives with trapno 0x80, ORIG_RAX and RIP after it")
{
	CHECK_EQ(run_int80(true), 0);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], L4_TRAP_INT80);
	CHECK_EQ(ex.w[L4_FR_ORIG_RAX], 0x77);
	CHECK_EQ(ex.w[L4_FR_RDI], 0xa1);
	CHECK_EQ(ex.w[L4_FR_RIP], (l4_word)exc_i80_after);
	CHECK_EQ(ex.out[0], 0x99);
}

KTEST(exc_native_int80, "int $0x80 in a native space is an exception to the handler too, and the thread carries on")
{
	CHECK_EQ(run_int80(false), 0);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], L4_TRAP_INT80);
	CHECK_EQ(ex.w[L4_FR_RIP], (l4_word)exc_i80_after);
	CHECK_EQ(ex.out[0], 0x99);
	CHECK_EQ(ex.n, 1);
}

/* --- RFLAGS from a handler are sanitised ------------------------------------------- */
static int flags_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != 6 || w[L4_FR_RIP] != (l4_word)exc_flags_fn)
		return 0;
	w[L4_FR_RIP] = (l4_word)exc_flags_after;
	w[L4_FR_RFLAGS] = (w[L4_FR_RFLAGS] | 0x3000) & ~0x200UL;   /* IOPL 3, IF off */
	return 1;
}

static void flags_child(l4_word unused)
{
	(void)unused;
	ex.out[0] = exc_flags_fn();
	ex.done = 1;
}

KTEST(exc_rflags_sanitised, "IOPL 3 and IF clear in a handler's (or exregs') RFLAGS are not given to the thread")
{
	ex_reset();
	exc_hook = flags_hook;
	l4_word s = space_new();
	ex.tid = spawn(s, 0, 50, flags_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	/* The same through exchange_registers on the thread, stopped at its end. */
	wait_stopped(ex.tid, 1000);
	struct l4_exregs r = { .flags = 0x3000 | 0x2 };
	l4_word e_set = l4_exregs(ex.tid, L4_EX_FLAGS, &r);
	struct l4_exregs r2 = { 0 };
	l4_word e_get = l4_exregs(ex.tid, 0, &r2);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(ex.w[L4_EXC_TRAPNO], 6);
	CHECK(ex.w[L4_FR_RFLAGS] & 0x200);
	CHECK_EQ(ex.out[0] & 0x3000, 0);
	CHECK(ex.out[0] & 0x200);
	CHECK_EQ(e_set, L4_OK);
	CHECK_EQ(e_get, L4_OK);
	CHECK_EQ(r2.flags & 0x3000, 0);
	CHECK(r2.flags & 0x200);
}

/* --- a handler's reply with kernel or non-canonical addresses ---------------------------- */
static volatile l4_word ex2[L4_EXC_WORDS];

static int bad_reply_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (from != ex.tid || w[L4_EXC_TRAPNO] != 6 || ex.n >= 2)
		return 0;
	for (int i = 0; i < L4_EXC_WORDS; i++)
		(ex.n == 0 ? ex.w : ex2)[i] = w[i];
	if (ex.n++ == 0) {
		w[L4_FR_RIP] = 0xffffffff80100000UL;         /* the kernel */
		w[L4_FR_RSP] = 0x0000800000000000UL;         /* non-canonical */
		w[L4_FR_FS_BASE] = 0xffff800000000000UL;
		w[L4_FR_GS_BASE] = 0x8000000000000000UL;
		w[L4_FR_CS] = 0x08;                          /* kernel code and data */
		w[L4_FR_SS] = 0x10;
	} else {
		w[L4_FR_RIP] = (l4_word)exc_flags_after;
	}
	return 1;
}

KTEST(exc_reply_bad_addresses, "a handler's reply with kernel RIP, non-canonical RSP/FS/GS and kernel CS/SS is ignored for those")
{
	ex_reset();
	exc_hook = bad_reply_hook;
	l4_word s = space_new();
	ex.tid = spawn(s, 0, 50, flags_child, 0);
	bool done = wait_for(&ex.done, 1, 1000);
	l4_space_destroy(s);
	CHECK(s && ex.tid);
	CHECK(done);
	CHECK_EQ(ex.n, 2);
	CHECK_EQ(ex.w[L4_FR_RIP], (l4_word)exc_flags_fn);
	CHECK_EQ(ex2[L4_FR_RIP], (l4_word)exc_flags_fn);     /* the ud2 again */
	CHECK_EQ(ex2[L4_FR_RSP], ex.w[L4_FR_RSP]);
	CHECK_EQ(ex2[L4_FR_FS_BASE], ex.w[L4_FR_FS_BASE]);
	CHECK_EQ(ex2[L4_FR_GS_BASE], ex.w[L4_FR_GS_BASE]);
	CHECK_EQ(ex2[L4_FR_CS], 0x2b);
	CHECK_EQ(ex2[L4_FR_SS], 0x23);
}

/* --- FPU state through L4_SYS_FPU ---------------------------------------------------- */
#define XMM0_OFF  160
#define MXCSR_OFF 24
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
	if (!ex_first(from, w) || w[L4_EXC_TRAPNO] != 6 || w[L4_FR_RIP] != (l4_word)exc_fpu_ud)
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
	w[L4_FR_RIP] += 2;
	return 1;
}

static void fpu_child(l4_word unused)
{
	(void)unused;
	exc_fpu_fn(fp.in, fp.out);
	ex.done = 1;
}

KTEST(fpu_read_write_xmm0, "a handler reads a stopped thread's xmm0 and MXCSR with L4_FPU_READ and changes xmm0 with L4_FPU_WRITE")
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
	CHECK_EQ(fp.size, l4_kinfo(L4_KI_XSAVE_SIZE));
	CHECK(fp.size >= 512 && fp.size <= sizeof(l4_utcb()->xfer));
	CHECK_EQ(fp.mxcsr, 0x1f80);
	CHECK(memcmp((const void *)fp.seen, (const void *)fp.in, 16) == 0);
	CHECK_EQ(fp.e_write, L4_OK);
	CHECK(memcmp((const void *)fp.out, (const void *)fp.newval, 16) == 0);
}

static int mx_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)mr;
	if (from != ex.tid || w[L4_EXC_TRAPNO] != 6 || ex.n >= 2)
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
	w[L4_FR_RIP] += 2;
	return 1;
}

static void mx_child(l4_word unused)
{
	(void)unused;
	exc_mx_fn(fp.mx);
	ex.done = 1;
}

KTEST(fpu_write_garbage, "L4_FPU_WRITE of MXCSR 0xffffffff (then of an all-ones image) neither crashes the kernel nor sets reserved bits")
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
	CHECK_EQ(fp.mx[0] & 0xffff0000, 0);
	CHECK_EQ(fp.mx[1] & 0xffff0000, 0);
	if (fp.e[0] == L4_OK)
		CHECK_EQ(fp.mx[0] & 0x1f80, 0x1f80);   /* the valid bits were taken */
}

/* --- lazy FPU switching ------------------------------------------------------------------ */
#define SPIN_ITER 3000
static volatile struct { l4_word out[2][2]; int done[2]; } ls;

static void ls_thread(l4_word i)
{
	exc_fpu_spin(i ? 0x0123456789abcdefUL : 0xfedcba9876543210UL, SPIN_ITER, ls.out[i]);
	ls.done[i] = 1;
}

KTEST(fpu_lazy_switch, "two threads (root and child space) keep their own xmm0/xmm7 across thousands of interleaved switches")
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

static volatile struct { uint8_t x[256]; uint32_t mxcsr; } fz __attribute__((aligned(16)));

static void fz_filler(l4_word pattern) { exc_xmm_fill(pattern); }
static void fz_dumper(l4_word unused) { (void)unused; exc_xmm_dump(&fz); }

KTEST(fpu_fresh_thread_clean, "a new thread starts with zeroed xmm registers and default MXCSR, not the last owner's")
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
	for (int i = 0; i < 256; i++)
		nonzero += fz.x[i] != 0;
	CHECK(s && d && f);
	CHECK(done);
	CHECK_EQ(exc_xmm_filled, 1);
	CHECK_EQ(nonzero, 0);
	CHECK_EQ(fz.mxcsr, 0x1f80);
}

/* --- threads without an exception handler --------------------------------------------- */
static volatile struct { int stage; } nh;

static void nh_child(l4_word unused)
{
	(void)unused;
	nh.stage = 1;
	__asm__ volatile("ud2");
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
	CHECK_EQ(*(const uint16_t *)r.ip, 0x0b0f);  /* ud2 */
	CHECK_EQ(nh.stage, 1);
}

/* --- exchange_registers ------------------------------------------------------------------ */
static volatile struct { int done; l4_word fs0, sp, arg; } xr;

static void xr_child(l4_word arg)
{
	l4_word v, sp;
	__asm__ volatile("movq %%fs:0, %0" : "=r"(v));
	__asm__ volatile("movq %%rsp, %0" : "=r"(sp));
	xr.fs0 = v;
	xr.sp = sp;
	xr.arg = arg;
	xr.done = 1;
}

KTEST(exregs_ip_sp_fs, "exregs reads and writes IP, SP and FS base of a stopped thread; resumed, it runs there")
{
	memset((void *)&xr, 0, sizeof(xr));
	l4_word *page = scratch() + 512;
	page[0] = 0xf00df00d;
	l4_word s = space_new(), tid = 0;
	l4_word e_cr = l4_thread_create(s, 50, pager_tid, exh_tid, L4_UTCB_AREA + CHILD_SLOT * 4096UL, &tid);
	struct l4_exregs r0 = { 0 };
	l4_word e0 = l4_exregs(tid, 0, &r0);
	struct l4_exregs r1 = { .ip = 0x1234000, .sp = 0x5678ff0, .fs = 0x9abc000 };
	l4_word e1 = l4_exregs(tid, L4_EX_IP | L4_EX_SP | L4_EX_FS, &r1);
	struct l4_exregs r2 = { 0 };
	l4_word e2 = l4_exregs(tid, 0, &r2);
	/* Now somewhere real: the trampoline, a stack with fn and arg, fs at page. */
	l4_word *sp = stack_top(0);
	sp[0] = (l4_word)xr_child;
	sp[1] = 0xa59;
	struct l4_exregs r3 = { .ip = (l4_word)thread_tramp, .sp = (l4_word)sp, .fs = (l4_word)page };
	l4_word e3 = l4_exregs(tid, L4_EX_IP | L4_EX_SP | L4_EX_FS | L4_EX_RESUME, &r3);
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

KTEST(exregs_noncanonical, "exregs with a non-canonical IP, SP, FS or GS gets EINVAL and changes nothing")
{
	l4_word s = space_new(), tid = 0;
	l4_word e_cr = l4_thread_create(s, 50, pager_tid, exh_tid, L4_UTCB_AREA + CHILD_SLOT * 4096UL, &tid);
	struct l4_exregs r = { .ip = 0x401000, .sp = 0x402000, .fs = 0x403000 };
	l4_word e_ok = l4_exregs(tid, L4_EX_IP | L4_EX_SP | L4_EX_FS, &r);
	struct l4_exregs b1 = { .ip = 0x800000000000UL };
	l4_word e1 = l4_exregs(tid, L4_EX_IP, &b1);
	struct l4_exregs b2 = { .sp = 0xffff800000000000UL };
	l4_word e2 = l4_exregs(tid, L4_EX_SP, &b2);
	struct l4_exregs b3 = { .fs = 0x800000000000UL };
	l4_word e3 = l4_exregs(tid, L4_EX_FS, &b3);
	struct l4_exregs b4 = { .gs = 0xdead000000000000UL };
	l4_word e4 = l4_exregs(tid, L4_EX_GS, &b4);
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
