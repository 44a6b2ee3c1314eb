/* vCPU fast paths: a Linux process's system call and Wombat's VCPU_RESUME
 * back into it, the two halves of every Linux system call (vcpu.c has the
 * generic versions: task_exit(), vcpu_resume()).
 *
 * Entered from trap_vector_fast (fastpath.S) for every `ecall` from U-mode
 * that is not IPC, so only with the fast path on, with sp = the thread's
 * frame (at its kernel stack top), sscratch = the user's sp and the user's
 * t1 in its frame slot. On the same conditions as x86_64's and aarch64's
 * vcpu_fast.S; every check that fails leaves for the generic entry with the
 * user's registers as the `ecall` left them, and nothing has changed:
 *
 *   exit:   a task's `ecall` (any number) when no reschedule is due. The
 *           task's registers go straight from the CPU into the state page
 *           (its FP state too, if it loaded it: a C call out of line); the
 *           vCPU thread returns from its VCPU_RESUME.
 *   resume: VCPU_RESUME(task) from a vCPU thread in its own (native-ABI)
 *           space, with no event pending, no reschedule due, the task owned
 *           by its space (not an I/O space), and pc and sp in the state page
 *           user addresses. The thread's own FP state, if live, is saved
 *           (out of line); the task's registers go straight from the state
 *           page into the CPU, its FP registers lazily (FS Off).
 *
 * The thread's kept registers (vcpu_server[], vcpu_server_tls[]) are laid
 * out as arch_frame_save_server() lays them (ra, sp, gp, tp, s0, s1,
 * s2-s11, pc after the ecall), so either half may be generic and the other
 * fast. A space without an ASID is loaded by arch_space_activate() out of
 * line. Both leave the thread's frame stale, as the IPC fast path does: a
 * thread's frame is only read while it is in the kernel, and every kernel
 * entry writes it afresh. sstatus: SPP (user), SPIE and SUM are as the
 * ecall left them (frame_leave's values); FS is Clean only for the owner of
 * the FP registers.
 */
#include <l4.h>
#include <arch_asm.h>
#include <arch_frame.h>

#define R(n) (8 * (n))                  /* xn's frame slot */
#define SRV(i) (8 * (i))                /* vcpu_server[i], from TCB_VCPU_SERVER */

/* ++sym (a u64), with scratch t. */
.macro INCG sym, t, a
	la \a, \sym
	ld \t, 0(\a)
	addi \t, \t, 1
	sd \t, 0(\a)
.endm

/* Load space \s (not the one loaded): inline if it holds an ASID, as
 * fastpath.S does, else arch_space_activate() at \slow, which comes back
 * to \done. Clobbers t1, t2. */
.macro SPACE_LOAD s, slow, done
	lhu t1, SPACE_PCID(\s)
	beqz t1, \slow
	lui t2, SATP_MODE_SV39 << 4         /* satp: mode, ASID, root page */
	or t1, t1, t2
	slli t1, t1, 44
	ld t2, SPACE_PT_ROOT_PA(\s)
	srli t2, t2, 12
	or t2, t2, t1
	sd \s, mmu_loaded, t1
	csrw satp, t2
\done:
.endm

/* The registers a C call keeps (and gp, tp) into the state page at \page. */
.macro STORE_KEPT_REGS page
	sd gp, VREG(3)(\page)
	sd tp, VREG(4)(\page)
	sd s0, VREG(8)(\page)
	sd s1, VREG(9)(\page)
	sd s2, VREG(18)(\page)
	sd s3, VREG(19)(\page)
	sd s4, VREG(20)(\page)
	sd s5, VREG(21)(\page)
	sd s6, VREG(22)(\page)
	sd s7, VREG(23)(\page)
	sd s8, VREG(24)(\page)
	sd s9, VREG(25)(\page)
	sd s10, VREG(26)(\page)
	sd s11, VREG(27)(\page)
.endm

/* After a C call: the caller-saved registers the task left (in the state
 * page, s1), but a0 and t0-t2, which the way out sets itself. */
.macro TASK_SCRATCH
	ld a1, VREG(11)(s1)
	ld a2, VREG(12)(s1)
	ld a3, VREG(13)(s1)
	ld a4, VREG(14)(s1)
	ld a5, VREG(15)(s1)
	ld a6, VREG(16)(s1)
	ld a7, VREG(17)(s1)
	ld t3, VREG(28)(s1)
	ld t4, VREG(29)(s1)
	ld t5, VREG(30)(s1)
	ld t6, VREG(31)(s1)
.endm

	.text
	.balign 4
	.globl vcpu_fastpath
vcpu_fastpath:
	sd t2, R(7)(sp)
	ld t1, current
	li t2, L4_SYS_VCPU_RESUME
	beq a0, t2, resume
	/* A task's system call? */
	ld t2, TCB_VCPU_TASK(t1)
	beqz t2, generic2
exit_task:                              /* t1 = current */
	lbu t2, need_resched
	bnez t2, generic2

	/* Committed. t2 = the state page; the task's registers into regs[]
	 * (t1, t2 by way of their frame slots, sp from sscratch). */
	ld t2, TCB_VCPU(t1)
	sd ra, VREG(1)(t2)
	sd t0, VREG(5)(t2)
	STORE_KEPT_REGS t2
	sd a0, VREG(10)(t2)
	sd a1, VREG(11)(t2)
	sd a2, VREG(12)(t2)
	sd a3, VREG(13)(t2)
	sd a4, VREG(14)(t2)
	sd a5, VREG(15)(t2)
	sd a6, VREG(16)(t2)
	sd a7, VREG(17)(t2)
	sd t3, VREG(28)(t2)
	sd t4, VREG(29)(t2)
	sd t5, VREG(30)(t2)
	sd t6, VREG(31)(t2)
	ld t0, R(6)(sp)
	sd t0, VREG(6)(t2)
	ld t0, R(7)(sp)
	sd t0, VREG(7)(t2)
	csrrw t0, sscratch, zero            /* the user's sp; 0: in the kernel */
	sd t0, VREG(2)(t2)
	csrr t0, sepc
	addi t0, t0, 4
	sd t0, VREG(0)(t2)
	sd zero, VREG(L4_FR_FLAGS)(t2)
	/* s0 = the thread, s1 = its state page (callee-saved: they outlive the
	 * C calls); the rest is scratch now. */
	mv s0, t1
	mv s1, t2
	li t0, L4_VCPU_EXIT_SYSCALL
	sd t0, VCPU_EXIT_REASON(s1)
	li t0, L4_TRAP_SYSCALL
	sd t0, VCPU_EXIT_REASON + 8(s1)
	sd zero, VCPU_ERROR(s1)
	sd zero, VCPU_ERROR + 8(s1)
	sd zero, VCPU_IRQ_ENABLED(s1)
	/* The rest of task_exit(), shared with the page-fault exit (s0 = the
	 * thread, s1 = its state page with the exit reason in it). The task's
	 * FP state, if it loaded it, into the state page. */
exit_tail:
	lbu t0, TCB_FPU_TASK_LOADED(s0)
	sd t0, VCPU_FPU_USED(s1)
	bnez t0, 8f
9:	sd zero, TCB_FPU_TASK(s0)
	ld t0, TCB_VCPU_TASK(s0)
	lw t1, SPACE_VISITORS(t0)
	addi t1, t1, -1
	sw t1, SPACE_VISITORS(t0)
	sd zero, TCB_VCPU_TASK(s0)
	INCG vcpu_fast_count, t1, t2
	/* The thread's own TLS bases and space. */
	ld t1, TCB_VCPU_SERVER_TLS(s0)
	ld t2, TCB_VCPU_SERVER_TLS + 8(s0)
	sd t1, TCB_TLS(s0)
	sd t2, TCB_TLS + 8(s0)
	ld t0, TCB_SPACE(s0)
	SPACE_LOAD t0, 7f, 6
	/* FP Off: the task's state, if it had the registers, is saved and
	 * they are nobody's (the thread takes its own back lazily). */
	li t1, ASM_SSTATUS_FS
	csrc sstatus, t1
	/* Back from its VCPU_RESUME with a0 = the reason: ra, sp, gp, tp,
	 * s0-s11 and pc as it made the call, the rest as the task left them. */
	csrw sscratch, sp
	addi t0, s0, TCB_VCPU_SERVER
	ld t1, SRV(16)(t0)
	csrw sepc, t1
	ld ra, SRV(0)(t0)
	ld gp, SRV(2)(t0)
	ld tp, SRV(3)(t0)
	ld s0, SRV(4)(t0)
	ld s2, SRV(6)(t0)
	ld s3, SRV(7)(t0)
	ld s4, SRV(8)(t0)
	ld s5, SRV(9)(t0)
	ld s6, SRV(10)(t0)
	ld s7, SRV(11)(t0)
	ld s8, SRV(12)(t0)
	ld s9, SRV(13)(t0)
	ld s10, SRV(14)(t0)
	ld s11, SRV(15)(t0)
	ld sp, SRV(1)(t0)
	mv t2, s1
	ld s1, SRV(5)(t0)
	ld a0, VCPU_EXIT_REASON(t2)
	ld t0, VREG(5)(t2)
	ld t1, VREG(6)(t2)
	ld t2, VREG(7)(t2)
	sret

	/* Out of line, below the frame: arch_space_activate(its space), or
	 * vcpu_fpu_release(thread); they clobber what the task left in the
	 * caller-saved registers, which come back from the state page. */
7:	mv a0, t0
	call arch_space_activate
	TASK_SCRATCH
	j 6b
8:	mv a0, s0
	call vcpu_fpu_release
	TASK_SCRATCH
	j 9b

/* VCPU_RESUME(a1 = task, a2 = flags); t1 = current. Scratch: t0, t2-t4 (their
 * user values in the frame). */
resume:
	sd t0, R(5)(sp)
	sd t3, R(28)(sp)
	sd t4, R(29)(sp)
	ld t2, TCB_VCPU_TASK(t1)            /* a task's ecall whose a0 is this number: an exit */
	bnez t2, exit_task
	ld t2, TCB_VCPU(t1)
	beqz t2, generic5
	ld t0, VCPU_PENDING(t2)
	bnez t0, generic5
	lbu t0, need_resched
	bnez t0, generic5
	/* The task space the last fast resume looked up and checked, if no
	 * owner or flag changed and no space went since (space_epoch). */
	ld t0, TCB_VCPU_HIT_SID(t1)
	bne t0, a1, resume_lookup
	ld t0, (TCB_VCPU_HIT_SID + 8)(t1)
	ld t3, space_epoch
	bne t0, t3, resume_lookup
	ld t0, (TCB_VCPU_HIT_SID + 16)(t1)
resume_checked:
	/* pc and sp that arch_words_to_frame() would not take: the slow path's. */
	ld t3, VREG(0)(t2)
	ld t4, VREG(2)(t2)
	or t3, t3, t4
	srli t3, t3, 38
	bnez t3, generic5

	/* Committed: vcpu_resume(). What the call keeps, where task_exit()
	 * finds it; then s0 = the thread, s1 = its state page, s2 = the task. */
	addi t3, t1, TCB_VCPU_SERVER
	sd ra, SRV(0)(t3)
	csrrw t4, sscratch, zero            /* the user's sp; 0: in the kernel */
	sd t4, SRV(1)(t3)
	sd gp, SRV(2)(t3)
	sd tp, SRV(3)(t3)
	sd s0, SRV(4)(t3)
	sd s1, SRV(5)(t3)
	sd s2, SRV(6)(t3)
	sd s3, SRV(7)(t3)
	sd s4, SRV(8)(t3)
	sd s5, SRV(9)(t3)
	sd s6, SRV(10)(t3)
	sd s7, SRV(11)(t3)
	sd s8, SRV(12)(t3)
	sd s9, SRV(13)(t3)
	sd s10, SRV(14)(t3)
	sd s11, SRV(15)(t3)
	csrr t4, sepc
	addi t4, t4, 4
	sd t4, SRV(16)(t3)
	sd tp, TCB_VCPU_SERVER_TLS(t1)
	sd gp, TCB_VCPU_SERVER_TLS + 8(t1)
	mv s0, t1
	mv s1, t2
	mv s2, t0
	INCG vcpu_fast_count, t1, t2
	/* Our own FP state, if live, is saved; the task gets the registers
	 * lazily (its first FP instruction traps and loads its image from the
	 * state page). */
	ld t1, fpu_owner
	beq t1, s0, 8f
9:	ld t1, L4_VCPU_FPU_SLOT_OFFSET(s1)               /* the image fpu_slot picks (vcpu.c) */
	andi t1, t1, 1
	slli t1, t1, 10
	add t1, s1, t1
	li t2, VCPU_FPU
	add t1, t1, t2
	sd t1, TCB_FPU_TASK(s0)
	sb zero, TCB_FPU_TASK_LOADED(s0)
	/* A task that used FP lately gets its registers now (vcpu.c). */
	lbu t1, SPACE_FPU_EAGER(s2)
	bnez t1, 10f
11:	lw t1, SPACE_VISITORS(s2)
	addi t1, t1, 1
	sw t1, SPACE_VISITORS(s2)
	sd s2, TCB_VCPU_TASK(s0)
	ld t1, VREG(4)(s1)                  /* tls[] = the task's tp, gp */
	ld t2, VREG(3)(s1)
	sd t1, TCB_TLS(s0)
	sd t2, TCB_TLS + 8(s0)
	SPACE_LOAD s2, 7f, 6
	/* FS Off, or Clean if it took the registers (as frame_leave). */
	li t1, ASM_SSTATUS_FS
	csrc sstatus, t1
	ld t1, fpu_owner
	bne t1, s0, 12f
	li t1, ASM_FS_CLEAN
	csrs sstatus, t1
12:	csrw sscratch, sp
	ld t1, VREG(0)(s1)
	csrw sepc, t1
	ld ra, VREG(1)(s1)
	ld sp, VREG(2)(s1)
	ld gp, VREG(3)(s1)
	ld tp, VREG(4)(s1)
	ld t0, VREG(5)(s1)
	ld t1, VREG(6)(s1)
	ld t2, VREG(7)(s1)
	ld s0, VREG(8)(s1)
	ld a0, VREG(10)(s1)
	ld a1, VREG(11)(s1)
	ld a2, VREG(12)(s1)
	ld a3, VREG(13)(s1)
	ld a4, VREG(14)(s1)
	ld a5, VREG(15)(s1)
	ld a6, VREG(16)(s1)
	ld a7, VREG(17)(s1)
	ld s2, VREG(18)(s1)
	ld s3, VREG(19)(s1)
	ld s4, VREG(20)(s1)
	ld s5, VREG(21)(s1)
	ld s6, VREG(22)(s1)
	ld s7, VREG(23)(s1)
	ld s8, VREG(24)(s1)
	ld s9, VREG(25)(s1)
	ld s10, VREG(26)(s1)
	ld s11, VREG(27)(s1)
	ld t3, VREG(28)(s1)
	ld t4, VREG(29)(s1)
	ld t5, VREG(30)(s1)
	ld t6, VREG(31)(s1)
	ld s1, VREG(9)(s1)                  /* the base, last */
	sret

	/* Out of line, below the frame: vcpu_fpu_release(thread), or
	 * arch_space_activate(the task). */
8:	mv a0, s0
	call vcpu_fpu_release
	j 9b
10:	mv a0, s0
	mv a1, s2
	call vcpu_fpu_eager
	j 11b
7:	mv a0, s2
	call arch_space_activate
	j 6b

/* Give up: the scratch registers back from their frame slots, then the
 * generic entry from the start. */
/* Out of line: space_lookup(a1) and the checks, remembered for the next
 * resume (t1 = current; t0 = the task space at resume_checked). */
resume_lookup:
	/* space_lookup(a1): the slot in bits 0-15, the whole id matching;
	 * owned by our space and not ours; not an I/O space. */
	slli t0, a1, 48
	srli t0, t0, 48
	beqz t0, generic5
	li t3, ASM_MAX_SPACES
	bgeu t0, t3, generic5
	li t3, SPACE_SIZE
	mul t0, t0, t3
	la t3, space_table
	add t0, t0, t3
	ld t3, SPACE_SID(t0)
	bne t3, a1, generic5
	ld t3, TCB_SPACE(t1)
	lw t4, SPACE_FLAGS(t3)              /* a foreign-ABI space's ecall is an exception message */
	andi t4, t4, ASM_SP_FOREIGN
	bnez t4, generic5
	ld t4, SPACE_OWNER(t0)
	bne t4, t3, generic5
	beq t0, t3, generic5
	lw t4, SPACE_FLAGS(t0)
	andi t4, t4, ASM_SP_IO
	bnez t4, generic5
	sd a1, TCB_VCPU_HIT_SID(t1)
	ld t3, space_epoch
	sd t3, (TCB_VCPU_HIT_SID + 8)(t1)
	sd t0, (TCB_VCPU_HIT_SID + 16)(t1)
	j resume_checked

generic5:
	ld t0, R(5)(sp)
	ld t3, R(28)(sp)
	ld t4, R(29)(sp)
/* A trap from U-mode other than `ecall` (fastpath.S: t1 = scause -
 * CAUSE_ECALL_U, the user's t1 in its frame slot, sscratch = the user's
 * sp). A page fault of a task visited by a vCPU thread, with no
 * reschedule due, ends the visit as the system call exit does:
 * VCPU_RESUME returns L4_VCPU_EXIT_PAGEFAULT with the access's L4_PF_*
 * bits and stval (vcpu_fault_access(), thread.c, out of line: whether the
 * page is mapped takes a walk, and a stale TLB entry is the generic path's
 * to retry). Anything else, interrupts included, takes the generic entry. */
	.globl vcpu_fault_fast
vcpu_fault_fast:
	sd t2, R(7)(sp)
	addi t1, t1, CAUSE_ECALL_U - CAUSE_INSN_PAGE   /* 0, 1, 3: instruction, load, store */
	li t2, CAUSE_STORE_PAGE - CAUSE_INSN_PAGE
	bgtu t1, t2, generic2               /* an interrupt's cause is negative: huge */
	addi t2, t2, -1
	beq t1, t2, generic2                /* 14: reserved */
	ld t2, current
	ld t2, TCB_VCPU_TASK(t2)
	beqz t2, generic2
	lbu t2, need_resched
	bnez t2, generic2
	/* The registers the C call may change, into their frame slots; the
	 * user's sp into its own, sscratch 0 (in the kernel) meanwhile. */
	csrrw t1, sscratch, zero
	sd t1, R(2)(sp)
	sd ra, R(1)(sp)
	sd t0, R(5)(sp)
	sd a0, R(10)(sp)
	sd a1, R(11)(sp)
	sd a2, R(12)(sp)
	sd a3, R(13)(sp)
	sd a4, R(14)(sp)
	sd a5, R(15)(sp)
	sd a6, R(16)(sp)
	sd a7, R(17)(sp)
	sd t3, R(28)(sp)
	sd t4, R(29)(sp)
	sd t5, R(30)(sp)
	sd t6, R(31)(sp)
	call vcpu_fault_access
	bltz a0, fault_generic
	/* Committed. t2 = the state page: the exit, then the registers (those
	 * the call may have changed from their slots, sp from sscratch). */
	ld t2, current
	ld t2, TCB_VCPU(t2)
	sd a0, VCPU_ERROR(t2)
	csrr t1, stval
	sd t1, VCPU_ERROR + 8(t2)
	li t1, L4_VCPU_EXIT_PAGEFAULT
	sd t1, VCPU_EXIT_REASON(t2)
	li t1, L4_TRAP_PAGEFAULT
	sd t1, VCPU_EXIT_REASON + 8(t2)
	STORE_KEPT_REGS t2
	.irp r, 1, 2, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28, 29, 30, 31
	ld t1, R(\r)(sp)
	sd t1, VREG(\r)(t2)
	.endr
	csrr t1, sepc
	sd t1, VREG(0)(t2)
	sd zero, VREG(L4_FR_FLAGS)(t2)
	sd zero, VCPU_IRQ_ENABLED(t2)
	ld s0, current
	mv s1, t2
	j exit_tail
	/* A stale TLB entry (flushed): the generic entry with every register
	 * as the trap left it. */
fault_generic:
	ld ra, R(1)(sp)
	ld t0, R(5)(sp)
	ld a0, R(10)(sp)
	ld a1, R(11)(sp)
	ld a2, R(12)(sp)
	ld a3, R(13)(sp)
	ld a4, R(14)(sp)
	ld a5, R(15)(sp)
	ld a6, R(16)(sp)
	ld a7, R(17)(sp)
	ld t3, R(28)(sp)
	ld t4, R(29)(sp)
	ld t5, R(30)(sp)
	ld t6, R(31)(sp)
	ld t1, R(2)(sp)
	csrw sscratch, t1
generic2:
	ld t1, R(6)(sp)
	ld t2, R(7)(sp)
	j trap_from_user
	.section .note.GNU-stack,"",@progbits
