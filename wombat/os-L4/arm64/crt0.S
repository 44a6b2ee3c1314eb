/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4, arm64: process entry (ENTRY(_start) in arch/um's uml.lds.S).
 *
 * Iguana starts a domain with the address of its start info (struct
 * ig_startinfo, abi/iguana_abi.h) on top of the stack; wombat_start() turns
 * its arguments into argc/argv and calls linux_main().
 */
	.section .init.text, "ax"
	.globl	_start
	.type	_start, %function
_start:
	ldr	x0, [sp]		/* start info */
	mov	x9, sp
	and	x9, x9, #-16
	mov	sp, x9
	mov	x29, #0			/* outermost frame for backtraces */
	mov	x30, #0
	bl	wombat_start
	brk	#0
	.size	_start, . - _start

	.section .note.GNU-stack, "", %progbits
