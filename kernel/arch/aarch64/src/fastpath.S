/* IPC fast path: call and reply-and-wait to a partner that already waits,
 * the message kept in registers from one thread's `svc` to the other's eret.
 *
 * With the fast path on (no `nofastpath` on the kernel command line)
 * VBAR_EL1 is vectors_fast, whose slot for synchronous exceptions from EL0
 * comes here. Anything but an `svc` goes to the generic entry at once, an
 * `svc` that is not IPC to vcpu_fast.S. Straight-line: every check that
 * fails jumps to `slow`, which completes the frame exactly as the generic
 * entry builds it and continues in the generic path. The case handled is
 * the one ipc() would handle by transfer() + thread_wake() + thread_block(),
 * on the same conditions as x86_64's fastpath.S:
 *
 *   - a native-ABI, non-vCPU sender; `to` names a thread; from == to (call)
 *     or from == any with nothing queued or pending for us (reply-and-wait);
 *   - untyped words only, at most the four register MRs; a receive timeout
 *     other than zero;
 *   - the receiver waits for us (or anyone) in an ordinary IPC (no kernel
 *     message, no vCPU), and nothing ready outranks it;
 *   - the sender may send to it (same space, allowed, or a reply to its call).
 *
 * The receiver's space is loaded inline when it holds an ASID (mmu.c),
 * else by arch_space_activate() out of line, which assigns one (perhaps
 * rolling over).
 *
 * Timeouts (arming ours, cancelling the receiver's) and a receiver of lower
 * priority than ours (then the run queue decides) are C calls out of line.
 *
 * The sender's user state goes into its frame (all but the message
 * registers x0, x2, x4-x8); it blocks with a kernel continuation,
 * fastpath_resume, for when the slow path wakes it instead. The receiver
 * never resumes its kernel continuation: whether it blocked here or in the
 * slow path, its frame holds its user state, and it returns straight to
 * user mode with the message in registers.
 *
 * Registers while checking: x19 self, x20 its space, x21 the receiver,
 * x22 its space, x23 our tid, x24 current's page, x25 the receive timeout,
 * w26/w27 the receiver's and our priority, w28 our space's flags:
 * callee-saved, so the C calls keep them (the user's values are in the
 * frame already). sp stays at the kernel stack top; the frame lies below
 * it (F()), and a C call goes below the frame.
 */
#include <l4.h>
#include <arch_asm.h>
#include <arch_frame.h>
#include <arch_layout.h>

#define F(n) (FR_OFF_X + 8 * (n) - FRAME_BYTES)   /* a register's frame slot, from the stack top */
#define FS(off) ((off) - FRAME_BYTES)                 /* another frame word */

/* Around a call to C: below the frame, the message registers. */
.macro SAVE_MSG
	sub sp, sp, #(FRAME_BYTES + 64)
	stp x1, x2, [sp, #0]
	stp x3, x4, [sp, #16]
	stp x5, x6, [sp, #32]
	stp x7, x8, [sp, #48]
.endm
.macro RESTORE_MSG
	ldp x1, x2, [sp, #0]
	ldp x3, x4, [sp, #16]
	ldp x5, x6, [sp, #32]
	ldp x7, x8, [sp, #48]
	add sp, sp, #(FRAME_BYTES + 64)
	mov x0, #L4_SYS_IPC
	cmp x2, x1
	cset w11, eq                        /* call: in_call, as before the call */
.endm

	.text
	.globl fastpath_el0_sync
fastpath_el0_sync:
	stp x9, x10, [sp, #F(9)]
	mrs x9, esr_el1
	lsr w9, w9, #26
	cmp w9, #EC_SVC64
	b.ne vcpu_fault_fast                /* vcpu_fast.S: a task's page fault, or the generic entry */
	cmp x0, #L4_SYS_IPC
	b.ne vcpu_fastpath                  /* vcpu_fast.S: a task's svc, VCPU_RESUME, or the generic entry */
	/* What the partner's registers will replace and the slow path needs. */
	str x1, [sp, #F(1)]
	str x3, [sp, #F(3)]
	stp x11, x12, [sp, #F(11)]
	stp x13, x14, [sp, #F(13)]
	stp x15, x16, [sp, #F(15)]
	stp x17, x18, [sp, #F(17)]
	stp x19, x20, [sp, #F(19)]
	stp x21, x22, [sp, #F(21)]
	stp x23, x24, [sp, #F(23)]
	stp x25, x26, [sp, #F(25)]
	stp x27, x28, [sp, #F(27)]
	stp x29, x30, [sp, #F(29)]
	mrs x9, elr_el1
	mrs x10, spsr_el1
	stp x9, x10, [sp, #FS(FR_OFF_ELR)]
	mrs x9, sp_el0
	stp x9, xzr, [sp, #FS(FR_OFF_SP)]   /* and esr: pairs reach further below sp */

	/* A vCPU has events to check on every exit; a foreign-ABI space's
	 * system calls are exception messages. */
	adrp x24, current
	ldr x19, [x24, #:lo12:current]
	ldr x9, [x19, #TCB_VCPU]
	cbnz x9, ipc_vcpu
	ldr x20, [x19, #TCB_SPACE]
	ldr w28, [x20, #SPACE_FLAGS]
	tbnz w28, #ASM_SP_FOREIGN_BIT, slow
	/* Tag: no map items (t, bits 6-11), u <= 4 (the rest would be in the UTCB). */
	and x9, x4, #0xfff
	cmp x9, #L4_MR_REGS
	b.hi slow
	/* Receive timeout (bits 32-63); zero fails or finds a sender at once. */
	lsr x25, x3, #32
	cbz x25, slow
	/* Call, or reply-and-wait with no sender queued and no notification
	 * pending: those the slow path would deliver at once. */
	cmp x2, x1
	cset w11, eq                        /* call: our in_call to be */
	b.eq 1f
	cmn x2, #1                          /* L4_ANYTHREAD */
	b.ne slow
	ldr x9, [x19, #TCB_SQ_HEAD]
	cbnz x9, slow
	ldr x9, [x19, #TCB_NOTIFY_BITS]
	cbnz x9, slow
1:
	/* The destination, as tid_lookup() finds it: slot 0 is always empty,
	 * and a tid whose index is out of range never equals the tid in the
	 * slot its low bits name (MAX_THREADS is a power of two). */
	and x9, x1, #(ASM_MAX_THREADS - 1)
	adrp x10, thread_table
	add x10, x10, #:lo12:thread_table
	ldr x21, [x10, x9, lsl #3]
	cbz x21, slow
	ldr x9, [x21, #TCB_TID]
	cmp x9, x1
	b.ne slow
	/* Receiving and not a kernel message: state and kmsg_on read as one
	 * halfword (unaligned: normal memory, SCTLR_EL1.A clear). */
	ldrh w9, [x21, #TCB_STATE]
	cmp w9, #ASM_TS_RECEIVING
	b.ne slow
	/* It waits for us or for anyone, and is not a vCPU. */
	ldr x23, [x19, #TCB_TID]
	ldr x9, [x21, #TCB_WAIT_FROM]
	cmp x9, x23
	ccmn x9, #1, #4, ne                 /* not us: L4_ANYTHREAD? */
	b.ne slow
	ldr x9, [x21, #TCB_VCPU]
	cbnz x9, slow
	/* May we send (ipc_may_send): same space, allowed all, a reply to its
	 * call, or its space's slot in our allowed set? */
	ldr x22, [x21, #TCB_SPACE]
	cmp x22, x20
	b.eq 4f
	tbnz w28, #ASM_SP_ALLOW_ALL_BIT, 4f
	ldrb w9, [x21, #TCB_IN_CALL]
	cbz w9, 3f
	ldr x9, [x21, #TCB_WAIT_FROM]
	cmp x9, x23
	b.eq 4f
3:	ldrh w9, [x22, #SPACE_SID]
	lsr w10, w9, #6
	add x10, x20, x10, lsl #3
	ldr x10, [x10, #SPACE_ALLOW]
	lsr x10, x10, x9
	tbz x10, #0, slow
4:
	/* Priority: we run, so nothing ready outranks us; if it ranks lower,
	 * the run queue must have nothing above it. At another priority than
	 * ours, device lines are masked while it runs (out of line). */
	ldrb w26, [x21, #TCB_PRIO]
	ldrb w27, [x19, #TCB_PRIO]
	cmp w26, w27
	b.ne 10f
11:
	/* Nothing can fail from here on. Timeouts: ours unless never
	 * (w25 + 1 == 0), the receiver's if it has one. */
	add w9, w25, #1
	ldr x10, [x21, #TCB_TIMEOUT]
	orr x9, x9, x10
	cbnz x9, 12f
13:
	/* The receiver runs; we wait for it (call) or for anyone, in the state
	 * ipc() would have left us in, with fastpath_resume as where a switch
	 * back to us returns to (the x30 of arch_switch_stack's save area,
	 * below the frame). Its prio, state, kmsg_on (0) and in_call as one word. */
	INCG kernel_entries, x9, x10
	and x4, x4, #~0xf000                /* received tags carry no flags */
	orr w9, w26, #(ASM_TS_READY << 8)
	str w9, [x21, #TCB_PRIO]
	str x2, [x19, #TCB_WAIT_FROM]
	strb w11, [x19, #TCB_IN_CALL]
	mov w9, #ASM_TS_RECEIVING
	strb w9, [x19, #TCB_STATE]
	mrs x9, tpidr_el0                   /* TLS base 0 is user-writable: ours, live */
	str x9, [x19, #TCB_TLS]
	adr x9, fastpath_resume
	stp xzr, x9, [sp, #(-FRAME_BYTES - 16)]   /* x29, x30 */
	sub x9, sp, #(FRAME_BYTES + KSWITCH_BYTES)
	str x9, [x19, #TCB_KSP]
	str x21, [x24, #:lo12:current]

	/* The switch (arch_switch_to) minus the kernel stack switch: sp = the
	 * receiver's kernel stack top, its frame below. */
	ldr x9, [x21, #TCB_KSTACK]
	add sp, x9, #KSTACK_SIZE
	/* Its address space (arch_space_activate): ours is loaded (we came
	 * from user mode in it); another is loaded inline if it holds an
	 * ASID, else out of line. */
	cmp x22, x20
	b.eq 17f
	ldrh w10, [x22, #SPACE_PCID]
	cbz w10, 16f
	ldr x9, [x22, #SPACE_PT_ROOT_PA]
	orr x9, x9, x10, lsl #48
	adrp x10, mmu_loaded
	str x22, [x10, #:lo12:mmu_loaded]
	msr ttbr0_el1, x9
17:	ldp x9, x10, [x21, #TCB_TLS]
	msr tpidr_el0, x9
	msr tpidrro_el0, x10
	/* Lazy FP/SIMD (fpu_trap_enable): CPACR_EL1.FPEN is set while the
	 * owner runs; the register holds nothing else (cpu.c). */
	LDG x9, fpu_owner
	cmp x9, x21
	mov x9, #CPACR_FPEN
	csel x9, x9, xzr, eq
	msr cpacr_el1, x9
	/* What the receiver gets: L4_OK (x0 and its UTCB), our tid (x2), the
	 * tag (x4), MR0-3 as we sent them (x5-x8); the rest from its frame. */
	ldr x9, [x21, #TCB_UTCB]
	str xzr, [x9, #UTCB_ERROR]
	mov x0, #L4_OK
	mov x2, x23
	ldp x9, x10, [sp, #FS(FR_OFF_ELR)]
	msr elr_el1, x9
	msr spsr_el1, x10
	ldp x9, x10, [sp, #FS(FR_OFF_SP)]
	msr sp_el0, x9
	ldr x1, [sp, #F(1)]
	ldr x3, [sp, #F(3)]
	ldp x9, x10, [sp, #F(9)]
	ldp x11, x12, [sp, #F(11)]
	ldp x13, x14, [sp, #F(13)]
	ldp x15, x16, [sp, #F(15)]
	ldp x17, x18, [sp, #F(17)]
	ldp x19, x20, [sp, #F(19)]
	ldp x21, x22, [sp, #F(21)]
	ldp x23, x24, [sp, #F(23)]
	ldp x25, x26, [sp, #F(25)]
	ldp x27, x28, [sp, #F(27)]
	ldp x29, x30, [sp, #F(29)]
	eret

	/* Out of line: another priority. Below ours, the run queue decides;
	 * then irq_priority_ceiling(its priority). */
10:	b.hi 14f
	SAVE_MSG
	bl sched_highest_prio
	mov w9, w0
	RESTORE_MSG
	cmp w9, w26
	b.gt slow
14:	SAVE_MSG
	mov w0, w26
	bl irq_priority_ceiling
	RESTORE_MSG
	b 11b

	/* Out of line: fastpath_timeouts(self, receiver, timeouts). */
12:	SAVE_MSG
	mov x0, x19
	mov x1, x21
	mov x2, x3
	bl fastpath_timeouts
	RESTORE_MSG
	b 13b

	/* Out of line: its space has no ASID of this generation. */
16:	SAVE_MSG
	mov x0, x22
	bl arch_space_activate
	RESTORE_MSG
	b 17b

/* Not the fast case: the rest of the frame the generic entry would have
 * saved, then the generic path. */
slow:
	sub sp, sp, #FRAME_BYTES
	stp x0, x1, [sp, #FR_OFF_X]
	str x2, [sp, #(FR_OFF_X + 16)]
	stp x4, x5, [sp, #(FR_OFF_X + 32)]
	stp x6, x7, [sp, #(FR_OFF_X + 48)]
	str x8, [sp, #(FR_OFF_X + 64)]
	mrs x0, esr_el1
	mrs x1, far_el1
	stp x0, x1, [sp, #FR_OFF_ESR]
	mov x29, #0
	mov x0, sp
	b el0_sync_saved

/* A vCPU thread: its own IPC takes the slow path (events to check on the
 * way out). A task it visits made a system call whose x0 (an argument to
 * Linux: fd 1, say) is L4_SYS_IPC: vcpu_fastpath, as for any other, with
 * x19 and x24 back (x9 and x10 wait in their slots, as it expects). */
ipc_vcpu:
	ldr x9, [x19, #TCB_VCPU_TASK]
	cbz x9, slow
	ldr x19, [sp, #F(19)]
	ldr x24, [sp, #F(24)]
	b vcpu_fastpath

/* Not a system call: the generic entry, from the start. */
generic:
	ldp x9, x10, [sp, #F(9)]
	b el0_sync_entry

/* A thread that blocked above resumes here when the slow path switches to
 * it (schedule() -> arch_switch_stack() returns here) because a slow-path
 * send, a notification, a timeout, an abort or its partner's death woke
 * it: sp = its frame. fastpath_resumed() finishes the IPC as sys_ipc would. */
fastpath_resume:
	mov x0, sp
	bl fastpath_resumed
	b return_to_user
	.section .note.GNU-stack,"",@progbits
