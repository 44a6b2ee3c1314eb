/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4: process entry (ENTRY(_start) in arch/um's uml.lds.S).
 *
 * The loader enters with the System V initial stack: %rsp -> argc, argv[],
 * NULL, envp[], NULL.  Iguana's loader will build that frame from its boot
 * info (the Wombat command line), so main() gets a normal argc/argv.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* outermost frame for backtraces */
	movq	(%rsp), %rdi		/* argc */
	leaq	8(%rsp), %rsi		/* argv */
	leaq	8(%rsi,%rdi,8), %rdx	/* envp: after argv's NULL */
	andq	$-16, %rsp		/* ABI alignment at the call */
	call	main
	movl	%eax, %edi
	call	exit
	ud2
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
