/* Entry of every user program: x1 holds the start argument (boot info;
 * the kernel's first argument register, SC_A0). */
	.text
	.globl _start
_start:
	mov x9, sp
	and x9, x9, #-16
	mov sp, x9
	mov x29, #0
	mov x30, #0
	mov x0, x1
	bl main
	bl exit
1:	wfi
	b 1b
	.section .note.GNU-stack,"",@progbits
