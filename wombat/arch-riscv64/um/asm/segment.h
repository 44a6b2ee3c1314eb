/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: no segments (arch/um's thread_info.h includes this). */
#ifndef __UM_SEGMENT_H
#define __UM_SEGMENT_H
#endif
