/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: arch/um's cpufeature.h includes x86's asm.h; nothing
 * of it is used on arm64. */
#ifndef __UM_ARM64_ASM_H
#define __UM_ARM64_ASM_H
#endif
