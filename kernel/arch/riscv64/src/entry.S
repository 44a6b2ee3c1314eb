/* Kernel entry and exit: the trap vector, trap frames, context switch,
 * FP register save and restore. sscratch holds the current thread's user
 * frame while user code runs and 0 in the kernel: a trap from user mode
 * finds its frame there, one from the kernel saves below its sp. */
#include <arch_frame.h>

.macro GPRS op
	\op x1, 8(sp)
	\op x3, 24(sp)
	\op x4, 32(sp)
	\op x5, 40(sp)
	\op x6, 48(sp)
	\op x7, 56(sp)
	\op x8, 64(sp)
	\op x9, 72(sp)
	\op x10, 80(sp)
	\op x11, 88(sp)
	\op x12, 96(sp)
	\op x13, 104(sp)
	\op x14, 112(sp)
	\op x15, 120(sp)
	\op x16, 128(sp)
	\op x17, 136(sp)
	\op x18, 144(sp)
	\op x19, 152(sp)
	\op x20, 160(sp)
	\op x21, 168(sp)
	\op x22, 176(sp)
	\op x23, 184(sp)
	\op x24, 192(sp)
	\op x25, 200(sp)
	\op x26, 208(sp)
	\op x27, 216(sp)
	\op x28, 224(sp)
	\op x29, 232(sp)
	\op x30, 240(sp)
	\op x31, 248(sp)
.endm

	.text
	.balign 4
	.globl trap_vector, trap_from_user, trap_from_kernel, trap_saved
trap_vector:                         /* trap_vector_fast (fastpath.S) joins at the labels */
	csrrw sp, sscratch, sp
	beqz sp, trap_from_kernel
trap_from_user:
	GPRS sd                          /* from user: sp is its frame */
	csrr t0, sscratch
	sd t0, 16(sp)
	csrw sscratch, zero
	j trap_saved
trap_from_kernel:
	csrrw sp, sscratch, sp           /* sp back, sscratch 0 */
	addi sp, sp, -FRAME_BYTES
	GPRS sd
	addi t0, sp, FRAME_BYTES
	sd t0, 16(sp)
trap_saved:
	csrr t0, sepc
	sd t0, FR_OFF_PC(sp)
	csrr t0, sstatus
	sd t0, FR_OFF_STATUS(sp)
	csrr t0, scause
	sd t0, FR_OFF_CAUSE(sp)
	csrr t0, stval
	sd t0, FR_OFF_TVAL(sp)
	mv a0, sp
	call trap_handler

/* Leave through the frame at sp (user mode, or the kernel code an
 * interrupt met). */
	.globl return_to_user
return_to_user:
	mv a0, sp
	call frame_leave                 /* a user frame's sstatus: SPIE, SUM, FS by FP ownership */
	ld t0, FR_OFF_STATUS(sp)
	csrw sstatus, t0
	ld t1, FR_OFF_PC(sp)
	csrw sepc, t1
	andi t0, t0, SSTATUS_SPP
	bnez t0, 1f
	csrw sscratch, sp
1:	GPRS ld
	ld sp, 16(sp)
	sret

/* void arch_switch_stack(u64 *save_sp, u64 new_sp): ra and s0-s11 stay on
 * the old stack (112 bytes). */
	.globl arch_switch_stack
arch_switch_stack:
	addi sp, sp, -112
	sd ra, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)
	sd s2, 24(sp)
	sd s3, 32(sp)
	sd s4, 40(sp)
	sd s5, 48(sp)
	sd s6, 56(sp)
	sd s7, 64(sp)
	sd s8, 72(sp)
	sd s9, 80(sp)
	sd s10, 88(sp)
	sd s11, 96(sp)
	sd sp, 0(a0)
	mv sp, a1
	ld ra, 0(sp)
	ld s0, 8(sp)
	ld s1, 16(sp)
	ld s2, 24(sp)
	ld s3, 32(sp)
	ld s4, 40(sp)
	ld s5, 48(sp)
	ld s6, 56(sp)
	ld s7, 64(sp)
	ld s8, 72(sp)
	ld s9, 80(sp)
	ld s10, 88(sp)
	ld s11, 96(sp)
	addi sp, sp, 112
	ret

/* FP state: f0..f31, then fcsr (264 bytes). The caller has sstatus.FS on. */
.macro FREGS op
	\op f0, 0(a0)
	\op f1, 8(a0)
	\op f2, 16(a0)
	\op f3, 24(a0)
	\op f4, 32(a0)
	\op f5, 40(a0)
	\op f6, 48(a0)
	\op f7, 56(a0)
	\op f8, 64(a0)
	\op f9, 72(a0)
	\op f10, 80(a0)
	\op f11, 88(a0)
	\op f12, 96(a0)
	\op f13, 104(a0)
	\op f14, 112(a0)
	\op f15, 120(a0)
	\op f16, 128(a0)
	\op f17, 136(a0)
	\op f18, 144(a0)
	\op f19, 152(a0)
	\op f20, 160(a0)
	\op f21, 168(a0)
	\op f22, 176(a0)
	\op f23, 184(a0)
	\op f24, 192(a0)
	\op f25, 200(a0)
	\op f26, 208(a0)
	\op f27, 216(a0)
	\op f28, 224(a0)
	\op f29, 232(a0)
	\op f30, 240(a0)
	\op f31, 248(a0)
.endm
	.globl fp_save
fp_save:
	FREGS fsd
	frcsr t0
	sd t0, 256(a0)
	ret

	.globl fp_restore
fp_restore:
	FREGS fld
	ld t0, 256(a0)
	fscsr t0
	ret
	.section .note.GNU-stack,"",@progbits
