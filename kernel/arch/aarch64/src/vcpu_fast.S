/* vCPU fast paths: a Linux process's system call and Wombat's VCPU_RESUME
 * back into it, the two halves of every Linux system call (vcpu.c has the
 * generic versions: task_exit(), vcpu_resume()).
 *
 * Entered from fastpath_el0_sync (fastpath.S) for every `svc` that is not
 * IPC, so only with the fast path on, with sp = the kernel stack top and
 * the user's x9, x10 in their frame slots below it. On the same conditions as x86_64's vcpu_fast.S; every check
 * that fails leaves for the generic entry with the user's registers as the
 * `svc` left them, and nothing has changed. The cases handled:
 *
 *   exit:   a task's `svc` (any number) when no reschedule is due. The task's
 *           registers go straight from the CPU into the state page (its
 *           FP/SIMD state too, if it loaded it: a C call out of line); the
 *           vCPU thread returns from its VCPU_RESUME.
 *   resume: VCPU_RESUME(task) from a vCPU thread in its own (native-ABI)
 *           space, with no event pending, no reschedule due, the task owned
 *           by its space (not an I/O space), and pc, sp and TPIDRRO_EL0 in
 *           the state page user addresses. The thread's own FP/SIMD state,
 *           if live, is saved (out of line); the task's registers go
 *           straight from the state page into the CPU.
 *
 * A space without an ASID is loaded by arch_space_activate() out of line. Both leave the thread's kernel-stack
 * frame stale, as the IPC fast path
 * does: a thread's frame is only read while it is in the kernel, and every
 * kernel entry writes it afresh.
 */
#include <l4.h>
#include <arch_asm.h>
#include <arch_frame.h>

#define F(n) (FR_OFF_X + 8 * (n) - FRAME_BYTES)   /* a register's frame slot, from the stack top */
#define SRV(i) (8 * (i))               /* arch_frame_save_server()'s words, from TCB_VCPU_SERVER */

/* The task's registers into the state page (x10; x9 = current): x9-x14
 * from their frame slots, x19-x24 carrying them. */
.macro STORE_TASK_REGS
	stp x0, x1, [x10, #VREG(0)]
	stp x2, x3, [x10, #VREG(2)]
	stp x4, x5, [x10, #VREG(4)]
	stp x6, x7, [x10, #VREG(6)]
	str x8, [x10, #VREG(8)]
	stp x15, x16, [x10, #VREG(15)]
	stp x17, x18, [x10, #VREG(17)]
	stp x19, x20, [x10, #VREG(19)]
	stp x21, x22, [x10, #VREG(21)]
	stp x23, x24, [x10, #VREG(23)]
	stp x25, x26, [x10, #VREG(25)]
	stp x27, x28, [x10, #VREG(27)]
	stp x29, x30, [x10, #VREG(29)]
	ldp x19, x20, [sp, #F(9)]
	ldp x21, x22, [sp, #F(11)]
	ldp x23, x24, [sp, #F(13)]
	stp x19, x20, [x10, #VREG(9)]
	stp x21, x22, [x10, #VREG(11)]
	stp x23, x24, [x10, #VREG(13)]
	mrs x21, sp_el0
	str x21, [x10, #VREG(L4_FR_SP)]
	mrs x21, elr_el1
	mrs x22, spsr_el1
	stp x21, x22, [x10, #VREG(L4_FR_PC)]
	mrs x21, tpidr_el0
	ldr x22, [x9, #(TCB_TLS + 8)]
	stp x21, x22, [x10, #VREG(L4_FR_TPIDR)]
.endm

	.text
	.globl vcpu_fastpath
vcpu_fastpath:
	stp x11, x12, [sp, #F(11)]
	stp x13, x14, [sp, #F(13)]
	LDG x9, current
	cmp x0, #L4_SYS_VCPU_RESUME
	b.eq resume
	/* A task's system call? */
	ldr x10, [x9, #TCB_VCPU_TASK]
	cbz x10, generic
exit_task:                              /* x9 = current, x10 = its task */
	adrp x11, need_resched
	ldrb w11, [x11, #:lo12:need_resched]
	cbnz w11, generic

	/* Committed. x10 = the state page; the task's registers into regs[]
	 * (x9-x14 by way of the frame's slots, x19-x24 carrying them). */
	ldr x10, [x9, #TCB_VCPU]
	STORE_TASK_REGS
	/* x19 = the thread, x20 = its state page; x21.. are scratch now. */
	mov x19, x9
	mov x20, x10
	mov x21, #L4_VCPU_EXIT_SYSCALL
	mov x22, #L4_TRAP_SYSCALL
	stp x21, x22, [x20, #VCPU_EXIT_REASON]
	stp xzr, xzr, [x20, #VCPU_ERROR]
	str xzr, [x20, #VCPU_IRQ_ENABLED]
	/* The rest of task_exit(), shared with the page-fault exit (x19 = the
	 * thread, x20 = its state page with the exit reason in it). The
	 * task's FP/SIMD state, if it loaded it, into the state page. */
exit_tail:
	ldrb w21, [x19, #TCB_FPU_TASK_LOADED]
	str x21, [x20, #VCPU_FPU_USED]
	cbnz w21, 8f
9:	str xzr, [x19, #TCB_FPU_TASK]
	ldr x21, [x19, #TCB_VCPU_TASK]
	ldr w22, [x21, #SPACE_VISITORS]
	sub w22, w22, #1
	str w22, [x21, #SPACE_VISITORS]
	str xzr, [x19, #TCB_VCPU_TASK]
	INCG vcpu_fast_count, x21, x22
	/* The thread's own TLS bases and space. */
	add x21, x19, #TCB_VCPU_SERVER_TLS
	ldp x22, x23, [x21]
	stp x22, x23, [x19, #TCB_TLS]
	msr tpidr_el0, x22
	msr tpidrro_el0, x23
	ldr x22, [x19, #TCB_SPACE]
	SPACE_SWITCH x22, 7f, 6f
6:
	/* Back from its VCPU_RESUME with x0 = the reason: x19-x30, pc, sp and
	 * pstate as it made the call, x1-x18 as the task left them. */
	add x21, x19, #TCB_VCPU_SERVER
	ldp x22, x23, [x21, #SRV(12)]
	msr elr_el1, x22
	msr sp_el0, x23
	ldr x22, [x21, #SRV(14)]
	msr spsr_el1, x22
	ldp x9, x10, [x20, #VREG(9)]
	ldp x11, x12, [x20, #VREG(11)]
	ldp x13, x14, [x20, #VREG(13)]
	ldr x0, [x20, #VCPU_EXIT_REASON]
	ldp x19, x20, [x21, #SRV(0)]
	ldp x23, x24, [x21, #SRV(4)]
	ldp x25, x26, [x21, #SRV(6)]
	ldp x27, x28, [x21, #SRV(8)]
	ldp x29, x30, [x21, #SRV(10)]
	ldp x21, x22, [x21, #SRV(2)]
	eret

	/* Out of line, below the frame: vcpu_fpu_release(thread), or
	 * arch_space_activate(its space); they clobber x1-x18, which the task
	 * left (in the state page). */
7:	sub sp, sp, #FRAME_BYTES
	mov x0, x22
	bl arch_space_activate
	add sp, sp, #FRAME_BYTES
	adr x30, 6b
	b 5f
8:	sub sp, sp, #FRAME_BYTES
	mov x0, x19
	bl vcpu_fpu_release
	add sp, sp, #FRAME_BYTES
	adr x30, 9b
5:	ldp x1, x2, [x20, #VREG(1)]
	ldp x3, x4, [x20, #VREG(3)]
	ldp x5, x6, [x20, #VREG(5)]
	ldp x7, x8, [x20, #VREG(7)]
	ldp x15, x16, [x20, #VREG(15)]
	ldp x17, x18, [x20, #VREG(17)]
	ret

/* An exception from EL0 other than `svc` (fastpath.S, with x9 = its EC
 * and the user's x9, x10 in their frame slots). A page fault of a task
 * visited by a vCPU thread (an instruction or data abort with a
 * translation, access-flag or permission status), with no reschedule due,
 * ends the visit as the system call exit does: VCPU_RESUME returns
 * L4_VCPU_EXIT_PAGEFAULT with the L4_PF_* bits and FAR (thread.c's
 * is_page_fault(), abort_bits(); vcpu.c's vcpu_fault()). Anything else
 * takes the generic entry. */
	.globl vcpu_fault_fast
vcpu_fault_fast:
	stp x11, x12, [sp, #F(11)]
	stp x13, x14, [sp, #F(13)]
	cmp w9, #EC_DABT_LOW
	b.eq 3f
	cmp w9, #EC_IABT_LOW
	b.ne generic
3:	mrs x10, esr_el1
	and x11, x10, #0x3c
	sub x11, x11, #4                    /* 0: translation, 4: access flag, 8: permission */
	cmp x11, #8
	b.hi generic
	LDG x12, current
	ldr x13, [x12, #TCB_VCPU_TASK]
	cbz x13, generic
	adrp x13, need_resched
	ldrb w13, [x13, #:lo12:need_resched]
	cbnz w13, generic
	/* Committed. x14 = the access (L4_PF_*), into the state page with
	 * the reason, trapno and FAR before the registers. */
	cmp x11, #0
	cset x14, ne                        /* L4_PF_PRESENT */
	cmp w9, #EC_IABT_LOW
	b.ne 1f
	orr x14, x14, #L4_PF_EXEC
	b 2f
1:	tbz x10, #6, 2f                     /* WnR: a write ... */
	tbnz x10, #8, 2f                    /* ... unless a cache maintenance */
	orr x14, x14, #L4_PF_WRITE
2:	mov x9, x12
	ldr x10, [x9, #TCB_VCPU]
	mov x12, #L4_VCPU_EXIT_PAGEFAULT
	mov x13, #L4_TRAP_PAGEFAULT
	stp x12, x13, [x10, #VCPU_EXIT_REASON]
	mrs x13, far_el1
	stp x14, x13, [x10, #VCPU_ERROR]
	STORE_TASK_REGS
	mov x19, x9
	mov x20, x10
	str xzr, [x20, #VCPU_IRQ_ENABLED]
	b exit_tail

/* VCPU_RESUME(x1 = task, x2 = flags); x9 = current. */
resume:
	ldr x10, [x9, #TCB_VCPU_TASK]       /* a task's svc whose x0 is this number: an exit */
	cbnz x10, exit_task
	ldr x10, [x9, #TCB_VCPU]
	cbz x10, generic
	ldr x11, [x10, #VCPU_PENDING]
	cbnz x11, generic
	adrp x11, need_resched
	ldrb w11, [x11, #:lo12:need_resched]
	cbnz w11, generic
	/* The task space the last fast resume looked up and checked, if no
	 * owner or flag changed and no space went since (space_epoch). */
	ldr x11, [x9, #TCB_VCPU_HIT_SID]
	cmp x11, x1
	b.ne resume_lookup
	ldr x12, [x9, #(TCB_VCPU_HIT_SID + 8)]
	LDG x13, space_epoch
	cmp x12, x13
	b.ne resume_lookup
	ldr x11, [x9, #(TCB_VCPU_HIT_SID + 16)]
resume_checked:
	/* Addresses arch_words_to_frame() would not take: the slow path's. */
	ldp x13, x14, [x10, #VREG(L4_FR_SP)]
	orr x13, x13, x14
	ldr x14, [x10, #VREG(L4_FR_TPIDRRO)]
	orr x13, x13, x14
	lsr x13, x13, #48
	cbnz x13, generic

	/* Committed: vcpu_resume(). What the call keeps, where task_exit()
	 * finds it; then x19 = the thread, x20 = its state page, x21 = the task. */
	add x12, x9, #TCB_VCPU_SERVER
	stp x19, x20, [x12, #SRV(0)]
	stp x21, x22, [x12, #SRV(2)]
	stp x23, x24, [x12, #SRV(4)]
	stp x25, x26, [x12, #SRV(6)]
	stp x27, x28, [x12, #SRV(8)]
	stp x29, x30, [x12, #SRV(10)]
	mrs x13, elr_el1
	mrs x14, sp_el0
	stp x13, x14, [x12, #SRV(12)]
	mrs x13, spsr_el1
	str x13, [x12, #SRV(14)]
	mov x19, x9
	mov x20, x10
	mov x21, x11
	INCG vcpu_fast_count, x22, x23
	/* Our own FP/SIMD state, if live, is saved; the task gets the
	 * registers lazily (its first use traps and loads its image from the
	 * state page), or at once if it is the eager one. */
	LDG x22, fpu_owner
	cmp x22, x19
	b.eq 8f
9:	mrs x22, tpidr_el0
	ldr x23, [x19, #(TCB_TLS + 8)]
	add x24, x19, #TCB_VCPU_SERVER_TLS
	stp x22, x23, [x24]
	ldr x22, [x20, #L4_VCPU_FPU_SLOT_OFFSET]        /* the image fpu_slot picks (vcpu.c) */
	and x22, x22, #1
	add x22, x20, x22, lsl #10
	add x22, x22, #VCPU_FPU
	str x22, [x19, #TCB_FPU_TASK]
	strb wzr, [x19, #TCB_FPU_TASK_LOADED]
	/* A task that used FP/SIMD lately gets its image now (vcpu.c). */
	ldrb w22, [x21, #SPACE_FPU_EAGER]
	cbnz w22, 10f
11:	ldr w22, [x21, #SPACE_VISITORS]
	add w22, w22, #1
	str w22, [x21, #SPACE_VISITORS]
	str x21, [x19, #TCB_VCPU_TASK]
	ldp x22, x23, [x20, #VREG(L4_FR_TPIDR)]
	stp x22, x23, [x19, #TCB_TLS]
	msr tpidr_el0, x22
	msr tpidrro_el0, x23
	SPACE_SWITCH x21, 7f, 6f
6:
	/* pstate as arch_sanitize_flags() makes it: NZCV, EL0t. */
	ldp x22, x23, [x20, #VREG(L4_FR_SP)]
	msr sp_el0, x22
	msr elr_el1, x23
	ldr x22, [x20, #VREG(L4_FR_PSTATE)]
	and x22, x22, #0xf0000000
	msr spsr_el1, x22
	ldp x0, x1, [x20, #VREG(0)]
	ldp x2, x3, [x20, #VREG(2)]
	ldp x4, x5, [x20, #VREG(4)]
	ldp x6, x7, [x20, #VREG(6)]
	ldp x8, x9, [x20, #VREG(8)]
	ldp x10, x11, [x20, #VREG(10)]
	ldp x12, x13, [x20, #VREG(12)]
	ldp x14, x15, [x20, #VREG(14)]
	ldp x16, x17, [x20, #VREG(16)]
	ldp x18, x19, [x20, #VREG(18)]
	ldp x22, x23, [x20, #VREG(22)]
	ldp x24, x25, [x20, #VREG(24)]
	ldp x26, x27, [x20, #VREG(26)]
	ldp x28, x29, [x20, #VREG(28)]
	ldr x30, [x20, #VREG(30)]
	ldp x20, x21, [x20, #VREG(20)]
	eret

	/* Out of line, below the frame: vcpu_fpu_release(thread), or
	 * arch_space_activate(the task). */
8:	sub sp, sp, #FRAME_BYTES
	mov x0, x19
	bl vcpu_fpu_release
	add sp, sp, #FRAME_BYTES
	b 9b
10:	sub sp, sp, #FRAME_BYTES
	mov x0, x19
	mov x1, x21
	bl vcpu_fpu_eager
	add sp, sp, #FRAME_BYTES
	b 11b
7:	sub sp, sp, #FRAME_BYTES
	mov x0, x21
	bl arch_space_activate
	add sp, sp, #FRAME_BYTES
	b 6b

/* Out of line: space_lookup(x1) and the checks, remembered for the next
 * resume (x9 = current; x11 = the task space at resume_checked). */
resume_lookup:
	/* space_lookup(x1): the slot in bits 0-15, the whole id matching;
	 * owned by our space and not ours; not an I/O space. */
	and x11, x1, #0xffff
	cbz x11, generic
	cmp x11, #ASM_MAX_SPACES
	b.hs generic
	adrp x12, space_table
	add x12, x12, #:lo12:space_table
	mov x13, #SPACE_SIZE
	madd x11, x11, x13, x12             /* + slot * SPACE_SIZE */
	ldr x12, [x11, #SPACE_SID]
	cmp x12, x1
	b.ne generic
	ldr x12, [x9, #TCB_SPACE]
	ldr w13, [x12, #SPACE_FLAGS]        /* a foreign-ABI space's svc is an exception message */
	tbnz w13, #ASM_SP_FOREIGN_BIT, generic
	ldr x13, [x11, #SPACE_OWNER]
	cmp x13, x12
	b.ne generic
	cmp x11, x12
	b.eq generic
	ldr w13, [x11, #SPACE_FLAGS]
	tbnz w13, #ASM_SP_IO_BIT, generic
	LDG x13, space_epoch
	str x1, [x9, #TCB_VCPU_HIT_SID]
	str x13, [x9, #(TCB_VCPU_HIT_SID + 8)]
	str x11, [x9, #(TCB_VCPU_HIT_SID + 16)]
	b resume_checked

/* Give up: the scratch registers back from their frame slots, then the
 * generic entry from the start. */
generic:
	ldp x9, x10, [sp, #F(9)]
	ldp x11, x12, [sp, #F(11)]
	ldp x13, x14, [sp, #F(13)]
	b el0_sync_entry
	.section .note.GNU-stack,"",@progbits
