/* vfork() for native programs on aarch64 (docs/native-mode.md): musl's is
 * fork() on this architecture, which a native process may not do; this is
 * clone(CLONE_VM | CLONE_VFORK | SIGCHLD) on the caller's own stack, as
 * vfork must be (in assembly: the child runs on that stack until it execs
 * or exits). Linked before libc, it is the program's vfork. */
	.text
	.global vfork
	.type vfork, %function
vfork:
	mov x8, #220            /* clone */
	mov x0, #0x4111         /* CLONE_VM | CLONE_VFORK | SIGCHLD */
	mov x1, #0              /* the same stack */
	mov x2, #0
	mov x3, #0
	mov x4, #0
	svc #0
	tbnz x0, #63, 1f
	ret
1:	b wn_vfork_error        /* errno = -x0, -1 */
	.size vfork, . - vfork
	.section .note.GNU-stack, "", %progbits
