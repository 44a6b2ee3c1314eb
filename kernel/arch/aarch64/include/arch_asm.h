/* Layouts and constants the aarch64 fast paths (fastpath.S, vcpu_fast.S)
 * share with C. Compiled as C (thread.c includes it) every offset is
 * checked, so a changed struct fails the build rather than the fast path. */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

/* struct tcb (kernel.h): the fields the fast paths read or write. */
#define TCB_KSP         0
#define TCB_TID         8
#define TCB_SPACE       16
#define TCB_PRIO        32
#define TCB_STATE       33      /* u8; kmsg_on is the byte after it */
#define TCB_IN_CALL     35
#define TCB_WAIT_FROM   80
#define TCB_SQ_HEAD     96
#define TCB_TIMEOUT     160
#define TCB_NOTIFY_BITS 184
#define TCB_UTCB        248
#define TCB_TLS         264     /* tls[0] TPIDR_EL0, tls[1] TPIDRRO_EL0 */
#define TCB_KSTACK      280
#define TCB_VCPU        800
#define TCB_FPU_TASK    808
#define TCB_FPU_TASK_LOADED 816 /* bool */
#define TCB_VCPU_TASK   840
#define TCB_VCPU_SERVER 848     /* u64[]: x19..x30, then pc, sp, pstate */
#define TCB_VCPU_SERVER_TLS 1040
#define TCB_VCPU_HIT_SID   1056  /* then vcpu_hit_epoch, vcpu_hit: the last task checked */
#define ASM_TS_READY     2      /* enum tstate */
#define ASM_TS_RECEIVING 4
#define ASM_MAX_THREADS  1024

/* struct space (kernel.h); a space id's bits 0-15 are its slot. */
#define SPACE_SID        0
#define SPACE_PT_ROOT_PA 16
#define SPACE_PCID       24     /* u16: its ASID */
#define SPACE_FPU_EAGER  27    /* u8: vcpu.c's eager FPU visits */
#define SPACE_FLAGS      28
#define SPACE_ALLOW      32
#define SPACE_OWNER      560
#define SPACE_VISITORS   584    /* u32 */
#define SPACE_SIZE       656
#define ASM_MAX_SPACES   4096
#define ASM_SP_FOREIGN_BIT   0  /* space flags, as bit numbers */
#define ASM_SP_IO_BIT        1
#define ASM_SP_ALLOW_ALL_BIT 3

/* struct l4_vcpu_state (abi/l4.h), and a register's word in its regs[]
 * (L4_FR_*: include l4.h first). */
#define VCPU_IRQ_ENABLED 0
#define VCPU_PENDING     8
#define VCPU_EXIT_REASON 16     /* then trapno, error, fault_addr */
#define VCPU_ERROR       32
#define VCPU_FPU_USED    72
#define VCPU_REGS        80
#define VCPU_FPU         2048
#define VREG(n) (VCPU_REGS + 8 * (n))

/* struct l4_utcb (abi/l4.h). */
#define UTCB_ERROR      24

/* What arch_switch_stack pops before its `ret` (x19..x30): 96 bytes, x30 last. */
#define KSWITCH_BYTES   96
#define CPACR_FPEN      (3 << 20)

#ifdef __ASSEMBLER__
/* A global's value, through its page. */
.macro LDG reg, sym
	adrp \reg, \sym
	ldr \reg, [\reg, #:lo12:\sym]
.endm

/* ++ a u64 global. */
.macro INCG sym, t1, t2
	adrp \t1, \sym
	ldr \t2, [\t1, #:lo12:\sym]
	add \t2, \t2, #1
	str \t2, [\t1, #:lo12:\sym]
.endm

/* arch_space_activate(\sp), inline when it is loaded (nothing to do) or
 * holds an ASID (mmu.c): TTBR0 = its root tagged with the ASID. Otherwise
 * to \assign, which calls the C function (it assigns an ASID, perhaps
 * rolling over) and returns to \done, the label right after. Clobbers
 * x9-x11. No isb: exception return is context-synchronizing
 * (SCTLR_EL1.EOS, boot.S), and the kernel runs on TTBR1. */
.macro SPACE_SWITCH sp, assign, done
	adrp x9, mmu_loaded
	ldr x10, [x9, #:lo12:mmu_loaded]
	cmp x10, \sp
	b.eq \done
	ldrh w11, [\sp, #SPACE_PCID]
	cbz w11, \assign
	ldr x10, [\sp, #SPACE_PT_ROOT_PA]
	orr x10, x10, x11, lsl #48
	str \sp, [x9, #:lo12:mmu_loaded]
	msr ttbr0_el1, x10
.endm
#else
#include <kernel.h>
#define AT(type, field, off) _Static_assert(offsetof(type, field) == (off), "arch_asm.h: " #field)
AT(struct tcb, ksp, TCB_KSP); AT(struct tcb, tid, TCB_TID); AT(struct tcb, space, TCB_SPACE);
AT(struct tcb, prio, TCB_PRIO); AT(struct tcb, state, TCB_STATE); AT(struct tcb, kmsg_on, TCB_STATE + 1);
AT(struct tcb, in_call, TCB_IN_CALL); AT(struct tcb, wait_from, TCB_WAIT_FROM);
AT(struct tcb, sq_head, TCB_SQ_HEAD); AT(struct tcb, timeout, TCB_TIMEOUT);
AT(struct tcb, notify_bits, TCB_NOTIFY_BITS); AT(struct tcb, utcb, TCB_UTCB);
AT(struct tcb, tls, TCB_TLS); AT(struct tcb, kstack, TCB_KSTACK); AT(struct tcb, vcpu, TCB_VCPU);
AT(struct tcb, fpu_task, TCB_FPU_TASK); AT(struct tcb, fpu_task_loaded, TCB_FPU_TASK_LOADED);
AT(struct tcb, vcpu_task, TCB_VCPU_TASK); AT(struct tcb, vcpu_server, TCB_VCPU_SERVER);
AT(struct tcb, vcpu_server_tls, TCB_VCPU_SERVER_TLS);
AT(struct tcb, vcpu_hit_sid, TCB_VCPU_HIT_SID); AT(struct tcb, vcpu_hit_epoch, TCB_VCPU_HIT_SID + 8);
AT(struct tcb, vcpu_hit, TCB_VCPU_HIT_SID + 16);
_Static_assert(sizeof(((struct tcb *)0)->state) == 1 && sizeof(((struct tcb *)0)->kmsg_on) == 1 &&
	       sizeof(((struct tcb *)0)->fpu_task_loaded) == 1, "arch_asm.h: byte fields");
_Static_assert(ASM_TS_READY == TS_READY && ASM_TS_RECEIVING == TS_RECEIVING &&
	       ASM_MAX_THREADS == MAX_THREADS, "arch_asm.h: thread constants");
AT(struct space, sid, SPACE_SID); AT(struct space, pt_root_pa, SPACE_PT_ROOT_PA);
AT(struct space, pcid, SPACE_PCID); AT(struct space, fpu_eager, SPACE_FPU_EAGER); AT(struct space, flags, SPACE_FLAGS); AT(struct space, allow, SPACE_ALLOW);
AT(struct space, owner, SPACE_OWNER); AT(struct space, visitors, SPACE_VISITORS);
_Static_assert(sizeof(struct space) == SPACE_SIZE && ASM_MAX_SPACES == MAX_SPACES &&
	       sizeof(((struct space *)0)->visitors) == 4 && sizeof(((struct space *)0)->pcid) == 2 &&
	       sizeof(((struct space *)0)->flags) == 4, "arch_asm.h: spaces");
_Static_assert(1 << ASM_SP_FOREIGN_BIT == SP_FOREIGN && 1 << ASM_SP_IO_BIT == SP_IO &&
	       1 << ASM_SP_ALLOW_ALL_BIT == SP_ALLOW_ALL, "arch_asm.h: space flags");
_Static_assert(sizeof(need_resched) == 1 && sizeof(kernel_entries) == 8 && sizeof(vcpu_fast_count) == 8,
	       "arch_asm.h: globals");
AT(struct l4_vcpu_state, irq_enabled, VCPU_IRQ_ENABLED); AT(struct l4_vcpu_state, pending, VCPU_PENDING);
AT(struct l4_vcpu_state, exit_reason, VCPU_EXIT_REASON); AT(struct l4_vcpu_state, trapno, VCPU_EXIT_REASON + 8);
AT(struct l4_vcpu_state, error, VCPU_ERROR); AT(struct l4_vcpu_state, fault_addr, VCPU_ERROR + 8);
AT(struct l4_vcpu_state, fpu_used, VCPU_FPU_USED); AT(struct l4_vcpu_state, regs, VCPU_REGS);
AT(struct l4_vcpu_state, fpu, VCPU_FPU);
AT(struct l4_utcb, error, UTCB_ERROR);
_Static_assert(L4_FR_SP == 31 && L4_FR_PC == 32 && L4_FR_PSTATE == 33 && L4_FR_TPIDR == 34 &&
	       L4_FR_TPIDRRO == 35, "arch_asm.h: frame words");
_Static_assert(ARCH_SERVER_SAVE_WORDS == 15, "arch_asm.h: vcpu_server is x19..x30, pc, sp, pstate");
#undef AT
#endif
#endif
