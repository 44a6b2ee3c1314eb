/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat os-L4: a string copied from one page chunk a word at a time
 * (chunkstr.c, pte.c's strncpy_from_user(), which inlines it). Needs
 * <asm/word-at-a-time.h>. */
#ifndef WOMBAT_CHUNKSTR_H
#define WOMBAT_CHUNKSTR_H

/*
 * As wombat_chunk_strnlen() (chunkstr.c), copying the string to d as it
 * goes (the common case of strncpy_from_user(), pte.c, which copied the
 * bytes with memcpy() after the scan: a byte loop for a short path, 71 of
 * riscv64's 5,700 instructions of an open() and close()). d is word aligned with room for
 * len + 8 bytes: whole words are stored, the last one's bytes after the NUL
 * zero. Where s is not aligned each word stored is made of two aligned
 * loads (riscv64 traps misaligned loads); a load is made only of a word that
 * starts before s + len, so within the page. Returns the length, or len
 * where no NUL is within len (d then holds no useful bytes).
 */
static __always_inline long chunk_strcpy(unsigned long *d, const char *s, long len)
{
	const struct word_at_a_time k = WORD_AT_A_TIME_CONSTANTS;
	unsigned long off = (unsigned long)s & (sizeof(long) - 1), sh = 8 * off;
	const unsigned long *w = (const unsigned long *)(s - off);
	const char *end = s + len;
	unsigned long cur, v, z;
	long n = 0;

	if (len <= 0)
		return 0;
	cur = *w;
	for (;;) {
		v = cur >> sh;
		if (sh) {
			if ((const char *)(w + 1) < end) {
				cur = *++w;
				v |= cur << (64 - sh);
			} else {
				v |= ~0UL << (64 - sh);     /* past the chunk: no zero there */
			}
		}
		if (has_zero(v, &z, &k)) {
			z = create_zero_mask(prep_zero_mask(v, z, &k));
			n += find_zero(z);
			if (n >= len)
				return len;
			*d = v & zero_bytemask(z);
			return n;
		}
		*d++ = v;
		n += sizeof(long);
		if (n >= len)
			return len;
		if (!sh)
			cur = *++w;
	}
}

#endif
