/* Kernel entry and exit: the vector table, trap frames, context switch,
 * FP/SIMD register save and restore. */
#include <arch_frame.h>
	.arch_extension fp
	.arch_extension simd

/* A frame at sp - FRAME_BYTES: x0..x30, elr, spsr, sp_el0, esr, far. */
.macro SAVE
	sub sp, sp, #FRAME_BYTES
	stp x0, x1, [sp, #FR_OFF_X + 0]
	stp x2, x3, [sp, #FR_OFF_X + 16]
	stp x4, x5, [sp, #FR_OFF_X + 32]
	stp x6, x7, [sp, #FR_OFF_X + 48]
	stp x8, x9, [sp, #FR_OFF_X + 64]
	stp x10, x11, [sp, #FR_OFF_X + 80]
	stp x12, x13, [sp, #FR_OFF_X + 96]
	stp x14, x15, [sp, #FR_OFF_X + 112]
	stp x16, x17, [sp, #FR_OFF_X + 128]
	stp x18, x19, [sp, #FR_OFF_X + 144]
	stp x20, x21, [sp, #FR_OFF_X + 160]
	stp x22, x23, [sp, #FR_OFF_X + 176]
	stp x24, x25, [sp, #FR_OFF_X + 192]
	stp x26, x27, [sp, #FR_OFF_X + 208]
	stp x28, x29, [sp, #FR_OFF_X + 224]
	str x30, [sp, #FR_OFF_X + 240]
	mrs x0, elr_el1
	mrs x1, spsr_el1
	stp x0, x1, [sp, #FR_OFF_ELR]
	mrs x0, sp_el0
	mrs x1, esr_el1
	stp x0, x1, [sp, #FR_OFF_SP]
	mrs x0, far_el1
	str x0, [sp, #FR_OFF_FAR]
	mov x29, #0
	mov x0, sp
.endm

.macro VENTRY label
	.align 7
	b \label
.endm

/* The vector table; vectors_fast differs only in system calls and
 * exceptions from EL0, which go to the fast paths (fastpath.S) first.
 * arch_fastpath_enable picks one (cpu.c). */
.macro VECTORS name, el0_sync
	.align 11
	.globl \name
\name:
	VENTRY bad_entry          /* current EL, SP0 */
	VENTRY bad_entry
	VENTRY bad_entry
	VENTRY bad_entry
	VENTRY el1_sync_entry     /* current EL, SPx */
	VENTRY el1_irq_entry
	VENTRY bad_entry
	VENTRY bad_entry
	VENTRY \el0_sync         /* lower EL, AArch64 */
	VENTRY el0_irq_entry
	VENTRY bad_entry
	VENTRY bad_entry
	VENTRY bad_entry          /* lower EL, AArch32 */
	VENTRY bad_entry
	VENTRY bad_entry
	VENTRY bad_entry
.endm

	.text
	VECTORS vectors, el0_sync_entry
	VECTORS vectors_fast, fastpath_el0_sync

bad_entry:
	SAVE
	bl trap_bad
	b return_to_user
el1_sync_entry:
	SAVE
	bl trap_el1_sync
	b return_to_user
el1_irq_entry:
	SAVE
	bl trap_irq
	b return_to_user
	.globl el0_sync_entry, el0_sync_saved
el0_sync_entry:
	SAVE
el0_sync_saved:                   /* the fast paths join here with a complete frame, x0 = sp */
	bl trap_el0_sync
	b return_to_user
el0_irq_entry:
	SAVE
	bl trap_irq

/* Leave through the frame at sp (user mode, or the kernel code an
 * interrupt or exception met). */
	.globl return_to_user
return_to_user:
	ldp x0, x1, [sp, #FR_OFF_ELR]
	msr elr_el1, x0
	msr spsr_el1, x1
	ldr x0, [sp, #FR_OFF_SP]
	msr sp_el0, x0
	ldp x0, x1, [sp, #FR_OFF_X + 0]
	ldp x2, x3, [sp, #FR_OFF_X + 16]
	ldp x4, x5, [sp, #FR_OFF_X + 32]
	ldp x6, x7, [sp, #FR_OFF_X + 48]
	ldp x8, x9, [sp, #FR_OFF_X + 64]
	ldp x10, x11, [sp, #FR_OFF_X + 80]
	ldp x12, x13, [sp, #FR_OFF_X + 96]
	ldp x14, x15, [sp, #FR_OFF_X + 112]
	ldp x16, x17, [sp, #FR_OFF_X + 128]
	ldp x18, x19, [sp, #FR_OFF_X + 144]
	ldp x20, x21, [sp, #FR_OFF_X + 160]
	ldp x22, x23, [sp, #FR_OFF_X + 176]
	ldp x24, x25, [sp, #FR_OFF_X + 192]
	ldp x26, x27, [sp, #FR_OFF_X + 208]
	ldp x28, x29, [sp, #FR_OFF_X + 224]
	ldr x30, [sp, #FR_OFF_X + 240]
	add sp, sp, #FRAME_BYTES
	eret

/* void arch_switch_stack(u64 *save_sp, u64 new_sp): callee-saved
 * registers and the return address stay on the old stack. */
	.globl arch_switch_stack
arch_switch_stack:
	sub sp, sp, #96
	stp x19, x20, [sp, #0]
	stp x21, x22, [sp, #16]
	stp x23, x24, [sp, #32]
	stp x25, x26, [sp, #48]
	stp x27, x28, [sp, #64]
	stp x29, x30, [sp, #80]
	mov x9, sp
	str x9, [x0]
	mov sp, x1
	ldp x19, x20, [sp, #0]
	ldp x21, x22, [sp, #16]
	ldp x23, x24, [sp, #32]
	ldp x25, x26, [sp, #48]
	ldp x27, x28, [sp, #64]
	ldp x29, x30, [sp, #80]
	add sp, sp, #96
	ret

/* FP/SIMD state: q0..q31, then FPSR and FPCR (528 bytes). */
	.globl fpsimd_save
fpsimd_save:
	stp q0, q1, [x0, #0]
	stp q2, q3, [x0, #32]
	stp q4, q5, [x0, #64]
	stp q6, q7, [x0, #96]
	stp q8, q9, [x0, #128]
	stp q10, q11, [x0, #160]
	stp q12, q13, [x0, #192]
	stp q14, q15, [x0, #224]
	stp q16, q17, [x0, #256]
	stp q18, q19, [x0, #288]
	stp q20, q21, [x0, #320]
	stp q22, q23, [x0, #352]
	stp q24, q25, [x0, #384]
	stp q26, q27, [x0, #416]
	stp q28, q29, [x0, #448]
	stp q30, q31, [x0, #480]
	mrs x1, fpsr
	mrs x2, fpcr
	add x0, x0, #512
	stp x1, x2, [x0]
	ret

	.globl fpsimd_restore
fpsimd_restore:
	ldp q0, q1, [x0, #0]
	ldp q2, q3, [x0, #32]
	ldp q4, q5, [x0, #64]
	ldp q6, q7, [x0, #96]
	ldp q8, q9, [x0, #128]
	ldp q10, q11, [x0, #160]
	ldp q12, q13, [x0, #192]
	ldp q14, q15, [x0, #224]
	ldp q16, q17, [x0, #256]
	ldp q18, q19, [x0, #288]
	ldp q20, q21, [x0, #320]
	ldp q22, q23, [x0, #352]
	ldp q24, q25, [x0, #384]
	ldp q26, q27, [x0, #416]
	ldp q28, q29, [x0, #448]
	ldp q30, q31, [x0, #480]
	add x0, x0, #512
	ldp x1, x2, [x0]
	msr fpsr, x1
	msr fpcr, x2
	ret
	.section .note.GNU-stack,"",@progbits
