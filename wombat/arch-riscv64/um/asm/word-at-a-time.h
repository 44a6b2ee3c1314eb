/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat riscv64 UML: word-at-a-time string scanning, little-endian, without
 * a load_unaligned_zeropad (it relies on the kernel's exception
 * tables for user access; DCACHE_WORD_ACCESS is off).
 */
#ifndef __UM_RISCV64_WORD_AT_A_TIME_H
#define __UM_RISCV64_WORD_AT_A_TIME_H

#include <linux/kernel.h>
#include <linux/bitops.h>

struct word_at_a_time {
	const unsigned long one_bits, high_bits;
};

#define WORD_AT_A_TIME_CONSTANTS { REPEAT_BYTE(0x01), REPEAT_BYTE(0x80) }

/* The high bit of each zero byte (and possibly of bytes above one). */
static inline unsigned long has_zero(unsigned long a, unsigned long *bits,
				     const struct word_at_a_time *c)
{
	unsigned long mask = ((a - c->one_bits) & ~a) & c->high_bits;

	*bits = mask;
	return mask;
}

#define prep_zero_mask(a, bits, c) (bits)

/* All bits below the first zero byte set. */
static inline unsigned long create_zero_mask(unsigned long bits)
{
	bits = (bits - 1) & ~bits;
	return bits >> 7;
}

/* The index of the first zero byte. */
static inline unsigned long find_zero(unsigned long mask)
{
	return fls64(mask) >> 3;
}

#define zero_bytemask(mask) (mask)

#endif
