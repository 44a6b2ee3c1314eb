/* Entry of every user program: a1 holds the start argument (boot info;
 * the kernel's first argument register, SC_A0); gp is the UTCB. */
	.text
	.globl _start
_start:
	andi sp, sp, -16
	li ra, 0
	li s0, 0
	mv a0, a1
	call main
	call exit
1:	wfi
	j 1b
	.section .note.GNU-stack,"",@progbits
