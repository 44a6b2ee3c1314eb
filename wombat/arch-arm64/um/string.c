// SPDX-License-Identifier: GPL-2.0
/* The word-at-a-time memset, memcpy and memmove of the host layer
 * (arch/um/os-L4/wordstring.c, shared by the subarches that need them),
 * with DC ZVA for runs of zeroes and unaligned words for short copies. */
#include <linux/types.h>

/* Zero whole blocks of DCZID_EL0's size with DC ZVA (the microkernel sets
 * SCTLR_EL1.DZE, so EL0 may; DCZID_EL0.DZP says whether it may now), four
 * to an iteration: bytes done from q, a multiple of the block. Runs under
 * 256 bytes are left to the word loop. */
static size_t arm64_zero_blocks(void *q, size_t n)
{
	unsigned long dczid, bs;
	unsigned char *p = q, *end;

	if (n < 256)
		return 0;
	__asm__("mrs %0, dczid_el0" : "=r"(dczid));
	if (dczid & 16)
		return 0;
	bs = 4UL << (dczid & 15);
	if (n < 2 * bs)
		return 0;
	for (; (unsigned long)p & (bs - 1); p += 8)     /* to the block: words */
		*(unsigned long *)p = 0;
	end = p + ((n - (p - (unsigned char *)q)) & ~(bs - 1));
	for (; end - p >= 4 * (long)bs; p += 4 * bs)
		__asm__ volatile("dc zva, %0\n\tdc zva, %1\n\tdc zva, %2\n\tdc zva, %3"
				 :: "r"(p), "r"(p + bs), "r"(p + 2 * bs), "r"(p + 3 * bs) : "memory");
	for (; p < end; p += bs)
		__asm__ volatile("dc zva, %0" :: "r"(p) : "memory");
	return p - (unsigned char *)q;
}
#define WORDSTRING_ZERO(q, n) arm64_zero_blocks(q, n)

#include "copy_small.h"
#define WORDSTRING_COPY_SMALL(d, s, n) arm64_copy_small(d, s, n)
#define WORDSTRING_SET_SMALL(d, w, n) arm64_set_small(d, w, n)

#include "wordstring.c"
