/* The IPC fast path tests, the riscv64 part: fp_ipc, fp_trap, the task
 * code and upcall entry (tests/ktest/fastpath.h says what each does). */
#include "../../fastpath.h"

_Static_assert(__builtin_offsetof(struct fp_regs, keep) == 40 &&
	       __builtin_offsetof(struct fp_regs, fpv) == 184 &&
	       __builtin_offsetof(struct fp_regs, err) == 192 &&
	       __builtin_offsetof(struct fp_regs, okeep) == 248 &&
	       __builtin_offsetof(struct fp_regs, oto) == 392 &&
	       __builtin_offsetof(struct fp_regs, ofpv) == 408, "fp_ipc's offsets");
_Static_assert(L4_SYS_IPC == 1 && L4_SYS_VCPU_RESUME == 22, "the numbers in the code below");

/* In (a3 = r): a4 tag, a5-a7 and t0 MR0-3, s0-s11 and t1-t6 keep, f0; a1
 * to, a2 from, a3 timeouts, a0 IPC. Out (r from the stack, in ra): a0,
 * a2, a4-a7, t0, s0-s11, t1-t6, a1, a3, f0. */
#define KEEP(op, b, o) \
	"  " #op " s0, " #o "+0(" #b ")\n  " #op " s1, " #o "+8(" #b ")\n  " #op " s2, " #o "+16(" #b ")\n" \
	"  " #op " s3, " #o "+24(" #b ")\n  " #op " s4, " #o "+32(" #b ")\n  " #op " s5, " #o "+40(" #b ")\n" \
	"  " #op " s6, " #o "+48(" #b ")\n  " #op " s7, " #o "+56(" #b ")\n  " #op " s8, " #o "+64(" #b ")\n" \
	"  " #op " s9, " #o "+72(" #b ")\n  " #op " s10, " #o "+80(" #b ")\n  " #op " s11, " #o "+88(" #b ")\n" \
	"  " #op " t1, " #o "+96(" #b ")\n  " #op " t2, " #o "+104(" #b ")\n  " #op " t3, " #o "+112(" #b ")\n" \
	"  " #op " t4, " #o "+120(" #b ")\n  " #op " t5, " #o "+128(" #b ")\n  " #op " t6, " #o "+136(" #b ")\n"
__asm__(".text\n.globl fp_ipc\nfp_ipc:\n"
	"  addi sp, sp, -160\n  sd ra, 0(sp)\n  sd a3, 152(sp)\n"
	KEEP(sd, sp, 8)
	"  ld a4, 0(a3)\n  ld a5, 8(a3)\n  ld a6, 16(a3)\n  ld a7, 24(a3)\n  ld t0, 32(a3)\n"
	"  fld f0, 184(a3)\n"
	KEEP(ld, a3, 40)
	"  mv a3, a2\n  mv a2, a1\n  mv a1, a0\n  li a0, 1\n"
	".globl fp_ipc_syscall\nfp_ipc_syscall:\n"
	"  ecall\n"
	"  ld ra, 152(sp)\n"
	"  sd a0, 192(ra)\n  sd a2, 200(ra)\n  sd a4, 208(ra)\n  sd a5, 216(ra)\n  sd a6, 224(ra)\n"
	"  sd a7, 232(ra)\n  sd t0, 240(ra)\n"
	KEEP(sd, ra, 248)
	"  sd a1, 392(ra)\n  sd a3, 400(ra)\n  fsd f0, 408(ra)\n"
	KEEP(ld, sp, 8)
	"  ld ra, 0(sp)\n  addi sp, sp, 160\n"
	"  ret\n");

/* a0, a2, a4, a5 (what an IPC would return in) around an ecall, which in a
 * foreign-ABI space is an exception message resuming after it. */
__asm__(".text\n.globl fp_trap\nfp_trap:\n"
	"  mv t1, a0\n"
	"  li a0, 0x77\n  li a2, 0x5151\n  li a4, 0x1010\n  li a5, 0x8888\n"
	"  ecall\n"
	"  sd a0, 0(t1)\n  sd a2, 8(t1)\n  sd a4, 16(t1)\n  sd a5, 24(t1)\n"
	"  ret\n");

__asm__(".pushsection .text.fpvtask,\"ax\"\n.balign 4096\n"
	".globl fp_vtask_ipc\nfp_vtask_ipc:\n  li a0, 1\n  ecall\n1: j 1b\n"
	".balign 4096\n.popsection\n"
	".text\n.globl fp_vcpu_entry\nfp_vcpu_entry:\n  mv a0, a1\n  call fp_vcpu_handler\n"
	"  li a2, 0\n  li a1, 0\n  li a0, 22\n  ecall\n2: j 2b\n");
