/* vfork() for native programs on riscv64 (docs/native-mode.md): musl's is
 * fork() on this architecture, which a native process may not do; this is
 * clone(CLONE_VM | CLONE_VFORK | SIGCHLD) on the caller's own stack, as
 * vfork must be (in assembly: the child runs on that stack until it execs
 * or exits). Linked before libc, it is the program's vfork. */
	.text
	.global vfork
	.type vfork, %function
vfork:
	li a7, 220              /* clone */
	li a0, 0x4111           /* CLONE_VM | CLONE_VFORK | SIGCHLD */
	li a1, 0                /* the same stack */
	li a2, 0
	li a3, 0
	li a4, 0
	ecall
	bltz a0, 1f
	ret
1:	tail wn_vfork_error     /* errno = -a0, -1 */
	.size vfork, . - vfork
	.section .note.GNU-stack, "", %progbits
