/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: arm64's cmpxchg, plus set_64bit() for arch/um's
 * 3-level page tables (x86's cmpxchg_64.h provides it there). */
#ifndef __UM_ARM64_CMPXCHG_H
#define __UM_ARM64_CMPXCHG_H
#include <../../arm64/include/asm/cmpxchg.h>

static inline void set_64bit(volatile u64 *ptr, u64 val)
{
	*ptr = val;
}
#endif
