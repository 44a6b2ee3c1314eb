/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: the uapi protections only (no BTI or MTE pages). */
#ifndef __UM_ARM64_MMAN_H
#define __UM_ARM64_MMAN_H
#include <uapi/asm/mman.h>
#endif
