/* The IPC fast path tests, the x86_64 part: fp_ipc, fp_trap, the task
 * code and upcall entry (tests/ktest/fastpath.h says what each does). */
#include "../../fastpath.h"

_Static_assert(__builtin_offsetof(struct fp_regs, err) == 80 &&
	       __builtin_offsetof(struct fp_regs, okeep) == 136 &&
	       __builtin_offsetof(struct fp_regs, ofpv) == 184, "fp_ipc's offsets");
_Static_assert(L4_SYS_IPC == 1 && L4_SYS_VCPU_RESUME == 22, "the numbers in the code below");

/* In: rax = IPC, r10, r8, r9, r12, r13; rbx, rbp, r14, r15; xmm0. Out: rax,
 * rsi, r10, r8, r9, r12, r13; rbx, rbp, r14, r15; rdi, rdx, xmm0. */
__asm__(".text\n.globl fp_ipc\nfp_ipc:\n"
	"\tpushq %rbx\n\tpushq %rbp\n\tpushq %r12\n\tpushq %r13\n\tpushq %r14\n\tpushq %r15\n\tpushq %rcx\n"
	"\tmovq 0(%rcx), %r10\n\tmovq 8(%rcx), %r8\n\tmovq 16(%rcx), %r9\n"
	"\tmovq 24(%rcx), %r12\n\tmovq 32(%rcx), %r13\n"
	"\tmovq 40(%rcx), %rbx\n\tmovq 48(%rcx), %rbp\n\tmovq 56(%rcx), %r14\n\tmovq 64(%rcx), %r15\n"
	"\tmovq 72(%rcx), %xmm0\n"
	"\tmovl $1, %eax\n"
	".globl fp_ipc_syscall\nfp_ipc_syscall:\n"
	"\tsyscall\n"
	"\tmovq (%rsp), %rcx\n"
	"\tmovq %rax, 80(%rcx)\n\tmovq %rsi, 88(%rcx)\n\tmovq %r10, 96(%rcx)\n"
	"\tmovq %r8, 104(%rcx)\n\tmovq %r9, 112(%rcx)\n\tmovq %r12, 120(%rcx)\n\tmovq %r13, 128(%rcx)\n"
	"\tmovq %rbx, 136(%rcx)\n\tmovq %rbp, 144(%rcx)\n\tmovq %r14, 152(%rcx)\n\tmovq %r15, 160(%rcx)\n"
	"\tmovq %rdi, 168(%rcx)\n\tmovq %rdx, 176(%rcx)\n\tmovq %xmm0, 184(%rcx)\n"
	"\tpopq %rcx\n\tpopq %r15\n\tpopq %r14\n\tpopq %r13\n\tpopq %r12\n\tpopq %rbp\n\tpopq %rbx\n"
	"\tret\n");

/* rax, rsi, r10, r8 (what an IPC would return in) around int 0x80. */
__asm__(".text\n.globl fp_trap\nfp_trap:\n"
	"\tmovq %rdi, %r11\n"
	"\tmovq $0x77, %rax\n\tmovq $0x5151, %rsi\n\tmovq $0x1010, %r10\n\tmovq $0x8888, %r8\n"
	"\tint $0x80\n"
	"\tmovq %rax, 0(%r11)\n\tmovq %rsi, 8(%r11)\n\tmovq %r10, 16(%r11)\n\tmovq %r8, 24(%r11)\n"
	"\tret\n");

__asm__(".pushsection .text.fpvtask,\"ax\"\n.balign 4096\n"
	".globl fp_vtask_ipc\nfp_vtask_ipc:\n  mov $1, %eax\n  syscall\n1: jmp 1b\n"
	".balign 4096\n.popsection\n"
	".text\n.globl fp_vcpu_entry\nfp_vcpu_entry:\n  sub $8, %rsp\n  call fp_vcpu_handler\n"
	"  xor %edi, %edi\n  xor %esi, %esi\n  mov $22, %eax\n  syscall\n2: jmp 2b\n");
