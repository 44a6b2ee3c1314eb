/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4: process entry (ENTRY(_start) in arch/um's uml.lds.S).
 *
 * Iguana starts a domain with the address of its start info (struct
 * ig_startinfo, abi/iguana_abi.h) on top of the stack; wombat_start() turns its
 * arguments into argc/argv and calls main().
 */
	.section .init.text, "ax"
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* outermost frame for backtraces */
	popq	%rdi			/* start info */
	andq	$-16, %rsp		/* ABI alignment at the call */
	call	wombat_start
	ud2
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
