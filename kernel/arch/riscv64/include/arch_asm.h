/* Layouts and constants the riscv64 IPC fast path (fastpath.S) shares
 * with C. Compiled as C (thread.c includes it) every offset is checked, so
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
#define ASM_TS_READY     2      /* enum tstate */
#define ASM_TS_RECEIVING 4
#define ASM_MAX_THREADS  1024

/* struct space (kernel.h). */
#define SPACE_SID        0      /* u16 here: a space id's bits 0-15 are its slot */
#define SPACE_PT_ROOT_PA 16
#define SPACE_PCID       24     /* u16: its ASID */
#define SPACE_FLAGS      28
#define SPACE_ALLOW      32
#define ASM_SP_FOREIGN   1      /* space flags */
#define ASM_SP_ALLOW_ALL 8

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
_Static_assert(sizeof(((struct tcb *)0)->prio) == 1 && sizeof(((struct tcb *)0)->state) == 1 &&
	       sizeof(((struct tcb *)0)->kmsg_on) == 1 && sizeof(((struct tcb *)0)->in_call) == 1,
	       "arch_asm.h: byte fields");
_Static_assert(ASM_TS_READY == TS_READY && ASM_TS_RECEIVING == TS_RECEIVING &&
	       ASM_MAX_THREADS == MAX_THREADS, "arch_asm.h: thread constants");
AT(struct space, sid, SPACE_SID); AT(struct space, pt_root_pa, SPACE_PT_ROOT_PA);
AT(struct space, pcid, SPACE_PCID); AT(struct space, flags, SPACE_FLAGS); AT(struct space, allow, SPACE_ALLOW);
_Static_assert(sizeof(((struct space *)0)->pcid) == 2 && sizeof(((struct space *)0)->flags) == 4,
	       "arch_asm.h: space fields");
_Static_assert(ASM_SP_FOREIGN == SP_FOREIGN && ASM_SP_ALLOW_ALL == SP_ALLOW_ALL, "arch_asm.h: space flags");
_Static_assert(sizeof(kernel_entries) == 8 && sizeof(irq_bound) == 4, "arch_asm.h: globals");
AT(struct l4_utcb, error, UTCB_ERROR);
_Static_assert(ASM_SSTATUS_FS == SSTATUS_FS && ASM_FS_CLEAN == SSTATUS_FS_CLEAN, "arch_asm.h: sstatus.FS");
#undef AT
#endif
#endif
