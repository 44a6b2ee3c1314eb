/* Entry of an Iguana domain: the start info address is on top of the stack. */
	.text
	.globl _start
_start:
	popq %rdi
	andq $-16, %rsp
	xorl %ebp, %ebp
	call ig_crt_start
1:	jmp 1b
	.section .note.GNU-stack,"",@progbits
