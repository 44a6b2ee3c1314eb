/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: the generic string routines of lib/string.c. */
#ifndef __UM_ARM64_STRING_H
#define __UM_ARM64_STRING_H
#endif
