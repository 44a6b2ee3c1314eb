/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: arch/um's cpufeature.h includes x86's asm.h; nothing
 * of it is used on riscv64. */
#ifndef __UM_RISCV64_ASM_H
#define __UM_RISCV64_ASM_H
#endif
