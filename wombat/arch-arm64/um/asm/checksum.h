/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: the generic checksum routines (lib/checksum.c). */
#ifndef __UM_ARM64_CHECKSUM_H
#define __UM_ARM64_CHECKSUM_H
#include <asm-generic/checksum.h>
#endif
