/* Layouts and constants the x86_64 assembly shares with C. Compiled as C
 * (thread.c includes it) every offset is checked, so a changed struct fails
 * the build rather than the fast path; cpu.c checks CPU_TSS_RSP0. */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

/* struct frame (arch_frame.h), as entry.S pushes it. */
#define FRAME_R15     0
#define FRAME_R14     8
#define FRAME_R13     16
#define FRAME_R12     24
#define FRAME_RBP     32
#define FRAME_RBX     40
#define FRAME_R11     48
#define FRAME_R10     56
#define FRAME_R9      64
#define FRAME_R8      72
#define FRAME_RAX     80
#define FRAME_RCX     88
#define FRAME_RDX     96
#define FRAME_RSI     104
#define FRAME_RDI     112
#define FRAME_VECTOR  120
#define FRAME_ERROR   128
#define FRAME_RIP     136
#define FRAME_CS      144
#define FRAME_RFLAGS  152
#define FRAME_RSP     160
#define FRAME_SS      168
#define FRAME_SIZE    176

/* struct tcb (kernel.h): the fields the IPC fast path reads or writes. */
#define TCB_KSP         0
#define TCB_TID         8
#define TCB_SPACE       16
#define TCB_PRIO        32
#define TCB_STATE       33      /* u8; TCB_KMSG_ON is the byte after it */
#define TCB_KMSG_ON     34
#define TCB_IN_CALL     35
#define TCB_WAIT_FROM   80
#define TCB_SQ_HEAD     96
#define TCB_TIMEOUT     160
#define TCB_NOTIFY_BITS 184
#define TCB_UTCB        248
#define TCB_FS_BASE     264
#define TCB_GS_BASE     272
#define TCB_KSTACK      280
#define TCB_VCPU        800
#define TCB_FPU_TASK    808
#define TCB_FPU_TASK_LOADED 816 /* bool */
#define TCB_VCPU_TASK   840
#define TCB_VCPU_SERVER 848     /* u64[]: r15 ... rbx, then rip, cs, rflags, rsp, ss */
#define TCB_VCPU_SERVER_FS 1040
#define TCB_VCPU_SERVER_GS 1048
#define TCB_VCPU_HIT_SID   1056  /* then vcpu_hit_epoch, vcpu_hit: the last task checked; then the one before */
#define ASM_TS_READY     2      /* enum tstate */
#define ASM_TS_RECEIVING 4
#define ASM_MAX_THREADS  1024

/* struct space (kernel.h). */
#define SPACE_SID        0
#define SPACE_PT_ROOT_PA 16
#define SPACE_PCID       24
#define SPACE_FPU_EAGER  27    /* u8: vcpu.c's eager FPU visits */
#define SPACE_TLB_DIRTY  26
#define SPACE_FLAGS      28
#define SPACE_ALLOW      32
#define SPACE_OWNER      560
#define SPACE_VISITORS   584    /* u32 */
#define SPACE_SIZE       656
#define ASM_MAX_SPACES   4096
#define ASM_SP_IO        2
#define ASM_SP_FOREIGN   1      /* space flags */
#define ASM_SP_ALLOW_ALL 8

/* struct l4_vcpu_state (abi/l4.h), and a register's word in its regs[]
 * (L4_FR_*: include l4.h first). */
#define VCPU_IRQ_ENABLED 0
#define VCPU_PENDING     8
#define VCPU_EXIT_REASON 16
#define VCPU_TRAPNO      24
#define VCPU_ERROR       32
#define VCPU_CR2         40
#define VCPU_FPU_USED    72
#define VCPU_REGS        80
#define VCPU_XSAVE       2048
#define VREG(r) (VCPU_REGS + 8 * L4_FR_##r)

/* struct l4_utcb (abi/l4.h). */
#define UTCB_ERROR      24

/* cpu.c: the TSS's rsp0 inside `cpu0` is the current thread's kernel stack top. */
#define CPU_TSS_RSP0    68

/* What arch_switch_stack pops before its `ret`: six callee-saved registers. */
#define KSWITCH_WORDS   6

#define MSR_FS_BASE     0xC0000100
#define MSR_GS_BASE     0xC0000101
#define MSR_LSTAR       0xC0000082
#define CR0_TS          8

#ifdef __ASSEMBLER__
/* arch_space_activate(\sp) in assembly: load its page tables unless they are
 * loaded and current (with PCIDs: its tag, and keep its TLB entries unless
 * they went stale while it was not loaded). Clobbers rax and rcx. */
.macro SPACE_ACTIVATE sp
	cmpq \sp, mmu_loaded(%rip)
	jne 1f
	cmpb $0, SPACE_TLB_DIRTY(\sp)
	je 3f
1:	movq SPACE_PT_ROOT_PA(\sp), %rax
	cmpb $0, have_pcid(%rip)
	je 2f
	movzwl SPACE_PCID(\sp), %ecx
	orq %rcx, %rax
	cmpb $0, SPACE_TLB_DIRTY(\sp)
	jne 2f
	btsq $63, %rax
2:	movb $0, SPACE_TLB_DIRTY(\sp)
	movq \sp, mmu_loaded(%rip)
	movq %rax, %cr3
3:
.endm

/* wrmsr(\msr, \src): clobbers rax, rcx, rdx. */
.macro WRMSR64 msr, src
	movq \src, %rax
	movq %rax, %rdx
	shrq $32, %rdx
	movl $\msr, %ecx
	wrmsr
.endm
#else
#include <kernel.h>
#include <arch_frame.h>
#define AT(type, field, off) _Static_assert(offsetof(type, field) == (off), "arch_asm.h: " #field)
AT(struct frame, r15, FRAME_R15); AT(struct frame, r14, FRAME_R14); AT(struct frame, r13, FRAME_R13);
AT(struct frame, r12, FRAME_R12); AT(struct frame, rbp, FRAME_RBP); AT(struct frame, rbx, FRAME_RBX);
AT(struct frame, r11, FRAME_R11); AT(struct frame, r10, FRAME_R10); AT(struct frame, r9, FRAME_R9);
AT(struct frame, r8, FRAME_R8); AT(struct frame, rax, FRAME_RAX); AT(struct frame, rcx, FRAME_RCX);
AT(struct frame, rdx, FRAME_RDX); AT(struct frame, rsi, FRAME_RSI); AT(struct frame, rdi, FRAME_RDI);
AT(struct frame, vector, FRAME_VECTOR); AT(struct frame, error, FRAME_ERROR);
AT(struct frame, rip, FRAME_RIP); AT(struct frame, cs, FRAME_CS); AT(struct frame, rflags, FRAME_RFLAGS);
AT(struct frame, rsp, FRAME_RSP); AT(struct frame, ss, FRAME_SS);
_Static_assert(sizeof(struct frame) == FRAME_SIZE, "arch_asm.h: frame");
AT(struct tcb, ksp, TCB_KSP); AT(struct tcb, tid, TCB_TID); AT(struct tcb, space, TCB_SPACE);
AT(struct tcb, prio, TCB_PRIO); AT(struct tcb, state, TCB_STATE); AT(struct tcb, kmsg_on, TCB_KMSG_ON);
AT(struct tcb, in_call, TCB_IN_CALL); AT(struct tcb, wait_from, TCB_WAIT_FROM);
AT(struct tcb, sq_head, TCB_SQ_HEAD); AT(struct tcb, timeout, TCB_TIMEOUT);
AT(struct tcb, notify_bits, TCB_NOTIFY_BITS); AT(struct tcb, utcb, TCB_UTCB);
AT(struct tcb, tls[0], TCB_FS_BASE); AT(struct tcb, tls[1], TCB_GS_BASE);
AT(struct tcb, kstack, TCB_KSTACK); AT(struct tcb, vcpu, TCB_VCPU);
_Static_assert(TCB_KMSG_ON == TCB_STATE + 1 && sizeof(((struct tcb *)0)->state) == 1 &&
	       sizeof(((struct tcb *)0)->kmsg_on) == 1, "arch_asm.h: state and kmsg_on read as one word");
_Static_assert(ASM_TS_READY == TS_READY && ASM_TS_RECEIVING == TS_RECEIVING &&
	       ASM_MAX_THREADS == MAX_THREADS, "arch_asm.h: thread constants");
AT(struct space, sid, SPACE_SID); AT(struct space, pt_root_pa, SPACE_PT_ROOT_PA);
AT(struct space, pcid, SPACE_PCID); AT(struct space, fpu_eager, SPACE_FPU_EAGER); AT(struct space, tlb_dirty, SPACE_TLB_DIRTY);
AT(struct space, flags, SPACE_FLAGS); AT(struct space, allow, SPACE_ALLOW);
_Static_assert(ASM_SP_FOREIGN == SP_FOREIGN && ASM_SP_ALLOW_ALL == SP_ALLOW_ALL, "arch_asm.h: space flags");
AT(struct tcb, fpu_task, TCB_FPU_TASK); AT(struct tcb, fpu_task_loaded, TCB_FPU_TASK_LOADED);
AT(struct tcb, vcpu_task, TCB_VCPU_TASK); AT(struct tcb, vcpu_server, TCB_VCPU_SERVER);
AT(struct tcb, vcpu_server_tls[0], TCB_VCPU_SERVER_FS); AT(struct tcb, vcpu_server_tls[1], TCB_VCPU_SERVER_GS);
AT(struct tcb, vcpu_hit_sid, TCB_VCPU_HIT_SID); AT(struct tcb, vcpu_hit_epoch, TCB_VCPU_HIT_SID + 8);
AT(struct tcb, vcpu_hit, TCB_VCPU_HIT_SID + 16);
AT(struct tcb, vcpu_hit2_sid, TCB_VCPU_HIT_SID + 24); AT(struct tcb, vcpu_hit2_epoch, TCB_VCPU_HIT_SID + 32);
AT(struct tcb, vcpu_hit2, TCB_VCPU_HIT_SID + 40);
_Static_assert(sizeof(((struct tcb *)0)->fpu_task_loaded) == 1, "arch_asm.h: fpu_task_loaded is a byte");
AT(struct space, owner, SPACE_OWNER); AT(struct space, visitors, SPACE_VISITORS);
_Static_assert(sizeof(struct space) == SPACE_SIZE && sizeof(((struct space *)0)->visitors) == 4 &&
	       ASM_MAX_SPACES == MAX_SPACES && ASM_SP_IO == SP_IO, "arch_asm.h: spaces");
_Static_assert(sizeof(need_resched) == 1 && sizeof(kernel_entries) == 8 && sizeof(vcpu_fast_count) == 8, "arch_asm.h: globals");
AT(struct l4_vcpu_state, irq_enabled, VCPU_IRQ_ENABLED); AT(struct l4_vcpu_state, pending, VCPU_PENDING);
AT(struct l4_vcpu_state, exit_reason, VCPU_EXIT_REASON); AT(struct l4_vcpu_state, trapno, VCPU_TRAPNO);
AT(struct l4_vcpu_state, error, VCPU_ERROR); AT(struct l4_vcpu_state, fault_addr, VCPU_CR2);
AT(struct l4_vcpu_state, fpu_used, VCPU_FPU_USED); AT(struct l4_vcpu_state, regs, VCPU_REGS);
AT(struct l4_vcpu_state, fpu, VCPU_XSAVE);
AT(struct l4_utcb, error, UTCB_ERROR);
#undef AT
#endif
#endif
