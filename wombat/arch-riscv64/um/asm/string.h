/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: the generic string routines of lib/string.c. */
#ifndef __UM_RISCV64_STRING_H
#define __UM_RISCV64_STRING_H
#endif
