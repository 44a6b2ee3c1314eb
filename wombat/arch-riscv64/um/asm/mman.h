/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: the uapi protections only. */
#ifndef __UM_RISCV64_MMAN_H
#define __UM_RISCV64_MMAN_H
#include <uapi/asm/mman.h>
#endif
