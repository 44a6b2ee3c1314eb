/* Layouts and constants the riscv64 fast paths (fastpath.S, vcpu_fast.S)
 * share with C. Compiled as C (thread.c includes it) every offset is checked, so
 * a changed struct fails the build rather than the fast path. */
#ifndef ARCH_ASM_H
#define ARCH_ASM_H

/* struct tcb (kernel.h): the fields the fast path reads or writes. */
#define TCB_KSP         0
#define TCB_TID         8
#define TCB_SPACE       16
#define TCB_PRIO        32      /* u8; then state, kmsg_on, in_call */
#define TCB_STATE       33
#define TCB_KMSG_ON     34
#define TCB_IN_CALL     35
#define TCB_WAIT_FROM   80
#define TCB_SQ_HEAD     96
#define TCB_TIMEOUT     160
#define TCB_NOTIFY_BITS 184
#define TCB_UTCB        248
#define TCB_TLS         264     /* tls[0] tp, tls[1] gp */
#define TCB_KSTACK      280
#define TCB_VCPU        800
#define TCB_FPU_TASK    808
#define TCB_FPU_TASK_LOADED 816 /* bool */
#define TCB_VCPU_TASK   840
#define TCB_VCPU_SERVER 848     /* u64[]: arch_frame_save_server()'s 17 words (thread.c) */
#define TCB_VCPU_SERVER_TLS 1040
#define TCB_VCPU_HIT_SID   1056  /* then vcpu_hit_epoch, vcpu_hit: the last task checked */
#define ASM_TS_READY     2      /* enum tstate */
#define ASM_TS_RECEIVING 4
#define ASM_MAX_THREADS  1024

/* struct space (kernel.h). */
#define SPACE_SID        0      /* u16 here: a space id's bits 0-15 are its slot */
#define SPACE_PT_ROOT_PA 16
#define SPACE_PCID       24     /* u16: its ASID */
#define SPACE_FPU_EAGER  27    /* u8: vcpu.c's eager FPU visits */
#define SPACE_FLAGS      28
#define SPACE_ALLOW      32
#define SPACE_OWNER      560
#define SPACE_VISITORS   584    /* u32 */
#define SPACE_SIZE       656
#define ASM_MAX_SPACES   4096
#define ASM_SP_FOREIGN   1      /* space flags */
#define ASM_SP_IO        2
#define ASM_SP_ALLOW_ALL 8

/* struct l4_vcpu_state (abi/l4.h), and a register's word in its regs[]
 * (L4_FR_*: pc, x1..x31, flags). */
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

/* What arch_switch_stack pops before its `ret` (ra, s0-s11, padding). */
#define KSWITCH_BYTES   112
#define SATP_MODE_SV39  8       /* satp bits 60-63 */
#define ASM_SSTATUS_FS  0x6000  /* sstatus.FS; Clean is 0x4000 */
#define ASM_FS_CLEAN    0x4000

#ifndef __ASSEMBLER__
#include <kernel.h>
#define AT(type, field, off) _Static_assert(offsetof(type, field) == (off), "arch_asm.h: " #field)
AT(struct tcb, ksp, TCB_KSP); AT(struct tcb, tid, TCB_TID); AT(struct tcb, space, TCB_SPACE);
AT(struct tcb, prio, TCB_PRIO); AT(struct tcb, state, TCB_STATE); AT(struct tcb, kmsg_on, TCB_KMSG_ON);
AT(struct tcb, in_call, TCB_IN_CALL); AT(struct tcb, wait_from, TCB_WAIT_FROM);
AT(struct tcb, sq_head, TCB_SQ_HEAD); AT(struct tcb, timeout, TCB_TIMEOUT);
AT(struct tcb, notify_bits, TCB_NOTIFY_BITS); AT(struct tcb, utcb, TCB_UTCB);
AT(struct tcb, tls, TCB_TLS); AT(struct tcb, kstack, TCB_KSTACK); AT(struct tcb, vcpu, TCB_VCPU);
AT(struct tcb, fpu_task, TCB_FPU_TASK); AT(struct tcb, fpu_task_loaded, TCB_FPU_TASK_LOADED);
AT(struct tcb, vcpu_task, TCB_VCPU_TASK); AT(struct tcb, vcpu_server, TCB_VCPU_SERVER);
AT(struct tcb, vcpu_server_tls, TCB_VCPU_SERVER_TLS);
AT(struct tcb, vcpu_hit_sid, TCB_VCPU_HIT_SID); AT(struct tcb, vcpu_hit_epoch, TCB_VCPU_HIT_SID + 8);
AT(struct tcb, vcpu_hit, TCB_VCPU_HIT_SID + 16);
_Static_assert(sizeof(((struct tcb *)0)->fpu_task_loaded) == 1, "arch_asm.h: fpu_task_loaded");
_Static_assert(sizeof(((struct tcb *)0)->prio) == 1 && sizeof(((struct tcb *)0)->state) == 1 &&
	       sizeof(((struct tcb *)0)->kmsg_on) == 1 && sizeof(((struct tcb *)0)->in_call) == 1,
	       "arch_asm.h: byte fields");
_Static_assert(ASM_TS_READY == TS_READY && ASM_TS_RECEIVING == TS_RECEIVING &&
	       ASM_MAX_THREADS == MAX_THREADS, "arch_asm.h: thread constants");
AT(struct space, sid, SPACE_SID); AT(struct space, pt_root_pa, SPACE_PT_ROOT_PA);
AT(struct space, pcid, SPACE_PCID); AT(struct space, fpu_eager, SPACE_FPU_EAGER); AT(struct space, flags, SPACE_FLAGS); AT(struct space, allow, SPACE_ALLOW);
_Static_assert(sizeof(((struct space *)0)->pcid) == 2 && sizeof(((struct space *)0)->flags) == 4,
	       "arch_asm.h: space fields");
AT(struct space, owner, SPACE_OWNER); AT(struct space, visitors, SPACE_VISITORS);
_Static_assert(sizeof(struct space) == SPACE_SIZE && ASM_MAX_SPACES == MAX_SPACES &&
	       sizeof(((struct space *)0)->visitors) == 4, "arch_asm.h: spaces");
_Static_assert(ASM_SP_FOREIGN == SP_FOREIGN && ASM_SP_IO == SP_IO && ASM_SP_ALLOW_ALL == SP_ALLOW_ALL,
	       "arch_asm.h: space flags");
_Static_assert(sizeof(kernel_entries) == 8 && sizeof(irq_bound) == 4 && sizeof(need_resched) == 1 &&
	       sizeof(vcpu_fast_count) == 8, "arch_asm.h: globals");
AT(struct l4_vcpu_state, irq_enabled, VCPU_IRQ_ENABLED); AT(struct l4_vcpu_state, pending, VCPU_PENDING);
AT(struct l4_vcpu_state, exit_reason, VCPU_EXIT_REASON); AT(struct l4_vcpu_state, trapno, VCPU_EXIT_REASON + 8);
AT(struct l4_vcpu_state, error, VCPU_ERROR); AT(struct l4_vcpu_state, fault_addr, VCPU_ERROR + 8);
AT(struct l4_vcpu_state, fpu_used, VCPU_FPU_USED); AT(struct l4_vcpu_state, regs, VCPU_REGS);
AT(struct l4_vcpu_state, fpu, VCPU_FPU);
_Static_assert(ARCH_SERVER_SAVE_WORDS == 17, "arch_asm.h: vcpu_server is ra, sp, gp, tp, s0-s11, pc");
AT(struct l4_utcb, error, UTCB_ERROR);
_Static_assert(ASM_SSTATUS_FS == SSTATUS_FS && ASM_FS_CLEAN == SSTATUS_FS_CLEAN, "arch_asm.h: sstatus.FS");
#undef AT
#endif
#endif
