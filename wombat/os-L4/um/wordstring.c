// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat: memset, memcpy and memmove a word at a time, for the subarches
 * without string routines of their own (arm64, riscv64: each includes this
 * from its string.c and says __HAVE_ARCH_MEM* in its asm/string.h). Linux's
 * generic ones in lib/string.c go a byte at a time: 16,000 instructions to
 * clear one page (clear_page() is a memset), most of an anonymous page
 * fault on arm64. x86_64 has its own (arch/x86/lib).
 *
 * Only aligned words are loaded and stored (riscv64 traps misaligned ones
 * to the firmware): when source and destination are aligned differently,
 * memcpy reads aligned source words and shifts two into each destination
 * word. An aligned word never crosses a page, so reading the whole word
 * around the first or last byte wanted cannot fault.
 *
 * A subarch's string.c may define WORDSTRING_ZERO(q, n) before including
 * this file: it zeroes what it can of the n bytes at q (word aligned) with
 * the CPU's own block-zeroing instruction and returns the bytes it did, all
 * from the start (arm64: DC ZVA, 64 bytes an instruction; clear_page() is a
 * memset of zero).  It may define WORDSTRING_COPY_SMALL(d, s, n): copies n
 * bytes and is true when n is small enough for it, loading every byte
 * before storing any (memmove uses it too); false, nothing done, else
 * (arm64: unaligned words from both ends, copy_small.h). And
 * WORDSTRING_SET_SMALL(d, w, n): sets n bytes to the byte repeated in the
 * word w and is true when n is small enough for it, as that.
 */
#include <linux/types.h>
#include <linux/string.h>
#include <linux/export.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the shifts below are little-endian");

#define W sizeof(unsigned long)
#define ALIGNED(p) (!((unsigned long)(p) & (W - 1)))

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	unsigned long w = (unsigned char)c * (~0UL / 0xff), *q;

#ifdef WORDSTRING_SET_SMALL
	if (WORDSTRING_SET_SMALL(p, w, n))
		return s;
#endif
	for (; n && !ALIGNED(p); n--)
		*p++ = c;
	q = (unsigned long *)p;
#ifdef WORDSTRING_ZERO
	if (!w) {
		size_t done = WORDSTRING_ZERO(q, n);

		q = (unsigned long *)((unsigned char *)q + done);
		n -= done;
	}
#endif
	/* A page (clear_page() on riscv64): 32 words an iteration to a
	 * precomputed end, a store an instruction but one in 17 (the loop
	 * below took 12 instructions per 8 words: 898 for a page, where
	 * riscv64 Linux's own memset takes 609). */
	if (n >= 32 * W) {
		unsigned long *end = q + (n / (32 * W)) * 32;

		do {
#pragma GCC unroll 32
			for (int i = 0; i < 32; i++)
				q[i] = w;
			q += 32;
		} while (q != end);
		n &= 32 * W - 1;
	}
	for (; n >= 8 * W; n -= 8 * W, q += 8) {
		q[0] = w;
		q[1] = w;
		q[2] = w;
		q[3] = w;
		q[4] = w;
		q[5] = w;
		q[6] = w;
		q[7] = w;
	}
	if (n >= 4 * W) {
		q[0] = w;
		q[1] = w;
		q[2] = w;
		q[3] = w;
		q += 4;
		n -= 4 * W;
	}
	for (; n >= W; n -= W)
		*q++ = w;
	for (p = (unsigned char *)q; n; n--)
		*p++ = c;
	return s;
}
EXPORT_SYMBOL(memset);

/* Forward, d aligned: n bytes from s, whatever its alignment; returns
 * what is left (under a word). Safe for overlap when d < s. */
static size_t copy_words(unsigned long **dp, const unsigned char **sp, size_t n)
{
	unsigned long *d = *dp;
	const unsigned char *s = *sp;

	if (ALIGNED(s)) {
		const unsigned long *sw = (const unsigned long *)s;

		/* A page (copy_page() is a memcpy): 32 words an iteration to a
		 * precomputed end, each 8 loaded before they are stored (load
		 * and store pairs on arm64; the order keeps d < s safe). The
		 * loop below alone took 13 instructions per 8 words on arm64. */
		if (n >= 32 * W) {
			unsigned long *end = d + (n / (32 * W)) * 32;

			do {
#pragma GCC unroll 4
				for (int g = 0; g < 32; g += 8) {
					unsigned long a = sw[g], b = sw[g + 1], c = sw[g + 2], e = sw[g + 3];
					unsigned long f = sw[g + 4], h = sw[g + 5], k = sw[g + 6], m = sw[g + 7];

					d[g] = a;
					d[g + 1] = b;
					d[g + 2] = c;
					d[g + 3] = e;
					d[g + 4] = f;
					d[g + 5] = h;
					d[g + 6] = k;
					d[g + 7] = m;
				}
				d += 32;
				sw += 32;
			} while (d != end);
			n &= 32 * W - 1;
		}
		for (; n >= 8 * W; n -= 8 * W, d += 8, sw += 8) {
			unsigned long a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			unsigned long f = sw[4], g = sw[5], h = sw[6], k = sw[7];

			d[0] = a;
			d[1] = b;
			d[2] = c;
			d[3] = e;
			d[4] = f;
			d[5] = g;
			d[6] = h;
			d[7] = k;
		}
		if (n >= 4 * W) {
			unsigned long a = sw[0], b = sw[1], c = sw[2], e = sw[3];

			d[0] = a;
			d[1] = b;
			d[2] = c;
			d[3] = e;
			d += 4;
			sw += 4;
			n -= 4 * W;
		}
		for (; n >= W; n -= W)
			*d++ = *sw++;
		s = (const unsigned char *)sw;
	} else if (n >= W) {
		unsigned int lo = ((unsigned long)s & (W - 1)) * 8, hi = W * 8 - lo;
		const unsigned long *sw = (const unsigned long *)((unsigned long)s & ~(W - 1));
		unsigned long cur = *sw++;

		for (; n >= W; n -= W, s += W) {
			unsigned long next = *sw++;

			*d++ = cur >> lo | next << hi;
			cur = next;
		}
	}
	*dp = d;
	*sp = s;
	return n;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

#ifdef WORDSTRING_COPY_SMALL
	if (WORDSTRING_COPY_SMALL(d, s, n))
		return dst;
#endif
	if (n >= 2 * W) {
		unsigned long *dw;

		for (; !ALIGNED(d); n--)
			*d++ = *s++;
		dw = (unsigned long *)d;
		n = copy_words(&dw, &s, n);
		d = (unsigned char *)dw;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}
EXPORT_SYMBOL(memcpy);

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || !n)
		return dst;
	if (d < s || d >= s + n)          /* forward is safe */
		return memcpy(dst, src, n);
#ifdef WORDSTRING_COPY_SMALL
	if (WORDSTRING_COPY_SMALL(d, s, n))
		return dst;
#endif
	/* Backward: d overlaps s from above. */
	d += n;
	s += n;
	if (!(((unsigned long)d ^ (unsigned long)s) & (W - 1))) {
		unsigned long *dw;
		const unsigned long *sw;

		for (; n && !ALIGNED(d); n--)
			*--d = *--s;
		for (dw = (unsigned long *)d, sw = (const unsigned long *)s; n >= W; n -= W)
			*--dw = *--sw;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*--d = *--s;
	return dst;
}
EXPORT_SYMBOL(memmove);
