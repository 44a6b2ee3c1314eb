/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: kernel_setjmp's buffer (setjmp.S): the callee-saved
 * registers of AAPCS64 (x19-x28, fp, lr, sp; d8-d15 are not used: the
 * kernel is built with -mgeneral-regs-only). */
#ifndef __ARM64_UM_SYSDEP_ARCHSETJMP_H
#define __ARM64_UM_SYSDEP_ARCHSETJMP_H

struct __jmp_buf {
	unsigned long __x19, __x20, __x21, __x22, __x23, __x24, __x25, __x26, __x27, __x28;
	unsigned long __fp;
	unsigned long __lr;
	unsigned long __sp;
};

typedef struct __jmp_buf jmp_buf[1];

#define JB_IP __lr
#define JB_SP __sp

unsigned long get_thread_reg(int reg, jmp_buf *buf);

#endif
