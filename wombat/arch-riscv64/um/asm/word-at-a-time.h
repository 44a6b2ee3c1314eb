/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat riscv64 UML: word-at-a-time string scanning, little-endian, and a
 * load_unaligned_zeropad() for DCACHE_WORD_ACCESS (path components hashed
 * and dentry names compared a word at a time).  It loads aligned words
 * only (a misaligned load traps here) and never faults: a word that runs
 * into the next page reads that page only when it lies in Linux's RAM
 * ([uml_physmem, high_physmem): the kernel image and its memory, all
 * mapped for Wombat's whole life), else its bytes read as zero.  A path
 * or dentry name always lies in that RAM (names_cache, the slab, .rodata).
 */
#ifndef __UM_RISCV64_WORD_AT_A_TIME_H
#define __UM_RISCV64_WORD_AT_A_TIME_H

#include <linux/kernel.h>
#include <linux/bitops.h>
#include <asm/page.h>

struct word_at_a_time {
	const unsigned long one_bits, high_bits;
};

#define WORD_AT_A_TIME_CONSTANTS { REPEAT_BYTE(0x01), REPEAT_BYTE(0x80) }

/* The high bit of each zero byte (and possibly of bytes above one). */
static __always_inline unsigned long has_zero(unsigned long a, unsigned long *bits,
					      const struct word_at_a_time *c)
{
	unsigned long mask = ((a - c->one_bits) & ~a) & c->high_bits;

	*bits = mask;
	return mask;
}

#define prep_zero_mask(a, bits, c) (bits)

/* All bits below the first zero byte set. */
static __always_inline unsigned long create_zero_mask(unsigned long bits)
{
	bits = (bits - 1) & ~bits;
	return bits >> 7;
}

/* The index of the first zero byte: mask has one 0xff byte per byte below
 * it, counted by a multiply into the top byte (riscv64 without Zbb has no
 * count-leading-zeros: fls64() is a loop). */
static __always_inline unsigned long find_zero(unsigned long mask)
{
	return ((mask & REPEAT_BYTE(0x01)) * REPEAT_BYTE(0x01)) >> 56;
}

#define zero_bytemask(mask) (mask)

extern unsigned long high_physmem;

/* The word at addr from aligned loads; bytes past its page's end read as
 * zero unless the next page is RAM (see above). */
static __always_inline unsigned long load_unaligned_zeropad(const void *addr)
{
	unsigned long a = (unsigned long)addr, off = a & 7, lo, hi = 0;
	const unsigned long *p = (const unsigned long *)(a - off);

	lo = p[0];
	if (!off)
		return lo;
	if (((unsigned long)(p + 1) & ~PAGE_MASK) || p + 1 < (const unsigned long *)high_physmem)
		hi = p[1];
	return (lo >> (8 * off)) | (hi << (64 - 8 * off));
}

#endif
