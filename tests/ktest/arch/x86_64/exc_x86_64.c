/* Exception tests, the x86_64 part: the instructions the portable tests
 * fault on, and the tests of x86 traps and registers (divide error, no
 * compatibility mode, int 0x80, RFLAGS, CS/SS and canonical addresses). */
#include "../../exc.h"

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
void exc_i80_fn(volatile l4_word *out);
extern char exc_div_at[], exc_div_after[], exc_i80_after[];
l4_word exc_compat_fn(void);
extern char exc_compat_at[], exc_compat_after[];

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
