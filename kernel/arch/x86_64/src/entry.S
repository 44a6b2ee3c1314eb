/* Kernel entry and exit: syscall, exceptions, interrupts, context switch. */
#include <arch_asm.h>

.macro SAVE_GPRS
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro RESTORE_GPRS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
.endm

	.text
/* syscall: interrupts are off (FMASK), rsp is still the user's. The generic
 * entry; with the IPC fast path on, LSTAR points at fastpath_syscall instead
 * (fastpath.S), which comes here for everything but IPC. */
	.globl syscall_entry
syscall_entry:
	movq %rsp, syscall_user_rsp(%rip)
	movq cpu0+CPU_TSS_RSP0(%rip), %rsp    /* the current thread's kernel stack top */
	pushq $0x23
	pushq syscall_user_rsp(%rip)
	pushq %r11
	pushq $0x2b
	pushq %rcx
	pushq $0
	pushq $0x100
	SAVE_GPRS
/* The frame is complete; the fast path joins here when it gives up. */
	.globl syscall_slow
syscall_slow:
	movq %rsp, %rdi
	call syscall_dispatch
	jmp return_to_user

	.globl trap_common
trap_common:
	SAVE_GPRS
	cld
	movq %rsp, %rdi
	call trap_dispatch
	.globl return_to_user
return_to_user:
	RESTORE_GPRS
	addq $16, %rsp
	iretq

.macro TRAP vec, err
	.globl trap_\vec
trap_\vec:
	.if \err == 0
	pushq $0
	.endif
	pushq $\vec
	jmp trap_common
.endm

	TRAP 0, 0
	TRAP 1, 0
	TRAP 2, 0
	TRAP 3, 0
	TRAP 4, 0
	TRAP 5, 0
	TRAP 6, 0
	TRAP 7, 0
	TRAP 8, 1
	TRAP 10, 1
	TRAP 11, 1
	TRAP 12, 1
	TRAP 13, 1
	TRAP 14, 1
	TRAP 16, 0
	TRAP 17, 1
	TRAP 18, 0
	TRAP 19, 0
	TRAP 32, 0
	TRAP 33, 0
	TRAP 34, 0
	TRAP 35, 0
	TRAP 36, 0
	TRAP 37, 0
	TRAP 38, 0
	TRAP 39, 0
	TRAP 40, 0
	TRAP 41, 0
	TRAP 42, 0
	TRAP 43, 0
	TRAP 44, 0
	TRAP 45, 0
	TRAP 46, 0
	TRAP 47, 0
	TRAP 48, 0
	TRAP 128, 0
	TRAP 255, 0

/* void arch_switch_stack(u64 *save_sp, u64 new_sp) */
	.globl arch_switch_stack
arch_switch_stack:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.data
	.globl syscall_user_rsp
syscall_user_rsp: .quad 0
	.section .note.GNU-stack,"",@progbits
