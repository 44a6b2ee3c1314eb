// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat: the length of a string inside one page chunk, a word at a time,
 * for os-L4's strncpy_from_user() (pte.c) and arch/um's strnlen_user()
 * (wombat/patches/um-uaccess-chunk-strnlen.patch calls it where it called
 * lib/string.c's strnlen(), which goes a byte at a time: some 4
 * instructions a byte of every path a system call takes, 110 of a
 * 3,100-instruction stat() on x86_64).
 *
 * s lies in the kernel's alias of one user page and s + len does not pass
 * that page's end, so whole aligned words around s and s + len - 1 can be
 * read: they lie in the same page. Only aligned words are loaded (riscv64
 * traps misaligned loads). The zero byte test and the first zero byte's
 * index are the architecture's own (asm/word-at-a-time.h: asm-generic's
 * multiply on x86_64, the subarch's on arm64 and riscv64, where riscv64
 * without Zbb has no count-zeros instruction and counts by a multiply too).
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <asm/word-at-a-time.h>
#include "chunkstr.h"     /* the copying scan, inline in pte.c (and the host test) */

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the bytes before s are the low ones");

long wombat_chunk_strnlen(const char *s, long len);

long wombat_chunk_strnlen(const char *s, long len)
{
	const struct word_at_a_time k = WORD_AT_A_TIME_CONSTANTS;
	unsigned long off = (unsigned long)s & (sizeof(long) - 1);
	const unsigned long *w = (const unsigned long *)(s - off);
	unsigned long c, z;
	long n = -(long)off;

	if (len <= 0 || !*s)            /* "" as well: AT_EMPTY_PATH (glibc's fstat) */
		return 0;
	c = *w | ((1UL << 8 * off) - 1);        /* the bytes before s made non-zero */
	for (;;) {
		if (has_zero(c, &z, &k)) {
			z = prep_zero_mask(c, z, &k);
			n += find_zero(create_zero_mask(z));
			break;
		}
		n += sizeof(long);
		if (n >= len)
			break;
		c = *++w;
	}
	return n < len ? n : len;
}
