// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat: the length of a string inside one page chunk, a word at a time,
 * for arch/um's strncpy_from_user() (wombat/patches/um-strncpy-chunk.patch
 * calls it where it called lib/string.c's strnlen(), which goes a byte at a
 * time: some 4 instructions a byte of every path a system call takes, 110
 * of a 3,100-instruction stat() on x86_64).
 *
 * s lies in the kernel's alias of one user page and s + len does not pass
 * that page's end, so whole aligned words around s and s + len - 1 can be
 * read: they lie in the same page. Only aligned words are loaded (riscv64
 * traps misaligned loads). Little-endian: the lowest byte flagged by
 * (w - ones) & ~w & highs is the first zero byte (a borrow only carries up
 * from a zero byte), so its index is the mask's trailing zero bits / 8.
 */
#include <linux/types.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the first zero byte is the lowest one");

long wombat_chunk_strnlen(const char *s, long len);

/* The index of the lowest byte whose high bit z has: the bits below it made
 * ones (one 0xff byte per byte below) and counted by a multiply into the top
 * byte. Not __builtin_ctzl(): riscv64 without Zbb has no instruction for it
 * (libgcc's __ctzdi2, 24 instructions a call). */
static inline __attribute__((always_inline)) unsigned long first_flagged(unsigned long z)
{
	const unsigned long ones = ~0UL / 0xff;
	unsigned long below = ((z - 1) & ~z) >> 7;

	return ((below & ones) * ones) >> 56;
}

long wombat_chunk_strnlen(const char *s, long len)
{
	const unsigned long ones = ~0UL / 0xff, highs = ones << 7;
	unsigned long off = (unsigned long)s & (sizeof(long) - 1);
	const unsigned long *w = (const unsigned long *)(s - off);
	unsigned long c;
	long n = -(long)off;

	if (len <= 0 || !*s)            /* "" as well: AT_EMPTY_PATH (glibc's fstat) */
		return 0;
	c = *w | ((1UL << 8 * off) - 1);        /* the bytes before s made non-zero */
	for (;;) {
		unsigned long z = (c - ones) & ~c & highs;

		if (z) {
			n += first_flagged(z);
			break;
		}
		n += sizeof(long);
		if (n >= len)
			break;
		c = *++w;
	}
	return n < len ? n : len;
}
