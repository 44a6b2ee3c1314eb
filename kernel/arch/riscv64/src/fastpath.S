/* IPC fast path: call and reply-and-wait to a partner that already waits,
 * the message kept in registers from one thread's `ecall` to the other's
 * sret.
 *
 * With the fast path on (no `nofastpath` on the kernel command line) stvec
 * is trap_vector_fast: an `ecall` from U-mode with a0 = IPC comes here,
 * any other `ecall` goes to the vCPU fast path (vcpu_fast.S), anything
 * else to the generic entry (entry.S) at once. Straight-line:
 * every check that fails jumps to `slow`, which completes the frame exactly
 * as the generic entry builds it and continues in the generic path. The
 * case handled is the one ipc() would handle by transfer() + thread_wake()
 * + thread_block(), on the same conditions as x86_64's and aarch64's
 * fastpath.S:
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
 * else by arch_space_activate() out of line (which assigns one, perhaps
 * rolling over, or flushes where there are none). Timeouts, a receiver of
 * lower priority than ours (the run queue decides) and the IRQ ceiling
 * (only with lines bound) are C calls out of line.
 *
 * The sender's user state goes into its frame (all but the message
 * registers a0, a2, a4-a7, t0, and tp and gp, which go to its tls[]; pc
 * after the ecall); it blocks with a
 * kernel continuation, fastpath_resume, for when the slow path wakes it
 * instead. The receiver never resumes its kernel continuation: whether it
 * blocked here or in the slow path, its frame holds its user state, and it
 * returns straight to user mode with the message in registers. Its frame's
 * status word stays as its last entry from user mode wrote it (SPP clear).
 *
 * Registers while checking: s0 self, s1 its space, s2 the receiver, s3 its
 * space, s4 our tid, s5 the receive timeout, s6/s7 the receiver's and our
 * priority, s8 our space's flags, s9 our in_call to be: callee-saved, so
 * the C calls keep them (the user's values are in the frame already); t1,
 * t2 and ra scratch. sp is the frame (at the kernel stack top); a C call
 * goes below it.
 */
#include <l4.h>
#include <arch_asm.h>
#include <arch_frame.h>
#include <arch_layout.h>

#define R(n) (8 * (n))                  /* xn's frame slot */

/* Around a call to C: below the frame, the message registers. */
.macro SAVE_MSG
	addi sp, sp, -64
	sd a1, 0(sp)
	sd a2, 8(sp)
	sd a3, 16(sp)
	sd a4, 24(sp)
	sd a5, 32(sp)
	sd a6, 40(sp)
	sd a7, 48(sp)
	sd t0, 56(sp)
.endm
.macro RESTORE_MSG
	ld a1, 0(sp)
	ld a2, 8(sp)
	ld a3, 16(sp)
	ld a4, 24(sp)
	ld a5, 32(sp)
	ld a6, 40(sp)
	ld a7, 48(sp)
	ld t0, 56(sp)
	addi sp, sp, 64
.endm

	.text
	.balign 4
	.globl trap_vector_fast
trap_vector_fast:
	csrrw sp, sscratch, sp
	beqz sp, trap_from_kernel
	sd t1, R(6)(sp)
	csrr t1, scause
	addi t1, t1, -CAUSE_ECALL_U
	bnez t1, vcpu_fault_fast            /* vcpu_fast.S: a task's page fault, or the generic entry */
	addi t1, a0, -L4_SYS_IPC
	bnez t1, not_ipc
	/* What the partner's registers will replace and the slow path needs;
	 * pc after the ecall (`slow` leaves it as the generic entry does).
	 * tp and gp go to tls[] when we block (every way back to user mode
	 * takes them from there), to the frame only for the slow path. */
	sd ra, R(1)(sp)
	sd t2, R(7)(sp)
	sd s0, R(8)(sp)
	sd s1, R(9)(sp)
	sd a1, R(11)(sp)
	sd a3, R(13)(sp)
	sd s2, R(18)(sp)
	sd s3, R(19)(sp)
	sd s4, R(20)(sp)
	sd s5, R(21)(sp)
	sd s6, R(22)(sp)
	sd s7, R(23)(sp)
	sd s8, R(24)(sp)
	sd s9, R(25)(sp)
	sd s10, R(26)(sp)
	sd s11, R(27)(sp)
	sd t3, R(28)(sp)
	sd t4, R(29)(sp)
	sd t5, R(30)(sp)
	sd t6, R(31)(sp)
	csrrw t1, sscratch, zero            /* the user's sp; 0: in the kernel */
	sd t1, R(2)(sp)
	csrr t1, sepc
	addi t1, t1, 4
	sd t1, FR_OFF_PC(sp)

	/* A vCPU has events to check on every exit; a foreign-ABI space's
	 * system calls are exception messages. */
	ld s0, current
	ld t1, TCB_VCPU(s0)
	bnez t1, ipc_vcpu
	ld s1, TCB_SPACE(s0)
	lw s8, SPACE_FLAGS(s1)
	andi t1, s8, ASM_SP_FOREIGN
	bnez t1, slow
	/* Tag: no map items (t, bits 6-11), u <= 4 (the rest would be in the UTCB). */
	slli t1, a4, 52                     /* bits 0-11 */
	srli t1, t1, 52
	sltiu t1, t1, L4_MR_REGS + 1
	beqz t1, slow
	/* Receive timeout (bits 32-63); zero fails or finds a sender at once. */
	srli s5, a3, 32
	beqz s5, slow
	/* Call, or reply-and-wait with no sender queued and no notification
	 * pending: those the slow path would deliver at once. */
	li s9, 1                            /* call: our in_call to be */
	beq a2, a1, 1f
	li s9, 0
	addi t1, a2, 1                      /* L4_ANYTHREAD */
	bnez t1, slow
	ld t1, TCB_SQ_HEAD(s0)
	bnez t1, slow
	ld t1, TCB_NOTIFY_BITS(s0)
	bnez t1, slow
1:
	/* The destination, as tid_lookup() finds it: slot 0 is always empty,
	 * and a tid whose index is out of range never equals the tid in the
	 * slot its low bits name (MAX_THREADS is a power of two). */
	andi t1, a1, ASM_MAX_THREADS - 1
	slli t1, t1, 3
	la t2, thread_table
	add t1, t1, t2
	ld s2, 0(t1)
	beqz s2, slow
	ld t1, TCB_TID(s2)
	bne t1, a1, slow
	/* Receiving and not a kernel message. */
	lbu t1, TCB_STATE(s2)
	addi t1, t1, -ASM_TS_RECEIVING
	bnez t1, slow
	lbu t1, TCB_KMSG_ON(s2)
	bnez t1, slow
	/* It waits for us or for anyone, and is not a vCPU. */
	ld s4, TCB_TID(s0)
	ld t1, TCB_WAIT_FROM(s2)
	beq t1, s4, 2f
	addi t1, t1, 1                      /* L4_ANYTHREAD */
	bnez t1, slow
2:	ld t1, TCB_VCPU(s2)
	bnez t1, slow
	/* May we send (ipc_may_send): same space, allowed all, a reply to its
	 * call, or its space's slot in our allowed set? */
	ld s3, TCB_SPACE(s2)
	beq s3, s1, 4f
	andi t1, s8, ASM_SP_ALLOW_ALL
	bnez t1, 4f
	lbu t1, TCB_IN_CALL(s2)
	beqz t1, 3f
	ld t1, TCB_WAIT_FROM(s2)
	beq t1, s4, 4f
3:	lhu t1, SPACE_SID(s3)
	srli t2, t1, 6
	slli t2, t2, 3
	add t2, t2, s1
	ld t2, SPACE_ALLOW(t2)
	srl t2, t2, t1                      /* shifts by the low 6 bits */
	andi t2, t2, 1
	beqz t2, slow
4:
	/* Priority: we run, so nothing ready outranks us; if it ranks lower,
	 * the run queue must have nothing above it (out of line). */
	lbu s6, TCB_PRIO(s2)
	lbu s7, TCB_PRIO(s0)
	bltu s6, s7, 10f
11:
	/* Nothing can fail from here on. At another priority than ours,
	 * device lines are masked while it runs, if any are bound. */
	bne s6, s7, 14f
15:
	/* Timeouts: ours unless never (s5 + 1 == 0 in 32 bits), the
	 * receiver's if it has one. */
	addiw t1, s5, 1
	ld t2, TCB_TIMEOUT(s2)
	or t1, t1, t2
	bnez t1, 12f
13:
	/* The receiver runs; we wait for it (call) or for anyone, in the state
	 * ipc() would have left us in, with fastpath_resume as where a switch
	 * back to us returns to (the ra of arch_switch_stack's save area,
	 * below the frame). Our TLS bases (tp, gp) as the entry takes them. */
	la t2, kernel_entries
	ld t1, 0(t2)
	addi t1, t1, 1
	sd t1, 0(t2)
	lui t1, 0xf                         /* received tags carry no flags */
	not t1, t1
	and a4, a4, t1
	ori t1, s6, ASM_TS_READY << 8       /* its prio, state, kmsg_on (0), in_call (0) */
	sw t1, TCB_PRIO(s2)
	sd a2, TCB_WAIT_FROM(s0)
	sb s9, TCB_IN_CALL(s0)
	li t1, ASM_TS_RECEIVING
	sb t1, TCB_STATE(s0)
	sd tp, TCB_TLS(s0)
	sd gp, TCB_TLS + 8(s0)
	la t1, fastpath_resume
	sd t1, -KSWITCH_BYTES(sp)
	addi t1, sp, -KSWITCH_BYTES
	sd t1, TCB_KSP(s0)
	sd s2, current, t1

	/* The switch (arch_switch_to) minus the kernel stack switch: sp = the
	 * receiver's frame at its kernel stack top. */
	ld t1, TCB_KSTACK(s2)
	addi t1, t1, 2047
	addi sp, t1, KSTACK_SIZE - FRAME_BYTES - 2047
	/* Its address space (arch_space_activate): ours is loaded (we came
	 * from user mode in it); another is loaded inline if it holds an
	 * ASID, else out of line. */
	beq s3, s1, 17f
	lhu t1, SPACE_PCID(s3)
	beqz t1, 16f
	lui t2, SATP_MODE_SV39 << 4         /* satp: mode, ASID, root page */
	or t1, t1, t2
	slli t1, t1, 44
	ld t2, SPACE_PT_ROOT_PA(s3)
	srli t2, t2, 12
	or t2, t2, t1
	sd s3, mmu_loaded, t1
	csrw satp, t2
17:
	/* Lazy FP (frame_leave): FS Clean for the owner of the FP registers,
	 * Off for anyone else. SPP (user), SPIE and SUM are as the sender's
	 * ecall left them. */
	li t1, ASM_SSTATUS_FS
	csrc sstatus, t1
	ld t1, fpu_owner
	bne t1, s2, 18f
	li t1, ASM_FS_CLEAN
	csrs sstatus, t1
18:
	/* What the receiver gets: L4_OK (a0 and its UTCB), our tid (a2), the
	 * tag (a4), MR0-3 as we sent them (a5-a7, t0); the rest from its
	 * frame, its TLS bases from its tcb. */
	ld t1, TCB_UTCB(s2)
	sd zero, UTCB_ERROR(t1)
	li a0, L4_OK
	mv a2, s4
	ld t1, FR_OFF_PC(sp)
	csrw sepc, t1
	csrw sscratch, sp
	ld tp, TCB_TLS(s2)
	ld gp, TCB_TLS + 8(s2)
	ld ra, R(1)(sp)
	ld t1, R(6)(sp)
	ld t2, R(7)(sp)
	ld s0, R(8)(sp)
	ld s1, R(9)(sp)
	ld a1, R(11)(sp)
	ld a3, R(13)(sp)
	ld s2, R(18)(sp)
	ld s3, R(19)(sp)
	ld s4, R(20)(sp)
	ld s5, R(21)(sp)
	ld s6, R(22)(sp)
	ld s7, R(23)(sp)
	ld s8, R(24)(sp)
	ld s9, R(25)(sp)
	ld s10, R(26)(sp)
	ld s11, R(27)(sp)
	ld t3, R(28)(sp)
	ld t4, R(29)(sp)
	ld t5, R(30)(sp)
	ld t6, R(31)(sp)
	ld sp, R(2)(sp)
	sret

	/* Out of line: a receiver below our priority; the run queue decides. */
10:	SAVE_MSG
	call sched_highest_prio
	RESTORE_MSG
	blt s6, a0, slow
	li a0, L4_SYS_IPC
	j 11b

	/* Out of line: irq_priority_ceiling(its priority), with lines bound. */
14:	lw t1, irq_bound
	beqz t1, 15b
	SAVE_MSG
	mv a0, s6
	call irq_priority_ceiling
	RESTORE_MSG
	j 15b

	/* Out of line: fastpath_timeouts(self, receiver, timeouts). */
12:	SAVE_MSG
	mv a0, s0
	mv a1, s2
	mv a2, a3
	call fastpath_timeouts
	RESTORE_MSG
	j 13b

	/* Out of line: its space has no ASID (or there are none). */
16:	SAVE_MSG
	mv a0, s3
	call arch_space_activate
	RESTORE_MSG
	j 17b

/* Not the fast case: the rest of the frame the generic entry would have
 * saved (gp, tp, the message registers, a0 = IPC; pc, status, cause, tval
 * at trap_saved), then the generic path. */
slow:
	li a0, L4_SYS_IPC
	sd gp, R(3)(sp)
	sd tp, R(4)(sp)
	sd t0, R(5)(sp)
	sd a0, R(10)(sp)
	sd a2, R(12)(sp)
	sd a4, R(14)(sp)
	sd a5, R(15)(sp)
	sd a6, R(16)(sp)
	sd a7, R(17)(sp)
	j trap_saved

/* A vCPU thread: its own IPC takes the slow path (events to check on the
 * way out). A task it visits made a system call whose a0 (an argument to
 * Linux: fd 1, say) is L4_SYS_IPC: vcpu_fastpath, as for any other, with
 * sscratch (the user's sp) and s0 as the ecall left them. */
ipc_vcpu:
	ld t1, TCB_VCPU_TASK(s0)
	beqz t1, slow
	ld t1, R(2)(sp)
	csrw sscratch, t1
	ld s0, R(8)(sp)
	j vcpu_fastpath

/* Not a system call: the generic entry, from the start. */
generic:
	ld t1, R(6)(sp)
	j trap_from_user

/* Another system call: a vCPU's task's or VCPU_RESUME (vcpu_fast.S). */
not_ipc:
	j vcpu_fastpath

/* A thread that blocked above resumes here when the slow path switches to
 * it (schedule() -> arch_switch_stack() returns here) because a slow-path
 * send, a notification, a timeout, an abort or its partner's death woke
 * it: sp = its frame. fastpath_resumed() finishes the IPC as sys_ipc would. */
fastpath_resume:
	mv a0, sp
	call fastpath_resumed
	j return_to_user
	.section .note.GNU-stack,"",@progbits
