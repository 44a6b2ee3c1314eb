/* IPC fast path: call and reply-and-wait to a partner that already waits,
 * the message kept in registers from one thread's syscall to the other's sysret.
 *
 * With the fast path on (no `nofastpath` on the kernel command line) LSTAR
 * points here. Straight-line: every check that fails jumps to `slow`, which
 * completes the trap frame exactly as syscall_entry builds it and continues in
 * the generic path, so the slow path never knows we looked. The case handled
 * is the one ipc() would handle by transfer() + thread_wake() + thread_block():
 *
 *   - a native-ABI, non-vCPU sender; `to` names a thread; from == to (call)
 *     or from == any with nothing queued or pending for us (reply-and-wait);
 *   - untyped words only, at most the four register MRs; a receive timeout
 *     other than zero;
 *   - the receiver waits for us (or anyone) in an ordinary IPC (no kernel
 *     message, no vCPU), and nothing ready outranks it;
 *   - the sender may send to it (same space, allowed, or a reply to its call).
 *
 * Timeouts (arming ours, cancelling the receiver's) and a receiver of lower
 * priority than ours (then the run queue decides) are C calls out of line.
 *
 * The sender's user state goes into its frame (only the registers that are
 * not message registers); it blocks with a kernel continuation,
 * fastpath_resume, for when the slow path wakes it instead. The receiver
 * never resumes its kernel continuation: whether it blocked here or in the
 * slow path, its frame holds its user state, and it returns straight to
 * user mode with the message in registers. A continuation left behind this
 * way holds nothing (no locks, no resources); its next kernel entry starts
 * from the top of the stack again.
 */
#include <l4.h>
#include <arch_asm.h>
#include <arch_frame.h>
#include <arch_layout.h>

/* A frame slot, addressed from the top of its kernel stack; and the saved
 * stack pointer arch_switch_stack() pops a continuation from, below it. */
#define F(slot) (FRAME_##slot - FRAME_SIZE)
#define KSWITCH_SP (-FRAME_SIZE - 8 * (KSWITCH_WORDS + 1))

/* Around a call to C from the checks (rsp = the kernel stack top): go below
 * the frame and keep the caller-saved registers that hold the message or
 * our findings. rbx, rbp and r12-r15 are callee-saved anyway. */
.macro SAVE_FOR_C
	subq $FRAME_SIZE, %rsp
	pushq %rsi
	pushq %rdi
	pushq %rdx
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r11                          /* keeps rsp 16-byte aligned */
.endm
.macro RESTORE_AFTER_C
	popq %r11
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdx
	popq %rdi
	popq %rsi
	addq $FRAME_SIZE, %rsp
.endm

	.text
	.globl fastpath_syscall
fastpath_syscall:
	cmpq $L4_SYS_IPC, %rax
	jne vcpu_fastpath                   /* vcpu_fast.S: a task's syscall, VCPU_RESUME, or the generic entry */
	/* A visited task's system call 1 (Linux's write) is an exit: straight
	 * to it, before the IPC path saves anything (rax is IPC's number again
	 * either way: mov keeps the flags). */
	movq current(%rip), %rax
	cmpq $0, TCB_VCPU_TASK(%rax)
	movl $L4_SYS_IPC, %eax
	jne vcpu_fastpath
	movq %rsp, %rax
	movq cpu0+CPU_TSS_RSP0(%rip), %rsp
	/* What the partner's registers will replace and the slow path needs;
	 * rcx and r11 are the user's RIP and RFLAGS after syscall. */
	movq %rax, F(RSP)(%rsp)
	movq %rcx, F(RIP)(%rsp)
	movq %r11, F(RFLAGS)(%rsp)
	movq %rbx, F(RBX)(%rsp)
	movq %rbp, F(RBP)(%rsp)
	movq %r14, F(R14)(%rsp)
	movq %r15, F(R15)(%rsp)
	movq %rdi, F(RDI)(%rsp)
	movq %rdx, F(RDX)(%rsp)

	/* rbx = self, rbp = its space. A vCPU has events to check on every
	 * exit; a foreign-ABI space's syscalls are exception messages. */
	movq current(%rip), %rbx
	cmpq $0, TCB_VCPU(%rbx)
	jne slow
	movq TCB_SPACE(%rbx), %rbp
	testl $ASM_SP_FOREIGN, SPACE_FLAGS(%rbp)
	jnz slow
	/* Tag: no map items (t, bits 6-11), u <= 4 (the rest would be in the UTCB). */
	movl %r10d, %eax
	andl $0xfff, %eax
	cmpl $L4_MR_REGS, %eax
	ja slow
	/* ecx = receive timeout (bits 32-63); zero fails or finds a sender at once. */
	movq %rdx, %rcx
	shrq $32, %rcx
	jz slow
	/* Call, or reply-and-wait with no sender queued and no notification pending:
	 * those the slow path would deliver at once. */
	cmpq %rdi, %rsi
	je 1f
	cmpq $L4_ANYTHREAD, %rsi
	jne slow
	cmpq $0, TCB_SQ_HEAD(%rbx)
	jne slow
	cmpq $0, TCB_NOTIFY_BITS(%rbx)
	jne slow
1:
	/* r14 = the destination, as tid_lookup() finds it (slot 0 is always empty). */
	movzwl %di, %eax
	cmpl $ASM_MAX_THREADS, %eax
	jae slow
	movq thread_table(,%rax,8), %r14
	testq %r14, %r14
	jz slow
	cmpq %rdi, TCB_TID(%r14)
	jne slow
	/* Receiving and not a kernel message: state and kmsg_on read as one word. */
	cmpw $ASM_TS_RECEIVING, TCB_STATE(%r14)
	jne slow
	/* r15 = our tid; the receiver waits for us or for anyone. */
	movq TCB_TID(%rbx), %r15
	movq TCB_WAIT_FROM(%r14), %rax
	cmpq %r15, %rax
	je 2f
	cmpq $L4_ANYTHREAD, %rax
	jne slow
2:	cmpq $0, TCB_VCPU(%r14)
	jne slow
	/* Priority: we run, so nothing ready outranks us; if it ranks lower,
	 * the run queue must have nothing above it. */
	movb TCB_PRIO(%r14), %al
	cmpb TCB_PRIO(%rbx), %al
	jb 10f
11:
	/* r11 = its space. May we send (ipc_may_send): same space, a reply to
	 * its call, allowed all, or its space in our allowed set? Bits 0-15 of
	 * a space id are its slot, the index the allowed set uses. */
	movq TCB_SPACE(%r14), %r11
	cmpq %rbp, %r11
	je 4f
	cmpb $0, TCB_IN_CALL(%r14)
	je 3f
	cmpq %r15, TCB_WAIT_FROM(%r14)
	je 4f
3:	testl $ASM_SP_ALLOW_ALL, SPACE_FLAGS(%rbp)
	jnz 4f
	movzwl SPACE_SID(%r11), %eax
	btq %rax, SPACE_ALLOW(%rbp)
	jnc slow
4:
	/* Nothing can fail from here on. Timeouts first: ours unless never
	 * (ecx + 1 == 0), the receiver's if it has one. */
	incl %ecx
	orq TCB_TIMEOUT(%r14), %rcx
	jnz 12f
13:
	/* Device lines masked while it runs (irq_priority_ceiling), as
	 * schedule() does, when lines are bound and it runs at another
	 * priority than ours. */
	cmpl $0, irq_bound(%rip)
	jne 14f
15:
	/* The receiver runs; we wait for it (call) or for anyone, in the state
	 * ipc() would have left us in, with fastpath_resume as where a switch
	 * back to us returns to. */
	incq kernel_entries(%rip)
	andq $~0xf000, %r10                 /* received tags carry no flags */
	movb $ASM_TS_READY, TCB_STATE(%r14)
	movb $0, TCB_IN_CALL(%r14)
	movq %rsi, TCB_WAIT_FROM(%rbx)
	cmpq %rdi, %rsi
	sete TCB_IN_CALL(%rbx)
	movb $ASM_TS_RECEIVING, TCB_STATE(%rbx)
	movq $fastpath_resume, (-FRAME_SIZE - 8)(%rsp)
	leaq KSWITCH_SP(%rsp), %rax
	movq %rax, TCB_KSP(%rbx)
	movq %r14, current(%rip)

	/* The switch (arch_switch_to) minus the kernel stack switch: rsp = the
	 * receiver's kernel stack top, which is also where its frame is. */
	movq TCB_KSTACK(%r14), %rsp
	addq $KSTACK_SIZE, %rsp
	movq %rsp, cpu0+CPU_TSS_RSP0(%rip)
	/* Its address space (arch_space_activate): same and current, or load. */
	SPACE_ACTIVATE %r11
	/* FS/GS bases written every time: user code may have replaced them
	 * (see load_bases() in thread.c). */
	WRMSR64 MSR_FS_BASE, TCB_FS_BASE(%r14)
	WRMSR64 MSR_GS_BASE, TCB_GS_BASE(%r14)
	/* Lazy FPU (arch_fpu_switch): usable without a trap only by its owner. */
	cmpq %r14, fpu_owner(%rip)
	je 7f
	movq %cr0, %rax
	orq $CR0_TS, %rax
	movq %rax, %cr0
8:
	/* What the receiver gets: L4_OK (rax and its UTCB), our tid (rsi), the
	 * tag (r10), MR0-3 as we sent them (r8, r9, r12, r13); the rest from
	 * its frame. sysretq takes RIP from rcx and RFLAGS from r11; with a RIP
	 * that is not a canonical user address it would fault in kernel mode
	 * (with the user's rsp), so such a frame returns by iretq. Every writer
	 * of frames keeps RIP canonical: this is a guard, not a case. */
	movq TCB_UTCB(%r14), %rax
	movq $L4_OK, UTCB_ERROR(%rax)
	movq %r15, %rsi
	movq F(RIP)(%rsp), %rcx
	movq %rcx, %rax
	shrq $47, %rax
	jnz 9f
	xorl %eax, %eax                     /* L4_OK */
	movq F(RFLAGS)(%rsp), %r11
	movq F(RBX)(%rsp), %rbx
	movq F(RBP)(%rsp), %rbp
	movq F(R14)(%rsp), %r14
	movq F(R15)(%rsp), %r15
	movq F(RDI)(%rsp), %rdi
	movq F(RDX)(%rsp), %rdx
	movq F(RSP)(%rsp), %rsp
	sysretq

7:	clts
	jmp 8b

	/* Out of line: a receiver of lower priority than ours. */
10:	SAVE_FOR_C
	call sched_highest_prio
	RESTORE_AFTER_C
	movzbl TCB_PRIO(%r14), %ecx
	cmpl %ecx, %eax
	jg slow
	movq %rdx, %rcx                     /* the receive timeout again */
	shrq $32, %rcx
	jmp 11b

	/* Out of line: irq_priority_ceiling(receiver's priority). */
14:	movb TCB_PRIO(%r14), %al
	cmpb TCB_PRIO(%rbx), %al
	je 15b
	SAVE_FOR_C
	movzbl TCB_PRIO(%r14), %edi
	call irq_priority_ceiling
	RESTORE_AFTER_C
	jmp 15b

	/* Out of line: fastpath_timeouts(self, receiver, timeouts). */
12:	SAVE_FOR_C
	movq %rbx, %rdi
	movq %r14, %rsi
	call fastpath_timeouts              /* rdx: the timeouts word */
	RESTORE_AFTER_C
	jmp 13b

	/* Out of line: return through the full frame and iretq. */
9:	subq $FRAME_SIZE, %rsp
	movq $L4_OK, FRAME_RAX(%rsp)
	movq %rsi, FRAME_RSI(%rsp)
	movq %r10, FRAME_R10(%rsp)
	movq %r8, FRAME_R8(%rsp)
	movq %r9, FRAME_R9(%rsp)
	movq %r12, FRAME_R12(%rsp)
	movq %r13, FRAME_R13(%rsp)
	jmp return_to_user

/* Not the fast case: the rest of the frame syscall_entry would have pushed
 * (rsp is still our kernel stack top), then the generic path. */
/* A vCPU thread: its own IPC takes the slow path (events to check on the
 * way out). A task it visits made system call 1, Linux's write() on
 * x86_64: vcpu_fastpath, as for any other number, with the registers as
 * `syscall` left them (only rax, rbx and rsp changed above). */
slow:
	subq $FRAME_SIZE, %rsp
	movq $USER_SS, FRAME_SS(%rsp)
	movq $USER_CS, FRAME_CS(%rsp)
	movq $0, FRAME_ERROR(%rsp)
	movq $VEC_SYSCALL, FRAME_VECTOR(%rsp)
	movq $L4_SYS_IPC, FRAME_RAX(%rsp)
	movq FRAME_RIP(%rsp), %rcx
	movq %rcx, FRAME_RCX(%rsp)
	movq FRAME_RFLAGS(%rsp), %r11
	movq %r11, FRAME_R11(%rsp)
	movq %rsi, FRAME_RSI(%rsp)
	movq %r10, FRAME_R10(%rsp)
	movq %r8, FRAME_R8(%rsp)
	movq %r9, FRAME_R9(%rsp)
	movq %r12, FRAME_R12(%rsp)
	movq %r13, FRAME_R13(%rsp)
	jmp syscall_slow

/* A thread that blocked above resumes here when the slow path switches to it
 * (schedule() -> arch_switch_stack() returns here) because a slow-path send,
 * a notification, a timeout, an abort or its partner's death woke it:
 * rsp = its frame. fastpath_resumed() finishes the IPC as sys_ipc would. */
fastpath_resume:
	movq %rsp, %rdi
	call fastpath_resumed
	jmp return_to_user
	.section .note.GNU-stack,"",@progbits
