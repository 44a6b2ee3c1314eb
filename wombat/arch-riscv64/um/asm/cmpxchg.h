/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: riscv's cmpxchg, plus set_64bit() for arch/um's
 * 3-level page tables (x86's cmpxchg_64.h provides it there). */
#ifndef __UM_RISCV64_CMPXCHG_H
#define __UM_RISCV64_CMPXCHG_H
#include <../../riscv/include/asm/cmpxchg.h>

static inline void set_64bit(volatile u64 *ptr, u64 val)
{
	*ptr = val;
}
#endif
