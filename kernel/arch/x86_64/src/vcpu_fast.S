/* vCPU fast paths: a Linux process's system call and Wombat's VCPU_RESUME
 * back into it, the two halves of every Linux system call (vcpu.c has the
 * generic versions: task_exit(), vcpu_resume()).
 *
 * Entered from fastpath_syscall (fastpath.S) for every syscall that is not
 * IPC, so only with the fast path on. Like the IPC fast path, every check
 * that fails leaves for the generic entry with the user's registers as the
 * `syscall` left them, and nothing has changed. The cases handled:
 *
 *   exit:   a task's `syscall` (any number) when no reschedule is due. The
 *           task's registers go straight from the CPU into the state page
 *           (its FPU state too, if it loaded it: a C call out of line); the
 *           vCPU thread returns from its VCPU_RESUME by sysretq.
 *   resume: VCPU_RESUME(task) from a vCPU thread in its own space, with no
 *           event pending, no reschedule due, the task owned by its space
 *           (not an I/O space) and RIP, RSP and the FS/GS bases in the state
 *           page canonical. The thread's own FPU state, if live, is saved
 *           (out of line); the task's registers go straight from the state
 *           page into the CPU: sysretq when its RCX and R11 are its RIP and
 *           RFLAGS (as after a system call), else iretq.
 *
 * Both leave the thread's kernel-stack frame stale, as the IPC fast path
 * does: a thread's frame is only read while it is in the kernel, and every
 * kernel entry writes it afresh.
 */
#include <l4.h>
#include <arch_asm.h>
#include <arch_frame.h>

#define F(slot) (FRAME_##slot - FRAME_SIZE)    /* a frame slot below the kernel stack top */

/* vcpu_fpu_release(rbx) (vcpu.c), out of line: the FPU state saved, the FPU
 * given up. rsp is the kernel stack top; the call goes below the frame area
 * (16-byte aligned). Clobbers the caller-saved registers. */
.macro FPU_RELEASE
	subq $FRAME_SIZE, %rsp
	movq %rbx, %rdi
	call vcpu_fpu_release
	addq $FRAME_SIZE, %rsp
.endm

/* The task's registers from the state page (rbp), all but rcx, r11, rsp
 * and rbp itself, which each way back into the task sets its own way. */
.macro LOAD_TASK_GPRS
	movq VREG(R15)(%rbp), %r15
	movq VREG(R14)(%rbp), %r14
	movq VREG(R13)(%rbp), %r13
	movq VREG(R12)(%rbp), %r12
	movq VREG(RBX)(%rbp), %rbx
	movq VREG(R10)(%rbp), %r10
	movq VREG(R9)(%rbp), %r9
	movq VREG(R8)(%rbp), %r8
	movq VREG(RAX)(%rbp), %rax
	movq VREG(RDX)(%rbp), %rdx
	movq VREG(RSI)(%rbp), %rsi
	movq VREG(RDI)(%rbp), %rdi
.endm

#define SRV(i) (TCB_VCPU_SERVER + 8 * (i))     /* arch_frame_save_server()'s layout */

/* A task's registers as the CPU holds them into the state page (rax), all
 * but rax, rbx and rsp, which each exit takes from where it saved them. */
.macro STORE_TASK_GPRS
	movq %r15, VREG(R15)(%rax)
	movq %r14, VREG(R14)(%rax)
	movq %r13, VREG(R13)(%rax)
	movq %r12, VREG(R12)(%rax)
	movq %rbp, VREG(RBP)(%rax)
	movq %r11, VREG(R11)(%rax)
	movq %r10, VREG(R10)(%rax)
	movq %r9, VREG(R9)(%rax)
	movq %r8, VREG(R8)(%rax)
	movq %rcx, VREG(RCX)(%rax)
	movq %rdx, VREG(RDX)(%rax)
	movq %rsi, VREG(RSI)(%rax)
	movq %rdi, VREG(RDI)(%rax)
.endm

	.text
	.globl vcpu_fastpath
vcpu_fastpath:
	cmpq $L4_SYS_VCPU_RESUME, %rax
	je resume
	/* A task's system call? rax (its number) waits in the frame's slot. */
	movq %rsp, syscall_user_rsp(%rip)
	movq cpu0+CPU_TSS_RSP0(%rip), %rsp
	movq %rax, F(RAX)(%rsp)
	movq current(%rip), %rax
	cmpq $0, TCB_VCPU_TASK(%rax)
	je exit_slow
exit_task:                              /* rax = current, its task's number in F(RAX) */
	cmpb $0, need_resched(%rip)
	jne exit_slow

	/* Committed. rbx = the thread, rax = its state page; the task's
	 * registers into regs[] (rbx and rax by way of the frame's slots). */
	movq %rbx, F(RBX)(%rsp)
	movq %rax, %rbx
	movq TCB_VCPU(%rbx), %rax
	STORE_TASK_GPRS
	movq F(RBX)(%rsp), %r15
	movq %r15, VREG(RBX)(%rax)
	movq F(RAX)(%rsp), %r15
	movq %r15, VREG(RAX)(%rax)
	movq %r15, VREG(ORIG_RAX)(%rax)
	movq %rcx, VREG(RIP)(%rax)
	movq $USER_CS, VREG(CS)(%rax)
	movq %r11, VREG(RFLAGS)(%rax)
	movq syscall_user_rsp(%rip), %r15
	movq %r15, VREG(RSP)(%rax)
	movq $USER_SS, VREG(SS)(%rax)
	movq TCB_FS_BASE(%rbx), %r15
	movq %r15, VREG(FS_BASE)(%rax)
	movq TCB_GS_BASE(%rbx), %r15
	movq %r15, VREG(GS_BASE)(%rax)
	xorl %r15d, %r15d
	movq %r15, VREG(DS)(%rax)
	movq %r15, VREG(ES)(%rax)
	movq %r15, VREG(FS)(%rax)
	movq %r15, VREG(GS)(%rax)
	movq $L4_VCPU_EXIT_SYSCALL, VCPU_EXIT_REASON(%rax)
	movq $L4_TRAP_SYSCALL, VCPU_TRAPNO(%rax)
	movq %r15, VCPU_ERROR(%rax)
	movq %r15, VCPU_CR2(%rax)
	movq %r15, VCPU_IRQ_ENABLED(%rax)
	/* The rest of task_exit(), shared with the page-fault exit (rbx = the
	 * thread, rax = its state page with the exit reason in it, r15 = 0,
	 * rsp = the kernel stack top). The task's FPU state, if it loaded it,
	 * into the state page. */
exit_tail:
	cmpb $0, TCB_FPU_TASK_LOADED(%rbx)
	jne 8f
	movq %r15, VCPU_FPU_USED(%rax)
9:	movq %r15, TCB_FPU_TASK(%rbx)
	movq TCB_VCPU_TASK(%rbx), %r14
	decl SPACE_VISITORS(%r14)
	movq %r15, TCB_VCPU_TASK(%rbx)
	incq vcpu_fast_count(%rip)
	/* The thread's own FS/GS bases and space. */
	movq TCB_VCPU_SERVER_FS(%rbx), %rax
	movq %rax, TCB_FS_BASE(%rbx)
	WRMSR64 MSR_FS_BASE, %rax
	movq TCB_VCPU_SERVER_GS(%rbx), %rax
	movq %rax, TCB_GS_BASE(%rbx)
	WRMSR64 MSR_GS_BASE, %rax
	movq TCB_SPACE(%rbx), %r11
	SPACE_ACTIVATE %r11
	/* Back from its VCPU_RESUME with rax = the reason: the registers the
	 * call keeps as it made it, the others as the task left them (rdx was
	 * used above), rcx and r11 for sysretq. Its RIP came from a `syscall`
	 * below L4_USER_TOP, so it is canonical. */
	movq TCB_VCPU(%rbx), %rax
	movq VREG(RDX)(%rax), %rdx
	movq VCPU_EXIT_REASON(%rax), %rax
	movq SRV(6)(%rbx), %rcx
	movq SRV(8)(%rbx), %r11
	movq SRV(0)(%rbx), %r15
	movq SRV(1)(%rbx), %r14
	movq SRV(2)(%rbx), %r13
	movq SRV(3)(%rbx), %r12
	movq SRV(4)(%rbx), %rbp
	movq SRV(9)(%rbx), %rsp
	movq SRV(5)(%rbx), %rbx
	sysretq

8:	movq $1, VCPU_FPU_USED(%rax)
	FPU_RELEASE
	xorl %r15d, %r15d
	jmp 9b

exit_slow:
	movq F(RAX)(%rsp), %rax
	movq syscall_user_rsp(%rip), %rsp
	jmp syscall_entry

/* A page fault (#PF's gate with the fast path on: cpu.c). One of a task
 * visited by a vCPU thread, with no reschedule due, ends the visit as the
 * system call exit does: registers from the CPU and the exception frame
 * into the state page, VCPU_RESUME returns L4_VCPU_EXIT_PAGEFAULT (vcpu.c's
 * vcpu_fault(), task_exit()). Anything else (a fault in kernel mode, or of
 * a thread visiting no task) goes to the generic entry, trap_14, with the
 * stack as the CPU left it. Interrupts are off (an interrupt gate). */
	.globl vcpu_fault_fast
vcpu_fault_fast:                        /* rsp: the error code, then rip, cs, rflags, rsp, ss */
	testb $3, 16(%rsp)
	jz trap_14
	subq $FRAME_ERROR, %rsp             /* rsp = the frame's base */
	movq %rax, FRAME_RAX(%rsp)
	movq current(%rip), %rax
	cmpq $0, TCB_VCPU_TASK(%rax)
	je 1f
	cmpb $0, need_resched(%rip)
	jne 1f
	/* Committed. rbx = the thread, rax = its state page. */
	movq %rbx, FRAME_RBX(%rsp)
	movq %rax, %rbx
	movq TCB_VCPU(%rbx), %rax
	STORE_TASK_GPRS
	movq FRAME_RBX(%rsp), %r15
	movq %r15, VREG(RBX)(%rax)
	movq FRAME_RAX(%rsp), %r15
	movq %r15, VREG(RAX)(%rax)
	movq $-1, VREG(ORIG_RAX)(%rax)
	movq FRAME_RIP(%rsp), %r15
	movq %r15, VREG(RIP)(%rax)
	movq FRAME_CS(%rsp), %r15
	movq %r15, VREG(CS)(%rax)
	movq FRAME_RFLAGS(%rsp), %r15
	movq %r15, VREG(RFLAGS)(%rax)
	movq FRAME_RSP(%rsp), %r15
	movq %r15, VREG(RSP)(%rax)
	movq FRAME_SS(%rsp), %r15
	movq %r15, VREG(SS)(%rax)
	movq TCB_FS_BASE(%rbx), %r15
	movq %r15, VREG(FS_BASE)(%rax)
	movq TCB_GS_BASE(%rbx), %r15
	movq %r15, VREG(GS_BASE)(%rax)
	movq FRAME_ERROR(%rsp), %r15
	andl $(L4_PF_PRESENT | L4_PF_WRITE | L4_PF_EXEC), %r15d
	movq %r15, VCPU_ERROR(%rax)
	movq %cr2, %r15
	movq %r15, VCPU_CR2(%rax)
	movq $L4_VCPU_EXIT_PAGEFAULT, VCPU_EXIT_REASON(%rax)
	movq $14, VCPU_TRAPNO(%rax)
	addq $FRAME_SIZE, %rsp              /* the kernel stack top, as exit_tail wants it */
	xorl %r15d, %r15d
	movq %r15, VREG(DS)(%rax)
	movq %r15, VREG(ES)(%rax)
	movq %r15, VREG(FS)(%rax)
	movq %r15, VREG(GS)(%rax)
	movq %r15, VCPU_IRQ_ENABLED(%rax)
	jmp exit_tail
1:	movq FRAME_RAX(%rsp), %rax
	addq $FRAME_ERROR, %rsp
	jmp trap_14

/* VCPU_RESUME(rdi = task, rsi = flags). */
resume:
	movq %rsp, syscall_user_rsp(%rip)
	movq cpu0+CPU_TSS_RSP0(%rip), %rsp
	movq current(%rip), %rax
	cmpq $0, TCB_VCPU_TASK(%rax)        /* a task's syscall with this number (Linux's pipe) */
	jne resume_is_task
	cmpq $0, TCB_VCPU(%rax)
	je resume_slow
	/* What the call keeps, where task_exit() finds it; the callee-saved
	 * registers are our scratch from here on. */
	movq %r15, SRV(0)(%rax)
	movq %r14, SRV(1)(%rax)
	movq %r13, SRV(2)(%rax)
	movq %r12, SRV(3)(%rax)
	movq %rbp, SRV(4)(%rax)
	movq %rbx, SRV(5)(%rax)
	movq %rcx, SRV(6)(%rax)
	movq $USER_CS, SRV(7)(%rax)
	movq %r11, SRV(8)(%rax)
	movq syscall_user_rsp(%rip), %r15
	movq %r15, SRV(9)(%rax)
	movq $USER_SS, SRV(10)(%rax)
	/* rbx = the thread, rbp = its state page, r12 = the task space. */
	movq %rax, %rbx
	movq TCB_VCPU(%rbx), %rbp
	cmpq $0, VCPU_PENDING(%rbp)
	jne resume_restore
	cmpb $0, need_resched(%rip)
	jne resume_restore
	/* The task space the last fast resume looked up and checked, or the
	 * one before, if no owner or flag changed and no space went since
	 * (space_epoch). */
	movq space_epoch(%rip), %rax
	cmpq %rdi, TCB_VCPU_HIT_SID(%rbx)
	jne resume_hit2
	cmpq %rax, TCB_VCPU_HIT_SID+8(%rbx)
	jne resume_lookup
	movq TCB_VCPU_HIT_SID+16(%rbx), %r12
resume_checked:
	/* Addresses that sysretq, iretq or wrmsr would fault on: the slow path's. */
	movq VREG(RIP)(%rbp), %rax
	orq VREG(RSP)(%rbp), %rax
	orq VREG(FS_BASE)(%rbp), %rax
	orq VREG(GS_BASE)(%rbp), %rax
	shrq $47, %rax
	jnz resume_restore

	/* Committed: vcpu_resume(). Our own FPU state, if live, is saved; the
	 * task gets the FPU lazily (its first use traps and loads its image
	 * from the state page), or at once if it is the eager one. */
	incq vcpu_fast_count(%rip)
	cmpq %rbx, fpu_owner(%rip)
	je 8f
9:
	movq TCB_FS_BASE(%rbx), %rax
	movq %rax, TCB_VCPU_SERVER_FS(%rbx)
	movq TCB_GS_BASE(%rbx), %rax
	movq %rax, TCB_VCPU_SERVER_GS(%rbx)
	movl L4_VCPU_FPU_SLOT_OFFSET(%rbp), %eax       /* the image fpu_slot picks (vcpu.c) */
	andl $1, %eax
	shll $10, %eax
	leaq VCPU_XSAVE(%rbp,%rax), %rax
	movq %rax, TCB_FPU_TASK(%rbx)
	movb $0, TCB_FPU_TASK_LOADED(%rbx)
	/* A task that used the FPU lately gets its image now (vcpu.c). */
	cmpb $0, SPACE_FPU_EAGER(%r12)
	jne 10f
11:	incl SPACE_VISITORS(%r12)
	movq %r12, TCB_VCPU_TASK(%rbx)
	movq VREG(FS_BASE)(%rbp), %rax
	movq %rax, TCB_FS_BASE(%rbx)
	WRMSR64 MSR_FS_BASE, %rax
	movq VREG(GS_BASE)(%rbp), %rax
	movq %rax, TCB_GS_BASE(%rbx)
	WRMSR64 MSR_GS_BASE, %rax
	SPACE_ACTIVATE %r12
	/* RFLAGS as arch_sanitize_flags() makes them (no IOPL: checked above). */
	movq VREG(RFLAGS)(%rbp), %r11
	andq $RFLAGS_USER, %r11
	orq $(RFLAGS_IF | 2), %r11
	movq VREG(RIP)(%rbp), %rcx
	cmpq %rcx, VREG(RCX)(%rbp)
	jne 1f
	cmpq %r11, VREG(R11)(%rbp)
	jne 1f
	LOAD_TASK_GPRS
	movq VREG(RSP)(%rbp), %rsp
	movq VREG(RBP)(%rbp), %rbp
	sysretq
	/* Its RCX or R11 differ from what sysretq would leave in them. */
1:	pushq $USER_SS
	pushq VREG(RSP)(%rbp)
	pushq %r11
	pushq $USER_CS
	pushq %rcx
	LOAD_TASK_GPRS
	movq VREG(R11)(%rbp), %r11
	movq VREG(RCX)(%rbp), %rcx
	movq VREG(RBP)(%rbp), %rbp
	iretq

8:	FPU_RELEASE
	jmp 9b
10:	subq $FRAME_SIZE, %rsp
	movq %rbx, %rdi
	movq %r12, %rsi
	call vcpu_fpu_eager
	addq $FRAME_SIZE, %rsp
	jmp 11b

/* Out of line: the one before the last (rax = space_epoch). */
resume_hit2:
	cmpq %rdi, TCB_VCPU_HIT_SID+24(%rbx)
	jne resume_lookup
	cmpq %rax, TCB_VCPU_HIT_SID+32(%rbx)
	jne resume_lookup
	movq TCB_VCPU_HIT_SID+40(%rbx), %r12
	jmp resume_checked

/* Out of line: space_lookup(rdi) and the checks, remembered for the next
 * resume (rbx = current; r12 = the task space at resume_checked). */
resume_lookup:
	/* space_lookup(rdi): the slot in bits 0-15, the whole id matching;
	 * owned by our space and not ours; not an I/O space (RFLAGS.IOPL). */
	movzwl %di, %eax
	testl %eax, %eax
	jz resume_restore
	cmpl $ASM_MAX_SPACES, %eax
	jae resume_restore
	imulq $SPACE_SIZE, %rax, %r12
	addq $space_table, %r12
	cmpq %rdi, SPACE_SID(%r12)
	jne resume_restore
	movq TCB_SPACE(%rbx), %rax
	testl $ASM_SP_FOREIGN, SPACE_FLAGS(%rax)   /* a foreign-ABI space's syscall is an exception message */
	jnz resume_restore
	cmpq %rax, SPACE_OWNER(%r12)
	jne resume_restore
	cmpq %rax, %r12
	je resume_restore
	testl $ASM_SP_IO, SPACE_FLAGS(%r12)
	jnz resume_restore
	/* The last one becomes the one before. */
	movq TCB_VCPU_HIT_SID(%rbx), %rax
	movq %rax, TCB_VCPU_HIT_SID+24(%rbx)
	movq TCB_VCPU_HIT_SID+8(%rbx), %rax
	movq %rax, TCB_VCPU_HIT_SID+32(%rbx)
	movq TCB_VCPU_HIT_SID+16(%rbx), %rax
	movq %rax, TCB_VCPU_HIT_SID+40(%rbx)
	movq %rdi, TCB_VCPU_HIT_SID(%rbx)
	movq space_epoch(%rip), %rax
	movq %rax, TCB_VCPU_HIT_SID+8(%rbx)
	movq %r12, TCB_VCPU_HIT_SID+16(%rbx)
	jmp resume_checked
resume_is_task:                         /* the exit path, from the same point */
	movq $L4_SYS_VCPU_RESUME, F(RAX)(%rsp)
	jmp exit_task

resume_restore:                         /* the scratch registers back */
	movq SRV(0)(%rbx), %r15
	movq SRV(3)(%rbx), %r12
	movq SRV(4)(%rbx), %rbp
	movq SRV(5)(%rbx), %rbx
resume_slow:
	movl $L4_SYS_VCPU_RESUME, %eax
	movq syscall_user_rsp(%rip), %rsp
	jmp syscall_entry
	.section .note.GNU-stack,"",@progbits
