/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat riscv64 UML: kernel_setjmp / kernel_longjmp (arch/um's threads
 * switch with them).  struct __jmp_buf in sysdep/archsetjmp.h: ra, sp,
 * s0-s11 (the callee-saved registers of the lp64 ABI; no FP registers:
 * Wombat is built soft-float).
 */
	.text
	.globl	kernel_setjmp
	.type	kernel_setjmp, %function
kernel_setjmp:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)
	li	a0, 0
	ret
	.size	kernel_setjmp, . - kernel_setjmp

	.globl	kernel_longjmp
	.type	kernel_longjmp, %function
kernel_longjmp:
	ld	ra, 0(a0)
	ld	sp, 8(a0)
	ld	s0, 16(a0)
	ld	s1, 24(a0)
	ld	s2, 32(a0)
	ld	s3, 40(a0)
	ld	s4, 48(a0)
	ld	s5, 56(a0)
	ld	s6, 64(a0)
	ld	s7, 72(a0)
	ld	s8, 80(a0)
	ld	s9, 88(a0)
	ld	s10, 96(a0)
	ld	s11, 104(a0)
	seqz	a0, a1			/* longjmp(b, 0) returns 1 */
	add	a0, a0, a1
	ret
	.size	kernel_longjmp, . - kernel_longjmp

	.section .note.GNU-stack, "", %progbits
