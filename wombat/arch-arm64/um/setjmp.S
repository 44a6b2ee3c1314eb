/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat arm64 UML: kernel_setjmp / kernel_longjmp (arch/um's threads
 * switch with them).  struct __jmp_buf in sysdep/archsetjmp.h: x19-x28,
 * fp, lr, sp.
 */
	.text
	.globl	kernel_setjmp
	.type	kernel_setjmp, %function
kernel_setjmp:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x1, sp
	str	x1, [x0, #96]
	mov	x0, #0
	ret
	.size	kernel_setjmp, . - kernel_setjmp

	.globl	kernel_longjmp
	.type	kernel_longjmp, %function
kernel_longjmp:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldr	x2, [x0, #96]
	mov	sp, x2
	cmp	w1, #0
	csinc	w0, w1, wzr, ne		/* longjmp(b, 0) returns 1 */
	br	x30
	.size	kernel_longjmp, . - kernel_longjmp

	.section .note.GNU-stack, "", %progbits
