/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat arm64: copies of up to 32 bytes for wordstring.c's memcpy and
 * memmove (WORDSTRING_COPY_SMALL), and memsets of up to 128
 * (WORDSTRING_SET_SMALL).  arm64 loads and stores any alignment
 * to normal memory (the microkernel leaves SCTLR_EL1.A clear), so a short
 * copy is two to four words from each end, overlapping in the middle,
 * instead of byte loops to align and shifts: a path of 20 bytes from an
 * odd address is 6 instructions, not about 60.  Every load comes before
 * every store, so overlapping buffers are copied right in either
 * direction (memmove uses it too).  Host test: host.wordstring.*.
 */
#ifndef WOMBAT_ARM64_COPY_SMALL_H
#define WOMBAT_ARM64_COPY_SMALL_H

#include <linux/types.h>

/* __builtin_memcpy of a constant size: one load or store of any alignment. */
#define LD(T, p) ({ T v_; __builtin_memcpy(&v_, (p), sizeof(T)); v_; })
#define ST(T, p, v) ({ T v_ = (v); __builtin_memcpy((p), &v_, sizeof(T)); })

/* Copies n bytes from s to d and returns 1 if n <= 32; else 0, nothing done. */
static inline __attribute__((always_inline)) int arm64_copy_small(unsigned char *d, const unsigned char *s, size_t n)
{
	if (n > 32)
		return 0;
	if (n >= 16) {
		u64 a = LD(u64, s), b = LD(u64, s + 8), c = LD(u64, s + n - 16), e = LD(u64, s + n - 8);

		ST(u64, d, a);
		ST(u64, d + 8, b);
		ST(u64, d + n - 16, c);
		ST(u64, d + n - 8, e);
	} else if (n >= 8) {
		u64 a = LD(u64, s), e = LD(u64, s + n - 8);

		ST(u64, d, a);
		ST(u64, d + n - 8, e);
	} else if (n >= 4) {
		u32 a = LD(u32, s), e = LD(u32, s + n - 4);

		ST(u32, d, a);
		ST(u32, d + n - 4, e);
	} else if (n) {
		unsigned char a = s[0], b = s[n / 2], e = s[n - 1];

		d[0] = a;
		d[n / 2] = b;
		d[n - 1] = e;
	}
	return 1;
}

/* 32 bytes at d (any alignment) set to w: two store pairs. */
#define SET32(d, w) ({ ST(u64, (d), (w)); ST(u64, (d) + 8, (w)); \
			     ST(u64, (d) + 16, (w)); ST(u64, (d) + 24, (w)); })

/* Sets n bytes at d to the byte repeated in w and returns 1 if n <= 128;
 * else 0, nothing done: as arm64_copy_small(), words from both ends,
 * overlapping in the middle (a one-byte clear_user() was some 36
 * instructions through the word loops, a 128-byte struct about 30; the
 * kernel zeroes structs of 33 to 128 bytes a dozen times in an fstat()). */
static inline __attribute__((always_inline)) int arm64_set_small(unsigned char *d, u64 w, size_t n)
{
	if (n > 128)
		return 0;
	if (n > 64) {
		SET32(d, w);
		SET32(d + 32, w);
		SET32(d + n - 64, w);
		SET32(d + n - 32, w);
	} else if (n > 32) {
		SET32(d, w);
		SET32(d + n - 32, w);
	} else if (n >= 16) {
		ST(u64, d, w);
		ST(u64, d + 8, w);
		ST(u64, d + n - 16, w);
		ST(u64, d + n - 8, w);
	} else if (n >= 8) {
		ST(u64, d, w);
		ST(u64, d + n - 8, w);
	} else if (n >= 4) {
		ST(u32, d, (u32)w);
		ST(u32, d + n - 4, (u32)w);
	} else if (n) {
		d[0] = (unsigned char)w;
		d[n / 2] = (unsigned char)w;
		d[n - 1] = (unsigned char)w;
	}
	return 1;
}

#undef SET32
#undef LD
#undef ST

#endif
