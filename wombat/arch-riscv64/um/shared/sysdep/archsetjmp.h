/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: kernel_setjmp's buffer (setjmp.S): ra, sp and the
 * callee-saved s0-s11 of the lp64 ABI (no fs0-fs11: the kernel is built
 * soft-float). */
#ifndef __RISCV_UM_SYSDEP_ARCHSETJMP_H
#define __RISCV_UM_SYSDEP_ARCHSETJMP_H

struct __jmp_buf {
	unsigned long __ra;
	unsigned long __sp;
	unsigned long __s[12];      /* s0 (the frame pointer) - s11 */
};

typedef struct __jmp_buf jmp_buf[1];

#define JB_IP __ra
#define JB_SP __sp

unsigned long get_thread_reg(int reg, jmp_buf *buf);

#endif
