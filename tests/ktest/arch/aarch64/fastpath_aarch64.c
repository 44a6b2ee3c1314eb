/* The IPC fast path tests, the aarch64 part: fp_ipc, fp_trap, the task
 * code and upcall entry (tests/ktest/fastpath.h says what each does). */
#include "../../fastpath.h"

_Static_assert(__builtin_offsetof(struct fp_regs, keep) == 40 &&
	       __builtin_offsetof(struct fp_regs, fpv) == 200 &&
	       __builtin_offsetof(struct fp_regs, err) == 208 &&
	       __builtin_offsetof(struct fp_regs, okeep) == 264 &&
	       __builtin_offsetof(struct fp_regs, oto) == 424 &&
	       __builtin_offsetof(struct fp_regs, ofpv) == 440, "fp_ipc's offsets");
_Static_assert(L4_SYS_IPC == 1 && L4_SYS_VCPU_RESUME == 22, "the numbers in the code below");

/* In (x3 = r): x4 tag, x5-x8 MR0-3, x9-x28 keep, d0; x1 to, x2 from, x3
 * timeouts, x0 IPC. Out (r from the stack, in x30): x0, x2, x4-x8, x9-x28,
 * x1, x3, d0. */
__asm__(".text\n.globl fp_ipc\nfp_ipc:\n"
	"  stp x29, x30, [sp, #-112]!\n  stp x19, x20, [sp, #16]\n  stp x21, x22, [sp, #32]\n"
	"  stp x23, x24, [sp, #48]\n  stp x25, x26, [sp, #64]\n  stp x27, x28, [sp, #80]\n"
	"  str x3, [sp, #96]\n"
	"  ldr x4, [x3, #0]\n  ldp x5, x6, [x3, #8]\n  ldp x7, x8, [x3, #24]\n"
	"  ldp x9, x10, [x3, #40]\n  ldp x11, x12, [x3, #56]\n  ldp x13, x14, [x3, #72]\n"
	"  ldp x15, x16, [x3, #88]\n  ldp x17, x18, [x3, #104]\n  ldp x19, x20, [x3, #120]\n"
	"  ldp x21, x22, [x3, #136]\n  ldp x23, x24, [x3, #152]\n  ldp x25, x26, [x3, #168]\n"
	"  ldp x27, x28, [x3, #184]\n  ldr d0, [x3, #200]\n"
	"  mov x3, x2\n  mov x2, x1\n  mov x1, x0\n  mov x0, #1\n"
	".globl fp_ipc_syscall\nfp_ipc_syscall:\n"
	"  svc #0\n"
	"  ldr x30, [sp, #96]\n"
	"  stp x0, x2, [x30, #208]\n  str x4, [x30, #224]\n  stp x5, x6, [x30, #232]\n  stp x7, x8, [x30, #248]\n"
	"  stp x9, x10, [x30, #264]\n  stp x11, x12, [x30, #280]\n  stp x13, x14, [x30, #296]\n"
	"  stp x15, x16, [x30, #312]\n  stp x17, x18, [x30, #328]\n  stp x19, x20, [x30, #344]\n"
	"  stp x21, x22, [x30, #360]\n  stp x23, x24, [x30, #376]\n  stp x25, x26, [x30, #392]\n"
	"  stp x27, x28, [x30, #408]\n  stp x1, x3, [x30, #424]\n  str d0, [x30, #440]\n"
	"  ldp x19, x20, [sp, #16]\n  ldp x21, x22, [sp, #32]\n  ldp x23, x24, [sp, #48]\n"
	"  ldp x25, x26, [sp, #64]\n  ldp x27, x28, [sp, #80]\n  ldp x29, x30, [sp], #112\n"
	"  ret\n");

/* x0, x2, x4, x5 (what an IPC would return in) around an svc, which in a
 * foreign-ABI space is an exception message resuming after it. */
__asm__(".text\n.globl fp_trap\nfp_trap:\n"
	"  mov x11, x0\n"
	"  mov x0, #0x77\n  mov x2, #0x5151\n  mov x4, #0x1010\n  mov x5, #0x8888\n"
	"  svc #0\n"
	"  stp x0, x2, [x11]\n  stp x4, x5, [x11, #16]\n"
	"  ret\n");

__asm__(".pushsection .text.fpvtask,\"ax\"\n.balign 4096\n"
	".globl fp_vtask_ipc\nfp_vtask_ipc:\n  mov x0, #1\n  svc #0\n1: b 1b\n"
	".balign 4096\n.popsection\n"
	".text\n.globl fp_vcpu_entry\nfp_vcpu_entry:\n  mov x0, x1\n  bl fp_vcpu_handler\n"
	"  mov x2, #0\n  mov x1, #0\n  mov x0, #22\n  svc #0\n2: b 2b\n");

/* What x86_64 checks with %fs and RFLAGS, aarch64 checks here: a server
 * that replies (reply-and-wait, empty messages) with NZCV clear at each
 * svc, and a call made with TPIDR_EL0 and NZCV set just before its svc
 * (out: both after it; TPIDR_EL0 restored on return). */
__asm__(".text\na64_fp_server:\n"
	"  mov x19, x0\n  mov x1, #0\n  mov x2, #-1\n  mov x3, x19\n  mov x4, #0\n"
	"1: mov x0, #1\n  msr nzcv, xzr\n  svc #0\n"
	"  mov x1, x2\n  mov x2, #-1\n  mov x3, x19\n  mov x4, #0\n  b 1b\n"
	".globl a64_fp_call\na64_fp_call:\n"
	"  mrs x10, tpidr_el0\n  mov x11, x3\n  mov x12, x2\n  msr tpidr_el0, x1\n"
	"  mov x1, x0\n  mov x2, x0\n  mov x3, #-1\n  mov x4, #0\n  mov x0, #1\n"
	"  msr nzcv, x12\n  svc #0\n"
	"  mrs x12, nzcv\n  mrs x13, tpidr_el0\n  stp x12, x13, [x11]\n"
	"  msr tpidr_el0, x10\n  ret\n");
void a64_fp_server(l4_word timeouts);
l4_word a64_fp_call(l4_word to, l4_word tpidr, l4_word nzcv, l4_word out[2]);

KTEST(aarch64_fastpath_tpidr_nzcv, "across call and reply between spaces the caller keeps a TPIDR_EL0 it wrote itself just before and its NZCV; the server's (clear) do not reach it")
{
	l4_word sid = space_new();
	l4_word s = thread_new(sid, 150, a64_fp_server, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER));
	sleep_us(2000);                          /* it waits for its first call */
	int bad = 0;
	for (int i = 0; i < 32; i++) {
		l4_word out[2], tp = 0x12345000 + 16 * (l4_word)i, nz = (l4_word)(i & 15) << 28;
		l4_word e = a64_fp_call(s, tp, nz, out);
		bad += e != L4_OK || out[0] != nz || out[1] != tp;
	}
	l4_space_destroy(sid);
	CHECK(sid && s);
	CHECK_EQ(bad, 0);
}
