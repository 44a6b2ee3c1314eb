/* Entry of an Iguana domain: the start info address is on top of the stack
 * (loader.c puts it there, 16-byte aligned). */
	.text
	.globl _start
_start:
	ldr x0, [sp]
	mov x9, sp
	and x9, x9, #-16
	mov sp, x9
	mov x29, #0
	mov x30, #0
	bl ig_crt_start
1:	b 1b
	.section .note.GNU-stack,"",@progbits
