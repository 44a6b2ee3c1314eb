/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: the generic checksum routines (lib/checksum.c). */
#ifndef __UM_RISCV64_CHECKSUM_H
#define __UM_RISCV64_CHECKSUM_H
#include <asm-generic/checksum.h>
#endif
