/* Entry of every user program: rdi holds the start argument (boot info). */
	.text
	.globl _start
_start:
	andq $-16, %rsp
	xorl %ebp, %ebp
	call main
	movq %rax, %rdi
	call exit
1:	hlt
	jmp 1b
	.section .note.GNU-stack,"",@progbits
