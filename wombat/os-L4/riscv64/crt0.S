/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4, riscv64: process entry (ENTRY(_start) in arch/um's uml.lds.S).
 *
 * Iguana starts a domain with the address of its start info (struct
 * ig_startinfo, abi/iguana_abi.h) on top of the stack and gp = its UTCB
 * (left alone: nothing in Wombat is gp-relative); wombat_start() turns the
 * start info's arguments into argc/argv and calls linux_main().
 */
	.section .init.text, "ax"
	.globl	_start
	.type	_start, %function
_start:
	ld	a0, 0(sp)		/* start info */
	andi	sp, sp, -16
	li	ra, 0			/* outermost frame for backtraces */
	li	s0, 0
	call	wombat_start
	ebreak
	.size	_start, . - _start

	.section .note.GNU-stack, "", %progbits
