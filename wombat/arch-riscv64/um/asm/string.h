/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: memset, memcpy and memmove a word at a time
 * (arch/riscv/um/string.c: os-L4's wordstring.c); the rest from lib/string.c. */
#ifndef __UM_RISCV64_STRING_H
#define __UM_RISCV64_STRING_H

#define __HAVE_ARCH_MEMSET
#define __HAVE_ARCH_MEMCPY
#define __HAVE_ARCH_MEMMOVE
extern void *memset(void *s, int c, __kernel_size_t n);
extern void *memcpy(void *dst, const void *src, __kernel_size_t n);
extern void *memmove(void *dst, const void *src, __kernel_size_t n);

#endif
