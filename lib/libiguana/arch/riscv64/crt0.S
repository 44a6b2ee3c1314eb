/* Entry of an Iguana domain: the start info address is on top of the stack
 * (loader.c puts it there, 16-byte aligned). */
	.text
	.globl _start
_start:
	ld a0, 0(sp)
	andi sp, sp, -16
	li ra, 0
	li s0, 0
	call ig_crt_start
1:	j 1b
	.section .note.GNU-stack,"",@progbits
