/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: barriers (UP, but the microkernel shares the vCPU
 * state page with us: full-system barriers, as arm64's mb()). */
#ifndef _ASM_UM_ARM64_BARRIER_H_
#define _ASM_UM_ARM64_BARRIER_H_

#define mb()	asm volatile("dsb sy" : : : "memory")
#define rmb()	asm volatile("dsb ld" : : : "memory")
#define wmb()	asm volatile("dsb st" : : : "memory")

#include <asm-generic/barrier.h>

#endif
